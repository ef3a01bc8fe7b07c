"""Golden cases for kernels/activation.cc: every activation and its in-place form, on float32
(oneDNN) and float64 (plain loop), odd sizes, non-default parameters, and eval-mode dropout."""
import torch

import golden
from golden import case, randn, randint


def wide(*shape, dtype=torch.float32):
    """Values spread over [-8, 8] so that every branch of piecewise activations is hit."""
    return (torch.rand(*shape) * 16 - 8).to(dtype)


def cases():
    c = []
    unary = ["relu", "relu6", "hardtanh", "leaky_relu", "gelu", "tanh", "sigmoid", "silu", "mish", "elu",
             "hardsigmoid", "hardswish", "softplus"]
    has_inplace = set(unary) - {"softplus"}
    # Every argument is passed (tsrt's call convention): these are the schema defaults.
    default_args = {"gelu": ["none"], "hardtanh": [-1, 1], "leaky_relu": [0.01], "elu": [1, 1, 1],
                    "softplus": [1, 20]}
    for name in unary:
        extra = default_args.get(name, [])
        c.append(case(f"{name}_f32", f"aten::{name}", [wide(2, 3, 7)] + extra))
        c.append(case(f"{name}_f64", f"aten::{name}", [wide(13, dtype=torch.float64)] + extra))
        c.append(case(f"{name}_one", f"aten::{name}", [wide(1)] + extra))
        if name in has_inplace:
            c.append(case(f"{name}_inplace", f"aten::{name}_", [wide(4, 5)] + extra))
    # Non-default parameters.
    c.append(case("gelu_tanh", "aten::gelu", [wide(3, 11), "tanh"]))
    c.append(case("gelu_tanh_f64", "aten::gelu", [wide(3, 11, dtype=torch.float64), "tanh"]))
    c.append(case("gelu_tanh_inplace", "aten::gelu_", [wide(3, 11), "tanh"]))
    c.append(case("gelu_bert", "aten::gelu", [randn(2, 16, 256), "none"]))
    c.append(case("hardtanh_range", "aten::hardtanh", [wide(5, 5), -2.5, 0.5]))
    c.append(case("hardtanh_int_range", "aten::hardtanh", [wide(5, 5), -2, 3]))
    c.append(case("hardtanh_range_inplace", "aten::hardtanh_", [wide(5, 5), 0.0, 6.0]))
    c.append(case("leaky_relu_slope", "aten::leaky_relu", [wide(5, 5), 0.2]))
    c.append(case("leaky_relu_slope_inplace", "aten::leaky_relu_", [wide(5, 5), 0.3]))
    c.append(case("elu_alpha", "aten::elu", [wide(5, 5), 0.5, 1, 1]))
    c.append(case("elu_scaled", "aten::elu", [wide(5, 5), 1.6732632423543772, 1.0507009873554805, 1]))
    c.append(case("elu_input_scale", "aten::elu", [wide(5, 5), 1.0, 2.0, 0.5]))
    c.append(case("elu_inplace_scaled", "aten::elu_", [wide(5, 5), 1.5, 2.0, 0.5]))
    c.append(case("softplus_beta", "aten::softplus", [wide(5, 5), 2.0, 20]))
    c.append(case("softplus_threshold", "aten::softplus", [wide(5, 5), 1, 1.5]))
    # Further activations with their own parameters.
    c.append(case("selu", "aten::selu", [wide(3, 7)]))
    c.append(case("selu_inplace", "aten::selu_", [wide(3, 7, dtype=torch.float64)]))
    c.append(case("celu", "aten::celu", [wide(3, 7), 1.0]))
    c.append(case("celu_alpha_inplace", "aten::celu_", [wide(3, 7), 0.5]))
    c.append(case("threshold", "aten::threshold", [wide(3, 7), 0.5, -2.0]))
    c.append(case("threshold_inplace", "aten::threshold_", [wide(3, 7), -1, 4]))
    c.append(case("threshold_int64", "aten::threshold", [randint(-5, 5, (9,)), 1, 7]))
    c.append(case("rrelu_eval", "aten::rrelu", [wide(3, 7), 0.125, 1.0 / 3, False, None]))
    c.append(case("rrelu_eval_inplace", "aten::rrelu_", [wide(3, 7), 0.1, 0.3, False, None]))
    c.append(case("hardshrink", "aten::hardshrink", [wide(3, 7) / 8, 0.5]))
    c.append(case("softshrink", "aten::softshrink", [wide(3, 7) / 8, 0.25]))
    c.append(case("log_sigmoid", "aten::log_sigmoid", [wide(3, 7) * 20]))
    c.append(case("log_sigmoid_f64", "aten::log_sigmoid", [wide(3, 7, dtype=torch.float64)]))
    c.append(case("prelu_shared", "aten::prelu", [wide(2, 3, 5), randn(1)]))
    c.append(case("prelu_channels", "aten::prelu", [wide(2, 3, 5), randn(3)]))
    c.append(case("prelu_channels_4d", "aten::prelu", [wide(2, 3, 2, 2, dtype=torch.float64),
                                                       randn(3, dtype=torch.float64)]))
    c.append(case("prelu_1d", "aten::prelu", [wide(6), randn(1)]))
    c.append(case("glu_last", "aten::glu", [wide(3, 8), -1]))
    c.append(case("glu_dim0", "aten::glu", [wide(4, 3, 5), 0]))
    c.append(case("glu_mid_f64", "aten::glu", [wide(2, 6, 3, dtype=torch.float64), 1]))
    # Integer inputs: relu keeps the dtype, tanh/sigmoid promote to float32.
    c.append(case("relu_int64", "aten::relu", [randint(-5, 5, (7,))]))
    c.append(case("tanh_int64", "aten::tanh", [randint(-3, 3, (7,))]))
    c.append(case("sigmoid_int64", "aten::sigmoid", [randint(-3, 3, (7,))]))
    c.append(case("relu_empty", "aten::relu", [randn(0, 3)]))
    # Dropout in inference mode (and p = 0 in training) is the identity.
    for name in ["dropout", "feature_dropout", "alpha_dropout", "feature_alpha_dropout"]:
        c.append(case(f"{name}_eval", f"aten::{name}", [randn(2, 3, 4), 0.5, False]))
        c.append(case(f"{name}_inplace_eval", f"aten::{name}_", [randn(2, 3, 4), 0.1, False]))
    c.append(case("dropout_train_p0", "aten::dropout", [randn(2, 3), 0.0, True]))
    return c


if __name__ == "__main__":
    golden.write_family("activation", cases())
