"""Golden cases for kernels/pointwise_math.cc: addcmul, addcdiv, gcd, lcm, log2, _add_relu and their
in-place forms (the C++ test also checks that an in-place op wrote its self argument)."""
import golden
from golden import case, randn, randint
import torch

F32, F64, I64, I32, U8 = torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8


def tol(dt):
    return dict(rtol=1e-10, atol=1e-12) if dt == F64 else {}


def addc_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        s, a, b = randn(3, 4, dtype=dt), randn(3, 4, dtype=dt), randn(3, 4, dtype=dt) + 3
        c += [
            case(f"addcmul_{n}", "aten::addcmul", [s, a, b, 1], **tol(dt)),
            case(f"addcmul_value_{n}", "aten::addcmul", [s, a, b, 0.5], **tol(dt)),
            case(f"addcmul_broadcast_{n}", "aten::addcmul",
                 [randn(4, dtype=dt), randn(3, 1, dtype=dt), b, -2], **tol(dt)),
            case(f"addcmul_inplace_{n}", "aten::addcmul_", [s, a, randn(4, dtype=dt), 0.25], **tol(dt)),
            case(f"addcdiv_{n}", "aten::addcdiv", [s, a, b, 1], **tol(dt)),
            case(f"addcdiv_value_{n}", "aten::addcdiv", [s, a, b, -0.1], **tol(dt)),
            case(f"addcdiv_broadcast_{n}", "aten::addcdiv",
                 [randn(3, 1, dtype=dt), a, randn(4, dtype=dt) + 3, 2], **tol(dt)),
            case(f"addcdiv_inplace_{n}", "aten::addcdiv_", [s, a, b, 0.5], **tol(dt)),
            case(f"addcmul_empty_{n}", "aten::addcmul",
                 [randn(0, 4, dtype=dt), randn(0, 4, dtype=dt), randn(4, dtype=dt), 1]),
        ]
    c += [
        case("addcmul_int", "aten::addcmul", [randint(-5, 5, (3, 4)), randint(-5, 5, (3, 4)), randint(-5, 5, (4,)), 3]),
        case("addcmul_int32_inplace", "aten::addcmul_", [randint(-5, 5, (3, 4), I32), randint(-5, 5, (3, 4), I32),
                                                         randint(-5, 5, (3, 4), I32), 2]),
        case("addcmul_mixed", "aten::addcmul", [randint(-5, 5, (3, 4)), randn(3, 4), randn(3, 4), 2]),
        case("addcmul_mixed_f64", "aten::addcmul", [randn(3, 4, dtype=F64), randn(3, 4), randn(3, 4), 1.5], **tol(F64)),
        case("addcdiv_int_self", "aten::addcdiv", [randint(-5, 5, (3, 4)), randn(3, 4), randn(3, 4) + 3, 1]),
    ]
    return c


def gcd_lcm_log2_cases():
    c = []
    for dt in (I64, I32, U8):
        n = str(dt).split(".")[1]
        low = 0 if dt == U8 else -30
        a, b = randint(low, 30, (4, 5), dt), randint(low, 30, (4, 5), dt)
        a[0, 0], b[0, 0], a[1, 1] = 0, 0, 0
        c += [
            case(f"gcd_{n}", "aten::gcd", [a, b]),
            case(f"gcd_broadcast_{n}", "aten::gcd", [a, randint(0, 30, (5,), dt)]),
            case(f"gcd_inplace_{n}", "aten::gcd_", [a, b]),
            case(f"lcm_{n}", "aten::lcm", [a, b]),
            case(f"lcm_inplace_{n}", "aten::lcm_", [a, randint(1, 12, (5,), dt)]),
            case(f"log2_{n}", "aten::log2", [randint(1, 100, (3, 4), dt)]),
        ]
    c += [
        case("gcd_mixed", "aten::gcd", [randint(-30, 30, (6,), I32), randint(-30, 30, (6,), I64)]),
        case("gcd_empty", "aten::gcd", [randint(0, 5, (0, 3)), randint(0, 5, (3,))]),
    ]
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        x = randn(3, 4, dtype=dt).abs() * 10
        x[0, 0], x[0, 1], x[0, 2] = 0, -1, float("inf")
        c += [
            case(f"log2_{n}", "aten::log2", [x], **tol(dt)),
            case(f"log2_inplace_{n}", "aten::log2_", [x], **tol(dt)),
            case(f"log2_empty_{n}", "aten::log2", [randn(0, 2, dtype=dt)]),
            case(f"log2_scalar_{n}", "aten::log2", [randn((), dtype=dt).abs()], **tol(dt)),
        ]
    c.append(case("log2_bool", "aten::log2", [torch.tensor([True, False])]))
    return c


def add_relu_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        c += [
            case(f"add_relu_{n}", "aten::_add_relu.Tensor", [randn(2, 3, 4, dtype=dt), randn(2, 3, 4, dtype=dt), 1],
                 **tol(dt)),
            case(f"add_relu_alpha_broadcast_{n}", "aten::_add_relu.Tensor",
                 [randn(2, 3, 4, dtype=dt), randn(4, dtype=dt), 0.5], **tol(dt)),
            case(f"add_relu_scalar_{n}", "aten::_add_relu.Scalar", [randn(3, 4, dtype=dt), -0.25, 2], **tol(dt)),
            case(f"add_relu_inplace_{n}", "aten::_add_relu_.Tensor", [randn(3, 4, dtype=dt), randn(3, 4, dtype=dt), 1],
                 **tol(dt)),
            case(f"add_relu_inplace_scalar_{n}", "aten::_add_relu_.Scalar", [randn(3, 4, dtype=dt), 0.5, 1], **tol(dt)),
        ]
    c += [
        case("add_relu_int", "aten::_add_relu.Tensor", [randint(-5, 5, (3, 4)), randint(-5, 5, (3, 4)), 2]),
        case("add_relu_inplace_int", "aten::_add_relu_.Tensor", [randint(-5, 5, (3, 4)), randint(-5, 5, (4,)), 1]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("pointwise_math", addc_cases() + gcd_lcm_log2_cases() + add_relu_cases())
