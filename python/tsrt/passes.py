"""The pass registry: what `passes="a,b,c"` may name."""

from tsrt import _tsrt


def list():  # noqa: A001 -- the API is tsrt.passes.list()
    """Every registered pass as (name, description) pairs, in registration order."""
    return [tuple(p) for p in _tsrt.pass_list()]


def default():
    """The names of the passes `passes="default"` runs, in order."""
    return _tsrt.default_pipeline()
