"""Golden cases for kernels/shape_ops.cc: cat, stack, repeat, flip, roll, tril/triu, clone, copy_."""
import golden
from golden import case, randn, randint
import torch


def cases():
    x = randn(2, 3, 4)
    m = randn(3, 4)
    i = randint(-9, 9, (3, 4))
    return [
        case("cat0", "aten::cat", [[randn(1, 3), randn(2, 3)], 0]),
        case("cat1", "aten::cat", [[randn(2, 1), randn(2, 3), randn(2, 2)], 1]),
        case("cat_neg", "aten::cat", [[x, randn(2, 3, 1)], -1]),
        case("cat_single", "aten::cat", [[m], 0]),
        case("cat_promote", "aten::cat", [[i, m], 0]),
        case("cat_int", "aten::cat", [[i, i], 1]),
        case("cat_legacy_empty", "aten::cat", [[randn(0), m], 0]),
        case("cat_bool", "aten::cat", [[torch.tensor([True]), torch.tensor([False, True])], 0]),
        case("stack0", "aten::stack", [[m, m + 1], 0]),
        case("stack_last", "aten::stack", [[m, m * 2, m * 3], -1]),
        case("stack_mid", "aten::stack", [[x, x], 1]),
        case("stack_scalars", "aten::stack", [[randn(()), randn(())], 0]),
        case("hstack_1d", "aten::hstack", [[randn(2), randn(3), randn(())]]),
        case("hstack_2d", "aten::hstack", [[m, randn(3, 1)]]),
        case("vstack_1d", "aten::vstack", [[randn(4), randn(4)]]),
        case("vstack_2d", "aten::vstack", [[m, randn(1, 4)]]),
        case("tile", "aten::tile", [m, [2]]),
        case("tile_more", "aten::tile", [m, [2, 1, 2]]),
        case("diag_vector", "aten::diag", [randn(3), 0]),
        case("diag_vector_k", "aten::diag", [randn(3), -1]),
        case("diag_matrix", "aten::diag", [m, 0]),
        case("diag_matrix_k", "aten::diag", [m, 2]),
        case("diag_int", "aten::diag", [i, -1]),
        case("repeat", "aten::repeat", [m, [2, 3]]),
        case("repeat_more_dims", "aten::repeat", [randn(3), [2, 1, 2]]),
        case("repeat_ones", "aten::repeat", [x, [1, 1, 1]]),
        case("repeat_zero", "aten::repeat", [m, [0, 2]]),
        case("repeat_int", "aten::repeat", [i, [1, 2]]),
        case("flip0", "aten::flip", [x, [0]]),
        case("flip_many", "aten::flip", [x, [0, -1]]),
        case("flip_none", "aten::flip", [m, []]),
        case("flip_int", "aten::flip", [i, [1]]),
        case("fliplr", "aten::fliplr", [x]),
        case("flipud", "aten::flipud", [m]),
        case("rot90", "aten::rot90", [m, 1, [0, 1]]),
        case("rot90_2", "aten::rot90", [x, 2, [1, 2]]),
        case("rot90_neg", "aten::rot90", [x, -1, [2, 0]]),
        case("rot90_zero", "aten::rot90", [m, 4, [0, 1]]),
        case("narrow_copy", "aten::narrow_copy", [x, 2, 1, 2]),
        case("narrow_copy_neg", "aten::narrow_copy", [m, 0, -2, 2]),
        case("roll_flat", "aten::roll", [m, [5], []]),
        case("roll_dim", "aten::roll", [m, [1], [0]]),
        case("roll_neg", "aten::roll", [m, [-3], [1]]),
        case("roll_multi", "aten::roll", [x, [1, 7], [0, 2]]),
        case("tril", "aten::tril", [m, 0]),
        case("tril_pos", "aten::tril", [m, 1]),
        case("tril_neg", "aten::tril", [x, -1]),
        case("triu", "aten::triu", [m, 0]),
        case("triu_neg", "aten::triu", [m, -2]),
        case("triu_batched", "aten::triu", [x, 2]),
        case("triu_int", "aten::triu", [i, 0]),
        case("tril_bool", "aten::tril", [torch.ones(3, 3, dtype=torch.bool), 0]),
        case("clone", "aten::clone", [x, None]),
        case("clone_contiguous", "aten::clone", [x, 0]),
        case("clone_channels_last", "aten::clone", [randn(2, 3, 2, 2), 2]),
        case("clone_int", "aten::clone", [i, None]),
        case("copy_", "aten::copy_", [randn(3, 4), m, False]),
        case("copy_broadcast", "aten::copy_", [randn(3, 4), randn(4), False]),
        case("copy_convert", "aten::copy_", [randn(3, 4), i, False]),
        case("copy_to_int", "aten::copy_", [randint(0, 3, (3, 4)), m * 10, False]),
        case("copy_tensor", "aten::copy_.Tensor", [randn(2, 3), randn(2, 1)]),
        case("copy_int", "aten::copy_.int", [randn(2, 3), 7]),
        case("copy_float", "aten::copy_.float", [randint(0, 3, (2, 3)), 2.5]),
    ]


if __name__ == "__main__":
    golden.write_family("shape_ops", cases())
