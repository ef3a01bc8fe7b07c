"""Golden cases for kernels/out_variants.cc: out= overloads served by running the functional
overload and writing into `out` (single and multi-output, dtype-converting outs); the golden
writer records `args_after`, so the test checks what was written into out too."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64 = torch.float32, torch.float64, torch.int64


def cases():
    a, b = randn(2, 3), randn(2, 3)
    x = randn(3, 4)
    return [
        case("cat_out", "aten::cat.out", [[a, b], 0, torch.empty(4, 3)]),
        case("cat_out_dim1", "aten::cat.out", [[a, b], 1, torch.empty(2, 6)]),
        case("sum_intlist_out", "aten::sum.IntList_out", [x, [1], False, None, torch.empty(3)]),
        case("sum_intlist_out_keepdim", "aten::sum.IntList_out", [x, [0], True, None, torch.empty(1, 4)]),
        case("sum_intlist_out_f64", "aten::sum.IntList_out", [x, [1], False, None, torch.empty(3, dtype=F64)]),
        case("add_out", "aten::add.out", [a, b, 2, torch.empty(2, 3)]),
        case("mul_out_int_into_float", "aten::mul.out",
             [randint(-5, 5, (2, 3)), randint(-5, 5, (2, 3)), torch.empty(2, 3)]),
        case("relu_out", "aten::relu.out", [x, torch.empty(3, 4)]) if hasattr(torch.ops.aten.relu, "out") else None,
        case("mean_out", "aten::mean.out", [x, [0, 1], False, None, torch.empty(())]),
        case("sort_values", "aten::sort.values", [x, 1, False, torch.empty(3, 4), torch.empty(3, 4, dtype=I64)]),
        case("max_dim_max", "aten::max.dim_max", [x, 0, False, torch.empty(4), torch.empty(4, dtype=I64)]),
        case("topk_values", "aten::topk.values",
             [x, 2, 1, True, True, torch.empty(3, 2), torch.empty(3, 2, dtype=I64)]),
        case("matmul_out", "aten::matmul.out", [randn(2, 3), randn(3, 5), torch.empty(2, 5)]),
        # Factory and *_like ops: the tensor options (dtype) come from out.
        case("full_out", "aten::full.out", [[2, 3], 1.5, torch.empty(2, 3)]),
        case("full_out_int", "aten::full.out", [[2, 3], 7, torch.empty(2, 3, dtype=I64)]),
        case("zeros_out", "aten::zeros.out", [[3], torch.empty(3, dtype=F64)]),
        case("ones_out_int", "aten::ones.out", [[2, 2], torch.empty(2, 2, dtype=I64)]),
        case("arange_out", "aten::arange.out", [5, torch.empty(5)]),
        case("arange_start_out_int", "aten::arange.start_out", [1, 10, 3, torch.empty(3, dtype=I64)]),
        case("full_like_out", "aten::full_like.out", [x, 2.5, None, torch.empty(3, 4)]),
        case("zeros_like_out_f64", "aten::zeros_like.out", [x, None, torch.empty(3, 4, dtype=F64)]),
        case("cumsum_out_f64", "aten::cumsum.out", [x, 1, None, torch.empty(3, 4, dtype=F64)]),
        case("exp_out_f64", "aten::exp.out", [randn(4).double(), torch.empty(4, dtype=F64)]),
    ]


if __name__ == "__main__":
    golden.write_family("out_variants", [c for c in cases() if c is not None])
