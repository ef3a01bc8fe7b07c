"""Golden cases for kernels/unique.cc: _unique, _unique2, unique_dim and unique_consecutive with
and without inverse indices and counts, across dtypes, including empty and 0-d inputs."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32, U8, BOOL = torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8, torch.bool


def cases():
    c = []
    for dt in (F32, F64, I64, I32, U8, BOOL):
        n = str(dt).split(".")[1]
        x = randint(0, 4, (3, 5)).to(dt)
        if dt in (F32, F64):
            x = x - 1.5
        rows = torch.tensor([[1, 2], [0, 5], [1, 2], [0, 1], [1, 2]]).to(dt)
        runs = torch.tensor([1, 1, 0, 0, 0, 1, 3, 3, 1]).to(dt)
        c += [
            case(f"unique2_{n}", "aten::_unique2", [x, True, False, False]),
            case(f"unique2_all_{n}", "aten::_unique2", [x, True, True, True]),
            case(f"unique_{n}", "aten::_unique", [x, True, True]),
            case(f"unique_dim0_{n}", "aten::unique_dim", [rows, 0, True, True, True]),
            case(f"unique_dim1_{n}", "aten::unique_dim", [rows.t().contiguous(), 1, True, True, True]),
            case(f"unique_consecutive_{n}", "aten::unique_consecutive", [runs, True, True, None]),
            case(f"unique_consecutive_plain_{n}", "aten::unique_consecutive", [runs, False, False, None]),
            case(f"unique_consecutive_dim_{n}", "aten::unique_consecutive", [rows, True, True, 0]),
            case(f"unique_consecutive_2d_flat_{n}", "aten::unique_consecutive", [x, True, True, None]),
        ]
    c += [
        case("unique2_negative_zero", "aten::_unique2", [torch.tensor([0.0, -0.0, 1.0, -1.0]), True, True, True]),
        case("unique2_empty", "aten::_unique2", [randn(0, 3), True, True, True]),
        case("unique2_scalar", "aten::_unique2", [torch.tensor(2.5), True, True, True]),
        case("unique2_large", "aten::_unique2", [randint(-50, 50, (1000,)), True, True, True]),
        case("unique_dim_3d", "aten::unique_dim", [randint(0, 2, (3, 2, 4)), 1, True, True, True]),
        case("unique_dim_negative", "aten::unique_dim", [randint(0, 2, (4, 3)), -2, True, False, True]),
        case("unique_consecutive_dim1", "aten::unique_consecutive",
             [torch.tensor([[1, 1, 2, 2], [3, 3, 4, 5]]), True, True, 1]),
        case("unique_dim_empty_selected", "aten::unique_dim", [randn(0, 3), 0, True, True, True]),
        case("unique_dim_consecutive", "aten::unique_dim_consecutive",
             [torch.tensor([[1, 1, 2, 2], [3, 3, 4, 5]]), 1, True, True]),
        case("unique_dim_consecutive_rows", "aten::unique_dim_consecutive",
             [torch.tensor([[1, 2], [1, 2], [0, 1], [1, 2]]), 0, False, False]),
        case("unique_consecutive_empty", "aten::unique_consecutive", [randn(0), True, True, None]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("unique", cases())
