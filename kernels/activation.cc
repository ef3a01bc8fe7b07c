// Activations (relu, gelu, tanh, sigmoid, silu, hardtanh, relu6, leaky_relu, elu, selu, celu,
// softplus, hardsigmoid, hardswish, mish, threshold, rrelu, hard/softshrink, log_sigmoid, prelu,
// glu), their in-place forms, and inference-mode dropout.
// float32 contiguous tensors go to oneDNN eltwise when it computes exactly torch's formula;
// everything else (float64, strided inputs, formulas oneDNN lacks) takes a plain loop.
#include <cmath>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <string>
#include <type_traits>

#include "ir/shape_rule.h"
#include "kernels/common/memory_format.h"
#include "kernels/common/shape_util.h"
#include "kernels/onednn/eltwise.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// The oneDNN eltwise equivalent of an activation, when one exists.
struct OnednnEltwise {
  dnnl::algorithm alg;
  float alpha = 0.0f;
  float beta = 0.0f;
};

// Which integer inputs an activation takes: torch clamps integers (relu, hardtanh) but
// computes transcendental activations on floats only, promoting integers for tanh/sigmoid.
enum class IntegerInput { Reject, Keep, PromoteToFloat };

// Applies `fn` (a generic lambda over float/double) to `x`. Writes into `inplace` when given
// (and returns it), else into a fresh tensor of x's layout (contiguous or channels-last).
template <typename Fn>
Tensor activate(const Tensor& x, const char* op, const std::optional<OnednnEltwise>& onednn, Fn fn,
                IntegerInput integers = IntegerInput::Reject, const Tensor* inplace = nullptr) {
  if (!is_floating(x.dtype())) {
    TSRT_CHECK(x.dtype() != DType::Bool && integers != IntegerInput::Reject,
          std::string(op) + ": expected a floating point tensor, got " + dtype_name(x.dtype()));
    if (integers == IntegerInput::PromoteToFloat) {
      TSRT_CHECK(inplace == nullptr, std::string(op) + ": cannot write a float result into an integer tensor in place");
      return activate(x.to(DType::Float32), op, onednn, fn);
    }
  }
  if (is_reduced_float(x.dtype())) {
    // CPU torch computes float16/bfloat16 activations in float and rounds the result once.
    Tensor rounded = activate(x.to(DType::Float32), op, onednn, fn).to(x.dtype());
    if (inplace == nullptr) return rounded;
    Tensor target = *inplace;  // a handle sharing self's storage
    target.copy_from(rounded);
    return target;
  }
  if (inplace && !inplace->is_contiguous() && !is_channels_last_4d(*inplace)) {
    Tensor target = *inplace;  // a handle sharing self's storage
    target.copy_from(activate(x, op, onednn, fn));
    return target;
  }
  // Dense tensors are flat arrays here: a channels-last input gives a channels-last result.
  Tensor out = inplace                    ? *inplace
                : is_channels_last_4d(x) ? empty_channels_last(x.sizes(), x.dtype())
                                         : Tensor::empty(x.sizes(), x.dtype());
  Tensor src = in_layout_of(x, out);
  if (x.dtype() == DType::Float32 && onednn) {
    onednn::eltwise(onednn->alg, onednn->alpha, onednn->beta, src, out, op);
    return out;
  }
  const int64_t n = src.numel();
  switch (x.dtype()) {
    case DType::Float32: {
      const float* in = src.data<float>();
      float* o = out.data<float>();
      for (int64_t i = 0; i < n; ++i) o[i] = static_cast<float>(fn(in[i]));
      break;
    }
    case DType::Float64: {
      const double* in = src.data<double>();
      double* o = out.data<double>();
      for (int64_t i = 0; i < n; ++i) o[i] = fn(in[i]);
      break;
    }
    default:
      TSRT_DISPATCH_ALL_TYPES(x.dtype(), op, [&] {
        const scalar_t* in = src.data<scalar_t>();
        scalar_t* o = out.data<scalar_t>();
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<scalar_t>(fn(static_cast<double>(in[i])));
      });
  }
  return out;
}

template <typename T>
T sigmoid_of(T v) {
  return T(1) / (T(1) + std::exp(-v));
}

// Dropout ops are the identity in inference (train=False) and when p == 0, as in torch.
Tensor dropout(const Args& a, const char* op, bool inplace) {
  const Tensor& x = a.tensor(0);
  double p = a.to_double(1);
  bool train = a.to_bool(2);
  TSRT_CHECK(p >= 0.0 && p <= 1.0, std::string(op) + ": dropout probability must be in [0, 1], got " + std::to_string(p));
  TSRT_CHECK(!train || p == 0.0 || x.numel() == 0, std::string(op) +
                                                  ": train=True is not supported (tsrt runs models in inference mode; "
                                                  "call model.eval() before saving)");
  return inplace ? x : x.clone();
}

// prelu: a learned negative slope, one for all channels or one per channel (dim 1).
Tensor prelu(const Args& a) {
  const char* op = "aten::prelu";
  const Tensor& x = a.tensor(0);
  const Tensor& weight = a.tensor(1);
  TSRT_CHECK(x.dtype() == DType::Float32 || x.dtype() == DType::Float64,
        std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(x.dtype()));
  const int64_t channels = x.dim() >= 2 ? x.size(1) : 1;
  TSRT_CHECK(weight.numel() == 1 || weight.numel() == channels, std::string(op) + ": weight " + weight.shape_string() +
                                                               " must have 1 or " + std::to_string(channels) +
                                                               " elements for input " + x.shape_string());
  Tensor src = x.contiguous();
  Tensor slopes = weight.to(DType::Float64).contiguous();
  Tensor out = Tensor::empty(x.sizes(), x.dtype());
  int64_t inner = 1;
  for (int64_t d = 2; d < x.dim(); ++d) inner *= x.size(d);
  const double* w = slopes.data<double>();
  const bool shared = weight.numel() == 1;
  auto run = [&](auto* in, auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    for (int64_t i = 0; i < x.numel(); ++i) {
      const T slope = T(w[shared ? 0 : (i / inner) % channels]);
      o[i] = in[i] > 0 ? in[i] : in[i] * slope;
    }
  };
  if (x.dtype() == DType::Float32)
    run(src.data<float>(), out.data<float>());
  else
    run(src.data<double>(), out.data<double>());
  return out;
}

// glu: the first half along `dim` gated by the sigmoid of the second half.
Tensor glu(const Args& a) {
  const char* op = "aten::glu";
  const Tensor& x = a.tensor(0);
  TSRT_CHECK(x.dim() >= 1, std::string(op) + ": glu needs at least one dim, got a 0-d tensor");
  TSRT_CHECK(x.dtype() == DType::Float32 || x.dtype() == DType::Float64,
        std::string(op) + ": expected a float32 or float64 input, got " + dtype_name(x.dtype()));
  const int64_t dim = wrap_dim(a.to_int(1), x.dim());
  TSRT_CHECK(x.size(dim) % 2 == 0,
        std::string(op) + ": dim " + std::to_string(dim) + " of " + x.shape_string() + " must have an even size");
  Tensor src = x.contiguous();
  Shape out_shape = x.sizes();
  out_shape[dim] /= 2;
  Tensor out = Tensor::empty(out_shape, x.dtype());
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < dim; ++d) outer *= x.size(d);
  for (int64_t d = dim + 1; d < x.dim(); ++d) inner *= x.size(d);
  const int64_t half = out_shape[dim] * inner;
  auto run = [&](auto* in, auto* o) {
    for (int64_t i = 0; i < outer; ++i) {
      for (int64_t j = 0; j < half; ++j) {
        o[i * half + j] = in[i * 2 * half + j] * sigmoid_of(in[i * 2 * half + half + j]);
      }
    }
  };
  if (x.dtype() == DType::Float32)
    run(src.data<float>(), out.data<float>());
  else
    run(src.data<double>(), out.data<double>());
  return out;
}

// Registers `name` and, when `with_inplace`, `name_` with the schema's argument list `params`.
template <typename Make>
void add_pair(Registry& r, const std::string& name, const std::string& params, Make make, bool with_inplace = true) {
  r.add("aten::" + name + "(Tensor self" + params + ") -> Tensor",
        [make, name](const Args& a) -> Value { return make(a, ("aten::" + name).c_str(), nullptr); });
  if (!with_inplace) return;
  r.add("aten::" + name + "_(Tensor(a!) self" + params + ") -> Tensor(a!)",
        [make, name](const Args& a) -> Value { return make(a, ("aten::" + name + "_").c_str(), &a.tensor(0)); });
}

}  // namespace

TSRT_REGISTER_KERNELS(activation) {
  using dnnl::algorithm;
  add_pair(r, "relu", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_relu},
        [](auto v) { return v > 0 || std::isnan(v) ? v : decltype(v)(0); }, IntegerInput::Keep, inplace);
  });
  add_pair(r, "relu6", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_clip, 0.0f, 6.0f},
        [](auto v) { return std::isnan(v) ? v : std::fmin(std::fmax(v, decltype(v)(0)), decltype(v)(6)); },
        IntegerInput::Keep, inplace);
  });
  add_pair(r, "hardtanh", ", Scalar min_val=-1, Scalar max_val=1",
           [](const Args& a, const char* op, const Tensor* inplace) {
             double lo = a.to_double(1), hi = a.to_double(2);
             return activate(
                 a.tensor(0), op, OnednnEltwise{algorithm::eltwise_clip, float(lo), float(hi)},
                 [lo, hi](auto v) {
                   using T = decltype(v);
                   return std::isnan(v) ? v : std::fmin(std::fmax(v, T(lo)), T(hi));
                 },
                 IntegerInput::Keep, inplace);
           });
  add_pair(r, "leaky_relu", ", Scalar negative_slope=0.01", [](const Args& a, const char* op, const Tensor* inplace) {
    double slope = a.to_double(1);
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_relu, float(slope)},
        [slope](auto v) { return v > 0 ? v : decltype(v)(v * slope); }, IntegerInput::Reject, inplace);
  });
  add_pair(r, "gelu", ", *, str approximate=\"none\"", [](const Args& a, const char* op, const Tensor* inplace) {
    const std::string& approximate = a.to_string(1);
    if (approximate == "none") {
      return activate(
          a.tensor(0), op, OnednnEltwise{algorithm::eltwise_gelu_erf},
          [](auto v) {
            using T = decltype(v);
            return T(0.5) * v * (T(1) + std::erf(v * T(M_SQRT1_2)));
          },
          IntegerInput::Reject, inplace);
    }
    TSRT_CHECK(approximate == "tanh", std::string(op) + ": approximate must be 'none' or 'tanh', got '" + approximate + "'");
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_gelu_tanh},
        [](auto v) {
          using T = decltype(v);
          const T k = T(M_2_SQRTPI * M_SQRT1_2);  // sqrt(2 / pi)
          return T(0.5) * v * (T(1) + std::tanh(k * (v + T(0.044715) * v * v * v)));
        },
        IntegerInput::Reject, inplace);
  });
  add_pair(r, "tanh", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_tanh}, [](auto v) { return std::tanh(v); },
        inplace ? IntegerInput::Reject : IntegerInput::PromoteToFloat, inplace);
  });
  add_pair(r, "sigmoid", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_logistic}, [](auto v) { return sigmoid_of(v); },
        inplace ? IntegerInput::Reject : IntegerInput::PromoteToFloat, inplace);
  });
  add_pair(r, "silu", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_swish, 1.0f}, [](auto v) { return v * sigmoid_of(v); },
        IntegerInput::Reject, inplace);
  });
  add_pair(r, "mish", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, OnednnEltwise{algorithm::eltwise_mish},
        [](auto v) { return v * std::tanh(std::log1p(std::exp(v))); }, IntegerInput::Reject, inplace);
  });
  add_pair(r, "elu", ", Scalar alpha=1, Scalar scale=1, Scalar input_scale=1",
           [](const Args& a, const char* op, const Tensor* inplace) {
             double alpha = a.to_double(1), scale = a.to_double(2), input_scale = a.to_double(3);
             std::optional<OnednnEltwise> onednn;
             if (scale == 1.0 && input_scale == 1.0) onednn = OnednnEltwise{algorithm::eltwise_elu, float(alpha)};
             return activate(
                 a.tensor(0), op, onednn,
                 [=](auto v) {
                   using T = decltype(v);
                   return v > 0 ? T(v * scale) : T(std::expm1(v * T(input_scale)) * T(alpha * scale));
                 },
                 IntegerInput::Reject, inplace);
           });
  add_pair(r, "hardsigmoid", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, std::nullopt,
        [](auto v) {
          using T = decltype(v);
          return std::fmin(std::fmax(v + T(3), T(0)), T(6)) / T(6);
        },
        IntegerInput::Reject, inplace);
  });
  add_pair(r, "hardswish", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(
        a.tensor(0), op, std::nullopt,
        [](auto v) {
          using T = decltype(v);
          return v * std::fmin(std::fmax(v + T(3), T(0)), T(6)) / T(6);
        },
        IntegerInput::Reject, inplace);
  });
  add_pair(
      r, "softplus", ", Scalar beta=1, Scalar threshold=20",
      [](const Args& a, const char* op, const Tensor* inplace) {
        double beta = a.to_double(1), threshold = a.to_double(2);
        return activate(
            a.tensor(0), op, std::nullopt,
            [=](auto v) {
              using T = decltype(v);
              return v * T(beta) > T(threshold) ? v : T(std::log1p(std::exp(v * T(beta))) / T(beta));
            },
            IntegerInput::Reject, inplace);
      },
      /*with_inplace=*/false);

  add_pair(r, "selu", "", [](const Args& a, const char* op, const Tensor* inplace) {
    // torch's SELU constants, the fixed point of self-normalising networks.
    constexpr double kAlpha = 1.6732632423543772848170429916717, kScale = 1.0507009873554804934193349852946;
    return activate(
        a.tensor(0), op, std::nullopt,
        [](auto v) {
          using T = decltype(v);
          return v > 0 ? T(v * kScale) : T(std::expm1(v) * T(kAlpha * kScale));
        },
        IntegerInput::Reject, inplace);
  });
  add_pair(r, "celu", ", Scalar alpha=1.", [](const Args& a, const char* op, const Tensor* inplace) {
    double alpha = a.to_double(1);
    TSRT_CHECK(alpha != 0.0, std::string(op) + ": alpha must not be 0");
    return activate(
        a.tensor(0), op, std::nullopt,
        [alpha](auto v) {
          using T = decltype(v);
          return v > 0 ? v : T(std::expm1(v / T(alpha)) * T(alpha));
        },
        IntegerInput::Reject, inplace);
  });
  add_pair(r, "threshold", ", Scalar threshold, Scalar value",
           [](const Args& a, const char* op, const Tensor* inplace) {
             double threshold = a.to_double(1), value = a.to_double(2);
             return activate(
                 a.tensor(0), op, std::nullopt,
                 [=](auto v) {
                   using T = decltype(v);
                   return v <= T(threshold) ? T(value) : v;
                 },
                 IntegerInput::Keep, inplace);
           });
  // rrelu samples its negative slope only in training; in inference it is the mean slope.
  add_pair(r, "rrelu",
           ", Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, "
           "Generator? generator=None",
           [](const Args& a, const char* op, const Tensor* inplace) {
             TSRT_CHECK(!a.to_bool(3), std::string(op) + ": training=True is not supported (random slopes)");
             double slope = (a.to_double(1) + a.to_double(2)) / 2;
             return activate(
                 a.tensor(0), op, OnednnEltwise{algorithm::eltwise_relu, float(slope)},
                 [slope](auto v) { return v >= 0 ? v : decltype(v)(v * slope); }, IntegerInput::Reject, inplace);
           });
  add_pair(
      r, "hardshrink", ", Scalar lambd=0.5",
      [](const Args& a, const char* op, const Tensor* inplace) {
        double lambd = a.to_double(1);
        return activate(
            a.tensor(0), op, std::nullopt, [lambd](auto v) { return v >= -lambd && v <= lambd ? decltype(v)(0) : v; },
            IntegerInput::Reject, inplace);
      },
      /*with_inplace=*/false);
  add_pair(
      r, "softshrink", ", Scalar lambd=0.5",
      [](const Args& a, const char* op, const Tensor* inplace) {
        double lambd = a.to_double(1);
        return activate(
            a.tensor(0), op, std::nullopt,
            [lambd](auto v) {
              using T = decltype(v);
              return v > T(lambd) ? T(v - T(lambd)) : (v < T(-lambd) ? T(v + T(lambd)) : T(0));
            },
            IntegerInput::Reject, inplace);
      },
      /*with_inplace=*/false);
  add_pair(
      r, "log_sigmoid", "",
      [](const Args& a, const char* op, const Tensor* inplace) {
        // -softplus(-x), written to stay finite for large |x|.
        return activate(
            a.tensor(0), op, std::nullopt,
            [](auto v) {
              using T = decltype(v);
              return std::fmin(v, T(0)) - std::log1p(std::exp(-std::fabs(v)));
            },
            IntegerInput::Reject, inplace);
      },
      /*with_inplace=*/false);
  r.add("aten::prelu(Tensor self, Tensor weight) -> Tensor", [](const Args& a) -> Value { return prelu(a); });
  r.add("aten::glu(Tensor self, int dim=-1) -> Tensor", [](const Args& a) -> Value { return glu(a); });

  for (const char* name : {"dropout", "feature_dropout", "alpha_dropout", "feature_alpha_dropout"}) {
    std::string n = name;
    r.add("aten::" + n + "(Tensor input, float p, bool train) -> Tensor",
          [n](const Args& a) -> Value { return dropout(a, ("aten::" + n).c_str(), false); });
    r.add("aten::" + n + "_(Tensor(a!) self, float p, bool train) -> Tensor(a!)",
          [n](const Args& a) -> Value { return dropout(a, ("aten::" + n + "_").c_str(), true); });
  }

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::relu", "aten::relu_", "aten::hardtanh_", "aten::leaky_relu_", "aten::dropout", "aten::dropout_",
         "aten::feature_dropout", "aten::hardswish_"})
      .shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::hardtanh", "aten::relu6", "aten::leaky_relu", "aten::elu", "aten::hardswish", "aten::tanh",
         "aten::tanh_", "aten::sigmoid", "aten::sigmoid_", "aten::gelu", "aten::silu", "aten::silu_",
         "aten::hardsigmoid", "aten::softplus", "aten::mish"})
      .shape(ir::one_output(ir::floating_as_self));
  // Steps of tsrt::elementwise_chain (kernels/fused_elementwise.cc): one float32 element as torch computes it.
  r.ops({"aten::relu"}).traits(ir::chainable("relu", [](float x, float) {
    return std::isnan(x) ? x : (x > 0.0f ? x : 0.0f);  // NaN stays NaN
  }));
  r.ops({"aten::tanh"}).traits(ir::chainable("tanh", [](float x, float) { return std::tanh(x); }));
  r.ops({"aten::sigmoid"}).traits(ir::chainable("sigmoid", [](float x, float) {
    return 1.0f / (1.0f + std::exp(-x));
  }));
  r.ops({"aten::gelu"}).traits(ir::chainable(
      "gelu", [](float x, float) { return x * 0.5f * (1.0f + std::erf(x * static_cast<float>(M_SQRT1_2))); },
      /*has_scalar=*/false, /*has_alpha=*/false, {Value("none")}));
}

}  // namespace tsrt::kernels
