"""Golden cases for TorchScript's scalar ops (int/float/bool arithmetic, comparisons, logic,
conversions), computed by TorchScript itself (see golden_scripted.py).

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/scalar_ops.py OUT
"""
from golden_scripted import TORCH_OPS, scripted, write_scripted_family


def cases():
    out = []
    ints = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (9223372036854775807, 1)]
    floats = [(7.5, 2.0), (-7.5, 2.0), (1.0, 0.1), (5.5, -2.0), (0.0, 3.0)]
    mixed_if = [(3, 2.5), (-3, 0.5)]
    mixed_fi = [(2.5, 3), (-0.5, 2)]
    for op in ["add", "sub", "mul", "div", "floordiv", "remainder", "pow", "fmod", "mathremainder",
               "copysign", "log"]:
        overloads = {"int": ints, "float": floats, "int_float": mixed_if, "float_int": mixed_fi}
        if op in ("div",):
            overloads = {"int": ints, "float": floats}
        if op == "log":
            overloads = {"int_int": [(8, 2), (100, 10)], "float_float": [(8.0, 2.0)],
                         "int_float": [(9, 3.0)], "float_int": [(0.5, 2)]}
        for overload, pairs in overloads.items():
            for i, (a, b) in enumerate(pairs):
                if op == "pow" and a < 0 and isinstance(b, float) and not b.is_integer():
                    continue  # NaN, which JSON cannot hold
                out.append(scripted(f"{op}_{overload}_{i}", f"aten::{op}.{overload}", [a, b]))
    out.append(scripted("add_int_wraps", "aten::add.int", [9223372036854775807, 1]))
    out.append(scripted("round_to_zero_floordiv", "aten::__round_to_zero_floordiv.int", [-7, 2]))
    # No golden for aten::pow.int_to_int: TorchScript source cannot select it and torch.ops
    # returns a float for it (3 ** 5 -> 243.0), so there is no trustworthy oracle.
    for name, (a, b) in {"int_int": (7, 2), "int_float": (7, 2.5), "float_float": (-7.5, 2.0),
                         "bool_int": (True, 3)}.items():
        for op in ["add", "sub", "mul", "floordiv", "remainder"]:
            out.append(scripted(f"{op}_scalar_{name}", f"aten::{op}", [a, b], types=["Scalar", "Scalar"]))
        out.append(scripted(f"div_scalar_{name}", "aten::div", [a, b], types=["Scalar", "Scalar"]))
        for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
            out.append(scripted(f"{op}_scalar_{name}", f"aten::{op}", [a, b], types=["Scalar", "Scalar"]))
        out.append(scripted(f"min_scalar_{name}", "prim::min", [a, b], types=["Scalar", "Scalar"]))
        out.append(scripted(f"max_scalar_{name}", "prim::max", [a, b], types=["Scalar", "Scalar"]))
    out.append(scripted("pow_scalar_scalar", "aten::pow.Scalar_Scalar", [2, 0.5], types=["Scalar", "Scalar"]))
    out.append(scripted("log_scalar_scalar", "aten::log.Scalar_Scalar", [8, 2], types=["Scalar", "Scalar"]))
    for i, (a, b) in enumerate([(-7, 2), (7, 3)]):
        out.append(scripted(f"divmod_int_{i}", "aten::divmod.int", [a, b], expr="divmod(a0, a1)"))
    out.append(scripted("divmod_float", "aten::divmod.float", [-7.5, 2.0], expr="divmod(a0, a1)"))
    out.append(scripted("divmod_int_float", "aten::divmod.int_float", [7, 2.5], expr="divmod(a0, a1)"))
    out.append(scripted("divmod_float_int", "aten::divmod.float_int", [7.5, 2], expr="divmod(a0, a1)"))

    # Unary ops on int, float and Scalar.
    for op in ["round", "sqrt", "exp", "log", "log10", "log1p", "sin", "cos", "tanh"]:
        out.append(scripted(f"{op}_float", f"aten::{op}.float", [2.5]))
        out.append(scripted(f"{op}_int", f"aten::{op}.int", [3]))
        out.append(scripted(f"{op}_scalar_int", f"aten::{op}.Scalar", [4], types=["Scalar"]))
        out.append(scripted(f"{op}_scalar_float", f"aten::{op}.Scalar", [0.5], types=["Scalar"]))
    for op, x in [("fabs", -2.5), ("gamma", 4.5), ("lgamma", 4.5), ("erf", 0.3), ("erfc", 0.3), ("expm1", 1e-3),
                  ("tan", 0.7), ("asin", 0.5), ("acos", 0.5), ("atan", 2.0), ("sinh", 1.5), ("cosh", 1.5),
                  ("asinh", 1.5), ("acosh", 1.5), ("atanh", 0.5), ("radians", 90.0), ("degrees", 1.0)]:
        out.append(scripted(f"{op}_float", f"aten::{op}.float", [x], expr=f"math.{op}(a0)"))
        out.append(scripted(f"{op}_int", f"aten::{op}.int", [1 if op in ("acosh",) else 0 if op in ("atanh", "asin", "acos") else 3],
                            expr=f"math.{op}(a0)"))
        out.append(scripted(f"{op}_scalar", f"aten::{op}.Scalar", [0.5 if op != "acosh" else 1.5], types=["Scalar"]))
    for overload, (a, b) in {"int": (1, -2), "float": (-1.0, -2.0), "int_float": (1, 0.5), "float_int": (0.5, -1)}.items():
        out.append(scripted(f"atan2_{overload}", f"aten::atan2.{overload}", [a, b], expr="math.atan2(a0, a1)"))
    out.append(scripted("atan2_scalar", "aten::atan2.Scalar_Scalar", [1, 2.0], types=["Scalar", "Scalar"]))
    for op in ["fmod", "mathremainder", "copysign"]:
        out.append(scripted(f"{op}_scalar", f"aten::{op}", [7.5, -2], types=["Scalar", "Scalar"]))
    out.append(scripted("ldexp", "aten::ldexp", [0.75, 5], expr="math.ldexp(a0, a1)"))
    out.append(scripted("frexp", "aten::frexp", [-24.0], expr="math.frexp(a0)"))
    out.append(scripted("modf", "aten::modf", [-3.25], expr="math.modf(a0)"))
    out.append(scripted("isfinite", "aten::isfinite.float", [2.5], expr="math.isfinite(a0)"))
    for i, x in enumerate([0.5, 1.5, 2.5, -2.5, -0.5, 3.7]):
        out.append(scripted(f"round_half_even_{i}", "aten::round.float", [x]))
    for op in ["floor", "ceil"]:
        for i, x in enumerate([2.5, -2.5, 3.0, -0.2]):
            out.append(scripted(f"{op}_float_{i}", f"aten::{op}.float", [x]))
        out.append(scripted(f"{op}_int", f"aten::{op}.int", [-3]))
        out.append(scripted(f"{op}_scalar_float", f"aten::{op}.Scalar", [-2.5], types=["Scalar"]))
        out.append(scripted(f"{op}_scalar_int", f"aten::{op}.Scalar", [5], types=["Scalar"]))
    out.append(scripted("neg_int", "aten::neg.int", [5]))
    out.append(scripted("neg_float", "aten::neg.float", [2.5]))
    out.append(scripted("neg_scalar", "aten::neg.Scalar", [3], types=["Scalar"]))
    out.append(scripted("abs_int", "prim::abs.int", [-5]))
    out.append(scripted("abs_float", "prim::abs.float", [-2.5]))
    out.append(scripted("abs_scalar", "prim::abs.Scalar", [-2.5], types=["Scalar"]))
    out.append(scripted("factorial", "aten::factorial.int", [10]))
    out.append(scripted("gcd", "aten::gcd.int", [-12, 18]))
    out.append(scripted("isnan", "aten::isnan.float", [1.5]))
    out.append(scripted("isinf", "aten::isinf.float", [2.5]))
    for a, b in [(3, 7), (-2, -9)]:
        out.append(scripted(f"min_int_{a}", "prim::min.int", [a, b]))
        out.append(scripted(f"max_int_{a}", "prim::max.int", [a, b]))
    out.append(scripted("min_float", "prim::min.float", [2.5, -1.0]))
    out.append(scripted("max_int_float", "prim::max.int_float", [2, 1.5]))
    out.append(scripted("min_float_int", "prim::min.float_int", [2.5, 3]))

    # Comparisons on numbers and bools.
    for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
        for overload, (a, b) in {"int": (3, 4), "float": (2.5, 2.5), "int_float": (3, 2.5),
                                 "float_int": (3.0, 3)}.items():
            out.append(scripted(f"{op}_{overload}", f"aten::{op}.{overload}", [a, b]))
        out.append(scripted(f"{op}_str", f"aten::{op}.str", ["abc", "abd"]))
    for op in ["eq", "ne"]:
        out.append(scripted(f"{op}_bool", f"aten::{op}.bool", [True, False]))

    # Logic and bits.
    out.append(scripted("not", "aten::__not__", [True], expr="not a0"))
    for op in ["__and__", "__or__", "__xor__"]:
        out.append(scripted(f"{op}_bool", f"aten::{op}.bool", [True, False]))
        out.append(scripted(f"{op}_int", f"aten::{op}.int", [12, -6]))
    out.append(scripted("lshift", "aten::__lshift__.int", [3, 4]))
    out.append(scripted("rshift", "aten::__rshift__.int", [-17, 2]))
    out.append(scripted("is_none", "aten::__is__", [None, None], types=["Optional[int]", "Optional[int]"],
                        expr="a0 is a1"))
    out.append(scripted("isnot_int_none", "aten::__isnot__", [3, None], types=["Optional[int]", "Optional[int]"],
                        expr="a0 is not a1"))

    # Conversions.
    for i, x in enumerate([2.7, -2.7, 0.0]):
        out.append(scripted(f"int_float_{i}", "aten::Int.float", [x], expr="int(a0)"))
    out.append(scripted("int_bool", "aten::Int.bool", [True], expr="int(a0)"))
    out.append(scripted("int_scalar", "aten::Int.Scalar", [-3.5], types=["Scalar"], expr="int(a0)"))
    for i, s in enumerate(["12", "-5", "+7", "0"]):
        out.append(scripted(f"int_str_{i}", "aten::Int.str", [s], expr="int(a0)"))
    for i, s in enumerate(["1.5", "-2e3", " 3.25", "7"]):
        out.append(scripted(f"float_str_{i}", "aten::Float.str", [s], expr="float(a0)"))
    out.append(scripted("float_int", "aten::Float.int", [7], expr=TORCH_OPS))
    out.append(scripted("float_bool", "aten::Float.bool", [True], expr=TORCH_OPS))
    out.append(scripted("float_scalar", "aten::Float.Scalar", [3], types=["Scalar"], expr="float(a0)"))
    out.append(scripted("bool_int", "aten::Bool.int", [-2], expr="bool(a0)"))
    out.append(scripted("bool_float", "aten::Bool.float", [0.0], expr="bool(a0)"))

    out.append(scripted("range_length_up", "aten::__range_length", [0, 10, 3]))
    out.append(scripted("range_length_down", "aten::__range_length", [10, 0, -3]))
    out.append(scripted("range_length_empty", "aten::__range_length", [5, 1, 2]))
    out.append(scripted("derive_index", "aten::__derive_index", [2, 1, 3]))
    return out


if __name__ == "__main__":
    write_scripted_family("scalar_ops", cases())
