"""Golden cases computed by TorchScript itself, for the ops torch.ops cannot call from Python:
the generic overloads (`aten::append.t` refuses a Python list), str and dict ops, scalar math.
Shared by the scalar_ops, list_ops, string_ops and dict_ops families.

Each case runs in a scripted function that calls the op through `torch.ops.<ns>.<name>(...)` (or
an `expr` written in TorchScript); the compiled graph is checked to contain a node with exactly
the named overload, and whatever torch returns is the expected output. Ops that mutate an
argument also record the arguments after the call ("args_after").
Dicts are encoded as {"dict": [[key, value], ...]}.
"""
import copy
import json
import math  # noqa: F401 -- the scripted sources call math.*, resolved from this module
import os
import sys

import torch

import golden


class ScriptCase:
    def __init__(self, name, op, args, types=None, expr=None, rtol=1e-9, atol=0.0):
        self.name, self.op, self.args = name, op, args
        self.types, self.expr, self.rtol, self.atol = types, expr, rtol, atol


def scripted(name, op, args, types=None, expr=None, **tol):
    """A case whose expected result is what TorchScript computes when it calls `op` on `args`.
    `types` overrides the inferred TorchScript type of each argument (needed for None and empty
    containers); `expr` replaces the default call `torch.ops.<ns>.<name>(a0, a1, ...)`."""
    return ScriptCase(name, op, args, types, expr, **tol)


def _type_of(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, torch.Tensor):
        return "Tensor"
    if isinstance(v, list) and v:
        return f"List[{_type_of(v[0])}]"
    if isinstance(v, tuple):
        return "Tuple[" + ", ".join(_type_of(x) for x in v) + "]"
    if isinstance(v, dict) and v:
        k, x = next(iter(v.items()))
        return f"Dict[{_type_of(k)}, {_type_of(x)}]"
    raise TypeError(f"cannot infer the TorchScript type of {v!r}: pass types=")


class _Writer(golden._Writer):
    def encode(self, v):
        if isinstance(v, dict):
            return {"dict": [[self.encode(k), self.encode(x)] for k, x in v.items()]}
        return super().encode(v)


# expr=TORCH_OPS: call the overload from Python through torch.ops (for the few overloads
# TorchScript source cannot select, e.g. aten::pow.int_to_int; and for Scalar arguments, which
# source annotations cannot declare).
TORCH_OPS = "<torch.ops>"


def _through_torch_ops(c):
    return c.expr == TORCH_OPS or "Scalar" in (c.types or [])


def _source(c, fn_name):
    ns, rest = c.op.split("::")
    name = rest.partition(".")[0]
    types = c.types or [_type_of(a) for a in c.args]
    params = ", ".join(f"a{i}: {t}" for i, t in enumerate(types))
    call = c.expr or f"torch.ops.{ns}.{name}(" + ", ".join(f"a{i}" for i in range(len(c.args))) + ")"
    args_out = "".join(f" a{i}," for i in range(len(c.args)))
    return f"def {fn_name}({params}):\n    r = {call}\n    return (r,{args_out})\n"


def _run(c, fn):
    """Expected outputs, arguments after the call, and whether the op mutates an argument."""
    if fn is None:
        result = golden.torch_op(c.op)(*copy.deepcopy(c.args))
        return (list(result) if isinstance(result, tuple) else [result]), [], False
    # The node that must be the op under test: same kind and overload.
    kind = c.op.split(".")[0]
    nodes = [n for n in fn.graph.nodes() if n.kind() == kind]
    schemas = [n.schema() for n in nodes]
    if not any(s.startswith(c.op + "(") for s in schemas):
        raise RuntimeError(f"case {c.name}: the scripted call used {schemas}, not {c.op}")
    n_outputs = len(list(nodes[-1].outputs()))
    result = fn(*copy.deepcopy(c.args))
    r, after = result[0], list(result[1:])
    outputs = [] if n_outputs == 0 else ([r] if n_outputs == 1 else list(r))
    return outputs, after, "!" in schemas[-1].split("->")[0]


def _compile_all(cases):
    """One scripted function per case (None for torch.ops cases), compiled as a single unit:
    compiling hundreds of separate units takes minutes."""
    names = {i: f"case_{i}" for i, c in enumerate(cases) if not _through_torch_ops(c)}
    unit = torch.jit.CompilationUnit("\n".join(_source(cases[i], n) for i, n in names.items()))
    return [getattr(unit, names[i]) if i in names else None for i in range(len(cases))]


def write_scripted_family(family, cases, out_root=None):
    out_root = out_root or sys.argv[1]
    folder = os.path.join(out_root, "ops", family)
    os.makedirs(folder, exist_ok=True)
    entries = []
    for c, fn in zip(cases, _compile_all(cases)):
        outputs, after, mutates = _run(c, fn)
        w = _Writer(folder, c.name)
        # torch.ops hands Scalar results back to Python through float32 (exp.Scalar(4) ->
        # 54.598148...), so those cases can only be checked to float32 precision.
        rtol = max(c.rtol, 1e-6) if fn is None else c.rtol
        entry = {"name": c.name, "op": c.op, "rtol": rtol, "atol": c.atol,
                 "args": [w.encode(a) for a in c.args],
                 "outputs": [w.encode(o) for o in outputs]}
        if mutates:
            entry["args_after"] = [w.encode(a) for a in after]
        entries.append(entry)
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump(entries, f, indent=1, allow_nan=False)  # the C++ JSON reader rejects NaN
    print(f"{family}: {len(entries)} golden cases")
