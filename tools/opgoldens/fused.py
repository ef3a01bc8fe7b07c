"""Golden cases for tsrt's fused kernels (kernels/fused.cc).

Stock torch has no such ops, so each expected output is the unfused computation the fusion
passes replace, made of the aten ops torch itself runs:
    tsrt::linear_relu(x, w, b)                 = aten::relu(aten::linear(x, w, b))
    tsrt::linear_gelu(x, w, b, approximate)    = aten::gelu(aten::linear(x, w, b), approximate)
    tsrt::linear_tanh(x, w, b)                 = aten::tanh(aten::linear(x, w, b))
    tsrt::add_layer_norm(a, b, shape, w, c, e) = aten::layer_norm(aten::add(a, b), shape, w, c, e)
    tsrt::convolution_relu(x, w, b, s, p, d, g) = aten::relu(aten::convolution(x, w, b, s, p, d,
                                                    False, [0, ...], g))
The cases are written in golden.write_family's format (cases.json + .npy files).

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/fused.py OUT
"""
import json
import os
import sys

import torch

import golden
from golden import randn

aten = torch.ops.aten


def unfused(op, args):
    if op == "tsrt::linear_relu":
        return aten.relu(aten.linear(*args))
    if op == "tsrt::linear_gelu":
        x, w, b, approximate = args
        return aten.gelu(aten.linear(x, w, b), approximate=approximate)
    if op == "tsrt::linear_tanh":
        return aten.tanh(aten.linear(*args))
    if op == "tsrt::convolution_relu":
        x, w, b, stride, padding, dilation, groups = args
        return aten.relu(aten.convolution(x, w, b, stride, padding, dilation, False, [0] * (w.dim() - 2), groups))
    if op == "tsrt::add_layer_norm":
        a, b, shape, weight, bias, eps = args
        return aten.layer_norm(aten.add(a, b), shape, weight, bias, eps)
    raise ValueError(op)


def cases():
    torch.manual_seed(5)
    c = []  # (name, op, args)
    x2, w, b = randn(4, 16), randn(8, 16) * 0.3, randn(8)
    x3 = randn(2, 5, 16)
    c.append(("linear_relu_2d_bias", "tsrt::linear_relu", [x2, w, b]))
    c.append(("linear_relu_3d_no_bias", "tsrt::linear_relu", [x3, w, None]))
    c.append(("linear_relu_1d", "tsrt::linear_relu", [randn(16), w, b]))
    c.append(("linear_relu_float64", "tsrt::linear_relu",
              [randn(3, 16, dtype=torch.float64), randn(8, 16, dtype=torch.float64), randn(8, dtype=torch.float64)]))
    # BERT's intermediate dense layer, scaled down: [batch, seq, hidden] -> 4 x hidden.
    xb, wb, bb = randn(2, 12, 32), randn(128, 32) * 0.2, randn(128) * 0.1
    c.append(("linear_gelu_bert_ffn", "tsrt::linear_gelu", [xb, wb, bb, "none"]))
    c.append(("linear_gelu_tanh", "tsrt::linear_gelu", [xb, wb, bb, "tanh"]))
    c.append(("linear_gelu_no_bias", "tsrt::linear_gelu", [x3, w, None, "none"]))
    c.append(("linear_gelu_float64", "tsrt::linear_gelu",
              [randn(2, 16, dtype=torch.float64), randn(8, 16, dtype=torch.float64), None, "none"]))
    # BERT's pooler: tanh(linear(first token)).
    c.append(("linear_tanh_pooler", "tsrt::linear_tanh", [randn(2, 32), randn(32, 32) * 0.2, randn(32)]))
    c.append(("linear_tanh_3d_no_bias", "tsrt::linear_tanh", [x3, w, None]))
    # BERT's residual + LayerNorm (eps 1e-12).
    h, r = randn(2, 12, 32), randn(2, 12, 32)
    c.append(("add_layer_norm_bert", "tsrt::add_layer_norm", [h, r, [32], randn(32), randn(32), 1e-12]))
    # BERT-base's [1, 128, 768]: enough rows for the kernel's two-thread path.
    c.append(("add_layer_norm_bert_base", "tsrt::add_layer_norm",
              [randn(1, 128, 768), randn(1, 128, 768), [768], randn(768), randn(768), 1e-12]))
    c.append(("add_layer_norm_no_affine", "tsrt::add_layer_norm", [randn(3, 10), randn(3, 10), [10], None, None, 1e-5]))
    c.append(("add_layer_norm_two_dims", "tsrt::add_layer_norm",
              [randn(2, 4, 6), randn(2, 4, 6), [4, 6], randn(4, 6), randn(4, 6), 1e-5]))
    c.append(("add_layer_norm_offset_rows", "tsrt::add_layer_norm",
              [randn(4, 16) + 100.0, randn(4, 16), [16], randn(16), None, 1e-5]))
    c.append(("add_layer_norm_broadcast_add", "tsrt::add_layer_norm",
              [randn(2, 5, 8), randn(8), [8], randn(8), randn(8), 1e-5]))
    c.append(("add_layer_norm_float64", "tsrt::add_layer_norm",
              [randn(3, 8, dtype=torch.float64), randn(3, 8, dtype=torch.float64), [8],
               randn(8, dtype=torch.float64), randn(8, dtype=torch.float64), 1e-5]))
    # A ResNet convolution (3x3, stride 1, pad 1, bias from a folded batch_norm) and others.
    xc = randn(2, 8, 9, 9)
    c.append(("convolution_relu_3x3", "tsrt::convolution_relu",
              [xc, randn(16, 8, 3, 3) * 0.2, randn(16), [1, 1], [1, 1], [1, 1], 1]))
    c.append(("convolution_relu_strided_no_bias", "tsrt::convolution_relu",
              [xc, randn(4, 8, 1, 1), None, [2, 2], [0, 0], [1, 1], 1]))
    c.append(("convolution_relu_groups_dilation", "tsrt::convolution_relu",
              [xc, randn(8, 4, 3, 3) * 0.2, randn(8), [1, 1], [2, 2], [2, 2], 2]))
    c.append(("convolution_relu_1d", "tsrt::convolution_relu",
              [randn(2, 3, 20), randn(5, 3, 4) * 0.3, randn(5), [2], [1], [1], 1]))
    c.append(("convolution_relu_3d", "tsrt::convolution_relu",
              [randn(1, 2, 5, 6, 7), randn(3, 2, 2, 3, 3) * 0.3, randn(3), [1, 1, 1], [0, 1, 1], [1, 1, 1], 1]))
    c.append(("convolution_relu_float64", "tsrt::convolution_relu",
              [randn(1, 3, 6, 6, dtype=torch.float64), randn(4, 3, 3, 3, dtype=torch.float64),
               randn(4, dtype=torch.float64), [1, 1], [1, 1], [1, 1], 1]))
    return c


def main(out_root):
    folder = os.path.join(out_root, "ops", "fused")
    os.makedirs(folder, exist_ok=True)
    entries = []
    for name, op, args in cases():
        expected = unfused(op, [a.clone() if isinstance(a, torch.Tensor) else a for a in args])
        w = golden._Writer(folder, name)
        double = expected.dtype == torch.float64
        entries.append({"name": name, "op": op, "rtol": 1e-9 if double else 1e-4, "atol": 1e-10 if double else 1e-5,
                        "args": [w.encode(a) for a in args], "outputs": [w.encode(expected)]})
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump(entries, f, indent=1)
    print(f"fused: {len(entries)} golden cases")


if __name__ == "__main__":
    main(sys.argv[1])
