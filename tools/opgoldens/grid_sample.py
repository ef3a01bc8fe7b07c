"""Golden cases for kernels/grid_sample.cc: grid_sampler_2d in every interpolation mode
(bilinear, nearest, bicubic) x padding mode (zeros, border, reflection) x align_corners, with
grid points well outside [-1, 1]; grid_sampler_3d (trilinear, nearest); grid_sampler on 4-d and
5-d inputs; float64."""
import torch

import golden
from golden import case, randn


def grid(*shape, spread=1.4, dtype=torch.float32):
    # Points inside and outside [-1, 1], so that every padding mode matters.
    return ((torch.rand(*shape) * 2 - 1) * spread).to(dtype)


def cases():
    c = []
    f64 = torch.float64
    for mode, mname in ((0, "bilinear"), (1, "nearest"), (2, "bicubic")):
        for pad, pname in ((0, "zeros"), (1, "border"), (2, "reflection")):
            for ac in (False, True):
                tag = f"{mname}_{pname}_{'ac' if ac else 'hp'}"
                c.append(case(f"g2d_{tag}", "aten::grid_sampler_2d",
                              [randn(2, 3, 5, 7), grid(2, 4, 6, 2), mode, pad, ac]))
                c.append(case(f"g2d_{tag}_far", "aten::grid_sampler_2d",
                              [randn(1, 2, 4, 3), grid(1, 5, 5, 2, spread=4.0), mode, pad, ac]))
        c.append(case(f"g2d_{mname}_f64", "aten::grid_sampler_2d",
                      [randn(1, 2, 6, 5, dtype=f64), grid(1, 3, 4, 2, dtype=f64), mode, 2, False]))
        c.append(case(f"g2d_{mname}_one_pixel", "aten::grid_sampler_2d",
                      [randn(1, 2, 1, 1), grid(1, 3, 3, 2), mode, 2, True]))
    for mode, mname in ((0, "bilinear"), (1, "nearest")):
        for pad, pname in ((0, "zeros"), (1, "border"), (2, "reflection")):
            for ac in (False, True):
                tag = f"{mname}_{pname}_{'ac' if ac else 'hp'}"
                c.append(case(f"g3d_{tag}", "aten::grid_sampler_3d",
                              [randn(2, 2, 3, 4, 5), grid(2, 2, 3, 4, 3), mode, pad, ac]))
        c.append(case(f"g3d_{mname}_f64", "aten::grid_sampler_3d",
                      [randn(1, 2, 3, 4, 5, dtype=f64), grid(1, 2, 2, 3, 3, dtype=f64), mode, 0, True]))
    # Non-finite and huge grid points: NaN clips to the first pixel, as torch's does.
    odd = torch.tensor([[[[float("nan"), 0.0], [0.0, float("nan")], [float("inf"), 0.0], [-float("inf"), 0.5],
                          [1e30, 0.0], [-3e20, 0.2]]]])
    for mode in (0, 1, 2):
        for pad in (0, 1, 2):
            c.append(case(f"g2d_nonfinite_{mode}_{pad}", "aten::grid_sampler_2d",
                          [randn(1, 2, 4, 4), odd, mode, pad, False]))
    c.append(case("grid_sampler_4d", "aten::grid_sampler", [randn(1, 3, 6, 6), grid(1, 4, 4, 2), 0, 0, False]))
    c.append(case("grid_sampler_5d", "aten::grid_sampler", [randn(1, 2, 3, 4, 4), grid(1, 2, 2, 2, 3), 0, 1, False]))
    return c


if __name__ == "__main__":
    golden.write_family("grid_sample", cases())
