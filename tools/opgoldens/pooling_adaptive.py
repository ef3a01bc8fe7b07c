"""Golden cases for kernels/pooling_adaptive.cc: max pooling with indices in 1/2/3 dims (stride,
padding, dilation, ceil_mode, unbatched inputs, NaNs and ties), max_pool3d, avg_pool3d (padding,
ceil_mode, count_include_pad, divisor_override), adaptive average pooling in 3-d and through the
_adaptive_avg_pool2d/3d names, and adaptive max pooling with indices in 1/2/3 dims, with output
sizes that do and do not divide the input, and larger than it."""
import torch

import golden
from golden import case, randn


def with_nans_and_ties(*shape):
    x = torch.randint(-3, 4, shape).float()
    x.view(-1)[::7] = float("nan")
    return x


def cases():
    c = []
    f64 = torch.float64
    m1, m2, m3 = "aten::max_pool1d_with_indices", "aten::max_pool2d_with_indices", "aten::max_pool3d_with_indices"
    c.append(case("mp1_basic", m1, [randn(2, 3, 13), [3], [2], [1], [1], False]))
    c.append(case("mp1_ceil_dilation", m1, [randn(2, 3, 13), [2], [2], [1], [2], True]))
    c.append(case("mp1_unbatched", m1, [randn(3, 10), [4], [], [0], [1], False]))
    c.append(case("mp2_basic", m2, [randn(2, 3, 8, 8), [2, 2], [2, 2], [0, 0], [1, 1], False]))
    c.append(case("mp2_pad", m2, [randn(1, 2, 7, 9), [3, 3], [2, 2], [1, 1], [1, 1], False]))
    c.append(case("mp2_ceil", m2, [randn(1, 2, 7, 10), [3, 2], [2, 3], [1, 0], [1, 1], True]))
    c.append(case("mp2_dilation", m2, [randn(1, 2, 11, 13), [3, 2], [1, 2], [1, 1], [2, 3], False]))
    c.append(case("mp2_unbatched", m2, [randn(3, 6, 6), [2, 2], [], [0, 0], [1, 1], False]))
    c.append(case("mp2_nan_ties", m2, [with_nans_and_ties(1, 2, 9, 9), [3, 3], [2, 2], [1, 1], [1, 1], False]))
    c.append(case("mp2_f64", m2, [randn(1, 2, 7, 7, dtype=f64), [3, 3], [2, 2], [1, 1], [1, 1], True]))
    c.append(case("mp3_basic", m3, [randn(1, 2, 6, 6, 6), [2, 2, 2], [2, 2, 2], [0, 0, 0], [1, 1, 1], False]))
    c.append(case("mp3_pad_ceil", m3, [randn(2, 2, 5, 7, 6), [3, 3, 2], [2, 2, 2], [1, 1, 1], [1, 1, 1], True]))
    c.append(case("mp3_dilation", m3, [randn(1, 2, 7, 8, 9), [2, 3, 2], [1, 2, 3], [1, 1, 0], [2, 2, 3], False]))
    c.append(case("mp3_unbatched", m3, [randn(2, 4, 4, 4), [3], [], [1], [1], False]))
    c.append(case("mp3_f64", m3, [randn(1, 1, 5, 5, 5, dtype=f64), [2, 2, 2], [1, 2, 1], [1, 0, 1], [1, 1, 1],
                                  False]))
    mp = "aten::max_pool3d"
    c.append(case("max_pool3d_basic", mp, [randn(1, 2, 6, 6, 6), [2, 2, 2], [2, 2, 2], [0, 0, 0], [1, 1, 1], False]))
    c.append(case("max_pool3d_ceil", mp, [randn(1, 2, 7, 5, 6), [3, 2, 2], [2, 2, 2], [1, 1, 0], [1, 1, 1], True]))
    ap = "aten::avg_pool3d"
    c.append(case("avg_pool3d_basic", ap, [randn(2, 3, 6, 6, 6), [2, 2, 2], [2, 2, 2], [0, 0, 0], False, True, None]))
    c.append(case("avg_pool3d_pad_include", ap, [randn(1, 2, 5, 7, 6), [3, 3, 3], [2, 2, 2], [1, 1, 1], False, True,
                                                 None]))
    c.append(case("avg_pool3d_pad_exclude", ap, [randn(1, 2, 5, 7, 6), [3, 3, 3], [2, 2, 2], [1, 1, 1], False,
                                                 False, None]))
    c.append(case("avg_pool3d_ceil_include", ap, [randn(1, 2, 7, 5, 8), [3, 2, 3], [2, 3, 2], [1, 0, 1], True, True,
                                                  None]))
    c.append(case("avg_pool3d_ceil_exclude", ap, [randn(1, 2, 7, 5, 8), [3, 2, 3], [2, 3, 2], [1, 0, 1], True,
                                                  False, None]))
    c.append(case("avg_pool3d_divisor", ap, [randn(1, 2, 4, 6, 6), [2, 2, 3], [2, 2, 2], [1, 1, 1], False, True, 5]))
    c.append(case("avg_pool3d_unbatched", ap, [randn(3, 4, 4, 4), [2], [], [0], False, True, None]))
    c.append(case("avg_pool3d_f64", ap, [randn(1, 2, 5, 5, 5, dtype=f64), [3, 3, 3], [2, 2, 2], [1, 1, 1], True,
                                         True, None]))
    for name, spatial in (("adaptive_avg_pool3d", 3), ("_adaptive_avg_pool3d", 3), ("_adaptive_avg_pool2d", 2),
                          ("adaptive_max_pool1d", 1), ("adaptive_max_pool2d", 2), ("adaptive_max_pool3d", 3)):
        op = f"aten::{name}"
        shape = {1: (2, 3, 11), 2: (2, 3, 7, 10), 3: (1, 2, 5, 7, 6)}[spatial]
        uneven = {1: [4], 2: [3, 4], 3: [2, 3, 4]}[spatial]
        c.append(case(f"{name}_global", op, [randn(*shape), [1] * spatial]))
        c.append(case(f"{name}_uneven", op, [randn(*shape), uneven]))
        c.append(case(f"{name}_identity", op, [randn(*shape), list(shape[2:])]))
        c.append(case(f"{name}_upsample", op, [randn(*shape), [s + 3 for s in shape[2:]]]))
        c.append(case(f"{name}_unbatched", op, [randn(*shape[1:]), uneven]))
        c.append(case(f"{name}_f64", op, [randn(*shape, dtype=f64), uneven]))
    c.append(case("adaptive_max_pool2d_nan_ties", "aten::adaptive_max_pool2d", [with_nans_and_ties(1, 2, 9, 7),
                                                                               [4, 3]]))
    return c


if __name__ == "__main__":
    golden.write_family("pooling_adaptive", cases())
