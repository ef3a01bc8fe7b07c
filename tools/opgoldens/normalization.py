"""Golden cases for kernels/normalization.cc: batch_norm (eval with running stats, optional
affine, training-mode batch stats), layer_norm (1-3 normalized dims, optional affine, eps),
group_norm, instance_norm."""
import torch

import golden
from golden import case, randn


def positive(*shape, dtype=torch.float32):
    return (torch.rand(*shape) + 0.5).to(dtype)


def cases():
    c = []
    bn = "aten::batch_norm"
    c.append(case("batch_norm_eval_4d", bn, [randn(2, 3, 5, 7), randn(3), randn(3), randn(3), positive(3),
                                             False, 0.1, 1e-5, True]))
    c.append(case("batch_norm_eval_2d", bn, [randn(4, 6), randn(6), randn(6), randn(6), positive(6),
                                             False, 0.1, 1e-5, True]))
    c.append(case("batch_norm_eval_3d", bn, [randn(2, 4, 13), randn(4), randn(4), randn(4), positive(4),
                                             False, 0.1, 1e-3, True]))
    c.append(case("batch_norm_eval_no_affine", bn, [randn(2, 3, 4, 4), None, None, randn(3), positive(3),
                                                    False, 0.1, 1e-5, True]))
    c.append(case("batch_norm_eval_weight_only", bn, [randn(2, 3, 4, 4), randn(3), None, randn(3), positive(3),
                                                      False, 0.1, 1e-5, True]))
    c.append(case("batch_norm_eval_f64", bn, [randn(2, 3, 4, dtype=torch.float64), randn(3, dtype=torch.float64),
                                              randn(3, dtype=torch.float64), randn(3, dtype=torch.float64),
                                              positive(3, dtype=torch.float64), False, 0.1, 1e-5, True]))
    c.append(case("batch_norm_one_channel", bn, [randn(1, 1, 1, 1), randn(1), randn(1), randn(1), positive(1),
                                                 False, 0.1, 1e-5, True]))
    c.append(case("batch_norm_train", bn, [randn(4, 3, 5), randn(3), randn(3), randn(3), positive(3),
                                           True, 0.1, 1e-5, True]))
    c.append(case("batch_norm_train_no_stats", bn, [randn(4, 3, 5), None, None, None, None, True, 0.1, 1e-5, True]))
    ln = "aten::layer_norm"
    c.append(case("layer_norm_last", ln, [randn(2, 5, 8), [8], randn(8), randn(8), 1e-5, True]))
    c.append(case("layer_norm_last2", ln, [randn(2, 5, 8), [5, 8], randn(5, 8), randn(5, 8), 1e-5, True]))
    c.append(case("layer_norm_all3", ln, [randn(2, 5, 8), [2, 5, 8], None, None, 1e-5, True]))
    c.append(case("layer_norm_no_affine", ln, [randn(3, 13), [13], None, None, 1e-5, True]))
    c.append(case("layer_norm_weight_only", ln, [randn(3, 13), [13], randn(13), None, 1e-5, True]))
    c.append(case("layer_norm_bias_only", ln, [randn(3, 13), [13], None, randn(13), 1e-5, True]))
    c.append(case("layer_norm_eps", ln, [randn(3, 7) * 0.01, [7], randn(7), randn(7), 1e-2, True]))
    c.append(case("layer_norm_bert", ln, [randn(2, 16, 64), [64], randn(64), randn(64), 1e-12, True]))
    c.append(case("layer_norm_offset_mean", ln, [randn(4, 32) + 100, [32], randn(32), randn(32), 1e-5, True],
                  rtol=1e-4, atol=1e-4))
    c.append(case("layer_norm_one", ln, [randn(3, 1), [1], randn(1), randn(1), 1e-5, True]))
    c.append(case("layer_norm_f64", ln, [randn(3, 9, dtype=torch.float64), [9], randn(9, dtype=torch.float64),
                                         randn(9, dtype=torch.float64), 1e-5, True]))
    gn = "aten::group_norm"
    c.append(case("group_norm_4d", gn, [randn(2, 6, 3, 5), 3, randn(6), randn(6), 1e-5, True]))
    c.append(case("group_norm_3d_no_affine", gn, [randn(2, 4, 7), 2, None, None, 1e-5, True]))
    c.append(case("group_norm_one_group", gn, [randn(2, 4, 3), 1, randn(4), randn(4), 1e-5, True]))
    c.append(case("group_norm_per_channel", gn, [randn(2, 4, 3), 4, randn(4), randn(4), 1e-3, True]))
    c.append(case("group_norm_f64", gn, [randn(2, 4, 3, dtype=torch.float64), 2, randn(4, dtype=torch.float64),
                                         randn(4, dtype=torch.float64), 1e-5, True]))
    inn = "aten::instance_norm"
    c.append(case("instance_norm_input_stats", inn, [randn(2, 3, 5, 4), randn(3), randn(3), None, None,
                                                     True, 0.1, 1e-5, True]))
    c.append(case("instance_norm_no_affine_1d", inn, [randn(2, 4, 9), None, None, None, None, True, 0.1, 1e-5, True]))
    c.append(case("instance_norm_running_stats", inn, [randn(2, 3, 6), randn(3), randn(3), randn(3), positive(3),
                                                       False, 0.1, 1e-5, True]))
    c.append(case("instance_norm_track_and_use_input", inn, [randn(2, 3, 6), None, None, randn(3), positive(3),
                                                             True, 0.1, 1e-5, True]))
    c.append(case("instance_norm_f64", inn, [randn(2, 3, 4, 4, dtype=torch.float64), randn(3, dtype=torch.float64),
                                             randn(3, dtype=torch.float64), None, None, True, 0.1, 1e-5, True]))
    return c


if __name__ == "__main__":
    golden.write_family("normalization", cases())
