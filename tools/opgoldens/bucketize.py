"""Golden cases for kernels/bucketize.cc: bucketize and searchsorted (Tensor and Scalar forms,
left/right, int32 output, N-D boundaries, sorter, NaN, empty)."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32 = torch.float32, torch.float64, torch.int64, torch.int32


def cases():
    c = []
    for dt in (F32, F64, I64, I32):
        n = str(dt).split(".")[1]
        bounds = torch.tensor([-3, -1, 0, 0, 2, 5]).to(dt)
        vals = (torch.tensor([[-4, -3, -2, 0], [1, 2, 5, 9]]) if dt in (I64, I32)
                else torch.tensor([[-4.0, -3.0, -0.5, 0.0], [1.5, 2.0, 5.0, 9.0]])).to(dt)
        c += [
            case(f"bucketize_{n}", "aten::bucketize.Tensor", [vals, bounds, False, False]),
            case(f"bucketize_right_{n}", "aten::bucketize.Tensor", [vals, bounds, False, True]),
            case(f"bucketize_int32_{n}", "aten::bucketize.Tensor", [vals, bounds, True, False]),
            case(f"bucketize_scalar_{n}", "aten::bucketize.Scalar", [2, bounds, False, False]),
            case(f"searchsorted_{n}", "aten::searchsorted.Tensor", [bounds, vals, False, False, None, None]),
            case(f"searchsorted_right_{n}", "aten::searchsorted.Tensor", [bounds, vals, False, True, None, None]),
            case(f"searchsorted_side_{n}", "aten::searchsorted.Tensor", [bounds, vals, True, False, "right", None]),
            case(f"searchsorted_scalar_{n}", "aten::searchsorted.Scalar", [bounds, 0, False, False, "left", None]),
        ]
    rows = torch.sort(randn(3, 6), dim=1).values
    unsorted = randn(7)
    c += [
        case("bucketize_float_scalar", "aten::bucketize.Scalar", [0.5, torch.tensor([0.0, 0.5, 1.0]), False, True]),
        case("bucketize_nan", "aten::bucketize.Tensor",
             [torch.tensor([float("nan"), 1.0]), torch.tensor([0.0, 2.0]), False, False]),
        case("bucketize_nan_right", "aten::bucketize.Tensor",
             [torch.tensor([float("nan"), 1.0]), torch.tensor([0.0, 2.0]), False, True]),
        case("bucketize_mixed_dtype", "aten::bucketize.Tensor", [randn(5), torch.tensor([-1, 0, 1]), False, False]),
        case("bucketize_empty_values", "aten::bucketize.Tensor", [randn(0, 2), torch.tensor([0.0, 1.0]), False, False]),
        case("bucketize_empty_boundaries", "aten::bucketize.Tensor", [randn(4), randn(0), False, False]),
        case("bucketize_3d", "aten::bucketize.Tensor", [randn(2, 3, 4), torch.linspace(-1, 1, 5), False, False]),
        case("bucketize_0d", "aten::bucketize.Tensor", [torch.tensor(0.3), torch.linspace(-1, 1, 5), False, False]),
        case("searchsorted_nd", "aten::searchsorted.Tensor", [rows, randn(3, 4), False, False, None, None]),
        case("searchsorted_nd_right", "aten::searchsorted.Tensor", [rows, randn(3, 4), False, True, None, None]),
        case("searchsorted_sorter", "aten::searchsorted.Tensor",
             [unsorted, randn(5), False, False, None, torch.argsort(unsorted)]),
        case("searchsorted_sorter_right", "aten::searchsorted.Tensor",
             [unsorted, randn(2, 3), True, True, None, torch.argsort(unsorted)]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("bucketize", cases())
