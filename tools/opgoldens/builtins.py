"""Golden cases for kernels/builtins.cc: the dtype helpers, size helpers and mode queries.

Grad mode is queried under torch.no_grad(), as the reference runner runs models.
"""
import golden
from golden import case
import torch

DTYPES = [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float32, torch.float64, torch.bool]


def cases():
    out = []
    for a in DTYPES:
        for b in DTYPES:
            name = f"{str(a)[6:]}_{str(b)[6:]}"
            out.append(case(f"can_cast_{name}", "aten::can_cast", [a, b]))
            out.append(case(f"promote_types_{name}", "aten::promote_types", [a, b]))
    out += [
        case("infer_size_broadcast", "aten::_infer_size", [[2, 1, 4], [3, 1]]),
        case("infer_size_scalar", "aten::_infer_size", [[], [5]]),
        case("size_if_not_equal_differs", "aten::_size_if_not_equal", [[2, 3], [3, 2]]),
        case("size_if_not_equal_same", "aten::_size_if_not_equal", [[2, 3], [2, 3]]),
        case("size_identity", "aten::Size", [[4, 0, 2]]),
        case("is_grad_enabled", "aten::is_grad_enabled", []),
        case("is_autocast_enabled", "aten::is_autocast_enabled", []),
        case("is_autocast_cpu_enabled", "aten::is_autocast_cpu_enabled", []),
    ]
    # `fmt % args`, evaluated by TorchScript itself (see install_script_ops).
    for name, fmt, args in [
        ("mixed", "a%db %s c%f %i %e %c %% %s", (3, "hi", 2.75, -4, 0.000123, 65, "z")),
        ("truncates", "%d|%i|%f|%e", (-2.75, 2.5, 7, 1e20)),
        ("char_string", "%c%c!", ("o", 107)),
        ("str_of_float", "%s and %s", (1.0, 9.999e-8)),
        ("no_specifier", "plain %% text", ()),
    ]:
        out.append(case(f"percent_format_{name}", "aten::percentFormat", [fmt, args]))
    for name, value in [("str", "abc"), ("empty_str", ""), ("int", -7), ("float", 2.5), ("negative_zero", -0.0),
                        ("bool", True), ("tuple", (12345, "abc")), ("nested_tuple", ((1, 2.5), "x", False))]:
        out.append(case(f"hash_{name}", "aten::hash.generic", [value]))
    return out


def install_script_ops():
    # aten::percentFormat is vararg and not callable through torch.ops: its golden is the `%`
    # expression compiled by TorchScript, which emits that very op.
    bound_torch_op = golden.torch_op

    def torch_op(qualified):
        if qualified == "aten::percentFormat":
            return lambda fmt, args: torch.jit.CompilationUnit(f"def h():\n    return {fmt!r} % {args!r}\n").h()
        if qualified == "aten::hash.generic":  # likewise not reachable through torch.ops
            return lambda value: torch.jit.CompilationUnit(f"def h():\n    return hash({value!r})\n").h()
        return bound_torch_op(qualified)
    golden.torch_op = torch_op


if __name__ == "__main__":
    install_script_ops()
    with torch.no_grad():
        golden.write_family("builtins", cases())
