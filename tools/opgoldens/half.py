"""Golden cases for float16 and bfloat16 tensors as data: conversions to and from them (aten::to),
elementwise arithmetic, comparisons, selection and activations on them, and type promotion with
other dtypes. CPU torch computes these ops in float and rounds each result to the tensor's dtype,
so tsrt must match torch bit for bit (tolerance 0) except where the float32 formula itself may
differ by float32 rounding (transcendentals: one unit in the last place of the 16-bit result)."""
import torch

import golden
from golden import case, randn

DTYPES = {"f16": torch.float16, "bf16": torch.bfloat16}
# One unit in the last place of the 16-bit result: for ops whose float32 value may differ from
# torch's by float32 rounding, which can flip a rounding decision at the 16-bit precision.
ULP = {"f16": 2.0 ** -10, "bf16": 2.0 ** -7}


def wide(*shape, dtype):
    return (torch.rand(*shape) * 16 - 8).to(dtype)


def cases():
    c = []
    exact = {"rtol": 0.0, "atol": 0.0}
    for tag, dt in DTYPES.items():
        one_ulp = {"rtol": ULP[tag], "atol": 1e-6}
        a, b = randn(3, 5, dtype=dt), randn(3, 5, dtype=dt)
        # Conversions both ways, including rounding of float32/float64 values and integers.
        c.append(case(f"to_{tag}_from_f32", "aten::to.dtype", [randn(4, 7) * 1000, dt, False, False, None], **exact))
        c.append(case(f"to_{tag}_from_f64", "aten::to.dtype",
                      [randn(4, 7, dtype=torch.float64), dt, False, False, None], **exact))
        c.append(case(f"to_{tag}_from_i64", "aten::to.dtype",
                      [torch.randint(-70000, 70000, (9,)), dt, False, False, None], **exact))
        c.append(case(f"to_f32_from_{tag}", "aten::to.dtype",
                      [randn(4, 7, dtype=dt), torch.float32, False, False, None], **exact))
        c.append(case(f"to_i64_from_{tag}", "aten::to.dtype",
                      [wide(11, dtype=dt) * 100, torch.int64, False, False, None], **exact))
        extremes = torch.tensor([0.0, -0.0, 1e-8, -3e-6, 6e-5, 65504.0, 65519.0, 65520.0, 1e6, -1e6, 3.4e38,
                                 float("inf"), float("-inf"), float("nan"), 1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11])
        c.append(case(f"to_{tag}_extremes", "aten::to.dtype", [extremes, dt, False, False, None], **exact))
        # Arithmetic: computed in float, rounded once.
        c.append(case(f"add_{tag}", "aten::add.Tensor", [a, b, 1], **exact))
        c.append(case(f"add_alpha_{tag}", "aten::add.Tensor", [a, b, 0.3], **exact))
        # Long enough for torch's vector loop, which for bfloat16 rounds a + alpha * b once
        # where its scalar loop (and tsrt) round the product too: they differ by at most one
        # ulp of the product (|alpha * b| < 8 here), float16 not at all.
        product_ulp = {"rtol": ULP[tag], "atol": 8 * ULP[tag]} if tag == "bf16" else exact
        c.append(case(f"add_alpha_long_{tag}", "aten::add.Tensor",
                      [randn(1000, dtype=dt), randn(1000, dtype=dt), -1.7], **product_ulp))
        c.append(case(f"sub_alpha_{tag}", "aten::sub.Tensor", [a, b, 2.5], **exact))
        c.append(case(f"add_scalar_{tag}", "aten::add.Scalar", [a, 0.1, 1], **exact))
        c.append(case(f"add_scalar_long_{tag}", "aten::add.Scalar", [randn(1000, dtype=dt), 0.1, 1], **exact))
        c.append(case(f"sub_{tag}", "aten::sub.Tensor", [a, b, 1], **exact))
        c.append(case(f"mul_{tag}", "aten::mul.Tensor", [a, b], **exact))
        c.append(case(f"mul_scalar_{tag}", "aten::mul.Scalar", [a, 1.7], **exact))
        c.append(case(f"div_{tag}", "aten::div.Tensor", [a, b], **exact))
        c.append(case(f"add_broadcast_{tag}", "aten::add.Tensor", [randn(4, 1, 3, dtype=dt), randn(5, 1, dtype=dt), 1],
                      **exact))
        c.append(case(f"add_inplace_{tag}", "aten::add_.Tensor", [a, b, 1], **exact))
        c.append(case(f"neg_{tag}", "aten::neg", [a], **exact))
        c.append(case(f"abs_{tag}", "aten::abs", [a], **exact))
        # Promotion: with float32 tensors the result is float32; with Python scalars and 0-d
        # tensors of another float dtype it stays 16-bit.
        c.append(case(f"add_{tag}_f32", "aten::add.Tensor", [a, randn(3, 5), 1], **exact))
        c.append(case(f"mul_{tag}_i64", "aten::mul.Tensor", [a, torch.randint(-3, 4, (3, 5))], **exact))
        c.append(case(f"add_{tag}_0d_f32", "aten::add.Tensor", [a, torch.tensor(0.25), 1], **exact))
        # Comparisons, selection, extrema, clamp.
        c.append(case(f"gt_{tag}", "aten::gt.Tensor", [a, b], **exact))
        c.append(case(f"where_{tag}", "aten::where.self", [a > 0, a, b], **exact))
        c.append(case(f"maximum_{tag}", "aten::maximum", [a, b], **exact))
        c.append(case(f"clamp_{tag}", "aten::clamp", [a, -0.5, 0.7], **exact))
        # Math and activations: transcendental formulas in float32, rounded.
        c.append(case(f"exp_{tag}", "aten::exp", [a], **one_ulp))
        c.append(case(f"sqrt_{tag}", "aten::sqrt", [a.abs()], **one_ulp))
        c.append(case(f"relu_{tag}", "aten::relu", [a], **exact))
        c.append(case(f"relu_inplace_{tag}", "aten::relu_", [a], **exact))
        c.append(case(f"sigmoid_{tag}", "aten::sigmoid", [wide(4, 6, dtype=dt)], **one_ulp))
        c.append(case(f"tanh_{tag}", "aten::tanh", [wide(4, 6, dtype=dt)], **one_ulp))
        c.append(case(f"gelu_{tag}", "aten::gelu", [wide(4, 6, dtype=dt), "none"], **one_ulp))
        c.append(case(f"silu_{tag}", "aten::silu", [wide(4, 6, dtype=dt)], **one_ulp))
        c.append(case(f"hardtanh_{tag}", "aten::hardtanh", [wide(4, 6, dtype=dt), -1, 1], **exact))
    c.append(case("add_f16_bf16", "aten::add.Tensor",
                  [randn(6, dtype=torch.float16), randn(6, dtype=torch.bfloat16), 1], **exact))
    return c


def supported(c):
    """CPU torch 1.13 lacks some 16-bit kernels (e.g. clamp on float16): those are no case."""
    try:
        golden.torch_op(c.op)(*[a.clone() if isinstance(a, torch.Tensor) else a for a in c.args])
        return True
    except RuntimeError as e:
        print(f"half: torch refuses {c.name}: {str(e).splitlines()[0]}")
        return False


if __name__ == "__main__":
    golden.write_family("half", [c for c in cases() if supported(c)])
