"""Golden cases for kernels/sorting.cc (sort, argsort, topk), computed by stock PyTorch.

Inputs have no repeated values, so the indices torch returns are unique and comparable.
"""
import torch

from golden import case, randn, write_family


def distinct(*shape):
    n = 1
    for s in shape:
        n *= s
    return torch.randperm(n).to(torch.float32).reshape(*shape) / 7.0 - 3.0


cases = [
    case("sort_last", "aten::sort", [distinct(3, 5), -1, False]),
    case("sort_dim0_desc", "aten::sort", [distinct(4, 3), 0, True]),
    case("sort_int", "aten::sort", [torch.randperm(9).reshape(3, 3), 1, False]),
    case("sort_1d", "aten::sort", [distinct(7), 0, True]),
    case("sort_3d_mid", "aten::sort", [distinct(2, 5, 3), 1, False]),
    case("argsort_last", "aten::argsort", [distinct(3, 6), -1, False]),
    case("argsort_desc", "aten::argsort", [distinct(5, 2), 0, True]),
    case("topk_largest", "aten::topk", [distinct(4, 10), 3, -1, True, True]),
    case("topk_smallest", "aten::topk", [distinct(4, 10), 2, 1, False, True]),
    case("topk_dim0", "aten::topk", [distinct(6, 3), 4, 0, True, True]),
    case("topk_int64", "aten::topk", [torch.randperm(20).reshape(4, 5), 2, -1, True, True]),
    case("topk_k0", "aten::topk", [distinct(3, 4), 0, -1, True, True]),
    case("topk_full", "aten::topk", [distinct(8), 8, 0, True, True]),
]

write_family("sorting", cases)
