// Activations (relu, gelu, tanh, sigmoid, silu, hardtanh, relu6, leaky_relu, elu, softplus,
// hardsigmoid, hardswish, mish), their in-place forms, and inference-mode dropout.
// float32 contiguous tensors go to oneDNN eltwise when it computes exactly torch's formula;
// everything else (float64, strided inputs, formulas oneDNN lacks) takes a plain loop.
#include <cmath>
#include <optional>
#include <string>

#include <oneapi/dnnl/dnnl.hpp>

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
// (and returns it), else into a fresh contiguous tensor.
template <typename Fn>
Tensor activate(const Tensor& x, const char* op, const std::optional<OnednnEltwise>& onednn, Fn fn,
                IntegerInput integers = IntegerInput::Reject, const Tensor* inplace = nullptr) {
  if (!is_floating(x.dtype())) {
    check(x.dtype() != DType::Bool && integers != IntegerInput::Reject,
          std::string(op) + ": expected a floating point tensor, got " + dtype_name(x.dtype()));
    if (integers == IntegerInput::PromoteToFloat) {
      check(inplace == nullptr, std::string(op) + ": cannot write a float result into an integer tensor in place");
      return activate(x.to(DType::Float32), op, onednn, fn);
    }
  }
  if (inplace && !(inplace->is_contiguous())) {
    Tensor target = *inplace;  // a handle sharing self's storage
    target.copy_from(activate(x, op, onednn, fn));
    return target;
  }
  Tensor out = inplace ? *inplace : Tensor::empty(x.sizes(), x.dtype());
  if (x.dtype() == DType::Float32 && onednn) {
    onednn::eltwise(onednn->alg, onednn->alpha, onednn->beta, x.contiguous(), out, op);
    return out;
  }
  Tensor src = x.contiguous();
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
T sigmoid_of(T v) { return T(1) / (T(1) + std::exp(-v)); }

// Dropout ops are the identity in inference (train=False) and when p == 0, as in torch.
Tensor dropout(const Args& a, const char* op, bool inplace) {
  const Tensor& x = a.tensor(0);
  double p = a.to_double(1);
  bool train = a.to_bool(2);
  check(p >= 0.0 && p <= 1.0, std::string(op) + ": dropout probability must be in [0, 1], got " + std::to_string(p));
  check(!train || p == 0.0 || x.numel() == 0,
        std::string(op) + ": train=True is not supported (tsrt runs models in inference mode; "
                          "call model.eval() before saving)");
  return inplace ? x : x.clone();
}

// Registers `name` and, when `with_inplace`, `name_` with the schema's argument list `params`.
template <typename Make>
void add_pair(Registry& r, const std::string& name, const std::string& params, Make make, bool with_inplace = true) {
  r.add("aten::" + name + "(Tensor self" + params + ") -> Tensor", [make, name](const Args& a) -> Value {
    return make(a, ("aten::" + name).c_str(), nullptr);
  });
  if (!with_inplace) return;
  r.add("aten::" + name + "_(Tensor(a!) self" + params + ") -> Tensor(a!)", [make, name](const Args& a) -> Value {
    return make(a, ("aten::" + name + "_").c_str(), &a.tensor(0));
  });
}

}  // namespace

TSRT_REGISTER_KERNELS(activation) {
  using dnnl::algorithm;
  add_pair(r, "relu", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_relu},
                    [](auto v) { return v > 0 || std::isnan(v) ? v : decltype(v)(0); }, IntegerInput::Keep, inplace);
  });
  add_pair(r, "relu6", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_clip, 0.0f, 6.0f},
                    [](auto v) { return std::isnan(v) ? v : std::fmin(std::fmax(v, decltype(v)(0)), decltype(v)(6)); },
                    IntegerInput::Keep, inplace);
  });
  add_pair(r, "hardtanh", ", Scalar min_val=-1, Scalar max_val=1", [](const Args& a, const char* op, const Tensor* inplace) {
    double lo = a.to_double(1), hi = a.to_double(2);
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_clip, float(lo), float(hi)},
                    [lo, hi](auto v) {
                      using T = decltype(v);
                      return std::isnan(v) ? v : std::fmin(std::fmax(v, T(lo)), T(hi));
                    },
                    IntegerInput::Keep, inplace);
  });
  add_pair(r, "leaky_relu", ", Scalar negative_slope=0.01", [](const Args& a, const char* op, const Tensor* inplace) {
    double slope = a.to_double(1);
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_relu, float(slope)},
                    [slope](auto v) { return v > 0 ? v : decltype(v)(v * slope); }, IntegerInput::Reject, inplace);
  });
  add_pair(r, "gelu", ", *, str approximate=\"none\"", [](const Args& a, const char* op, const Tensor* inplace) {
    const std::string& approximate = a.to_string(1);
    if (approximate == "none") {
      return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_gelu_erf},
                      [](auto v) {
                        using T = decltype(v);
                        return T(0.5) * v * (T(1) + std::erf(v * T(M_SQRT1_2)));
                      },
                      IntegerInput::Reject, inplace);
    }
    check(approximate == "tanh", std::string(op) + ": approximate must be 'none' or 'tanh', got '" + approximate + "'");
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_gelu_tanh},
                    [](auto v) {
                      using T = decltype(v);
                      const T k = T(M_2_SQRTPI * M_SQRT1_2);  // sqrt(2 / pi)
                      return T(0.5) * v * (T(1) + std::tanh(k * (v + T(0.044715) * v * v * v)));
                    },
                    IntegerInput::Reject, inplace);
  });
  add_pair(r, "tanh", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_tanh}, [](auto v) { return std::tanh(v); },
                    inplace ? IntegerInput::Reject : IntegerInput::PromoteToFloat, inplace);
  });
  add_pair(r, "sigmoid", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_logistic}, [](auto v) { return sigmoid_of(v); },
                    inplace ? IntegerInput::Reject : IntegerInput::PromoteToFloat, inplace);
  });
  add_pair(r, "silu", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_swish, 1.0f},
                    [](auto v) { return v * sigmoid_of(v); }, IntegerInput::Reject, inplace);
  });
  add_pair(r, "mish", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, OnednnEltwise{algorithm::eltwise_mish},
                    [](auto v) { return v * std::tanh(std::log1p(std::exp(v))); }, IntegerInput::Reject, inplace);
  });
  add_pair(r, "elu", ", Scalar alpha=1, Scalar scale=1, Scalar input_scale=1",
           [](const Args& a, const char* op, const Tensor* inplace) {
             double alpha = a.to_double(1), scale = a.to_double(2), input_scale = a.to_double(3);
             std::optional<OnednnEltwise> onednn;
             if (scale == 1.0 && input_scale == 1.0) onednn = OnednnEltwise{algorithm::eltwise_elu, float(alpha)};
             return activate(a.tensor(0), op, onednn,
                             [=](auto v) {
                               using T = decltype(v);
                               return v > 0 ? T(v * scale) : T(std::expm1(v * T(input_scale)) * T(alpha * scale));
                             },
                             IntegerInput::Reject, inplace);
           });
  add_pair(r, "hardsigmoid", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, std::nullopt,
                    [](auto v) {
                      using T = decltype(v);
                      return std::fmin(std::fmax(v + T(3), T(0)), T(6)) / T(6);
                    },
                    IntegerInput::Reject, inplace);
  });
  add_pair(r, "hardswish", "", [](const Args& a, const char* op, const Tensor* inplace) {
    return activate(a.tensor(0), op, std::nullopt,
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
        return activate(a.tensor(0), op, std::nullopt,
                        [=](auto v) {
                          using T = decltype(v);
                          return v * T(beta) > T(threshold) ? v : T(std::log1p(std::exp(v * T(beta))) / T(beta));
                        },
                        IntegerInput::Reject, inplace);
      },
      /*with_inplace=*/false);

  for (const char* name : {"dropout", "feature_dropout", "alpha_dropout", "feature_alpha_dropout"}) {
    std::string n = name;
    r.add("aten::" + n + "(Tensor input, float p, bool train) -> Tensor",
          [n](const Args& a) -> Value { return dropout(a, ("aten::" + n).c_str(), false); });
    r.add("aten::" + n + "_(Tensor(a!) self, float p, bool train) -> Tensor(a!)",
          [n](const Args& a) -> Value { return dropout(a, ("aten::" + n + "_").c_str(), true); });
  }
}

}  // namespace tsrt::kernels
