"""Golden cases for kernels/convolution.cc: conv1d/2d/3d with int and "same"/"valid"
padding, stride, dilation, groups (including depthwise), no bias, odd sizes, unbatched input,
aten::_convolution in both schemas and aten::_convolution_mode."""
import torch

import golden
from golden import case, randn


def cases():
    c = []
    c2 = "aten::conv2d"
    c.append(case("conv2d_basic", c2, [randn(2, 3, 8, 8), randn(4, 3, 3, 3), randn(4), [1, 1], [0, 0], [1, 1], 1]))
    c.append(case("conv2d_pad_stride", c2, [randn(1, 3, 9, 7), randn(5, 3, 3, 3), randn(5), [2, 2], [1, 1], [1, 1], 1]))
    c.append(case("conv2d_asym", c2, [randn(1, 2, 13, 7), randn(3, 2, 3, 1), None, [2, 1], [1, 0], [1, 1], 1]))
    c.append(case("conv2d_dilation", c2, [randn(1, 2, 11, 11), randn(3, 2, 3, 3), randn(3), [1, 1], [2, 2], [2, 2], 1]))
    c.append(case("conv2d_groups", c2, [randn(2, 4, 6, 6), randn(6, 2, 3, 3), randn(6), [1, 1], [1, 1], [1, 1], 2]))
    c.append(case("conv2d_depthwise", c2, [randn(1, 4, 7, 7), randn(4, 1, 3, 3), None, [1, 1], [1, 1], [1, 1], 4]))
    c.append(case("conv2d_1x1", c2, [randn(2, 8, 5, 5), randn(16, 8, 1, 1), randn(16), [1, 1], [0, 0], [1, 1], 1]))
    c.append(case("conv2d_one", c2, [randn(1, 1, 1, 1), randn(1, 1, 1, 1), randn(1), [1, 1], [0, 0], [1, 1], 1]))
    c.append(case("conv2d_unbatched", c2, [randn(3, 6, 6), randn(2, 3, 3, 3), randn(2), [1, 1], [1, 1], [1, 1], 1]))
    c.append(case("conv2d_f64", c2, [randn(1, 2, 6, 5, dtype=torch.float64), randn(3, 2, 3, 2, dtype=torch.float64),
                                     randn(3, dtype=torch.float64), [1, 2], [1, 0], [1, 1], 1]))
    c.append(case("conv2d_f64_groups_dilation", c2, [randn(1, 4, 9, 9, dtype=torch.float64),
                                                     randn(4, 2, 3, 3, dtype=torch.float64), None,
                                                     [2, 1], [2, 1], [2, 3], 2]))
    c.append(case("conv2d_resnet_stem", c2, [randn(1, 3, 32, 32), randn(8, 3, 7, 7), None, [2, 2], [3, 3], [1, 1], 1],
                  rtol=1e-4, atol=1e-4))
    c2p = "aten::conv2d.padding"
    c.append(case("conv2d_same", c2p, [randn(1, 2, 7, 8), randn(3, 2, 3, 3), randn(3), [1, 1], "same", [1, 1], 1]))
    c.append(case("conv2d_same_even_kernel", c2p, [randn(1, 2, 7, 8), randn(3, 2, 4, 2), randn(3), [1, 1], "same",
                                                   [1, 1], 1]))
    c.append(case("conv2d_same_dilated", c2p, [randn(1, 2, 9, 9), randn(2, 2, 3, 3), None, [1, 1], "same", [2, 3], 1]))
    c.append(case("conv2d_valid", c2p, [randn(1, 2, 7, 8), randn(3, 2, 3, 3), randn(3), [2, 2], "valid", [1, 1], 1]))
    c1 = "aten::conv1d"
    c.append(case("conv1d_basic", c1, [randn(2, 3, 13), randn(4, 3, 3), randn(4), [1], [1], [1], 1]))
    c.append(case("conv1d_stride_dilation", c1, [randn(1, 4, 20), randn(2, 2, 5), None, [3], [2], [2], 2]))
    c.append(case("conv1d_unbatched", c1, [randn(3, 10), randn(2, 3, 3), randn(2), [1], [0], [1], 1]))
    c.append(case("conv1d_f64", c1, [randn(2, 3, 9, dtype=torch.float64), randn(4, 3, 2, dtype=torch.float64),
                                     randn(4, dtype=torch.float64), [2], [1], [1], 1]))
    c.append(case("conv1d_same", "aten::conv1d.padding", [randn(1, 3, 10), randn(2, 3, 4), randn(2), [1], "same", [1], 1]))
    c.append(case("conv3d_basic", "aten::conv3d", [randn(1, 2, 5, 6, 4), randn(3, 2, 3, 3, 2), randn(3), [1, 2, 1],
                                                   [1, 1, 0], [1, 1, 1], 1]))
    c.append(case("conv3d_same", "aten::conv3d.padding", [randn(1, 2, 4, 5, 4), randn(2, 2, 3, 2, 3), None, [1, 1, 1],
                                                          "same", [1, 1, 1], 1]))
    uc = "aten::_convolution"
    c.append(case("_convolution_2d", uc, [randn(2, 4, 7, 7), randn(6, 2, 3, 3), randn(6), [1, 2], [1, 1], [1, 1],
                                          False, [0, 0], 2, False, False, True, True]))
    c.append(case("_convolution_1d", uc, [randn(2, 3, 11), randn(5, 3, 3), None, [2], [1], [1],
                                          False, [0], 1, False, False, True, True]))
    c.append(case("_convolution_deprecated", "aten::_convolution.deprecated",
                  [randn(1, 3, 6, 6), randn(2, 3, 3, 3), randn(2), [1, 1], [0, 0], [1, 1],
                   False, [0, 0], 1, False, False, True]))
    c.append(case("_convolution_mode_same", "aten::_convolution_mode",
                  [randn(1, 3, 6, 5), randn(2, 3, 3, 2), randn(2), [1, 1], "same", [1, 1], 1]))
    c.append(case("_convolution_mode_valid", "aten::_convolution_mode",
                  [randn(1, 3, 6, 5), randn(2, 3, 3, 2), None, [2, 1], "valid", [1, 1], 1]))
    # Transposed convolutions (weights are [C_in, C_out / groups, k...]).
    ct2 = "aten::conv_transpose2d.input"
    c.append(case("conv_transpose2d_basic", ct2, [randn(2, 3, 5, 5), randn(3, 4, 3, 3), randn(4), [1, 1], [0, 0],
                                                  [0, 0], 1, [1, 1]]))
    c.append(case("conv_transpose2d_stride_pad", ct2, [randn(1, 4, 6, 5), randn(4, 2, 4, 3), None, [2, 2], [1, 1],
                                                       [0, 1], 1, [1, 1]]))
    c.append(case("conv_transpose2d_output_padding_gt_pad", ct2, [randn(1, 2, 4, 4), randn(2, 3, 3, 3), randn(3),
                                                                  [3, 2], [0, 0], [2, 1], 1, [1, 1]]))
    c.append(case("conv_transpose2d_groups_dilation", ct2, [randn(1, 4, 5, 5), randn(4, 3, 3, 2), randn(6), [2, 1],
                                                            [1, 0], [1, 0], 2, [2, 2]]))
    c.append(case("conv_transpose2d_unbatched", ct2, [randn(3, 4, 4), randn(3, 2, 2, 2), randn(2), [2, 2], [0, 0],
                                                      [0, 0], 1, [1, 1]]))
    c.append(case("conv_transpose2d_f64", ct2, [randn(1, 2, 4, 3, dtype=torch.float64),
                                                randn(2, 3, 3, 2, dtype=torch.float64), randn(3, dtype=torch.float64),
                                                [2, 1], [1, 0], [1, 0], 1, [1, 1]]))
    c.append(case("conv_transpose1d", "aten::conv_transpose1d", [randn(2, 3, 7), randn(3, 2, 3), randn(2), [2], [1],
                                                                 [1], 1, [1]]))
    c.append(case("conv_transpose3d", "aten::conv_transpose3d.input", [randn(1, 2, 3, 4, 3), randn(2, 2, 2, 3, 2),
                                                                       None, [2, 1, 2], [0, 1, 0], [1, 0, 0], 1,
                                                                       [1, 1, 1]]))
    c.append(case("_convolution_transposed", uc, [randn(1, 4, 5, 5), randn(4, 3, 3, 3), randn(6), [2, 2], [1, 1],
                                                  [1, 1], True, [1, 1], 2, False, False, True, True]))
    c.append(case("_convolution_transposed_1d", uc, [randn(2, 2, 6), randn(2, 3, 4), None, [3], [0], [1], True, [2],
                                                     1, False, False, True, True]))
    return c


if __name__ == "__main__":
    golden.write_family("convolution", cases())
