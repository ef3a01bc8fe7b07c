"""Golden cases for aten::scaled_dot_product_attention.

torch 1.13 has no such op, so the expected outputs come from its documented formula composed of
torch 1.13 ops (matmul, softmax, masked_fill, tril), exactly as torch 2.x documents it:
    attn = softmax(Q @ K^T * scale + bias, dim=-1) @ V,   scale = 1/sqrt(E) by default,
    bias = 0 where a bool mask is True and -inf where it is False; a float mask is added;
    is_causal masks with ones(L, S).tril();
    enable_gqa repeats each key/value head for its group of query heads (repeat_interleave).
The cases are written in golden.write_family's format (cases.json + .npy files).

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/attention.py OUT
"""
import json
import math
import os
import sys

import torch

import golden
from golden import randn

OP = "aten::scaled_dot_product_attention"


def reference(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False):
    assert dropout_p == 0.0
    if enable_gqa and q.size(-3) != k.size(-3):  # grouped heads (torch 2.5): repeat each K/V head
        k = k.repeat_interleave(q.size(-3) // k.size(-3), dim=-3)
        v = v.repeat_interleave(q.size(-3) // v.size(-3), dim=-3)
    L, S = q.size(-2), k.size(-2)
    scale = 1.0 / math.sqrt(q.size(-1)) if scale is None else scale
    bias = torch.zeros(L, S, dtype=q.dtype)
    if is_causal:
        bias = bias.masked_fill(torch.ones(L, S, dtype=torch.bool).tril().logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            bias = bias.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            bias = bias + attn_mask
    weights = torch.softmax(q @ k.transpose(-2, -1) * scale + bias, dim=-1)
    return weights @ v


def cases():
    torch.manual_seed(1)
    c = []  # (name, args)
    q, k, v = randn(2, 5, 8), randn(2, 7, 8), randn(2, 7, 6)
    c.append(("3d", [q, k, v, None, 0.0, False, None]))
    c.append(("3d_scale", [q, k, v, None, 0.0, False, 0.3]))
    q4, k4, v4 = randn(2, 3, 4, 8), randn(2, 3, 6, 8), randn(2, 3, 6, 8)
    c.append(("4d", [q4, k4, v4, None, 0.0, False, None]))
    c.append(("bool_mask", [q4, k4, v4, torch.rand(2, 3, 4, 6) > 0.3, 0.0, False, None]))
    c.append(("bool_mask_broadcast_over_heads", [q4, k4, v4, torch.rand(2, 1, 1, 6) > 0.2, 0.0, False, None]))
    c.append(("float_mask", [q4, k4, v4, randn(4, 6), 0.0, False, None]))
    c.append(("float_mask_1d", [q4, k4, v4, randn(6), 0.0, False, None]))
    c.append(("causal_square", [randn(2, 5, 4), randn(2, 5, 4), randn(2, 5, 3), None, 0.0, True, None]))
    c.append(("causal_more_keys", [randn(1, 3, 4), randn(1, 6, 4), randn(1, 6, 4), None, 0.0, True, None]))
    c.append(("causal_more_queries", [randn(1, 6, 4), randn(1, 3, 4), randn(1, 3, 4), None, 0.0, True, None]))
    c.append(("broadcast_batch", [randn(2, 3, 4, 8), randn(1, 3, 6, 8), randn(2, 1, 6, 5), None, 0.0, False, None]))
    c.append(("2d", [randn(4, 8), randn(5, 8), randn(5, 2), None, 0.0, False, None]))
    c.append(("float64", [randn(2, 4, 8, dtype=torch.float64), randn(2, 6, 8, dtype=torch.float64),
                          randn(2, 6, 3, dtype=torch.float64), None, 0.0, False, None]))
    row_fully_masked = torch.ones(4, 6, dtype=torch.bool)
    row_fully_masked[1] = False
    c.append(("fully_masked_row_is_nan", [q4, k4, v4, row_fully_masked, 0.0, False, None]))
    c.append(("gqa", [randn(2, 6, 4, 8), randn(2, 2, 5, 8), randn(2, 2, 5, 3), None, 0.0, False, None, True]))
    c.append(("gqa_causal", [randn(1, 4, 5, 8), randn(1, 1, 5, 8), randn(1, 1, 5, 8), None, 0.0, True, None, True]))
    # Every case passes all 8 schema arguments (enable_gqa defaults to False).
    return [(name, args + [False] * (8 - len(args))) for name, args in c]


def main(out_root):
    folder = os.path.join(out_root, "ops", "attention")
    os.makedirs(folder, exist_ok=True)
    entries = []
    for name, args in cases():
        expected = reference(*args)
        w = golden._Writer(folder, name)
        tol = 1e-10 if expected.dtype == torch.float64 else 1e-5
        entries.append({"name": name, "op": OP, "rtol": 1e-4 if tol == 1e-5 else 1e-9, "atol": tol,
                        "args": [w.encode(a) for a in args], "outputs": [w.encode(expected)]})
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump(entries, f, indent=1)
    print(f"attention: {len(entries)} golden cases")


if __name__ == "__main__":
    main(sys.argv[1])
