"""Golden cases for kernels/linear.cc: linear, matmul (every rank case), mm, bmm, mv, dot,
addmm, addmv, addbmm, baddbmm. Non-contiguous operands are exercised by kernels/linear_test.cc on views."""
import torch

import golden
from golden import case, randn, randint


def cases():
    c = []
    # linear: ranks 1-4 of the input, bias or not, odd sizes, BERT-like shapes at small scale.
    c.append(case("linear_2d_bias", "aten::linear", [randn(4, 8), randn(5, 8), randn(5)]))
    c.append(case("linear_2d_nobias", "aten::linear", [randn(4, 8), randn(5, 8), None]))
    c.append(case("linear_1d", "aten::linear", [randn(8), randn(5, 8), randn(5)]))
    c.append(case("linear_3d", "aten::linear", [randn(2, 3, 8), randn(6, 8), randn(6)]))
    c.append(case("linear_4d", "aten::linear", [randn(2, 1, 3, 8), randn(6, 8), None]))
    c.append(case("linear_odd", "aten::linear", [randn(7, 13), randn(1, 13), randn(1)]))
    c.append(case("linear_one", "aten::linear", [randn(1, 1), randn(1, 1), randn(1)]))
    c.append(case("linear_bert_qkv", "aten::linear", [randn(2, 16, 64), randn(64, 64), randn(64)]))
    c.append(case("linear_bert_ffn_up", "aten::linear", [randn(2, 16, 64), randn(256, 64), randn(256)],
                  rtol=1e-4, atol=1e-4))
    c.append(case("linear_bert_ffn_down", "aten::linear", [randn(2, 16, 256), randn(64, 256), randn(64)],
                  rtol=1e-4, atol=1e-4))
    c.append(case("linear_f64", "aten::linear",
                  [randn(3, 5, dtype=torch.float64), randn(4, 5, dtype=torch.float64), randn(4, dtype=torch.float64)]))
    c.append(case("linear_empty_rows", "aten::linear", [randn(0, 5), randn(4, 5), randn(4)]))
    # matmul: every rank combination torch distinguishes.
    shapes = {
        "1d_1d": ((7,), (7,)),
        "2d_1d": ((3, 7), (7,)),
        "1d_2d": ((7,), (7, 4)),
        "2d_2d": ((3, 7), (7, 4)),
        "3d_1d": ((2, 3, 7), (7,)),
        "1d_3d": ((7,), (2, 7, 4)),
        "3d_2d": ((2, 3, 7), (7, 4)),
        "2d_3d": ((3, 7), (2, 7, 4)),
        "3d_3d": ((2, 3, 7), (2, 7, 4)),
        "4d_2d": ((2, 2, 3, 7), (7, 4)),
        "4d_4d_broadcast": ((2, 1, 3, 7), (1, 5, 7, 4)),
        "4d_3d_broadcast": ((2, 3, 3, 7), (3, 7, 4)),
        "3d_4d_broadcast": ((1, 3, 7), (2, 1, 7, 4)),
        "5d_1d": ((2, 1, 2, 3, 7), (7,)),
        "odd_13": ((13, 1), (1, 13)),
        "bert_scores": ((2, 4, 16, 16), (2, 4, 16, 16)),
    }
    for name, (sa, sb) in shapes.items():
        c.append(case("matmul_" + name, "aten::matmul", [randn(*sa), randn(*sb)]))
    c.append(case("matmul_f64_batched", "aten::matmul",
                  [randn(2, 3, 5, dtype=torch.float64), randn(1, 5, 4, dtype=torch.float64)]))
    c.append(case("matmul_int64", "aten::matmul", [randint(-5, 5, (3, 4)), randint(-5, 5, (4, 2))]))
    c.append(case("matmul_k0", "aten::matmul", [randn(3, 0), randn(0, 4)]))
    # The two-operand products.
    c.append(case("mm", "aten::mm", [randn(5, 9), randn(9, 3)]))
    c.append(case("mm_f64", "aten::mm", [randn(5, 9, dtype=torch.float64), randn(9, 3, dtype=torch.float64)]))
    c.append(case("bmm", "aten::bmm", [randn(3, 5, 9), randn(3, 9, 2)]))
    c.append(case("mv", "aten::mv", [randn(5, 9), randn(9)]))
    c.append(case("dot", "aten::dot", [randn(13), randn(13)]))
    c.append(case("dot_f64", "aten::dot", [randn(13, dtype=torch.float64), randn(13, dtype=torch.float64)]))
    # addmm / baddbmm with beta and alpha, a broadcast addend, and beta = 0 ignoring NaNs.
    c.append(case("addmm_default", "aten::addmm", [randn(4), randn(3, 5), randn(5, 4), 1, 1]))
    c.append(case("addmm_scaled", "aten::addmm", [randn(3, 4), randn(3, 5), randn(5, 4), 0.5, 2.0]))
    c.append(case("addmm_column_addend", "aten::addmm", [randn(3, 1), randn(3, 5), randn(5, 4), 1.5, 1]))
    c.append(case("addmm_beta0_nan", "aten::addmm",
                  [torch.full((3, 4), float("nan")), randn(3, 5), randn(5, 4), 0, 1]))
    c.append(case("addmm_f64", "aten::addmm", [randn(4, dtype=torch.float64), randn(3, 5, dtype=torch.float64),
                                                randn(5, 4, dtype=torch.float64), 0.25, 3]))
    c.append(case("baddbmm", "aten::baddbmm", [randn(2, 3, 4), randn(2, 3, 5), randn(2, 5, 4), 0.5, 2.0]))
    c.append(case("baddbmm_broadcast", "aten::baddbmm", [randn(4), randn(2, 3, 5), randn(2, 5, 4), 1, 1]))
    c.append(case("addmv", "aten::addmv", [randn(5), randn(5, 7), randn(7), 0.5, 2.0]))
    c.append(case("addmv_scalar_addend", "aten::addmv", [randn(1), randn(5, 7), randn(7), 1, 1]))
    c.append(case("addmv_f64", "aten::addmv", [randn(3, dtype=torch.float64), randn(3, 4, dtype=torch.float64),
                                                randn(4, dtype=torch.float64), 2, 0.5]))
    c.append(case("addbmm", "aten::addbmm", [randn(3, 4), randn(5, 3, 6), randn(5, 6, 4), 0.5, 1.5]))
    c.append(case("addbmm_broadcast", "aten::addbmm", [randn(4), randn(2, 3, 6), randn(2, 6, 4), 1, 1]))
    return c


if __name__ == "__main__":
    golden.write_family("linear", cases())
