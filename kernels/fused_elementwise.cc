// tsrt::elementwise_chain: a chain of unary elementwise steps in one loop, the node the
// fuse-elementwise pass (passes/fuse_elementwise.cc) puts in place of e.g.
//   aten::sigmoid(aten::add(aten::mul(x, 2.0), 1))  ->  elementwise_chain(x, ["mul", "add", "sigmoid"], [2, 1, 0])
// Each element is read once and written once instead of once per step.
//
// Steps (scalars[i] is step i's operand; ignored by the steps that have none):
//   add, sub, mul, div : x + s, x - s, x * s, x / s   (aten::add/sub/mul/div.Scalar, alpha 1)
//   rsub               : s - x                         (aten::rsub.Scalar, alpha 1)
//   relu, tanh, sigmoid, exp, neg, gelu (erf form)
// A scalar step name ending in "_int" ("mul_int") says the scalar was a Python int: the same
// step on float32, but the composition passes it on as an int, so int tensors stay int.
//
// float32 input (any strides) runs the fast path: every step in float, as torch computes it for
// a float32 tensor and a Python scalar (the scalar is first converted to float). Anything else
// runs the original aten ops one after another, so the fusion never changes a result.
#include <cmath>
#include <string>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

const char* const kOp = "tsrt::elementwise_chain";

enum class Step { Add, Sub, Mul, Div, Rsub, Relu, Tanh, Sigmoid, Exp, Neg, Gelu };

struct StepInfo {
  const char* name;
  Step step;
  const char* aten;  // the op the composition calls
  bool has_scalar;
};

const StepInfo kSteps[] = {
    {"add", Step::Add, "aten::add.Scalar", true},       {"sub", Step::Sub, "aten::sub.Scalar", true},
    {"mul", Step::Mul, "aten::mul.Scalar", true},       {"div", Step::Div, "aten::div.Scalar", true},
    {"rsub", Step::Rsub, "aten::rsub.Scalar", true},    {"relu", Step::Relu, "aten::relu", false},
    {"tanh", Step::Tanh, "aten::tanh", false},          {"sigmoid", Step::Sigmoid, "aten::sigmoid", false},
    {"exp", Step::Exp, "aten::exp", false},             {"neg", Step::Neg, "aten::neg", false},
    {"gelu", Step::Gelu, "aten::gelu", false},
};

struct ParsedStep {
  const StepInfo* info;
  bool int_scalar;  // "_int": the scalar is a Python int
  double scalar;
};

std::vector<ParsedStep> parse_steps(const Args& a) {
  const auto& ops = a[1].to_list()->items;
  const auto& scalars = a[2].to_list()->items;
  TSRT_CHECK(ops.size() == scalars.size(), std::string(kOp) + ": " + std::to_string(ops.size()) + " ops but " +
                                          std::to_string(scalars.size()) + " scalars");
  std::vector<ParsedStep> steps;
  for (size_t i = 0; i < ops.size(); ++i) {
    std::string name = ops[i].to_string();
    bool int_scalar = name.size() > 4 && name.compare(name.size() - 4, 4, "_int") == 0;
    if (int_scalar) name.resize(name.size() - 4);
    const StepInfo* info = nullptr;
    for (const StepInfo& s : kSteps) {
      if (name == s.name) info = &s;
    }
    TSRT_CHECK(info != nullptr && (!int_scalar || info->has_scalar),
          std::string(kOp) + ": unknown step '" + ops[i].to_string() + "'");
    double s = scalars[i].to_double();
    if (int_scalar) {
      // The composition passes the scalar as an int: it must be one.
      TSRT_CHECK(std::isfinite(s) && s == std::trunc(s) && std::fabs(s) <= 9007199254740992.0,
            std::string(kOp) + ": step '" + ops[i].to_string() + "' needs an integral scalar, got " +
                scalars[i].repr());
    }
    steps.push_back({info, int_scalar, s});
  }
  return steps;
}

// Step by step through the registry: torch's dtype promotion, integer arithmetic and errors.
Tensor chain_composed(const Tensor& x, const std::vector<ParsedStep>& steps) {
  Value v = x;
  for (const ParsedStep& s : steps) {
    std::vector<Value> args = {v};
    if (s.info->has_scalar) {
      args.push_back(s.int_scalar ? Value(static_cast<int64_t>(s.scalar)) : Value(s.scalar));
      if (s.info->step == Step::Add || s.info->step == Step::Sub || s.info->step == Step::Rsub) {
        args.push_back(Value(int64_t{1}));  // alpha
      }
    } else if (s.info->step == Step::Gelu) {
      args.push_back(Value("none"));
    }
    v = call_op(s.info->aten, std::move(args))[0];
  }
  return v.to_tensor();
}

struct FloatStep {
  Step step;
  float scalar;
};

// One element through every step, in float as torch's float32 kernels compute it.
inline float apply(float x, const FloatStep* steps, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const float s = steps[i].scalar;
    switch (steps[i].step) {
      case Step::Add: x = x + s; break;
      case Step::Sub: x = x - s; break;
      case Step::Mul: x = x * s; break;
      case Step::Div: x = x / s; break;  // a true division, not a multiply by 1/s (as torch)
      case Step::Rsub: x = s - x; break;
      case Step::Relu: x = std::isnan(x) ? x : (x > 0.0f ? x : 0.0f); break;  // NaN stays NaN
      case Step::Tanh: x = std::tanh(x); break;
      case Step::Sigmoid: x = 1.0f / (1.0f + std::exp(-x)); break;
      case Step::Exp: x = std::exp(x); break;
      case Step::Neg: x = -x; break;
      case Step::Gelu: x = x * 0.5f * (1.0f + std::erf(x * static_cast<float>(M_SQRT1_2))); break;
    }
  }
  return x;
}

Tensor chain_float32(const Tensor& x, const std::vector<ParsedStep>& parsed) {
  std::vector<FloatStep> steps;
  for (const ParsedStep& s : parsed) steps.push_back({s.info->step, static_cast<float>(s.scalar)});
  Tensor out = Tensor::empty(x.sizes(), DType::Float32);
  const FloatStep* first = steps.data();
  const size_t count = steps.size();
  unary_loop<float, float>(out, x, [first, count](float v) { return apply(v, first, count); });
  return out;
}

Tensor elementwise_chain(const Args& a) {
  const Tensor& x = a.tensor(0);
  std::vector<ParsedStep> steps = parse_steps(a);
  // A scalar beyond float's range becomes +-inf in float32 arithmetic, as in torch.
  return x.dtype() == DType::Float32 ? chain_float32(x, steps) : chain_composed(x, steps);
}

}  // namespace

TSRT_REGISTER_KERNELS(fused_elementwise) {
  r.add("tsrt::elementwise_chain(Tensor self, str[] ops, float[] scalars) -> Tensor",
        [](const Args& a) { return Value(elementwise_chain(a)); });
}

}  // namespace tsrt::kernels
