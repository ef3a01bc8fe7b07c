"""Golden cases for kernels/upsample.cc: nearest and nearest-exact in 1/2/3 dims, linear,
bilinear, bicubic, trilinear and the antialiased bilinear/bicubic ops, through both the sized
overloads (with and without explicit scales) and the `.vec` overloads (output_size or
scale_factors), up- and downsampling with odd sizes and non-integer factors, align_corners both
ways, float32 and float64."""
import torch

import golden
from golden import case, randn


def cases():
    c = []
    f64 = torch.float64
    for dims, name in ((1, "upsample_nearest1d"), (2, "upsample_nearest2d"), (3, "upsample_nearest3d"),
                       (1, "_upsample_nearest_exact1d"), (2, "_upsample_nearest_exact2d"),
                       (3, "_upsample_nearest_exact3d")):
        op, vec = f"aten::{name}", f"aten::{name}.vec"
        shape = {1: (2, 3, 5), 2: (2, 3, 5, 7), 3: (1, 2, 3, 5, 4)}[dims]
        up = {1: [11], 2: [11, 9], 3: [7, 6, 9]}[dims]
        down = {1: [3], 2: [3, 4], 3: [2, 3, 3]}[dims]
        none = [None] * dims
        scales = {1: [2.3], 2: [2.3, 1.3], 3: [2.4, 1.25, 2.3]}[dims]
        c.append(case(f"{name}_up", op, [randn(*shape), up] + none))
        c.append(case(f"{name}_down", op, [randn(*shape), down] + none))
        c.append(case(f"{name}_double", op, [randn(*shape), [2 * s for s in shape[2:]]] + none))
        c.append(case(f"{name}_scales", op, [randn(*shape), up] + scales))
        c.append(case(f"{name}_f64", op, [randn(*shape, dtype=f64), up] + none))
        c.append(case(f"{name}_vec_size", vec, [randn(*shape), up, None]))
        c.append(case(f"{name}_vec_factor", vec, [randn(*shape), None, [2.0] * dims]))
        c.append(case(f"{name}_vec_odd_factor", vec, [randn(*shape), None, [1.3, 2.5, 0.6][:dims]]))
        c.append(case(f"{name}_vec_down_factor", vec, [randn(*shape), None, [0.5] * dims]))
    c.append(case("nearest2d_uint8", "aten::upsample_nearest2d.vec",
                  [torch.randint(0, 255, (1, 3, 4, 5), dtype=torch.uint8), [7, 9], None]))
    for dims, name in ((1, "upsample_linear1d"), (2, "upsample_bilinear2d"), (3, "upsample_trilinear3d"),
                       (2, "upsample_bicubic2d"), (2, "_upsample_bilinear2d_aa"), (2, "_upsample_bicubic2d_aa")):
        op, vec = f"aten::{name}", f"aten::{name}.vec"
        shape = {1: (2, 3, 5), 2: (2, 3, 5, 7), 3: (1, 2, 3, 5, 4)}[dims]
        up = {1: [11], 2: [11, 9], 3: [7, 6, 9]}[dims]
        down = {1: [3], 2: [3, 4], 3: [2, 3, 3]}[dims]
        none = [None] * dims
        # Scales consistent with the sizes (out = floor(in * scale)), as F.interpolate passes them.
        scales = {1: [2.3], 2: [2.3, 1.3], 3: [2.4, 1.25, 2.3]}[dims]
        for ac in (False, True):
            tag = "ac" if ac else "hp"
            c.append(case(f"{name}_{tag}_up", op, [randn(*shape), up, ac] + none))
            c.append(case(f"{name}_{tag}_down", op, [randn(*shape), down, ac] + none))
            c.append(case(f"{name}_{tag}_same", op, [randn(*shape), list(shape[2:]), ac] + none))
            c.append(case(f"{name}_{tag}_to_one", op, [randn(*shape), [1] * dims, ac] + none))
            c.append(case(f"{name}_{tag}_scales", op, [randn(*shape), up, ac] + scales))
            c.append(case(f"{name}_{tag}_f64", op, [randn(*shape, dtype=f64), up, ac] + none))
            c.append(case(f"{name}_{tag}_f64_down", op, [randn(*shape, dtype=f64), down, ac] + none))
            c.append(case(f"{name}_{tag}_vec_size", vec, [randn(*shape), up, ac, None]))
            c.append(case(f"{name}_{tag}_vec_factor", vec, [randn(*shape), None, ac, [2.0] * dims]))
            c.append(case(f"{name}_{tag}_vec_odd_factor", vec, [randn(*shape), None, ac, [1.3, 2.5, 0.6][:dims]]))
            c.append(case(f"{name}_{tag}_vec_down_factor", vec, [randn(*shape), None, ac, [0.4] * dims]))
    c.append(case("bilinear2d_large_down", "aten::_upsample_bilinear2d_aa",
                  [randn(1, 2, 37, 29), [5, 8], False, None, None]))
    c.append(case("bicubic2d_aa_large_down", "aten::_upsample_bicubic2d_aa",
                  [randn(1, 2, 37, 29), [5, 8], False, None, None]))
    c.append(case("bilinear2d_channels_last", "aten::upsample_bilinear2d.vec",
                  [randn(2, 8, 5, 6).to(memory_format=torch.channels_last), [9, 13], False, None]))
    return c


if __name__ == "__main__":
    golden.write_family("upsample", cases())
