"""Golden cases for tsrt::elementwise_chain (kernels/fused_elementwise.cc).

Stock torch has no such op, so each expected output is the unfused chain the fuse-elementwise
pass replaces, run step by step with torch's aten ops on the same input:
    "add" s -> aten::add.Scalar(x, s)      "sub" s -> aten::sub.Scalar(x, s)
    "mul" s -> aten::mul.Scalar(x, s)      "div" s -> aten::div.Scalar(x, s)
    "rsub" s -> aten::rsub.Scalar(x, s)    relu, tanh, sigmoid, exp, neg, gelu (approximate="none")
A step name ending in "_int" passes its scalar as a Python int.

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/fused_elementwise.py OUT
"""
import json
import os
import sys

import torch

import golden
from golden import randn

aten = torch.ops.aten
OP = "tsrt::elementwise_chain"


def unfused(x, ops, scalars):
    for name, s in zip(ops, scalars):
        if name.endswith("_int"):
            name, s = name[:-4], int(s)
        if name in ("add", "sub", "mul", "div", "rsub"):
            x = getattr(aten, name).Scalar(x, s)
        elif name == "gelu":
            x = aten.gelu(x, approximate="none")
        else:
            x = getattr(aten, name)(x)
    return x


def cases():
    torch.manual_seed(11)
    x = randn(4, 33) * 3
    c = [  # (name, input, ops, scalars)
        ("mul_add", x, ["mul", "add"], [0.125, 1.0]),
        ("add_int_relu", x, ["add_int", "relu"], [2.0, 0.0]),
        ("sub_tanh_mul", x, ["sub", "tanh", "mul"], [0.3, 0.0, 2.5]),
        ("div_sigmoid_rsub", x, ["div", "sigmoid", "rsub"], [3.0, 0.0, 1.0]),
        ("neg_exp_add_mul", randn(2, 3, 17), ["neg", "exp", "add", "mul"], [0.0, 0.0, 1.0, 0.7]),
        ("mul_gelu", x, ["mul", "gelu"], [1.7, 0.0]),
        ("gelu_div_int", randn(65), ["gelu", "div_int", "relu"], [0.0, 7.0, 0.0]),
        ("rsub_int_mul_exp_neg", randn(5, 9), ["rsub_int", "mul", "exp", "neg"], [1.0, -10000.0, 0.0, 0.0]),
        # Large enough to run on OpenMP threads (above kParallelGrain).
        ("parallel_mul_add_tanh", randn(600, 512), ["mul", "add", "tanh"], [0.5, -0.25, 0.0]),
        ("zero_dim", torch.tensor(0.75), ["mul", "sigmoid", "sub"], [-3.0, 0.0, 0.5]),
        ("empty", randn(0, 4), ["add", "relu"], [1.0, 0.0]),
        ("nan_inf_relu_exp", torch.tensor([float("nan"), float("inf"), -float("inf"), -1.0, 0.0, 2.0]),
         ["relu", "exp", "mul"], [0.0, 0.0, 2.0]),
        # Not float32: the composition of aten ops (int arithmetic, promotion to float).
        ("int64_mul_int_add_int_neg", torch.randint(-50, 50, (3, 7)), ["mul_int", "add_int", "neg"], [3.0, -2.0, 0.0]),
        ("int64_mul_float_relu", torch.randint(-50, 50, (3, 7)), ["mul", "relu"], [0.5, 0.0]),
        ("int64_div_int", torch.randint(-50, 50, (10,)), ["div_int", "add_int"], [4.0, 1.0]),
        ("float64_sub_sigmoid_gelu", randn(3, 8, dtype=torch.float64), ["sub", "sigmoid", "gelu"], [0.2, 0.0, 0.0]),
    ]
    return c


def main(out_root):
    folder = os.path.join(out_root, "ops", "fused_elementwise")
    os.makedirs(folder, exist_ok=True)
    entries = []
    for name, x, ops, scalars in cases():
        expected = unfused(x.clone(), ops, scalars)
        w = golden._Writer(folder, name)
        double = expected.dtype == torch.float64
        entries.append({"name": name, "op": OP, "rtol": 1e-9 if double else 1e-4, "atol": 1e-10 if double else 1e-5,
                        "args": [w.encode(x), w.encode(ops), w.encode([float(s) for s in scalars])],
                        "outputs": [w.encode(expected)]})
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump(entries, f, indent=1)
    print(f"fused_elementwise: {len(entries)} golden cases")


if __name__ == "__main__":
    main(sys.argv[1])
