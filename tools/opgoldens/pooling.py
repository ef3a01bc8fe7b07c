"""Golden cases for kernels/pooling.cc: max/avg pooling in 1-d and 2-d with stride, padding,
dilation, ceil_mode, count_include_pad, divisor_override, unbatched inputs, and adaptive
average pooling with sizes that do and do not divide the input."""
import torch

import golden
from golden import case, randn


def cases():
    c = []
    mp = "aten::max_pool2d"
    c.append(case("max_pool2d_basic", mp, [randn(2, 3, 8, 8), [2, 2], [2, 2], [0, 0], [1, 1], False]))
    c.append(case("max_pool2d_default_stride", mp, [randn(1, 2, 9, 9), [3, 3], [], [0, 0], [1, 1], False]))
    c.append(case("max_pool2d_pad", mp, [randn(1, 2, 7, 9), [3, 3], [2, 2], [1, 1], [1, 1], False]))
    c.append(case("max_pool2d_ceil", mp, [randn(1, 2, 7, 10), [3, 2], [2, 3], [1, 0], [1, 1], True]))
    c.append(case("max_pool2d_dilation", mp, [randn(1, 2, 11, 13), [3, 2], [1, 2], [1, 1], [2, 3], False]))
    c.append(case("max_pool2d_dilation_ceil", mp, [randn(1, 1, 10, 10), [2, 2], [3, 3], [1, 0], [2, 2], True]))
    c.append(case("max_pool2d_resnet", mp, [randn(1, 4, 16, 16), [3, 3], [2, 2], [1, 1], [1, 1], False]))
    c.append(case("max_pool2d_unbatched", mp, [randn(3, 6, 6), [2, 2], [2, 2], [0, 0], [1, 1], False]))
    c.append(case("max_pool2d_one", mp, [randn(1, 1, 1, 1), [1, 1], [1, 1], [0, 0], [1, 1], False]))
    c.append(case("max_pool2d_f64", mp, [randn(1, 2, 7, 7, dtype=torch.float64), [3, 3], [2, 2], [1, 1], [1, 1], True]))
    m1 = "aten::max_pool1d"
    c.append(case("max_pool1d_basic", m1, [randn(2, 3, 13), [3], [2], [1], [1], False]))
    c.append(case("max_pool1d_ceil_dilation", m1, [randn(2, 3, 13), [2], [2], [1], [2], True]))
    c.append(case("max_pool1d_unbatched", m1, [randn(3, 10), [4], [], [0], [1], False]))
    ap = "aten::avg_pool2d"
    c.append(case("avg_pool2d_basic", ap, [randn(2, 3, 8, 8), [2, 2], [2, 2], [0, 0], False, True, None]))
    c.append(case("avg_pool2d_pad_include", ap, [randn(1, 2, 7, 9), [3, 3], [2, 2], [1, 1], False, True, None]))
    c.append(case("avg_pool2d_pad_exclude", ap, [randn(1, 2, 7, 9), [3, 3], [2, 2], [1, 1], False, False, None]))
    c.append(case("avg_pool2d_ceil_include", ap, [randn(1, 2, 7, 10), [3, 2], [2, 3], [1, 0], True, True, None]))
    c.append(case("avg_pool2d_ceil_exclude", ap, [randn(1, 2, 7, 10), [3, 2], [2, 3], [1, 0], True, False, None]))
    c.append(case("avg_pool2d_divisor", ap, [randn(1, 2, 6, 6), [2, 3], [2, 2], [1, 1], False, True, 5]))
    c.append(case("avg_pool2d_unbatched", ap, [randn(3, 6, 6), [3, 3], [], [0, 0], False, True, None]))
    c.append(case("avg_pool2d_f64", ap, [randn(1, 2, 7, 7, dtype=torch.float64), [3, 3], [2, 2], [1, 1], True, True,
                                         None]))
    a1 = "aten::avg_pool1d"
    c.append(case("avg_pool1d_basic", a1, [randn(2, 3, 13), [3], [2], [1], False, True]))
    c.append(case("avg_pool1d_ceil_exclude", a1, [randn(2, 3, 13), [4], [3], [2], True, False]))
    aa = "aten::adaptive_avg_pool2d"
    c.append(case("adaptive_avg_pool2d_global", aa, [randn(2, 3, 7, 7), [1, 1]]))
    c.append(case("adaptive_avg_pool2d_divisible", aa, [randn(2, 3, 8, 6), [4, 3]]))
    c.append(case("adaptive_avg_pool2d_uneven", aa, [randn(2, 3, 7, 10), [3, 4]]))
    c.append(case("adaptive_avg_pool2d_upsample", aa, [randn(1, 2, 3, 3), [5, 4]]))
    c.append(case("adaptive_avg_pool2d_unbatched", aa, [randn(3, 9, 9), [2, 2]]))
    c.append(case("adaptive_avg_pool2d_f64", aa, [randn(1, 2, 7, 5, dtype=torch.float64), [3, 2]]))
    c.append(case("adaptive_avg_pool1d", "aten::adaptive_avg_pool1d", [randn(2, 3, 11), [4]]))
    return c


if __name__ == "__main__":
    golden.write_family("pooling", cases())
