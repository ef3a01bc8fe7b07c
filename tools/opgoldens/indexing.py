"""Golden cases for kernels/indexing.cc: advanced indexing (index, index_put_), index_select,
gather, embedding, masked_select, one_hot."""
import golden
from golden import case, randn, randint
import torch


def cases():
    x = randn(3, 4, 5)
    m = randn(4, 5)
    i = randint(-9, 9, (4, 5))
    idx = torch.tensor([2, 0, 2])
    mask = m > 0
    return [
        case("index_dim0", "aten::index.Tensor", [x, [idx]]),
        case("index_dim1", "aten::index.Tensor", [x, [None, torch.tensor([3, -1])]]),
        case("index_last", "aten::index.Tensor", [x, [None, None, torch.tensor([[0, 4], [1, 1]])]]),
        case("index_negative", "aten::index.Tensor", [m, [torch.tensor([-1, -4])]]),
        case("index_adjacent_pair", "aten::index.Tensor", [x, [None, torch.tensor([0, 3]), torch.tensor([1, 2])]]),
        case("index_broadcast_pair", "aten::index.Tensor", [x, [torch.tensor([[0], [2]]), torch.tensor([1, 3, 0])]]),
        case("index_non_adjacent", "aten::index.Tensor", [x, [torch.tensor([0, 2]), None, torch.tensor([4, 1])]]),
        case("index_all_dims", "aten::index.Tensor", [x, [torch.tensor([1]), torch.tensor([2]), torch.tensor([3])]]),
        case("index_scalar_index", "aten::index.Tensor", [x, [None, torch.tensor(2)]]),
        case("index_bool_mask", "aten::index.Tensor", [m, [mask]]),
        case("index_bool_mask_row", "aten::index.Tensor", [x, [torch.tensor([True, False, True])]]),
        case("index_bool_mask_dim1", "aten::index.Tensor", [x, [None, torch.tensor([False, True, True, False])]]),
        case("index_int_tensor", "aten::index.Tensor", [i, [torch.tensor([1, 1, 0])]]),
        case("index_empty_index", "aten::index.Tensor", [m, [torch.tensor([], dtype=torch.int64)]]),
        case("index_hacked_twin", "aten::index.Tensor_hacked_twin", [m, [torch.tensor([3, 0])]]),
        case("index_put", "aten::index_put_", [m.clone(), [torch.tensor([0, 2])], randn(2, 5), False]),
        case("index_put_broadcast", "aten::index_put_", [m.clone(), [None, torch.tensor([1, 4])], torch.tensor(7.0), False]),
        case("index_put_mask", "aten::index_put_", [m.clone(), [mask], torch.tensor(0.0), False]),
        case("index_put_accumulate", "aten::index_put_", [m.clone(), [torch.tensor([1, 1, 3])], randn(3, 5), True]),
        case("index_put_pair", "aten::index_put_", [x.clone(), [torch.tensor([0, 2]), None, torch.tensor([4, 1])], randn(2, 4), False]),
        case("index_put_int", "aten::index_put_", [i.clone(), [torch.tensor([0])], torch.tensor([5]), True]),
        case("index_put_functional", "aten::index_put", [m, [torch.tensor([0, 3])], randn(5), False]),
        case("index_put_twin", "aten::index_put_.hacked_twin", [m.clone(), [torch.tensor([2])], randn(5), False]),
        case("index_select0", "aten::index_select", [m, 0, torch.tensor([3, 0, 0])]),
        case("index_select_neg_dim", "aten::index_select", [x, -1, torch.tensor([4, 2])]),
        case("index_select_scalar_index", "aten::index_select", [x, 1, torch.tensor(1)]),
        case("index_select_int32", "aten::index_select", [m, 1, torch.tensor([1, 2], dtype=torch.int32)]),
        case("index_select_int", "aten::index_select", [i, 0, torch.tensor([2])]),
        case("gather0", "aten::gather", [m, 0, randint(0, 4, (2, 5)), False]),
        case("gather1", "aten::gather", [m, 1, randint(0, 5, (4, 3)), False]),
        case("gather_3d", "aten::gather", [x, -1, randint(0, 5, (3, 2, 2)), False]),
        case("gather_int", "aten::gather", [i, 1, randint(0, 5, (4, 5)), False]),
        case("embedding", "aten::embedding", [randn(10, 3), randint(0, 10, (2, 4)), -1, False, False]),
        case("embedding_padding", "aten::embedding", [randn(6, 2), torch.tensor([0, 5, 0]), 0, False, False]),
        case("embedding_scalar", "aten::embedding", [randn(6, 2), torch.tensor(4), -1, False, False]),
        case("scatter_src", "aten::scatter.src", [m, 1, torch.tensor([[0, 4], [1, 1], [3, 2], [0, 0]]), randn(4, 3)]),
        case("scatter_src_dim0", "aten::scatter.src", [m, 0, torch.tensor([[3, 2, 1, 0, 0]]), randn(2, 5)]),
        case("scatter_value", "aten::scatter.value", [m, -1, torch.tensor([[1], [2], [3], [4]]), 9.5]),
        case("scatter_value_int", "aten::scatter.value", [i, 0, torch.tensor([[0, 1]]), 3]),
        case("scatter_inplace", "aten::scatter_.src", [m.clone(), 0, torch.tensor([[1, 2, 3, 0, 1]]), randn(1, 5)]),
        case("scatter_inplace_value", "aten::scatter_.value", [m.clone(), 1, torch.tensor([[0], [4], [2], [1]]), -2.0]),
        case("scatter_add", "aten::scatter_add", [m, 1, torch.tensor([[0, 0, 1], [2, 2, 2], [4, 3, 4], [1, 0, 1]]), randn(4, 3)]),
        case("scatter_add_inplace", "aten::scatter_add_", [i.clone(), 0, torch.tensor([[0, 0, 1, 1, 0], [0, 0, 0, 0, 0]]), i]),
        case("index_fill", "aten::index_fill.int_Scalar", [m, 1, torch.tensor([0, 3]), -1.0]),
        case("index_fill_tensor", "aten::index_fill.int_Tensor", [i, 0, torch.tensor([2]), torch.tensor(5)]),
        case("index_fill_inplace", "aten::index_fill_.int_Scalar", [m.clone(), -1, torch.tensor([-1]), 0.5]),
        case("index_fill_inplace_tensor", "aten::index_fill_.int_Tensor", [m.clone(), 0, torch.tensor([1, 3]), torch.tensor(2.0)]),
        case("index_copy", "aten::index_copy", [m, 1, torch.tensor([4, 0]), randn(4, 2)]),
        case("index_copy_rows", "aten::index_copy", [i, 0, torch.tensor([3, 1]), randint(0, 5, (2, 5))]),
        case("index_add", "aten::index_add", [m, 0, torch.tensor([1, 1, 3]), randn(3, 5), 1]),
        case("index_add_alpha", "aten::index_add", [m, -1, torch.tensor([2]), randn(4, 1), 2.5]),
        case("index_add_int", "aten::index_add", [i, 1, torch.tensor([0, 0]), randint(0, 5, (4, 2)), 3]),
        case("nonzero", "aten::nonzero", [i]),
        case("nonzero_bool", "aten::nonzero", [mask]),
        case("nonzero_1d", "aten::nonzero", [torch.tensor([0.0, 1.0, 0.0, 2.0])]),
        case("argwhere", "aten::argwhere", [x > 0.5]),
        case("take", "aten::take", [m, torch.tensor([[0, 19], [-1, 7]])]),
        case("repeat_interleave_int", "aten::repeat_interleave.self_int", [m, 2, None, None]),
        case("repeat_interleave_int_dim", "aten::repeat_interleave.self_int", [m, 3, 0, None]),
        case("repeat_interleave_tensor", "aten::repeat_interleave.self_Tensor", [m, torch.tensor([1, 0, 2, 1, 1]), 1, None]),
        case("repeat_interleave_counts", "aten::repeat_interleave.Tensor", [torch.tensor([2, 0, 3]), None]),
        case("masked_select", "aten::masked_select", [m, mask]),
        case("masked_select_broadcast", "aten::masked_select", [m, torch.tensor([True, False, True, False, True])]),
        case("masked_select_int", "aten::masked_select", [i, i > 0]),
        case("one_hot", "aten::one_hot", [torch.tensor([0, 2, 1]), -1]),
        case("one_hot_classes", "aten::one_hot", [torch.tensor([[0, 2], [3, 1]]), 5]),
    ]


if __name__ == "__main__":
    golden.write_family("indexing", cases())
