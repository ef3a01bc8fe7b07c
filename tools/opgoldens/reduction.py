"""Golden cases for kernels/reduction.cc: sum, mean, prod, max/min (all and dim), amax/amin,
argmax/argmin, any/all, std/var, norm, logsumexp and cumsum across dtypes, dims and keepdim.

Non-contiguous inputs are exercised on the C++ side (kernels/reduction_test.cc).
"""
import golden
from golden import case, randn, randint
import torch
from elementwise import sample, special_floats, F32, F64, I64, I32, U8, BOOL


def sum_mean_prod_cases():
    c = []
    for dt in (F32, F64, I64, I32, U8, BOOL):
        n = str(dt).split(".")[1]
        x = sample((3, 4, 5), dt)
        c += [
            case(f"sum_all_{n}", "aten::sum", [x, None]),
            case(f"sum_dim_{n}", "aten::sum.dim_IntList", [x, [1], False, None]),
            case(f"sum_dims_keep_{n}", "aten::sum.dim_IntList", [x, [0, -1], True, None]),
            case(f"prod_all_{n}", "aten::prod", [sample((6,), dt), None]),
            case(f"prod_dim_{n}", "aten::prod.dim_int", [sample((3, 4), dt), 1, False, None]),
            case(f"cumsum_{n}", "aten::cumsum", [x, 1, None]),
            case(f"cumsum_last_{n}", "aten::cumsum", [x, -1, None]),
        ]
    x = randn(3, 4, 5)
    c += [
        case("sum_dim_none", "aten::sum.dim_IntList", [x, None, False, None]),
        case("sum_dim_empty_list", "aten::sum.dim_IntList", [x, [], False, None]),
        case("sum_dtype_f64", "aten::sum", [x, torch.float64]),
        case("sum_int_to_float", "aten::sum.dim_IntList", [sample((3, 4), I32), [0], False, torch.float32]),
        case("sum_empty", "aten::sum", [randn(0, 3), None]),
        case("sum_empty_dim", "aten::sum.dim_IntList", [randn(0, 3), [0], False, None]),
        case("sum_scalar_tensor", "aten::sum", [randn(()), None]),
        case("sum_scalar_dim0", "aten::sum.dim_IntList", [randn(()), [0], True, None]),
        case("sum_large", "aten::sum.dim_IntList", [randn(64, 1024), [1], False, None], rtol=1e-4, atol=1e-4),
        case("sum_large_outer", "aten::sum.dim_IntList", [randn(1024, 64), [0], False, None], rtol=1e-4, atol=1e-4),
        case("prod_dtype", "aten::prod", [sample((5,), I32), torch.float64]),
        case("mean_all", "aten::mean", [x, None]),
        case("mean_f64", "aten::mean", [randn(7, dtype=F64), None]),
        case("mean_dim", "aten::mean.dim", [x, [-1], False, None]),
        case("mean_dims_keep", "aten::mean.dim", [x, [0, 2], True, None]),
        case("mean_dim_none", "aten::mean.dim", [x, None, False, None]),
        case("mean_int_dtype", "aten::mean", [sample((4, 3), I64), torch.float32]),
        case("mean_nan", "aten::mean.dim", [special_floats().reshape(3, 4), [1], False, None]),
        case("cumsum_dtype", "aten::cumsum", [sample((3, 4), I32), 0, torch.float32]),
        case("cumsum_scalar", "aten::cumsum", [randn(()), 0, None]),
        case("cumsum_inplace_f32", "aten::cumsum_", [randn(3, 4), 1, None]),
        case("cumsum_inplace_i32", "aten::cumsum_", [sample((3, 4), I32), 0, None]),
        case("cumsum_f64_long", "aten::cumsum", [randn(2, 500, dtype=F64), 1, None]),
    ]
    return c


def extremum_cases():
    c = []
    for dt in (F32, F64, I64, I32, U8, BOOL):
        n = str(dt).split(".")[1]
        x = sample((3, 4, 5), dt)
        c += [
            case(f"max_all_{n}", "aten::max", [x]),
            case(f"min_all_{n}", "aten::min", [x]),
            case(f"max_dim_{n}", "aten::max.dim", [x, 1, False]),
            case(f"min_dim_keep_{n}", "aten::min.dim", [x, -1, True]),
            case(f"amax_{n}", "aten::amax", [x, [0, 2], False]),
            case(f"amin_{n}", "aten::amin", [x, [1], True]),
            case(f"amax_all_{n}", "aten::amax", [x, [], False]),
            case(f"any_{n}", "aten::any", [x]),
            case(f"all_{n}", "aten::all", [x]),
            case(f"any_dim_{n}", "aten::any.dim", [x, 1, False]),
            case(f"all_dim_keep_{n}", "aten::all.dim", [x, 2, True]),
        ]
        if dt != BOOL:
            c += [
                case(f"argmax_all_{n}", "aten::argmax", [x, None, False]),
                case(f"argmin_all_{n}", "aten::argmin", [x, None, False]),
                case(f"argmax_dim_{n}", "aten::argmax", [x, 1, False]),
                case(f"argmin_dim_keep_{n}", "aten::argmin", [x, 0, True]),
            ]
    ties = torch.tensor([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 1.0, 1.0]])
    nans = torch.tensor([[1.0, float("nan"), 3.0, float("nan")], [2.0, 0.0, float("-inf"), float("inf")]])
    c += [
        case("max_dim_ties", "aten::max.dim", [ties, 1, False]),
        case("min_dim_ties", "aten::min.dim", [ties, 1, False]),
        case("argmax_ties", "aten::argmax", [ties, 1, False]),
        case("argmin_ties", "aten::argmin", [ties, None, False]),
        case("max_dim_nan", "aten::max.dim", [nans, 1, False]),
        case("min_dim_nan", "aten::min.dim", [nans, 1, True]),
        case("max_nan", "aten::max", [nans]),
        case("amin_nan", "aten::amin", [nans, [1], False]),
        case("argmax_nan", "aten::argmax", [nans, 1, False]),
        case("argmin_nan", "aten::argmin", [nans, 1, False]),
        case("argmax_keepdim_all", "aten::argmax", [randn(2, 3), None, True]),
        case("max_dim_scalar", "aten::max.dim", [randn(()), 0, False]),
        case("any_empty", "aten::any", [randn(0, 2)]),
        case("all_empty", "aten::all", [randn(0, 2)]),
        case("any_nan", "aten::any.dim", [nans, 0, False]),
        case("amax_large", "aten::amax", [randn(128, 512), [1], False]),
    ]
    return c


def statistics_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        x = randn(3, 4, 5, dtype=dt)
        c += [
            case(f"std_all_{n}", "aten::std", [x, True]),
            case(f"var_all_biased_{n}", "aten::var", [x, False]),
            case(f"std_dim_{n}", "aten::std.dim", [x, [1], True, False]),
            case(f"var_dims_keep_{n}", "aten::var.dim", [x, [0, 2], False, True]),
            case(f"std_correction_{n}", "aten::std.correction", [x, [-1], 0, False]),
            case(f"var_correction_{n}", "aten::var.correction", [x, None, 2, True]),
            case(f"var_correction_none_{n}", "aten::var.correction", [x, [1], None, False]),
            case(f"norm_{n}", "aten::norm.Scalar", [x, 2]),
            case(f"norm_dim_{n}", "aten::norm.ScalarOpt_dim", [x, 2, [-1], False]),
            case(f"norm_p1_{n}", "aten::norm.ScalarOpt_dim", [x, 1, [0, 1], True]),
            case(f"norm_p3_{n}", "aten::norm.ScalarOpt_dim", [x, 3.0, [2], False]),
            case(f"norm_none_{n}", "aten::norm.ScalarOpt_dim", [x, None, [1], False]),
            case(f"logsumexp_{n}", "aten::logsumexp", [x, [1], False]),
            case(f"logsumexp_keep_{n}", "aten::logsumexp", [x, [0, 2], True]),
        ]
    x = randn(3, 4, 5)
    c += [
        case("std_mean_all", "aten::std_mean", [x, True]),
        case("std_mean_dim", "aten::std_mean.dim", [x, [1], False, True]),
        case("std_mean_correction", "aten::std_mean.correction", [x, [0, 2], 0, False]),
        case("var_mean_all", "aten::var_mean", [x, False]),
        case("var_mean_dim", "aten::var_mean.dim", [x, [-1], True, False]),
        case("var_mean_correction", "aten::var_mean.correction", [x, None, 1, True]),
        case("norm_dtype", "aten::norm.ScalarOpt_dtype", [x, 2, torch.float64]),
        case("norm_dim_dtype", "aten::norm.ScalarOpt_dim_dtype", [x, 1, [1], True, torch.float64]),
    ]
    big = torch.tensor([[1000.0, 1000.0, -5.0], [-1000.0, -1001.0, -1002.0]])
    c += [
        case("var_dim_none", "aten::var.dim", [randn(4, 5), None, True, False]),
        case("var_single", "aten::var.dim", [randn(3, 1), [1], True, False]),
        case("std_dim_none_keep", "aten::std.dim", [randn(4, 5), None, True, True]),
        case("norm_p0", "aten::norm.ScalarOpt_dim", [torch.tensor([[0.0, 1.0, -2.0], [0.0, 0.0, 3.0]]), 0, [1], False]),
        case("logsumexp_large", "aten::logsumexp", [big, [1], False]),
        case("logsumexp_int", "aten::logsumexp", [sample((3, 4), I64), [1], False]),
        case("logsumexp_neg_inf", "aten::logsumexp", [torch.full((2, 3), float("-inf")), [1], False]),
        case("logsumexp_last_dim_large", "aten::logsumexp", [randn(64, 768), [-1], True]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("reduction", sum_mean_prod_cases() + extremum_cases() + statistics_cases())
