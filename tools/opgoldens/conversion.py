"""Golden cases for kernels/conversion.cc: aten::to overloads, type_as, casts, and
tensor <-> number conversions (Int/Float/Bool.Tensor, item, ScalarImplicit, NumToTensor)."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32, I8, U8, BOOL = (torch.float32, torch.float64, torch.int64, torch.int32,
                                    torch.int8, torch.uint8, torch.bool)


def cases():
    x = randn(2, 3) * 4
    i = randint(-100, 100, (2, 3))
    b = torch.tensor([True, False, True])
    return [
        case("to_dtype_f64", "aten::to.dtype", [x, F64, False, False, None]),
        case("to_dtype_long_truncates", "aten::to.dtype", [x, I64, False, False, None]),
        case("to_dtype_same", "aten::to.dtype", [x, F32, False, False, None]),
        case("to_dtype_copy", "aten::to.dtype", [x, F32, False, True, None]),
        case("to_dtype_bool", "aten::to.dtype", [x, BOOL, False, False, None]),
        case("to_dtype_int_to_float", "aten::to.dtype", [i, F32, False, False, None]),
        case("to_dtype_uint8", "aten::to.dtype", [randint(0, 255, (4,)), U8, False, False, None]),
        case("to_dtype_int8", "aten::to.dtype", [i, I8, False, False, None]),
        case("to_dtype_bool_to_int", "aten::to.dtype", [b, I32, False, False, None]),
        case("to_device", "aten::to.device", [x, "cpu", F64, False, False, None]),
        case("to_other", "aten::to.other", [i, x, False, False, None]),
        case("to_dtype_layout", "aten::to.dtype_layout", [x, I64, None, None, None, False, False, None]),
        case("to_dtype_layout_none", "aten::to.dtype_layout", [x, None, None, "cpu", None, False, False, None]),
        case("to_prim_device", "aten::to.prim_Device", [x, "cpu", 7, False, False]),
        case("to_prim_device_none", "aten::to.prim_Device", [i, None, None, False, False]),
        case("to_prim_dtype", "aten::to.prim_dtype", [i, 6, False, False]),
        # copy=True is not used: through torch.ops, 1.13's prim_other/prim_dtype kernels then
        # return uint8 garbage (TorchScript itself emits to.dtype_layout for such calls).
        case("to_prim_other", "aten::to.prim_other", [x, False, False]),
        case("type_as", "aten::type_as", [x, i]),
        case("type_as_same", "aten::type_as", [x, x]),
        case("cast_float", "aten::_cast_Float", [i, False]),
        case("cast_long", "aten::_cast_Long", [x, False]),
        case("int_tensor", "aten::Int.Tensor", [torch.tensor(7)]),
        case("int_tensor_from_float", "aten::Int.Tensor", [torch.tensor(-2.7)]),
        case("int_tensor_one_elem", "aten::Int.Tensor", [torch.tensor([[5]])]),
        case("float_tensor", "aten::Float.Tensor", [torch.tensor(1.25)]),
        case("float_tensor_from_int", "aten::Float.Tensor", [torch.tensor(3)]),
        case("bool_tensor", "aten::Bool.Tensor", [torch.tensor(0.5)]),
        case("bool_tensor_false", "aten::Bool.Tensor", [torch.tensor(0)]),
        case("is_nonzero", "aten::is_nonzero", [torch.tensor([0.25])]),
        case("is_nonzero_false", "aten::is_nonzero", [torch.tensor(False)]),
        case("scalar_implicit_int", "aten::ScalarImplicit", [torch.tensor(4)]),
        case("scalar_implicit_float", "aten::ScalarImplicit", [torch.tensor(4.5)]),
        case("int_implicit", "aten::IntImplicit", [torch.tensor(-6)]),
        case("float_implicit", "aten::FloatImplicit", [torch.tensor(0.75)]),
        case("float_implicit_from_int", "aten::FloatImplicit", [torch.tensor(2)]),
        case("item_int", "aten::item", [torch.tensor([9])]),
        case("item_float", "aten::item", [torch.tensor(2.5, dtype=F64)]),
        case("item_bool", "aten::item", [torch.tensor(True)]),
        case("num_to_tensor_int", "prim::NumToTensor.Scalar", [3]),
        case("num_to_tensor_float", "prim::NumToTensor.Scalar", [2.5]),
        case("num_to_tensor_bool", "prim::NumToTensor.bool", [True]),
    ]


# prim::tolist is a vararg op (tensor, dim, elem_type: 0 int, 1 float, 2 bool) that torch.ops
# cannot call; its goldens come from Tensor.tolist, the same conversion, in a family of their own
# because the kernel takes the vararg calling convention.
def tolist_cases():
    return [
        case("tolist_float_1d", "prim::tolist", [randn(4), 1, 1]),
        case("tolist_float_2d", "prim::tolist", [randn(2, 3), 2, 1]),
        case("tolist_double_0d", "prim::tolist", [torch.tensor(1.5, dtype=F64), 0, 1]),
        case("tolist_long_2d", "prim::tolist", [randint(-5, 5, (3, 2)), 2, 0]),
        case("tolist_long_big", "prim::tolist", [torch.tensor([2**62 + 1, -7]), 1, 0]),
        case("tolist_bool", "prim::tolist", [torch.tensor([[True], [False]]), 2, 2]),
        case("tolist_empty", "prim::tolist", [randn(0, 2), 2, 1]),
    ]


def install_tolist_op():
    bound_torch_op = golden.torch_op
    golden.torch_op = lambda qualified: ((lambda t, dim, elem: t.tolist()) if qualified == "prim::tolist"
                                         else bound_torch_op(qualified))


if __name__ == "__main__":
    install_tolist_op()
    golden.write_family("conversion", cases())
    golden.write_family("conversion_tolist", tolist_cases())
