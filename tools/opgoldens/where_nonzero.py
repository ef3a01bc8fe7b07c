"""Golden cases for kernels/where_nonzero.cc: torch.where(condition), one index tensor per dim."""
import golden
from golden import case, randn
import torch


def cases():
    return [
        case("where_1d", "aten::where", [randn(7) > 0]),
        case("where_2d", "aten::where", [randn(4, 5) > 0.3]),
        case("where_3d_float", "aten::where", [(randn(2, 3, 4) > 0).float()]),
        case("where_int", "aten::where", [torch.tensor([[0, 3], [2, 0]])]),
        case("where_none_true", "aten::where", [torch.zeros(3, 2, dtype=torch.bool)]),
        case("where_empty", "aten::where", [torch.zeros(0, 3, dtype=torch.bool)]),
    ]


if __name__ == "__main__":
    golden.write_family("where_nonzero", cases())
