"""The pass registry: what `passes="a,b,c"` may name, and new passes written as IR-text rewrites."""

from tsrt import _tsrt


def list():  # noqa: A001 -- the API is tsrt.passes.list()
    """Every registered pass as (name, description) pairs, in registration order."""
    return [tuple(p) for p in _tsrt.pass_list()]


def default():
    """The names of the passes `passes="default"` runs, in order."""
    return _tsrt.default_pipeline()


def register_rewrite(name, pattern, replacement, description=""):
    """Registers pass `name`: every match of IR-text `pattern` becomes `replacement`.

    Both are graphs as tsrt prints them (passes/subgraph_rewriter.h has the matching rules);
    the replacement's inputs correspond to the pattern's by position. Afterwards any pipeline
    may name the pass: tsrt.load(path, passes="default,NAME"). Its rewrite count shows in
    tsrt.run_pipeline's reports. A name can be registered once per process; register before
    other threads load models (the registry is not locked). Malformed IR text raises
    tsrt.Error when a pipeline first runs the pass.
    """
    _tsrt.register_rewrite(name, pattern, replacement, description)
