"""Golden cases for kernels/elementwise.cc: arithmetic, math, comparison, logical, bitwise and
selection ops over every dtype family, with broadcasting and type-promotion edge cases.

Non-contiguous inputs are produced on the C++ side (kernels/elementwise_test.cc re-runs every
case on strided and expanded copies of these inputs).
"""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32, I16, I8, U8, BOOL = (torch.float32, torch.float64, torch.int64, torch.int32,
                                         torch.int16, torch.int8, torch.uint8, torch.bool)


def sample(shape, dtype, positive=False, nonzero=False):
    """Random values suited to dtype: small signed ints, 0/1 for bool, 0..250 for uint8."""
    if dtype == BOOL:
        return randint(0, 2, shape).to(BOOL)
    if dtype == U8:
        return randint(1 if nonzero else 0, 250, shape, U8)
    if dtype.is_floating_point:
        t = randn(*shape, dtype=dtype)
        if positive:
            t = t.abs() + 0.1
        elif nonzero:
            t = torch.where(t.abs() < 0.1, torch.full_like(t, 0.5), t)
        return t
    low = 1 if positive else -9
    t = randint(low, 10, shape, dtype)
    if nonzero:
        t = torch.where(t == 0, torch.ones_like(t), t)
    return t


def special_floats(dtype=F32):
    return torch.tensor([0.0, -0.0, 1.5, -2.5, 0.5, 2.5, -0.5, float("inf"), float("-inf"), float("nan"),
                         3.0, -7.0], dtype=dtype)


def arithmetic_cases():
    c = []
    for dt in (F32, F64, I64, I32, I16, I8, U8):
        n = str(dt).split(".")[1]
        a, b = sample((3, 4), dt), sample((4,), dt)
        c += [
            case(f"add_{n}", "aten::add.Tensor", [a, b, 1]),
            case(f"sub_{n}", "aten::sub.Tensor", [a, b, 1]),
            case(f"mul_{n}", "aten::mul.Tensor", [a, sample((3, 1), dt)]),
            case(f"add_alpha_{n}", "aten::add.Tensor", [a, b, 3]),
            case(f"add_scalar_{n}", "aten::add.Scalar", [a, 7, 1]),
            case(f"sub_scalar_{n}", "aten::sub.Scalar", [a, 2, 2]),
            case(f"mul_scalar_{n}", "aten::mul.Scalar", [a, 3]),
            case(f"rsub_{n}", "aten::rsub.Tensor", [a, b, 2]),
            case(f"rsub_scalar_{n}", "aten::rsub.Scalar", [a, 5, 1]),
            case(f"div_{n}", "aten::div.Tensor", [a, sample((4,), dt, nonzero=True)]),
            case(f"div_scalar_{n}", "aten::div.Scalar", [a, 4]),
            case(f"div_trunc_{n}", "aten::div.Tensor_mode", [a, sample((4,), dt, nonzero=True), "trunc"]),
            case(f"div_floor_{n}", "aten::div.Tensor_mode", [a, sample((4,), dt, nonzero=True), "floor"]),
            case(f"div_none_{n}", "aten::div.Tensor_mode", [a, sample((4,), dt, nonzero=True), None]),
            case(f"div_scalar_floor_{n}", "aten::div.Scalar_mode", [a, 3, "floor"]),
            case(f"div_scalar_trunc_{n}", "aten::div.Scalar_mode", [a, 3, "trunc"]),
            case(f"floor_divide_{n}", "aten::floor_divide", [a, sample((4,), dt, nonzero=True)]),
            case(f"floor_divide_scalar_{n}", "aten::floor_divide.Scalar", [a, 4]),
            case(f"remainder_{n}", "aten::remainder.Tensor", [a, sample((4,), dt, nonzero=True)]),
            case(f"remainder_scalar_{n}", "aten::remainder.Scalar", [a, 4]),
            case(f"fmod_{n}", "aten::fmod.Tensor", [a, sample((4,), dt, nonzero=True)]),
            case(f"fmod_scalar_{n}", "aten::fmod.Scalar", [a, 4]),
            case(f"pow_scalar_{n}", "aten::pow.Tensor_Scalar", [a, 3]),
            case(f"pow_tensor_{n}", "aten::pow.Tensor_Tensor", [a, sample((4,), dt).abs() % 4]),
            case(f"maximum_{n}", "aten::maximum", [a, b]),
            case(f"minimum_{n}", "aten::minimum", [a, b]),
            case(f"max_other_{n}", "aten::max.other", [a, b]),
            case(f"min_other_{n}", "aten::min.other", [a, b]),
            case(f"clamp_{n}", "aten::clamp", [a, 2, 6]),
            case(f"clamp_min_{n}", "aten::clamp_min", [a, 3]),
            case(f"clamp_max_{n}", "aten::clamp_max", [a, 3]),
            case(f"clamp_tensor_{n}", "aten::clamp.Tensor", [a, sample((4,), dt), None]),
            case(f"clamp_min_tensor_{n}", "aten::clamp_min.Tensor", [a, b]),
            case(f"clamp_max_tensor_{n}", "aten::clamp_max.Tensor", [a, b]),
        ]
        if dt != U8:
            c += [
                case(f"neg_{n}", "aten::neg", [a]),
                case(f"abs_{n}", "aten::abs", [a]),
                case(f"pow_scalar_base_{n}", "aten::pow.Scalar", [2, sample((5,), dt).abs() % 5]),
            ]
        c += [case(f"sign_{n}", "aten::sign", [a])]
    # Division and remainder signs on negative operands, float specials.
    ints = torch.tensor([7, -7, 7, -7, 0, 5, -9], dtype=I64)
    divs = torch.tensor([2, 2, -2, -2, 3, -1, 4], dtype=I64)
    c += [
        case("div_floor_signs", "aten::div.Tensor_mode", [ints, divs, "floor"]),
        case("div_trunc_signs", "aten::div.Tensor_mode", [ints, divs, "trunc"]),
        case("remainder_signs", "aten::remainder.Tensor", [ints, divs]),
        case("fmod_signs", "aten::fmod.Tensor", [ints, divs]),
        case("remainder_signs_float", "aten::remainder.Tensor", [ints.float(), divs.float()]),
        case("div_floor_signs_float", "aten::div.Tensor_mode", [ints.float() + 0.5, divs.float(), "floor"]),
        case("div_floor_by_zero_float", "aten::div.Tensor_mode", [special_floats(), torch.zeros(12), "floor"]),
        case("div_true_by_zero_int", "aten::div.Scalar", [ints, 0]),
        case("remainder_scalar_tensor", "aten::remainder.Scalar_Tensor", [10, divs]),
        case("int_overflow_wraps", "aten::mul.Scalar", [torch.tensor([2**62, -2**62, 3], dtype=I64), 4]),
        case("int32_overflow_wraps", "aten::add.Scalar", [torch.tensor([2**31 - 1, -2**31], dtype=I32), 1, 1]),
        case("pow_negative_exponent_int", "aten::pow.Tensor_Tensor",
             [torch.tensor([1, -1, -1, 2, 0, 3]), torch.tensor([-3, -3, -2, -1, 2, 4])]),
        case("pow_float_exponent", "aten::pow.Tensor_Scalar", [sample((6,), F32, positive=True), 0.5]),
        case("pow_float_tensor", "aten::pow.Tensor_Tensor", [sample((6,), F32, positive=True), randn(6)]),
        case("pow_scalar_float_base", "aten::pow.Scalar", [2.5, randn(6)]),
        case("maximum_nan", "aten::maximum", [special_floats(), torch.full((12,), 1.0)]),
        case("minimum_nan", "aten::minimum", [torch.full((12,), 1.0), special_floats()]),
        case("clamp_nan", "aten::clamp", [special_floats(), -1.0, 1.0]),
        case("clamp_min_gt_max", "aten::clamp", [randn(5), 1.0, -1.0]),
        case("clamp_only_max", "aten::clamp", [randn(5), None, 0.2]),
        case("clamp_tensor_both", "aten::clamp.Tensor", [randn(3, 4), torch.full((4,), -0.5), torch.full((3, 1), 0.5)]),
        case("clamp_tensor_nan_bound", "aten::clamp.Tensor", [randn(12), special_floats(), None]),
        case("sign_specials", "aten::sign", [special_floats()]),
        case("add_bool", "aten::add.Tensor", [sample((4,), BOOL), sample((4,), BOOL), 1]),
        case("mul_bool", "aten::mul.Tensor", [sample((4,), BOOL), sample((4,), BOOL)]),
        case("maximum_bool", "aten::maximum", [sample((4,), BOOL), sample((4,), BOOL)]),
        case("sign_bool", "aten::sign", [sample((4,), BOOL)]),
        case("div_bool", "aten::div.Tensor", [sample((4,), BOOL), torch.ones(4, dtype=BOOL)]),
        case("add_empty", "aten::add.Tensor", [randn(0, 3), randn(3), 1]),
        case("add_scalar_tensors", "aten::add.Tensor", [randn(()), randn(()), 1]),
        case("mul_broadcast_3d", "aten::mul.Tensor", [randn(2, 1, 4), randn(3, 1)]),
        case("add_large", "aten::add.Tensor", [randn(300, 257), randn(257), 1]),
        case("mul_large_contiguous", "aten::mul.Tensor", [randn(70000), randn(70000)]),
        case("div_large_scalar", "aten::div.Scalar", [randn(70000), 3.0]),
    ]
    return c


def promotion_cases():
    i, f = sample((4,), I64), sample((4,), F32)
    u, b, i32 = sample((4,), U8), sample((4,), BOOL), sample((4,), I32)
    d0 = torch.tensor(2.5, dtype=F64)
    return [
        case("promote_int_plus_float_scalar", "aten::add.Scalar", [i, 2.5, 1]),
        case("promote_float_plus_int_scalar", "aten::add.Scalar", [f, 3, 1]),
        case("promote_uint8_plus_big_int", "aten::add.Scalar", [u, 300, 1]),
        case("promote_uint8_times_negative", "aten::mul.Scalar", [u, -1]),
        case("promote_bool_plus_int_scalar", "aten::add.Scalar", [b, 2, 1]),
        case("promote_bool_plus_bool_scalar", "aten::add.Scalar", [b, True, 1]),
        case("promote_int_true_div", "aten::div.Tensor", [i, torch.tensor([2, 3, 4, 5])]),
        case("promote_int32_int64", "aten::add.Tensor", [i32, i, 1]),
        case("promote_uint8_int8", "aten::add.Tensor", [u, sample((4,), I8), 1]),
        case("promote_f32_f64_0d", "aten::add.Tensor", [f, d0, 1]),
        case("promote_int_f64_0d", "aten::add.Tensor", [i, d0, 1]),
        case("promote_uint8_int64_0d", "aten::add.Tensor", [u, torch.tensor(7), 1]),
        case("promote_0d_0d", "aten::add.Tensor", [d0, torch.tensor(1, dtype=I32), 1]),
        case("promote_f32_f64", "aten::mul.Tensor", [f, sample((4,), F64)]),
        case("promote_int_float_alpha_float", "aten::add.Tensor", [f, i, 2.5]),
        case("promote_sub_uint8_float", "aten::sub.Scalar", [u, 1.5, 1]),
        case("promote_rsub_int_float", "aten::rsub.Scalar", [i, 2.5, 1]),
        case("promote_pow_int_float_exp", "aten::pow.Tensor_Scalar", [i, 2.0]),
        case("promote_pow_scalar_float_int", "aten::pow.Scalar", [2.5, sample((4,), I64, positive=True)]),
        case("promote_eq_int_float_scalar", "aten::eq.Scalar", [i, 2.5]),
        case("promote_lt_uint8_int", "aten::lt.Tensor", [u, i]),
        case("promote_maximum_bool_int", "aten::maximum", [b, i]),
        case("promote_maximum_int_float", "aten::maximum", [i, f]),
        case("promote_clamp_int_float", "aten::clamp", [i, 0.5, None]),
        case("promote_clamp_tensor_int_float", "aten::clamp.Tensor", [i, f, None]),
        case("promote_remainder_int_float", "aten::remainder.Scalar", [i, 2.5]),
        case("promote_where_int_float", "aten::where.self", [b, i, f]),
        case("promote_where_scalar_other", "aten::where.ScalarOther", [b, i, 2.5]),
        case("promote_where_scalars_int", "aten::where.Scalar", [b, 1, 2]),
        case("promote_where_scalars_float", "aten::where.Scalar", [b, 1.0, 2]),
        case("promote_where_scalar_self_bool", "aten::where.ScalarSelf", [b, True, u]),
        case("promote_bitwise_bool_int", "aten::bitwise_and.Tensor", [b, i]),
        case("promote_and_bool_scalar", "aten::__and__.Scalar", [b, True]),
        case("promote_exp_int", "aten::exp", [i]),
        case("promote_sqrt_bool", "aten::sqrt", [b]),
        case("promote_rsqrt_uint8", "aten::rsqrt", [u]),
        case("promote_floor_int", "aten::floor", [i]),
        case("promote_round_int", "aten::round", [i]),
        case("promote_ceil_uint8", "aten::ceil", [u]),
        case("promote_trunc_int32", "aten::trunc", [i32]),
        case("promote_masked_fill_int_float", "aten::masked_fill.Scalar", [i, b, 2.7]),
        case("promote_inplace_float_int", "aten::add_.Tensor", [f.clone(), i, 1]),
        case("promote_inplace_eq_float", "aten::eq_.Tensor", [f.clone(), f]),
        case("promote_inplace_logical_float", "aten::logical_and_", [f.clone(), b]),
    ]


def math_cases():
    c = []
    for dt in (F32, F64, I64, BOOL):
        n = str(dt).split(".")[1]
        x = sample((3, 5), dt)
        pos = sample((3, 5), dt, positive=True) if dt != BOOL else x
        c += [
            case(f"exp_{n}", "aten::exp", [x]),
            case(f"log_{n}", "aten::log", [pos]),
            case(f"log1p_{n}", "aten::log1p", [pos]),
            case(f"sqrt_{n}", "aten::sqrt", [pos]),
            case(f"rsqrt_{n}", "aten::rsqrt", [pos]),
            case(f"erf_{n}", "aten::erf", [x]),
            case(f"sin_{n}", "aten::sin", [x]),
            case(f"cos_{n}", "aten::cos", [x]),
            case(f"reciprocal_{n}", "aten::reciprocal", [pos]),
            case(f"isnan_{n}", "aten::isnan", [x]),
        ]
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        x = randn(4, 5, dtype=dt) * 3
        c += [
            case(f"floor_{n}", "aten::floor", [x]),
            case(f"ceil_{n}", "aten::ceil", [x]),
            case(f"trunc_{n}", "aten::trunc", [x]),
            case(f"round_{n}", "aten::round", [x]),
            case(f"round_decimals_{n}", "aten::round.decimals", [x, 2]),
            case(f"round_decimals_neg_{n}", "aten::round.decimals", [x * 100, -1]),
        ]
    s = special_floats()
    c += [
        case("round_half_even", "aten::round", [s]),
        case("specials_exp", "aten::exp", [s]),
        case("specials_log", "aten::log", [s]),
        case("specials_sqrt", "aten::sqrt", [s]),
        case("specials_isnan", "aten::isnan", [s]),
        case("specials_isinf", "aten::isinf", [s]),
        case("isinf_int", "aten::isinf", [sample((4,), I64)]),
        case("true_divide_int", "aten::true_divide.Tensor", [sample((4,), I64), sample((4,), I64, nonzero=True)]),
        case("true_divide_scalar", "aten::true_divide.Scalar", [randn(4), 3]),
        case("specials_reciprocal", "aten::reciprocal", [s]),
        case("specials_abs", "aten::abs", [s]),
        case("specials_floor", "aten::floor", [s]),
        case("abs_int_min", "aten::abs", [torch.tensor([-2**63, -3, 4], dtype=I64)]),
        case("neg_int8_wrap", "aten::neg", [torch.tensor([-128, 5, 0], dtype=I8)]),
    ]
    return c


def compare_logic_cases():
    c = []
    ops = ["eq", "ne", "lt", "le", "gt", "ge"]
    for dt in (F32, F64, I64, I32, U8, BOOL):
        n = str(dt).split(".")[1]
        a, b = sample((3, 4), dt), sample((4,), dt)
        for op in ops:
            c.append(case(f"{op}_{n}", f"aten::{op}.Tensor", [a, b]))
            c.append(case(f"{op}_scalar_{n}", f"aten::{op}.Scalar", [a, 1]))
        for op in ("logical_and", "logical_or", "logical_xor"):
            c.append(case(f"{op}_{n}", f"aten::{op}", [a, b]))
        c.append(case(f"logical_not_{n}", "aten::logical_not", [a]))
        if not dt.is_floating_point:
            c += [
                case(f"bitwise_and_{n}", "aten::bitwise_and.Tensor", [a, b]),
                case(f"bitwise_or_{n}", "aten::bitwise_or.Tensor", [a, b]),
                case(f"bitwise_and_scalar_{n}", "aten::bitwise_and.Scalar", [a, 1 if dt != BOOL else True]),
                case(f"bitwise_or_scalar_{n}", "aten::bitwise_or.Scalar", [a, 2 if dt != BOOL else False]),
                case(f"and_{n}", "aten::__and__.Tensor", [a, b]),
                case(f"or_{n}", "aten::__or__.Tensor", [a, b]),
                case(f"and_scalar_{n}", "aten::__and__.Scalar", [a, 3 if dt != BOOL else True]),
                case(f"or_scalar_{n}", "aten::__or__.Scalar", [a, 4 if dt != BOOL else True]),
                case(f"bitwise_not_{n}", "aten::bitwise_not", [a]),
                case(f"bitwise_xor_{n}", "aten::bitwise_xor.Tensor", [a, b]),
                case(f"bitwise_xor_scalar_{n}", "aten::bitwise_xor.Scalar", [a, 5 if dt != BOOL else True]),
                case(f"xor_{n}", "aten::__xor__.Tensor", [a, b]),
                case(f"xor_scalar_{n}", "aten::__xor__.Scalar", [a, 6]),
                case(f"bitwise_and_scalar_tensor_{n}", "aten::bitwise_and.Scalar_Tensor", [3, a]),
                case(f"bitwise_or_scalar_tensor_{n}", "aten::bitwise_or.Scalar_Tensor", [4, a]),
                case(f"bitwise_xor_scalar_tensor_{n}", "aten::bitwise_xor.Scalar_Tensor", [5, a]),
            ]
    s = special_floats()
    c += [
        case("eq_nan", "aten::eq.Tensor", [s, s]),
        case("ne_nan", "aten::ne.Tensor", [s, s]),
        case("lt_nan_scalar", "aten::lt.Scalar", [s, 1.0]),
        case("ge_large", "aten::ge.Scalar", [s, 1e30]),
        case("logical_and_nan", "aten::logical_and", [s, torch.ones(12)]),
        case("compare_broadcast_3d", "aten::gt.Tensor", [randn(2, 1, 3), randn(4, 1)]),
    ]
    return c


def selection_cases():
    c = []
    for dt in (F32, F64, I64, I32, U8, BOOL):
        n = str(dt).split(".")[1]
        cond = sample((3, 4), BOOL)
        a, b = sample((3, 4), dt), sample((4,), dt)
        c += [
            case(f"where_{n}", "aten::where.self", [cond, a, b]),
            case(f"where_bcast_cond_{n}", "aten::where.self", [sample((3, 1), BOOL), a, b]),
            case(f"masked_fill_{n}", "aten::masked_fill.Scalar", [a, sample((4,), BOOL), 1]),
            case(f"masked_fill_tensor_{n}", "aten::masked_fill.Tensor", [a, cond, torch.tensor(0, dtype=dt)]),
            case(f"masked_fill_inplace_{n}", "aten::masked_fill_.Scalar", [a, sample((1, 4), BOOL), 0]),
        ]
    m = randn(2, 1, 4, 4)
    c += [
        case("where_scalar_self", "aten::where.ScalarSelf", [sample((3, 4), BOOL), 0.5, randn(4)]),
        case("where_scalars", "aten::where.Scalar", [sample((2, 3), BOOL), 1.5, -1.5]),
        case("masked_fill_attention", "aten::masked_fill.Scalar", [m, sample((2, 1, 1, 4), BOOL), -1e9]),
        case("masked_fill_broadcast_self", "aten::masked_fill.Scalar", [randn(4), sample((3, 4), BOOL), 2.0]),
        case("masked_fill_tensor_value_f64", "aten::masked_fill.Tensor",
             [randn(3, 4), sample((3, 4), BOOL), torch.tensor(1.25, dtype=F64)]),
        case("masked_fill_tensor_inplace", "aten::masked_fill_.Tensor", [randn(3, 4), sample((4,), BOOL), torch.tensor(-3.0)]),
    ]
    return c


def inplace_cases():
    """Every in-place overload once: the result is self after the update."""
    f, f2 = randn(3, 4), randn(4)
    i, i2 = sample((3, 4), I64, nonzero=True), sample((4,), I64, nonzero=True)
    pos = sample((3, 4), F32, positive=True)
    b = sample((3, 4), BOOL)
    c = [
        case("add__tensor", "aten::add_.Tensor", [f, f2, 2]),
        case("add__scalar", "aten::add_.Scalar", [i, 3, 2]),
        case("sub__tensor", "aten::sub_.Tensor", [f, f2, 1]),
        case("sub__scalar", "aten::sub_.Scalar", [i, 3, 1]),
        case("mul__tensor", "aten::mul_.Tensor", [f, f2]),
        case("mul__scalar", "aten::mul_.Scalar", [i, -2]),
        case("div__tensor", "aten::div_.Tensor", [f, f2]),
        case("div__scalar", "aten::div_.Scalar", [f, 2]),
        case("div__tensor_mode", "aten::div_.Tensor_mode", [i, i2, "floor"]),
        case("div__scalar_mode", "aten::div_.Scalar_mode", [i, -3, "trunc"]),
        case("floor_divide__tensor", "aten::floor_divide_.Tensor", [i, i2]),
        case("floor_divide__scalar", "aten::floor_divide_.Scalar", [f, 0.7]),
        case("remainder__tensor", "aten::remainder_.Tensor", [i, i2]),
        case("remainder__scalar", "aten::remainder_.Scalar", [f, 0.7]),
        case("fmod__tensor", "aten::fmod_.Tensor", [i, i2]),
        case("fmod__scalar", "aten::fmod_.Scalar", [f, 0.7]),
        case("pow__tensor", "aten::pow_.Tensor", [pos, f2]),
        case("pow__scalar", "aten::pow_.Scalar", [i, 2]),
        case("clamp__", "aten::clamp_", [f, -0.5, 0.5]),
        case("clamp__tensor", "aten::clamp_.Tensor", [f, f2, None]),
        case("clamp_min__", "aten::clamp_min_", [i, 0]),
        case("clamp_min__tensor", "aten::clamp_min_.Tensor", [f, f2]),
        case("clamp_max__", "aten::clamp_max_", [f, 0.1]),
        case("clamp_max__tensor", "aten::clamp_max_.Tensor", [f, f2]),
        case("logical_and__", "aten::logical_and_", [b, sample((4,), BOOL)]),
        case("logical_or__", "aten::logical_or_", [b, sample((4,), BOOL)]),
        case("logical_xor__", "aten::logical_xor_", [b, sample((4,), BOOL)]),
        case("logical_not__", "aten::logical_not_", [f]),
        case("bitwise_and__tensor", "aten::bitwise_and_.Tensor", [i, i2]),
        case("bitwise_and__scalar", "aten::bitwise_and_.Scalar", [i, 6]),
        case("bitwise_or__tensor", "aten::bitwise_or_.Tensor", [b, sample((4,), BOOL)]),
        case("bitwise_or__scalar", "aten::bitwise_or_.Scalar", [i, 6]),
        case("bitwise_not__", "aten::bitwise_not_", [i]),
        case("bitwise_xor__tensor", "aten::bitwise_xor_.Tensor", [i, i2]),
        case("bitwise_xor__scalar", "aten::bitwise_xor_.Scalar", [i, 5]),
        case("true_divide__tensor", "aten::true_divide_.Tensor", [f, f2]),
        case("true_divide__scalar", "aten::true_divide_.Scalar", [f, 4]),
        case("masked_fill__tensor", "aten::masked_fill_.Tensor", [i, b, torch.tensor(5)]),
        case("round__decimals", "aten::round_.decimals", [f * 10, 1]),
    ]
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        c.append(case(f"{op}__tensor", f"aten::{op}_.Tensor", [f, f2]))
        c.append(case(f"{op}__scalar", f"aten::{op}_.Scalar", [i, 1]))
    for op in ("neg", "abs", "sign", "floor", "ceil", "trunc", "round"):
        c.append(case(f"{op}__", f"aten::{op}_", [f * 3]))
    for op in ("exp", "log", "log1p", "sqrt", "rsqrt", "erf", "sin", "cos", "reciprocal"):
        c.append(case(f"{op}__", f"aten::{op}_", [pos.clone()]))
    return c


def cases():
    return (arithmetic_cases() + promotion_cases() + math_cases() + compare_logic_cases() +
            selection_cases() + inplace_cases())


if __name__ == "__main__":
    golden.write_family("elementwise", cases())
