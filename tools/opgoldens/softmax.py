"""Golden cases for kernels/softmax.cc: softmax / log_softmax on every dim of 1-4 d tensors,
with and without a dtype argument, odd sizes, -inf masks and large values."""
import torch

import golden
from golden import case, randn


def cases():
    c = []
    for op in ["softmax", "log_softmax"]:
        q = f"aten::{op}.int"
        c.append(case(f"{op}_1d", q, [randn(7), 0, None]))
        c.append(case(f"{op}_0d", q, [randn(()), -1, None]))
        for dim in [0, 1, -1]:
            c.append(case(f"{op}_2d_dim{dim}", q, [randn(5, 13), dim, None]))
        for dim in [0, 1, 2, 3, -1, -2]:
            c.append(case(f"{op}_4d_dim{dim}", q, [randn(2, 3, 4, 5), dim, None]))
        c.append(case(f"{op}_f64", q, [randn(3, 7, dtype=torch.float64), 1, None]))
        c.append(case(f"{op}_f64_dim0", q, [randn(3, 7, dtype=torch.float64), 0, None]))
        c.append(case(f"{op}_to_f64", q, [randn(3, 7), -1, torch.float64]))
        c.append(case(f"{op}_to_f32", q, [randn(3, 7, dtype=torch.float64), -1, torch.float32]))
        c.append(case(f"{op}_large", q, [randn(4, 9) * 100, -1, None]))
        c.append(case(f"{op}_one", q, [randn(3, 1), 1, None]))
        c.append(case(f"{op}_bert_scores", q, [randn(2, 4, 16, 16), -1, None]))
        masked = randn(2, 8)
        masked[:, 5:] = float("-inf")
        c.append(case(f"{op}_masked", q, [masked, -1, None]))
        c.append(case(f"{op}_empty", q, [randn(0, 4), 1, None]))
    c.append(case("_softmax", "aten::_softmax", [randn(3, 5, 7), 1, False]))
    c.append(case("_log_softmax", "aten::_log_softmax", [randn(3, 5, 7), -1, False]))
    c.append(case("_softmax_f64", "aten::_softmax", [randn(4, 6, dtype=torch.float64), 0, False]))
    return c


if __name__ == "__main__":
    golden.write_family("softmax", cases())
