"""Golden cases for kernels/view.cc: view ops and tensor metadata queries.

Also defines `install_kwarg_binding`, which the other families of this group import: golden.py
calls ops positionally, but torch.ops rejects keyword-only arguments (dtype=, memory_format=)
given by position, so the call is re-bound by the op's own schema.
"""
import golden
from golden import case, randn, randint
import torch


def install_kwarg_binding():
    plain_torch_op = golden.torch_op

    def bound_torch_op(qualified):
        op = plain_torch_op(qualified)
        schema = op._schema

        def call(*args):
            positional, keywords = [], {}
            for arg, value in zip(schema.arguments, args):
                if arg.kwarg_only:
                    keywords[arg.name] = value
                else:
                    positional.append(value)
            return op(*positional, **keywords)
        return call

    golden.torch_op = bound_torch_op


def cases():
    x = randn(2, 3, 4)
    m = randn(3, 4)
    v = randn(6)
    i = randint(-5, 5, (2, 3))
    b = torch.tensor([[True, False], [False, True]])
    one = randn(1, 3, 1, 2)
    s = randn(())
    c = [
        case("view_basic", "aten::view", [x, [6, 4]]),
        case("view_infer", "aten::view", [x, [-1, 2]]),
        case("view_to_scalar", "aten::view", [randn(1, 1), []]),
        case("view_scalar_to_1", "aten::view", [s, [1, 1]]),
        case("view_int", "aten::view", [i, [3, 2]]),
        case("view_bool", "aten::view", [b, [4]]),
        case("view_empty", "aten::view", [randn(0, 3), [3, 0]]),
        case("view_as", "aten::view_as", [x, randn(4, 6)]),
        case("reshape_basic", "aten::reshape", [x, [4, -1]]),
        case("reshape_flat", "aten::reshape", [m, [-1]]),
        case("reshape_as", "aten::reshape_as", [m, randn(2, 6)]),
        case("flatten_all", "aten::flatten.using_ints", [x, 0, -1]),
        case("flatten_tail", "aten::flatten.using_ints", [x, 1, 2]),
        case("flatten_same", "aten::flatten.using_ints", [x, 1, 1]),
        case("flatten_scalar", "aten::flatten.using_ints", [s, 0, -1]),
        case("unflatten", "aten::unflatten.int", [x, -1, [2, -1]]),
        case("unflatten_mid", "aten::unflatten.int", [x, 1, [3, 1]]),
        case("permute", "aten::permute", [x, [2, 0, 1]]),
        case("permute_neg", "aten::permute", [x, [-1, -3, -2]]),
        case("transpose", "aten::transpose.int", [x, 0, 2]),
        case("transpose_neg", "aten::transpose.int", [x, -1, -2]),
        case("swapaxes", "aten::swapaxes", [x, 0, 1]),
        case("swapdims", "aten::swapdims", [x, -1, 0]),
        case("t_2d", "aten::t", [m]),
        case("t_1d", "aten::t", [v]),
        case("movedim", "aten::movedim.int", [x, 0, -1]),
        case("movedim_list", "aten::movedim.intlist", [x, [0, 1], [2, 0]]),
        case("contiguous", "aten::contiguous", [x, 0]),
        case("contiguous_channels_last", "aten::contiguous", [randn(2, 3, 4, 5), 2]),
        case("slice_basic", "aten::slice.Tensor", [x, 1, 1, 3, 1]),
        case("slice_none", "aten::slice.Tensor", [x, 2, None, None, 2]),
        case("slice_neg", "aten::slice.Tensor", [x, -1, -3, -1, 1]),
        case("slice_big_end", "aten::slice.Tensor", [x, 0, 1, 9223372036854775807, 1]),
        case("slice_step3", "aten::slice.Tensor", [v, 0, 0, None, 4]),
        case("slice_empty", "aten::slice.Tensor", [v, 0, 4, 2, 1]),
        case("slice_clamped", "aten::slice.Tensor", [v, 0, -100, 100, 1]),
        case("select", "aten::select.int", [x, 1, 2]),
        case("select_neg", "aten::select.int", [x, -1, -1]),
        case("select_int", "aten::select.int", [i, 0, 1]),
        case("narrow", "aten::narrow", [x, 2, 1, 2]),
        case("narrow_neg_start", "aten::narrow", [x, 2, -3, 2]),
        case("narrow_tensor", "aten::narrow.Tensor", [x, 1, torch.tensor(1), 2]),
        case("unsqueeze_front", "aten::unsqueeze", [m, 0]),
        case("unsqueeze_end", "aten::unsqueeze", [m, -1]),
        case("unsqueeze_mid", "aten::unsqueeze", [m, 1]),
        case("unsqueeze_scalar", "aten::unsqueeze", [s, 0]),
        case("squeeze", "aten::squeeze", [one]),
        case("squeeze_dim", "aten::squeeze.dim", [one, 2]),
        case("squeeze_dim_noop", "aten::squeeze.dim", [one, 1]),
        case("squeeze_dim_neg", "aten::squeeze.dim", [one, -2]),
        case("expand", "aten::expand", [randn(3, 1), [2, 3, 4], False]),
        case("expand_minus1", "aten::expand", [randn(3, 1), [-1, 5], False]),
        case("expand_scalar", "aten::expand", [s, [2, 2], False]),
        case("expand_as", "aten::expand_as", [randn(1, 4), m]),
        case("moveaxis", "aten::moveaxis.int", [x, 1, 0]),
        case("moveaxis_list", "aten::moveaxis.intlist", [x, [2], [0]]),
        case("mT", "aten::mT", [x]),
        case("numpy_T", "aten::numpy_T", [x]),
        case("ravel", "aten::ravel", [x]),
        case("as_strided", "aten::as_strided", [m, [2, 2], [1, 4], None]),
        case("as_strided_offset", "aten::as_strided", [m, [3], [5], 1]),
        case("diagonal", "aten::diagonal", [m, 0, 0, 1]),
        case("diagonal_offset", "aten::diagonal", [m, 1, 0, 1]),
        case("diagonal_neg_offset", "aten::diagonal", [m, -2, 0, 1]),
        case("diagonal_3d", "aten::diagonal", [x, 0, -1, 0]),
        case("diagonal_empty", "aten::diagonal", [m, 7, 0, 1]),
        case("unfold", "aten::unfold", [v, 0, 2, 1]),
        case("unfold_step", "aten::unfold", [x, 2, 2, 2]),
        case("broadcast_tensors", "aten::broadcast_tensors", [[randn(3, 1), randn(4), randn(())]]),
        case("meshgrid", "aten::meshgrid", [[randn(3), randn(2), randn(())]]),
        case("meshgrid_xy", "aten::meshgrid.indexing", [[randn(3), randn(2)], "xy"]),
        case("meshgrid_ij", "aten::meshgrid.indexing", [[randn(3), randn(4)], "ij"]),
        case("is_contiguous", "aten::is_contiguous", [x]),
        case("is_complex", "aten::is_complex", [x]),
        case("is_signed", "aten::is_signed", [x]),
        case("is_signed_bool", "aten::is_signed", [b]),
        case("is_signed_uint8", "aten::is_signed", [torch.tensor([1], dtype=torch.uint8)]),
        case("is_same_size", "aten::is_same_size", [m, randn(3, 4)]),
        case("is_same_size_not", "aten::is_same_size", [m, randn(4, 3)]),
        case("storage_offset", "aten::storage_offset", [x]),
        case("element_size", "aten::element_size", [x]),
        case("element_size_bool", "aten::element_size", [b]),
        case("get_device", "aten::get_device", [x]),
        case("is_cuda", "prim::is_cuda", [x]),
        case("is_sparse", "prim::is_sparse", [x]),
        case("is_quantized", "prim::is_quantized", [x]),
        case("is_mkldnn", "prim::is_mkldnn", [x]),
        case("is_meta", "prim::is_meta", [x]),
        case("is_nested", "prim::is_nested", [x]),
        case("requires_grad", "prim::requires_grad", [x]),
        case("is_leaf", "aten::is_leaf", [x]),
        case("data", "prim::data", [x]),
        case("requires_grad_", "aten::requires_grad_", [m, False]),
        case("is_floating_point", "aten::is_floating_point", [x]),
        case("is_floating_point_int", "aten::is_floating_point", [i]),
        case("detach", "aten::detach", [m]),
        case("alias", "aten::alias", [m]),
        case("unbind0", "aten::unbind.int", [x, 0]),
        case("unbind_neg", "aten::unbind.int", [x, -1]),
        case("split", "aten::split.Tensor", [x, 2, 1]),
        case("split_even", "aten::split.Tensor", [x, 2, -1]),
        case("split_big", "aten::split.Tensor", [x, 10, 0]),
        case("split_sizes", "aten::split.sizes", [x, [1, 3], 2]),
        case("split_list", "aten::split", [x, [2, 0, 1], 1]),
        case("split_with_sizes", "aten::split_with_sizes", [x, [1, 1], 0]),
        case("chunk", "aten::chunk", [x, 2, 1]),
        case("unsafe_chunk", "aten::unsafe_chunk", [x, 3, -1]),
        case("unsafe_split", "aten::unsafe_split.Tensor", [x, 1, 0]),
        case("chunk_uneven", "aten::chunk", [randn(5, 2), 3, 0]),
        case("chunk_many", "aten::chunk", [randn(2, 2), 4, 0]),
        case("tensor_split_sections", "aten::tensor_split.sections", [randn(7, 2), 3, 0]),
        case("tensor_split_indices", "aten::tensor_split.indices", [randn(7, 2), [1, 5, 3, 9], 0]),
        case("tensor_split_tensor", "aten::tensor_split.tensor_indices_or_sections",
             [randn(2, 7), torch.tensor([2, 4]), 1]),
        case("tensor_split_tensor_sections", "aten::tensor_split.tensor_indices_or_sections",
             [randn(2, 7), torch.tensor(3), -1]),
        case("size_int", "aten::size.int", [x, 1]),
        case("size_int_neg", "aten::size.int", [x, -1]),
        case("size", "aten::size", [x]),
        case("size_scalar", "aten::size", [s]),
        case("stride_int", "aten::stride.int", [x, 0]),
        case("stride", "aten::stride", [x]),
        case("dim", "aten::dim", [x]),
        case("dim_scalar", "aten::dim", [s]),
        case("numel", "aten::numel", [x]),
        case("numel_empty", "aten::numel", [randn(0, 3)]),
    ]
    return c


if __name__ == "__main__":
    install_kwarg_binding()
    golden.write_family("view", cases())
