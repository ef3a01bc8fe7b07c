"""Golden cases for kernels/inplace_views.cc: triu_, tril_, fill_diagonal_ (square, wide, tall
with and without wrap, N-d) and broadcast_to. The C++ test checks that in-place ops wrote self."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool


def cases():
    c = []
    for dt in (F32, F64, I64, BOOL):
        n = str(dt).split(".")[1]
        mk = (lambda *s: randint(-9, 10, s).to(dt)) if dt in (I64, BOOL) else (lambda *s: randn(*s, dtype=dt))
        fill = True if dt == BOOL else 7
        c += [
            case(f"triu_inplace_{n}", "aten::triu_", [mk(4, 5), 0]),
            case(f"triu_inplace_offset_{n}", "aten::triu_", [mk(2, 4, 3), -1]),
            case(f"tril_inplace_{n}", "aten::tril_", [mk(4, 5), 1]),
            case(f"tril_inplace_batch_{n}", "aten::tril_", [mk(2, 3, 3), 0]),
            case(f"fill_diagonal_inplace_{n}", "aten::fill_diagonal_", [mk(4, 4), fill, False]),
            case(f"fill_diagonal_inplace_wide_{n}", "aten::fill_diagonal_", [mk(3, 5), fill, False]),
            case(f"fill_diagonal_inplace_tall_{n}", "aten::fill_diagonal_", [mk(7, 3), fill, False]),
            case(f"fill_diagonal_inplace_tall_wrap_{n}", "aten::fill_diagonal_", [mk(7, 3), fill, True]),
            case(f"fill_diagonal_inplace_3d_{n}", "aten::fill_diagonal_", [mk(3, 3, 3), fill, False]),
            case(f"broadcast_to_{n}", "aten::broadcast_to", [mk(3, 1), [2, 3, 4]]),
            case(f"broadcast_to_keep_{n}", "aten::broadcast_to", [mk(1, 4), [-1, 4]]),
        ]
    c += [
        case("fill_diagonal_float_value", "aten::fill_diagonal_", [randn(3, 3), -0.5, False]),
        case("fill_diagonal_wrap_short", "aten::fill_diagonal_", [randn(4, 3), 1.0, True]),
        case("fill_diagonal_wrap_long", "aten::fill_diagonal_", [randn(11, 2), 2.0, True]),
        case("triu_inplace_empty", "aten::triu_", [randn(0, 3), 0]),
        case("broadcast_to_scalar", "aten::broadcast_to", [randn(()), [2, 2]]),
        case("broadcast_to_empty", "aten::broadcast_to", [randn(1, 3), [0, 3]]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("inplace_views", cases())
