"""Golden cases for kernels/builtins.cc: the dtype helpers, size helpers and mode queries.

Grad mode is queried under torch.no_grad(), as the reference runner runs models.
"""
import golden
from golden import case
import torch

DTYPES = [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float32, torch.float64, torch.bool]


def cases():
    out = []
    for a in DTYPES:
        for b in DTYPES:
            name = f"{str(a)[6:]}_{str(b)[6:]}"
            out.append(case(f"can_cast_{name}", "aten::can_cast", [a, b]))
            out.append(case(f"promote_types_{name}", "aten::promote_types", [a, b]))
    out += [
        case("infer_size_broadcast", "aten::_infer_size", [[2, 1, 4], [3, 1]]),
        case("infer_size_scalar", "aten::_infer_size", [[], [5]]),
        case("size_if_not_equal_differs", "aten::_size_if_not_equal", [[2, 3], [3, 2]]),
        case("size_if_not_equal_same", "aten::_size_if_not_equal", [[2, 3], [2, 3]]),
        case("size_identity", "aten::Size", [[4, 0, 2]]),
        case("is_grad_enabled", "aten::is_grad_enabled", []),
        case("is_autocast_enabled", "aten::is_autocast_enabled", []),
        case("is_autocast_cpu_enabled", "aten::is_autocast_cpu_enabled", []),
    ]
    return out


if __name__ == "__main__":
    with torch.no_grad():
        golden.write_family("builtins", cases())
