"""Golden cases for kernels/inverse_trig.cc: atan, asin, acos (float32/float64/int inputs, values
outside [-1, 1] giving nan, infinities) and their in-place forms."""
import golden
from golden import case, randn, randint
import torch


def cases():
    c = []
    wide = torch.tensor([-float("inf"), -1e6, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 1e6, float("inf")])
    for op in ("atan", "asin", "acos"):
        c += [
            case(f"{op}_f32", f"aten::{op}", [torch.rand(3, 4) * 2 - 1]),
            case(f"{op}_f64", f"aten::{op}", [(torch.rand(5) * 2 - 1).double()]),
            case(f"{op}_int", f"aten::{op}", [randint(-1, 2, (2, 3))]),
            case(f"{op}_wide", f"aten::{op}", [wide]),
            case(f"{op}_strided", f"aten::{op}", [(torch.rand(4, 3) * 2 - 1).t()]),
            case(f"{op}_inplace", f"aten::{op}_", [torch.rand(2, 3) * 2 - 1]),
        ]
    c.append(case("atan_large", "aten::atan", [randn(4, 4) * 100]))
    return c


if __name__ == "__main__":
    golden.write_family("inverse_trig", cases())
