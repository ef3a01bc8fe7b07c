"""Golden cases for kernels/unfold.cc: im2col and col2im with kernel, dilation, padding and
stride combinations, odd sizes, unbatched and float64 inputs; col2im
inputs with overlapping blocks (sums) and blocks that skip pixels."""
import torch

import golden
from golden import case, randn


def cases():
    c = []
    im = "aten::im2col"
    c.append(case("im2col_basic", im, [randn(2, 3, 5, 6), [2, 2], [1, 1], [0, 0], [1, 1]]))
    c.append(case("im2col_pad_stride", im, [randn(1, 2, 7, 9), [3, 3], [1, 1], [1, 1], [2, 2]]))
    c.append(case("im2col_dilation", im, [randn(1, 2, 9, 8), [2, 3], [2, 2], [1, 0], [1, 2]]))
    c.append(case("im2col_asymmetric", im, [randn(2, 1, 6, 11), [1, 4], [1, 3], [2, 1], [3, 1]]))
    c.append(case("im2col_unbatched", im, [randn(3, 5, 5), [3, 3], [1, 1], [1, 1], [1, 1]]))
    c.append(case("im2col_whole_image", im, [randn(1, 2, 4, 3), [4, 3], [1, 1], [0, 0], [1, 1]]))
    c.append(case("im2col_f64", im, [randn(1, 2, 5, 5, dtype=torch.float64), [3, 2], [1, 2], [1, 1], [2, 1]]))
    ci = "aten::col2im"
    c.append(case("col2im_overlap", ci, [randn(2, 3 * 4, 20), [5, 6], [2, 2], [1, 1], [0, 0], [1, 1]]))
    c.append(case("col2im_pad_stride", ci, [randn(1, 2 * 9, 20), [7, 9], [3, 3], [1, 1], [1, 1], [2, 2]]))
    c.append(case("col2im_dilation", ci, [randn(1, 2 * 6, 9 * 2), [9, 8], [2, 3], [2, 2], [1, 0], [1, 2]]))
    c.append(case("col2im_skip", ci, [randn(1, 2 * 4, 4), [7, 7], [2, 2], [1, 1], [0, 0], [3, 3]]))
    c.append(case("col2im_unbatched", ci, [randn(3 * 9, 25), [5, 5], [3, 3], [1, 1], [1, 1], [1, 1]]))
    c.append(case("col2im_f64", ci, [randn(1, 2 * 6, 15, dtype=torch.float64), [5, 5], [3, 2], [1, 2], [1, 1],
                                     [2, 1]]))
    return c


if __name__ == "__main__":
    golden.write_family("unfold", cases())
