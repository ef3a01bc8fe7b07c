"""Golden cases for kernels/creation.cc: factories, arange, linspace, tensor(), scalar_tensor.

Keyword-only arguments follow the positional ones in schema order: dtype, layout, device,
pin_memory (and memory_format for the _like ops).
"""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32, BOOL = torch.float32, torch.float64, torch.int64, torch.int32, torch.bool


def install_list_tensor_op():
    # torch.ops cannot convert a Python list to the generic `t[]` of aten::tensor, so its golden
    # comes from torch.tensor, which is the Python binding of that very op.
    bound_torch_op = golden.torch_op

    def torch_op(qualified):
        if qualified == "aten::tensor":
            return lambda data, dtype, device, requires_grad: torch.tensor(
                data, dtype=dtype, device=device, requires_grad=requires_grad)
        if qualified == "aten::as_tensor.list":
            return lambda data, dtype, device: torch.as_tensor(data, dtype=dtype, device=device)
        return bound_torch_op(qualified)
    golden.torch_op = torch_op


def cases():
    x = randn(2, 3)
    i = randint(0, 5, (2, 2))
    dlp = [None, None, None, None]  # dtype, layout, device, pin_memory
    return [
        case("zeros", "aten::zeros", [[2, 3]] + dlp),
        case("zeros_int", "aten::zeros", [[4], I64, None, "cpu", False]),
        case("zeros_scalar", "aten::zeros", [[]] + dlp),
        case("ones", "aten::ones", [[3, 1, 2]] + dlp),
        case("ones_f64", "aten::ones", [[2], F64, None, None, None]),
        case("ones_bool", "aten::ones", [[2, 2], BOOL, None, None, None]),
        case("full_float", "aten::full", [[2, 2], 1.5] + dlp),
        case("full_int_infers_long", "aten::full", [[3], 7] + dlp),
        # torch.ops turns a Python bool fill into an int Scalar, so the dtype is given here.
        case("full_bool", "aten::full", [[2], True, BOOL, None, None, None]),
        case("full_dtype", "aten::full", [[2, 3], 2, F32, None, None, None]),
        case("full_big_int", "aten::full", [[2], 9007199254740993] + dlp),
        case("empty_is_zero", "aten::empty.memory_format", [[0, 3]] + dlp + [None]),
        case("zeros_like", "aten::zeros_like", [x] + dlp + [None]),
        case("zeros_like_int", "aten::zeros_like", [i] + dlp + [None]),
        case("ones_like", "aten::ones_like", [x] + dlp + [None]),
        case("ones_like_dtype", "aten::ones_like", [x, I32, None, None, None, None]),
        case("full_like", "aten::full_like", [x, 3.25] + dlp + [None]),
        case("full_like_int", "aten::full_like", [i, 2.7] + dlp + [None]),
        case("empty_like", "aten::empty_like", [randn(0, 2)] + dlp + [None]),
        case("new_zeros", "aten::new_zeros", [i, [3]] + dlp),
        case("new_ones", "aten::new_ones", [x, [2, 2]] + dlp),
        case("new_empty", "aten::new_empty", [i, [0, 4]] + dlp),
        case("new_ones_dtype", "aten::new_ones", [x, [1], F64, None, None, None]),
        case("new_full", "aten::new_full", [i, [2], 4] + dlp),
        case("new_full_float", "aten::new_full", [x, [2, 1], -1.5] + dlp),
        case("arange_end", "aten::arange", [5] + dlp),
        case("arange_end_float", "aten::arange", [2.5] + dlp),
        case("arange_end_dtype", "aten::arange", [4, F32, None, None, None]),
        case("arange_start", "aten::arange.start", [2, 7] + dlp),
        case("arange_start_float", "aten::arange.start", [-1.0, 1] + dlp),
        case("arange_step", "aten::arange.start_step", [0, 10, 3] + dlp),
        case("arange_neg_step", "aten::arange.start_step", [5, -4, -2] + dlp),
        case("arange_float_step", "aten::arange.start_step", [0, 1, 0.1] + dlp),
        case("arange_float_to_long", "aten::arange.start_step", [0.5, 4.0, 1.0, I64, None, None, None]),
        case("arange_f64", "aten::arange.start_step", [1, 2, 0.25, F64, None, None, None]),
        case("arange_empty", "aten::arange.start_step", [3, 3, 1] + dlp),
        case("linspace", "aten::linspace", [0, 1, 5] + dlp),
        case("linspace_neg", "aten::linspace", [3.0, -2.0, 7] + dlp),
        case("linspace_one", "aten::linspace", [2, 3, 1] + dlp),
        case("linspace_zero", "aten::linspace", [2, 3, 0] + dlp),
        case("linspace_f64", "aten::linspace", [-1, 1, 11, F64, None, None, None]),
        case("linspace_long", "aten::linspace", [0, 10, 4, I64, None, None, None]),
        case("linspace_long_neg", "aten::linspace", [-5, 5, 4, I64, None, None, None]),
        case("linspace_long_down", "aten::linspace", [7, -3, 6, I64, None, None, None]),
        case("tensor_float", "aten::tensor.float", [2.5, None, None, False]),
        case("tensor_int", "aten::tensor.int", [3, None, None, False]),
        case("tensor_bool", "aten::tensor.bool", [True, None, None, False]),
        case("tensor_int_as_float", "aten::tensor.int", [3, F64, None, False]),
        case("tensor_list_int", "aten::tensor", [[1, 2, 3], None, None, False]),
        case("tensor_list_float", "aten::tensor", [[[1.0, 2.0], [3.5, 4.0]], None, None, False]),
        case("tensor_list_bool", "aten::tensor", [[True, False], None, None, False]),
        case("tensor_list_dtype", "aten::tensor", [[1, 2], F32, None, False]),
        case("tensor_list_empty", "aten::tensor", [[], None, None, False]),
        case("fill_scalar", "aten::fill_.Scalar", [randn(2, 3), 1.5]),
        case("fill_scalar_int", "aten::fill_.Scalar", [i, 3]),
        case("fill_scalar_float_into_int", "aten::fill_.Scalar", [i, 2.9]),
        case("fill_tensor", "aten::fill_.Tensor", [randn(3), torch.tensor(4)]),
        case("zero_", "aten::zero_", [randn(2, 2)]),
        case("zero_bool", "aten::zero_", [torch.ones(3, dtype=BOOL)]),
        case("logspace", "aten::logspace", [0, 2, 5, 10.0] + dlp),
        case("logspace_base2", "aten::logspace", [-1.0, 3.0, 4, 2.0, F64, None, None, None]),
        case("tril_indices", "aten::tril_indices", [3, 4, 0, I64, None, None, None]),
        case("tril_indices_offset", "aten::tril_indices", [4, 3, -1, I64, None, None, None]),
        case("triu_indices", "aten::triu_indices", [3, 3, 1, I64, None, None, None]),
        case("triu_indices_int32", "aten::triu_indices", [2, 5, -1, I32, None, None, None]),
        case("eye", "aten::eye", [3] + dlp),
        case("eye_m", "aten::eye.m", [2, 4, I64, None, None, None]),
        case("eye_tall", "aten::eye.m", [4, 2] + dlp),
        case("empty_strided_zero_size", "aten::empty_strided", [[2, 0], [1, 2]] + dlp),
        case("as_tensor_float", "aten::as_tensor.float", [1.25, None, None]),
        case("as_tensor_int", "aten::as_tensor.int", [5, F32, None]),
        case("as_tensor_bool", "aten::as_tensor.bool", [False, None, None]),
        case("as_tensor_list", "aten::as_tensor.list", [[[1, 2], [3, 4]], None, None]),
        case("as_tensor_tensor", "aten::as_tensor", [x, F64, None]),
        case("as_tensor_tensor_same", "aten::as_tensor", [i, None, "cpu"]),
        case("scalar_tensor", "aten::scalar_tensor", [3] + dlp),
        case("scalar_tensor_float", "aten::scalar_tensor", [2.5] + dlp),
        case("scalar_tensor_dtype", "aten::scalar_tensor", [2, I64, None, None, None]),
    ]


if __name__ == "__main__":
    install_list_tensor_op()
    golden.write_family("creation", cases())
