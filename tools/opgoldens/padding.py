"""Golden cases for kernels/padding.cc: constant_pad_nd (positive, negative and partial padding,
integer and float64 inputs), aten::pad and _pad_enum in every mode, reflection/replication
padding in 1, 2 and 3 dims (batched and unbatched, odd sizes, negative padding) and _pad_circular."""
import torch

import golden
from golden import case, randn, randint


def cases():
    c = []
    cp = "aten::constant_pad_nd"
    c.append(case("constant_last_dim", cp, [randn(2, 3, 5), [1, 2], 0.0]))
    c.append(case("constant_two_dims", cp, [randn(2, 3, 5), [1, 2, 3, 0], 1.5]))
    c.append(case("constant_all_dims", cp, [randn(2, 3, 4), [1, 1, 0, 2, 2, 1], -2.0]))
    c.append(case("constant_negative", cp, [randn(1, 4, 7), [-2, 1, -1, -1], 0.5]))
    c.append(case("constant_crop_to_empty", cp, [randn(1, 3, 4), [-2, -2], 0.0]))
    c.append(case("constant_int", cp, [randint(-5, 5, (3, 4)), [2, 1, 1, 0], 7]))
    c.append(case("constant_f64", cp, [randn(2, 3, dtype=torch.float64), [0, 3], 0.25]))
    c.append(case("constant_1d", cp, [randn(5), [3, 2], 1.0]))
    c.append(case("constant_empty_pad", cp, [randn(2, 3), [], 1.0]))
    pad = "aten::pad"
    c.append(case("pad_constant_default", pad, [randn(1, 2, 5, 5), [1, 1, 2, 2], "constant", None]))
    c.append(case("pad_constant_value", pad, [randn(1, 2, 5, 5), [1, 0, 0, 2], "constant", 3.0]))
    c.append(case("pad_reflect_1d", pad, [randn(2, 3, 6), [3, 5], "reflect", None]))
    c.append(case("pad_reflect_2d", pad, [randn(2, 3, 5, 7), [2, 3, 4, 1], "reflect", None]))
    c.append(case("pad_reflect_3d", pad, [randn(1, 2, 4, 5, 3), [1, 2, 3, 1, 2, 0], "reflect", None]))
    c.append(case("pad_replicate_2d", pad, [randn(2, 3, 5, 7), [2, 3, 6, 1], "replicate", None]))
    c.append(case("pad_replicate_unbatched", pad, [randn(3, 4, 4), [5, 1, 0, 2], "replicate", None]))
    c.append(case("pad_circular_2d", pad, [randn(2, 3, 5, 7), [2, 3, 4, 1], "circular", None]))
    c.append(case("pad_circular_1d", pad, [randn(2, 3, 6), [6, 2], "circular", None]))
    c.append(case("pad_circular_3d", pad, [randn(1, 2, 4, 5, 3), [1, 2, 3, 1, 2, 0], "circular", None]))
    pe = "aten::_pad_enum"
    c.append(case("pad_enum_reflect", pe, [randn(1, 2, 5, 6), [1, 2, 3, 4], 0, None]))
    c.append(case("pad_enum_replicate", pe, [randn(1, 2, 5, 6), [1, 2, 3, 4], 1, None]))
    c.append(case("pad_enum_circular", pe, [randn(1, 2, 5, 6), [1, 2, 3, 4], 2, None]))
    c.append(case("pad_enum_constant", pe, [randn(1, 2, 5, 6), [1, 2, 3, 4], 3, 2.5]))
    for mode in ("reflection", "replication"):
        c.append(case(f"{mode}_1d", f"aten::{mode}_pad1d", [randn(2, 3, 7), [3, 2]]))
        c.append(case(f"{mode}_1d_unbatched", f"aten::{mode}_pad1d", [randn(3, 7), [0, 4]]))
        c.append(case(f"{mode}_1d_negative", f"aten::{mode}_pad1d", [randn(2, 3, 7), [-2, 3]]))
        c.append(case(f"{mode}_2d", f"aten::{mode}_pad2d", [randn(2, 3, 7, 6), [2, 1, 3, 4]]))
        c.append(case(f"{mode}_2d_unbatched", f"aten::{mode}_pad2d", [randn(3, 5, 5), [4, 4, 1, 1]]))
        c.append(case(f"{mode}_2d_f64", f"aten::{mode}_pad2d", [randn(1, 2, 5, 4, dtype=torch.float64),
                                                             [1, 3, 2, 2]]))
        c.append(case(f"{mode}_3d", f"aten::{mode}_pad3d", [randn(1, 2, 4, 5, 6), [1, 2, 3, 0, 2, 1]]))
        c.append(case(f"{mode}_3d_unbatched", f"aten::{mode}_pad3d", [randn(2, 3, 3, 3), [1, 1, 1, 1, 1, 1]]))
    c.append(case("circular_2d", "aten::_pad_circular", [randn(2, 3, 5, 7), [2, 3, 4, 1]]))
    c.append(case("circular_negative", "aten::_pad_circular", [randn(2, 3, 6), [-1, 2]]))
    return c


if __name__ == "__main__":
    golden.write_family("padding", cases())
