"""Golden cases for single kernels, computed by stock PyTorch calling the very aten op named.

A family script builds a list of cases and calls `write_family`:

    case("add_broadcast", "aten::add.Tensor", [randn(2, 3), randn(3), 1])

The expected outputs come from `torch.ops.aten.add.Tensor(...)` itself, never from a formula
written here, so a kernel test compares tsrt against torch's own implementation.
Layout: OUT/<family>/cases.json plus one .npy per tensor argument or result.
"""
import json
import math
import os
import sys

import numpy as np
import torch

torch.manual_seed(0)


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape).to(dtype)


def randint(low, high, shape, dtype=torch.int64):
    return torch.randint(low, high, shape).to(dtype)


class Case:
    def __init__(self, name, op, args, rtol=1e-4, atol=1e-5):
        self.name, self.op, self.args, self.rtol, self.atol = name, op, args, rtol, atol


def case(name, op, args, **tol):
    return Case(name, op, args, **tol)


def torch_op(qualified):
    """The aten op named, called the way tsrt calls it: every argument in schema order. torch.ops
    rejects keyword-only arguments (alpha=, dtype=, memory_format=) given by position, so those
    are passed by their schema name."""
    ns, rest = qualified.split("::")
    name, _, overload = rest.partition(".")
    op = getattr(getattr(getattr(torch.ops, ns), name), overload or "default")
    schema_args = op._schema.arguments

    def call(*args):
        positional = [v for a, v in zip(schema_args, args) if not a.kwarg_only]
        keywords = {a.name: v for a, v in zip(schema_args, args) if a.kwarg_only}
        return op(*positional, **keywords)
    return call


def _writes_an_argument(qualified):
    ns, rest = qualified.split("::")
    name, _, overload = rest.partition(".")
    schema = getattr(getattr(getattr(torch.ops, ns), name), overload or "default")._schema
    return any(a.alias_info is not None and a.alias_info.is_write for a in schema.arguments)


class _Writer:
    def __init__(self, folder, case_name):
        self.folder, self.case_name, self.count = folder, case_name, 0

    def encode(self, v):
        if isinstance(v, torch.Tensor):
            fname = f"{self.case_name}_{self.count}.npy"
            self.count += 1
            if v.dtype == torch.bfloat16:  # numpy has no bfloat16; float32 holds each value exactly
                np.save(os.path.join(self.folder, fname), v.detach().float().contiguous().numpy())
                return {"tensor": fname, "dtype": "bfloat16"}
            np.save(os.path.join(self.folder, fname), v.detach().contiguous().numpy())
            return {"tensor": fname}
        if v is None:
            return {"none": True}
        if isinstance(v, bool):
            return {"bool": v}
        if isinstance(v, int):
            return {"int": v}
        if isinstance(v, float):
            # JSON has no inf/nan: those travel as strings.
            return {"float": v if math.isfinite(v) else repr(v)}
        if isinstance(v, str):
            return {"str": v}
        if isinstance(v, torch.dtype):
            return {"int": _DTYPE_CODES[v]}
        if isinstance(v, list):
            return {"list": [self.encode(x) for x in v]}
        if isinstance(v, tuple):
            return {"tuple": [self.encode(x) for x in v]}
        raise TypeError(f"cannot encode {type(v)} in case {self.case_name}")


_DTYPE_CODES = {torch.uint8: 0, torch.int8: 1, torch.int16: 2, torch.int32: 3, torch.int64: 4,
                torch.float16: 5, torch.float32: 6, torch.float64: 7, torch.bool: 11, torch.bfloat16: 15}


def write_family(family, cases, out_root=None):
    out_root = out_root or sys.argv[1]
    folder = os.path.join(out_root, "ops", family)
    os.makedirs(folder, exist_ok=True)
    entries = []
    for c in cases:
        # Inputs are cloned so an in-place op cannot change what is written as its input.
        args_for_torch = [a.clone() if isinstance(a, torch.Tensor) else a for a in c.args]
        result = torch_op(c.op)(*args_for_torch)
        outputs = list(result) if isinstance(result, tuple) else [result]
        w = _Writer(folder, c.name)
        entry = {
            "name": c.name, "op": c.op, "rtol": c.rtol, "atol": c.atol,
            "args": [w.encode(a) for a in c.args],
            "outputs": [w.encode(o) for o in outputs],
        }
        # An op that writes an argument (`Tensor(a!) self`, `out=`) is also checked on what it
        # wrote: the arguments as torch left them.
        if _writes_an_argument(c.op):
            entry["args_after"] = [w.encode(a) for a in args_for_torch]
        entries.append(entry)
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump(entries, f, indent=1)
    print(f"{family}: {len(entries)} golden cases")
