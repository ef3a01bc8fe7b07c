// Pointwise arithmetic beyond the basic operators: addcmul, addcdiv, gcd, lcm, log2, _add_relu,
// and their in-place forms. Each evaluates torch's formula in the promoted dtype, in torch's order
// (addcmul: self + value * t1 * t2; addcdiv: self + value * (t1 / t2)).
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/op_calls.h"
#include "kernels/common/shape_util.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// Writes `result` into `self` for an in-place form: the shape may not grow and the dtype must cast.
Tensor write_into(const Tensor& self, const Tensor& result, const char* op) {
  TSRT_CHECK(result.sizes() == self.sizes(), std::string(op) + ": output with shape " + self.shape_string() +
                                                 " doesn't match the broadcast shape " + result.shape_string());
  TSRT_CHECK(can_cast(result.dtype(), self.dtype()), std::string(op) + ": result type " + dtype_name(result.dtype()) +
                                                         " can't be cast to the desired"
                                                         " output type " +
                                                         dtype_name(self.dtype()));
  Tensor out = self;
  out.copy_from(result);
  return out;
}

enum class Combine { kMul, kDiv };

Tensor addc(const Args& a, Combine how, const char* op) {
  const Tensor& self = a.tensor(0);
  const Tensor& t1 = a.tensor(1);
  const Tensor& t2 = a.tensor(2);
  const DType dtype = result_type({&a[0], &a[1], &a[2]});
  if (how == Combine::kDiv) {
    TSRT_CHECK(!(is_integral(t1.dtype(), true) && is_integral(t2.dtype(), true)),
               std::string(op) +
                   ": Integer division with addcdiv is no longer supported, and in a future release "
                   "addcdiv will perform a true division of tensor1 and tensor2.");
  }
  TSRT_CHECK(!(is_integral(dtype, true) && a[3].is_double()),
             std::string(op) + ": For integral input tensors, argument value must not be a floating point number.");
  const Shape shape = broadcast_shapes(broadcast_shapes(self.sizes(), t1.sizes()), t2.sizes());
  auto operand = [&](const Tensor& t) { return expand_to(cast_copy(t, dtype), shape); };
  Tensor s = operand(self), x = operand(t1), y = operand(t2);
  Tensor out = Tensor::empty(shape, dtype);
  dispatch<kFloats | kInts>(dtype, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T value = is_floating(dtype) ? static_cast<T>(a.to_double(3)) : static_cast<T>(a.to_int(3));
    if (how == Combine::kMul) {
      ternary_loop<T, T, T, T>(out, s, x, y, [value](T p, T q, T r) { return static_cast<T>(p + value * q * r); });
    } else {
      ternary_loop<T, T, T, T>(out, s, x, y, [value](T p, T q, T r) { return static_cast<T>(p + value * (q / r)); });
    }
  });
  return out;
}

template <typename T>
T gcd_of(T a, T b) {
  // torch's Euclid on magnitudes (std::abs of the type's minimum wraps, as torch's does).
  a = a < 0 ? static_cast<T>(-a) : a;
  b = b < 0 ? static_cast<T>(-b) : b;
  while (a != 0) {
    T c = a;
    a = static_cast<T>(b % a);
    b = c;
  }
  return b;
}

Tensor gcd_lcm(const Tensor& x, const Tensor& y, bool lcm, const char* op) {
  const DType dtype = result_type(Value(x), Value(y));
  TSRT_CHECK(is_integral(dtype, false), std::string(op) + ": not implemented for dtype " + dtype_name(dtype));
  const Shape shape = broadcast_shapes(x.sizes(), y.sizes());
  Tensor a = expand_to(cast_copy(x, dtype), shape), b = expand_to(cast_copy(y, dtype), shape);
  Tensor out = Tensor::empty(shape, dtype);
  dispatch<kInts>(dtype, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (!lcm) {
      binary_loop<T, T, T>(out, a, b, [](T p, T q) { return gcd_of(p, q); });
    } else {
      binary_loop<T, T, T>(out, a, b, [](T p, T q) {
        T g = gcd_of(p, q);
        if (g == 0) return T(0);
        T m = static_cast<T>(p / g * q);
        return m < 0 ? static_cast<T>(-m) : m;
      });
    }
  });
  return out;
}

Tensor log2(const Tensor& x) {
  const DType dtype = float_result(x.dtype());
  Tensor input = cast_copy(x, dtype);
  Tensor out = Tensor::empty(x.sizes(), dtype);
  dispatch<kFloats>(dtype, "aten::log2", [&](auto tag) {
    using T = typename decltype(tag)::type;
    unary_loop<T, T>(out, input, [](T v) { return std::log2(v); });
  });
  return out;
}

// relu(self + alpha * other): the residual add + relu that torch's mobile optimizer fuses
// (optimize_for_mobile's FUSE_ADD_RELU), computed as torch's add then relu, with their rounding.
Tensor add_relu(const Args& a, const char* add_op) {
  Tensor sum = run_tensor_op(add_op, {a[0], a[1], a[2]});
  return run_tensor_op("aten::relu", {Value(sum)});
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// Broadcast sizes of every tensor input and torch's result_type over them.
ir::TensorFacts broadcast_shape(const ir::ShapeContext& c) {
  ir::TensorFacts out;
  std::vector<ir::Operand> operands;
  std::vector<ir::TensorFacts> facts;
  out.contiguous = true;
  for (size_t i = 0; i < c.num_inputs(); ++i) {
    if (c.input(i)->type()->kind != ir::TypeKind::Tensor) continue;
    operands.push_back(c.operand(c.input(i)));
    facts.push_back(c.tensor(c.input(i)));
    out.contiguous &= facts.back().contiguous;
  }
  std::vector<const ir::Sizes*> shapes;
  for (const ir::TensorFacts& f : facts) shapes.push_back(f.sizes ? &*f.sizes : nullptr);
  out.dtype = ir::result_type(operands);
  out.sizes = ir::broadcast(shapes);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(pointwise_math) {
  r.add("aten::addcmul(Tensor self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor",
        [](const Args& a) -> Value { return addc(a, Combine::kMul, "aten::addcmul"); });
  r.add("aten::addcmul_(Tensor(a!) self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor(a!)",
        [](const Args& a) -> Value {
          return write_into(a.tensor(0), addc(a, Combine::kMul, "aten::addcmul_"), "aten::addcmul_");
        });
  r.add("aten::addcdiv(Tensor self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor",
        [](const Args& a) -> Value { return addc(a, Combine::kDiv, "aten::addcdiv"); });
  r.add("aten::addcdiv_(Tensor(a!) self, Tensor tensor1, Tensor tensor2, *, Scalar value=1) -> Tensor(a!)",
        [](const Args& a) -> Value {
          return write_into(a.tensor(0), addc(a, Combine::kDiv, "aten::addcdiv_"), "aten::addcdiv_");
        });
  r.add("aten::gcd(Tensor self, Tensor other) -> Tensor",
        [](const Args& a) -> Value { return gcd_lcm(a.tensor(0), a.tensor(1), false, "aten::gcd"); });
  r.add("aten::gcd_(Tensor(a!) self, Tensor other) -> Tensor(a!)", [](const Args& a) -> Value {
    return write_into(a.tensor(0), gcd_lcm(a.tensor(0), a.tensor(1), false, "aten::gcd_"), "aten::gcd_");
  });
  r.add("aten::lcm(Tensor self, Tensor other) -> Tensor",
        [](const Args& a) -> Value { return gcd_lcm(a.tensor(0), a.tensor(1), true, "aten::lcm"); });
  r.add("aten::lcm_(Tensor(a!) self, Tensor other) -> Tensor(a!)", [](const Args& a) -> Value {
    return write_into(a.tensor(0), gcd_lcm(a.tensor(0), a.tensor(1), true, "aten::lcm_"), "aten::lcm_");
  });
  r.add("aten::log2(Tensor self) -> Tensor", [](const Args& a) -> Value { return log2(a.tensor(0)); });
  r.add("aten::log2_(Tensor(a!) self) -> Tensor(a!)",
        [](const Args& a) -> Value { return write_into(a.tensor(0), log2(a.tensor(0)), "aten::log2_"); });
  r.add("aten::_add_relu.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
        [](const Args& a) -> Value { return add_relu(a, "aten::add.Tensor"); });
  r.add("aten::_add_relu.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
        [](const Args& a) -> Value { return add_relu(a, "aten::add.Scalar"); });
  r.add("aten::_add_relu_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)",
        [](const Args& a) -> Value {
          return write_into(a.tensor(0), add_relu(a, "aten::add.Tensor"), "aten::_add_relu_");
        });
  r.add("aten::_add_relu_.Scalar(Tensor(a!) self, Scalar other, Scalar alpha=1) -> Tensor(a!)",
        [](const Args& a) -> Value {
          return write_into(a.tensor(0), add_relu(a, "aten::add.Scalar"), "aten::_add_relu_");
        });
  r.ops({"aten::addcmul", "aten::addcdiv", "aten::gcd", "aten::lcm"}).shape(ir::one_output(broadcast_shape));
  r.ops({"aten::addcmul_", "aten::addcdiv_", "aten::gcd_", "aten::lcm_", "aten::log2_", "aten::_add_relu_"})
      .shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::log2"}).shape(ir::one_output(ir::floating_as_self));
}

}  // namespace tsrt::kernels
