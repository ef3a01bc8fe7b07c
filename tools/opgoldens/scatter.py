"""Golden cases for kernels/scatter.cc: scatter_reduce (every reduction, with and without self),
index_copy_, masked_scatter(_), take_along_dim and nonzero_numpy. In-place cases are checked
on the C++ side to have written self."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32 = torch.float32, torch.float64, torch.int64, torch.int32


def scatter_reduce_cases():
    c = []
    for dt in (F32, F64, I64, I32):
        n = str(dt).split(".")[1]
        mk = (lambda *s: randint(-9, 10, s, dt)) if dt in (I64, I32) else (lambda *s: randn(*s, dtype=dt))
        self_, src = mk(3, 5), mk(4, 5)
        index = randint(0, 3, (4, 5))
        for reduce in ("sum", "prod", "mean", "amax", "amin"):
            for inc in (True, False):
                tag = "incl" if inc else "excl"
                c.append(case(f"scatter_reduce_{reduce}_{tag}_{n}", "aten::scatter_reduce.two",
                              [self_, 0, index, src, reduce, inc]))
        c += [
            case(f"scatter_reduce_dim1_{n}", "aten::scatter_reduce.two",
                 [mk(3, 4), 1, randint(0, 4, (3, 6)), mk(3, 6), "sum", True]),
            case(f"scatter_reduce_small_index_{n}", "aten::scatter_reduce.two",
                 [mk(4, 4), 1, randint(0, 4, (2, 3)), mk(3, 5), "amax", False]),
            case(f"scatter_reduce_inplace_{n}", "aten::scatter_reduce_.two",
                 [mk(3, 5), 0, index, src, "mean", True]),
        ]
    c += [
        case("scatter_reduce_empty_index", "aten::scatter_reduce.two",
             [randn(3, 4), 0, randint(0, 3, (0, 4)), randn(2, 4), "sum", True]),
        case("scatter_reduce_3d", "aten::scatter_reduce.two",
             [randn(2, 3, 4), 2, randint(0, 4, (2, 3, 6)), randn(2, 3, 6), "prod", False]),
        case("scatter_reduce_1d_mean_excl", "aten::scatter_reduce.two",
             [randn(5), 0, torch.tensor([0, 0, 2, 2, 2, 4]), randn(6), "mean", False]),
    ]
    return c


def index_masked_take_cases():
    c = []
    for dt in (F32, F64, I64):
        n = str(dt).split(".")[1]
        mk = (lambda *s: randint(-9, 10, s, dt)) if dt == I64 else (lambda *s: randn(*s, dtype=dt))
        mask = torch.rand(3, 4) > 0.5
        c += [
            case(f"index_copy_inplace_{n}", "aten::index_copy_", [mk(5, 3), 0, torch.tensor([4, 0, 2]), mk(3, 3)]),
            case(f"index_copy_inplace_dim1_{n}", "aten::index_copy_", [mk(3, 5), 1, torch.tensor([1, 3]), mk(3, 2)]),
            case(f"masked_scatter_{n}", "aten::masked_scatter", [mk(3, 4), mask, mk(12)]),
            case(f"masked_scatter_broadcast_{n}", "aten::masked_scatter",
                 [mk(3, 4), torch.tensor([True, False, True, True]), mk(4, 4)]),
            case(f"masked_scatter_self_broadcast_{n}", "aten::masked_scatter", [mk(4), mask, mk(20)]),
            case(f"masked_scatter_inplace_{n}", "aten::masked_scatter_", [mk(3, 4), mask, mk(3, 5)]),
            case(f"take_along_dim_{n}", "aten::take_along_dim", [mk(3, 4), randint(0, 4, (3, 2)), 1]),
            case(f"take_along_dim_dim0_{n}", "aten::take_along_dim", [mk(3, 4), randint(0, 3, (5, 4)), 0]),
            case(f"take_along_dim_none_{n}", "aten::take_along_dim", [mk(3, 4), randint(0, 12, (5,)), None]),
            case(f"take_along_dim_broadcast_{n}", "aten::take_along_dim", [mk(3, 1, 4), randint(0, 4, (1, 5, 2)), 2]),
            case(f"take_along_dim_argsort_{n}", "aten::take_along_dim", [mk(3, 4), torch.argsort(randn(3, 4), 1), -1]),
        ]
    c += [
        case("masked_scatter_all_false", "aten::masked_scatter",
             [randn(2, 3), torch.zeros(2, 3, dtype=torch.bool), randn(0)]),
        case("masked_scatter_bool_values", "aten::masked_scatter",
             [torch.rand(3, 3) > 0.5, torch.rand(3, 3) > 0.5, torch.rand(9) > 0.5]),
        case("masked_scatter_empty", "aten::masked_scatter",
             [randn(0, 3), torch.zeros(0, 3, dtype=torch.bool), randn(2)]),
        case("take_along_dim_empty", "aten::take_along_dim", [randn(3, 4), randint(0, 4, (3, 0)), 1]),
    ]
    for dt in (F32, I64, torch.bool):
        n = str(dt).split(".")[1]
        x = (randn(3, 4) > 0.3).to(dt) * (randint(1, 5, (3, 4)).to(dt) if dt != torch.bool else True)
        c += [
            case(f"nonzero_numpy_{n}", "aten::nonzero_numpy", [x]),
            case(f"nonzero_numpy_3d_{n}", "aten::nonzero_numpy", [(randn(2, 3, 2) > 0).to(dt)]),
        ]
    c += [
        case("nonzero_numpy_1d", "aten::nonzero_numpy", [torch.tensor([0.0, 1.5, 0.0, -2.0])]),
        case("nonzero_numpy_scalar", "aten::nonzero_numpy", [torch.tensor(3.0)]),
        case("nonzero_numpy_empty", "aten::nonzero_numpy", [randn(0, 3)]),
        case("nonzero_numpy_none", "aten::nonzero_numpy", [torch.zeros(2, 2)]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("scatter", scatter_reduce_cases() + index_masked_take_cases())
