"""Golden cases for kernels/shape_as_tensor.cc: aten::_shape_as_tensor on 0-d, empty, 1- to 5-d,
non-float and non-contiguous inputs (the result is always int64 sizes)."""
import torch

import golden
from golden import case, randn, randint


def cases():
    op = "aten::_shape_as_tensor"
    return [
        case("scalar", op, [torch.tensor(2.5)]),
        case("vector", op, [randn(7)]),
        case("matrix_empty_dim", op, [torch.zeros(2, 0, 3)]),
        case("image", op, [randn(1, 3, 5, 4)]),
        case("video", op, [randn(1, 2, 3, 4, 5)]),
        case("int", op, [randint(0, 9, (3, 2), dtype=torch.int32)]),
        case("bool", op, [torch.ones(4, 1, dtype=torch.bool)]),
        case("transposed", op, [randn(3, 6).t()]),
    ]


if __name__ == "__main__":
    golden.write_family("shape_as_tensor", cases())
