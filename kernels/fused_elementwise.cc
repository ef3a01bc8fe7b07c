// tsrt::elementwise_chain: a chain of unary elementwise steps in one loop, the node the
// fuse-elementwise pass (passes/fuse_elementwise.cc) puts in place of e.g.
//   aten::sigmoid(aten::add(aten::mul(x, 2.0), 1))  ->  elementwise_chain(x, ["mul", "add", "sigmoid"], [2, 1, 0])
// Each element is read once and written once instead of once per step.
//
// Steps (scalars[i] is step i's operand; ignored by the steps that have none) are the ops
// registered with the elementwise-chainable trait (ir::ChainStep, beside each op's registration):
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
#include <map>
#include <string>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

const char* const kOp = "tsrt::elementwise_chain";

// One step: the chainable op (its traits say how it runs as a step) and its scalar.
struct ParsedStep {
  const OpEntry* op;
  bool int_scalar;  // "_int": the scalar is a Python int
  double scalar;
};

// The registered elementwise-chainable ops by step name, the one table of chain steps.
const OpEntry* chainable_op(const std::string& step) {
  static const std::map<std::string, const OpEntry*> by_step = [] {
    std::map<std::string, const OpEntry*> out;
    for (const OpEntry* e : Registry::global().all()) {
      if (e->traits.chain) out[e->traits.chain->name] = e;
    }
    return out;
  }();
  auto it = by_step.find(step);
  return it == by_step.end() ? nullptr : it->second;
}

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
    const OpEntry* op = chainable_op(name);
    TSRT_CHECK(op != nullptr && (!int_scalar || op->traits.chain->has_scalar),
          std::string(kOp) + ": unknown step '" + ops[i].to_string() + "'");
    double s = scalars[i].to_double();
    if (int_scalar) {
      // The composition passes the scalar as an int: it must be one.
      TSRT_CHECK(std::isfinite(s) && s == std::trunc(s) && std::fabs(s) <= 9007199254740992.0,
            std::string(kOp) + ": step '" + ops[i].to_string() + "' needs an integral scalar, got " +
                scalars[i].repr());
    }
    steps.push_back({op, int_scalar, s});
  }
  return steps;
}

// Step by step through the registry: torch's dtype promotion, integer arithmetic and errors.
Tensor chain_composed(const Tensor& x, const std::vector<ParsedStep>& steps) {
  Value v = x;
  for (const ParsedStep& s : steps) {
    const ir::ChainStep& step = *s.op->traits.chain;
    std::vector<Value> args = {v};
    if (step.has_scalar) args.push_back(s.int_scalar ? Value(static_cast<int64_t>(s.scalar)) : Value(s.scalar));
    if (step.has_alpha) args.push_back(Value(int64_t{1}));
    args.insert(args.end(), step.fixed_args.begin(), step.fixed_args.end());
    v = call_op(s.op->schema.qualified(), std::move(args))[0];
  }
  return v.to_tensor();
}

struct FloatStep {
  float (*apply)(float x, float scalar);
  float scalar;
};

// One element through every step, in float as torch's float32 kernels compute it.
inline float apply(float x, const FloatStep* steps, size_t count) {
  for (size_t i = 0; i < count; ++i) x = steps[i].apply(x, steps[i].scalar);
  return x;
}

Tensor chain_float32(const Tensor& x, const std::vector<ParsedStep>& parsed) {
  std::vector<FloatStep> steps;
  for (const ParsedStep& s : parsed) steps.push_back({s.op->traits.chain->apply, static_cast<float>(s.scalar)});
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
