// Elementwise arithmetic, math, comparison, logical and selection ops with torch's broadcasting
// and type promotion. Every op computes in the promoted dtype; in-place variants (`op_`) compute
// the same result and store it into self, refusing casts torch refuses (float -> int, -> bool).
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include "ir/shape_rule.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/memory_format.h"
#include "kernels/common/shape_util.h"
#include "kernels/common/type_promotion.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// ---- operands and outputs ------------------------------------------------------------------

// A Scalar argument converted to T (ints stay exact, no detour through double). A float that
// an integer type cannot hold is refused, as torch does, instead of an undefined conversion.
template <typename T>
T scalar_as(const Value& v) {
  if (v.is_double()) {
    double d = v.to_double();
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      TSRT_CHECK(std::isfinite(d) && d >= static_cast<double>(std::numeric_limits<T>::lowest()) &&
                d <= static_cast<double>(std::numeric_limits<T>::max()),
            "value " + v.repr() + " cannot be converted to an integer type without overflow");
    }
    return static_cast<T>(d);
  }
  if (v.is_bool()) return static_cast<T>(v.to_bool());
  return static_cast<T>(v.to_int());
}

// A tensor or scalar operand as a tensor of `dtype` (scalars become 0-d tensors).
Tensor operand(const Value& v, DType dtype) {
  if (v.is_tensor()) {
    return cast_copy(v.to_tensor(), dtype);
  }
  Tensor t = Tensor::empty({}, dtype);
  dispatch<kAllTypes | kHalfs>(dtype, "scalar operand", [&](auto tag) {
    using T = typename decltype(tag)::type;
    *t.data<T>() = scalar_as<T>(v);
  });
  return t;
}

// Same-shape operands (the common case) skip the shared broadcasting helpers entirely: they
// cost more than a small op's arithmetic.
Shape broadcast(const Shape& a, const Shape& b) { return a == b ? a : broadcast_shapes(a, b); }
Tensor expand(const Tensor& t, const Shape& shape) { return t.sizes() == shape ? t : expand_to(t, shape); }

// Where an op writes: a new tensor, or self for in-place ops. When self has another dtype than
// the computed result, the result goes to a temporary and is cast into self at the end. A new
// tensor is channels-last when an input of the full shape is (`inputs`), as in torch, so a
// channels-last chain of convolutions stays so through the elementwise ops between them.
class Output {
 public:
  Output(const std::string& op, const Shape& shape, DType dtype, const Tensor* self,
         std::initializer_list<const Tensor*> inputs = {}) {
    if (self != nullptr) {
      TSRT_CHECK(self->sizes() == shape, op + ": output with shape " + self->shape_string() +
                                        " doesn't match the broadcast shape " + shape_to_string(shape));
      TSRT_CHECK(can_cast(dtype, self->dtype()), op + ": result type " + std::string(dtype_name(dtype)) +
                                                " can't be cast to the desired output type " +
                                                dtype_name(self->dtype()));
      for (int64_t d = 0; d < self->dim(); ++d) {
        TSRT_CHECK(self->stride(d) != 0 || self->size(d) <= 1,
              op + ": unsupported operation: more than one element of the written-to tensor refers to a "
                   "single memory location (an expanded tensor); clone it first");
      }
      self_ = *self;
      if (self->dtype() == dtype) {
        tensor_ = *self;
        return;
      }
    }
    for (const Tensor* input : inputs) {
      if (input->sizes() == shape && is_channels_last_4d(*input)) {
        tensor_ = empty_channels_last(shape, dtype);
        return;
      }
    }
    tensor_ = Tensor::empty(shape, dtype);
  }
  const Tensor& tensor() const { return tensor_; }
  Value result() {
    if (!self_.defined()) return tensor_;
    if (self_.storage() != tensor_.storage()) self_.copy_from(tensor_);
    return self_;
  }

 private:
  Tensor self_;
  Tensor tensor_;
};

// Stores an already computed result into self (in-place) or returns it (out-of-place).
Value store(Tensor result, const Tensor* self, const std::string& op) {
  if (self == nullptr) return result;
  Output out(op, result.sizes(), result.dtype(), self);
  Tensor target = out.tensor();
  if (target.storage() != result.storage()) target.copy_from(result);
  return out.result();
}

// f = make_op(Tag<T>) applied elementwise to a and b converted to `compute`; the output holds T,
// or bool when kPredicate.
// The result of an op computed in float32 for a float16/bfloat16 `compute` dtype: CPU torch
// computes those in float and rounds each op's result once.
Value round_to(const Value& computed, DType compute, bool predicate, const Tensor* self, const std::string& op) {
  const Tensor& t = computed.to_tensor();
  return store(predicate ? t : cast_copy(t, compute), self, op);
}

// A Scalar argument (alpha, a Python number operand) as torch sees it in a float16/bfloat16
// op: rounded to that dtype first, like every operand of the common dtype.
Value rounded_scalar(const Value& v, DType compute) {
  return Value(operand(v, compute).item_double());
}

template <unsigned Set, bool kPredicate = false, typename MakeOp>
Value binary(const std::string& op, const Value& a, const Value& b, DType compute,
             const Tensor* self, MakeOp make_op) {
  if constexpr ((Set & kFloats) != 0) {
    if (is_reduced_float(compute)) {
      // Operands of other dtypes (scalars, 0-d tensors) round to the 16-bit dtype first.
      Value x(operand(a, compute)), y(operand(b, compute));
      return round_to(binary<Set, kPredicate>(op, x, y, DType::Float32, nullptr, make_op), compute, kPredicate,
                      self, op);
    }
  }
  Tensor x = operand(a, compute);
  Tensor y = operand(b, compute);
  Shape shape = broadcast(x.sizes(), y.sizes());
  Output out(op, shape, kPredicate ? DType::Bool : compute, self, {&x, &y});
  Tensor xe = expand(x, shape);
  Tensor ye = expand(y, shape);
  dispatch<Set>(compute, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using O = std::conditional_t<kPredicate, bool, T>;
    binary_loop<O, T, T>(out.tensor(), xe, ye, make_op(tag));
  });
  return out.result();
}

template <unsigned Set, bool kPredicate = false, typename MakeOp>
Value unary(const std::string& op, const Tensor& input, DType compute, const Tensor* self,
            MakeOp make_op) {
  if constexpr ((Set & kFloats) != 0) {
    if (is_reduced_float(compute)) {
      return round_to(unary<Set, kPredicate>(op, input, DType::Float32, nullptr, make_op), compute, kPredicate,
                      self, op);
    }
  }
  Tensor x = cast_copy(input, compute);
  Output out(op, x.sizes(), kPredicate ? DType::Bool : compute, self, {&x});
  dispatch<Set>(compute, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using O = std::conditional_t<kPredicate, bool, T>;
    unary_loop<O, T>(out.tensor(), x, make_op(tag));
  });
  return out.result();
}

// ---- per-element arithmetic with torch's integer semantics ---------------------------------

template <typename T>
constexpr bool kIsInt = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Integer arithmetic wraps around as torch's does, computed unsigned to avoid overflow UB.
template <typename T>
T wrap_add(T a, T b) {
  if constexpr (kIsInt<T>) return static_cast<T>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  else return a + b;
}
template <typename T>
T wrap_sub(T a, T b) {
  if constexpr (kIsInt<T>) return static_cast<T>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
  else return a - b;
}
template <typename T>
T wrap_mul(T a, T b) {
  if constexpr (kIsInt<T>) return static_cast<T>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  else return a * b;
}

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  else return false;
}

// Python-style floor division of floats (exact for representable quotients, like CPython).
template <typename T>
T floor_div_float(T a, T b) {
  if (b == 0) return a / b;
  T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= T(1);
  if (div == 0) return std::copysign(T(0), a / b);
  T floored = std::floor(div);
  if (div - floored > T(0.5)) floored += T(1);
  return floored;
}

// Integer divisions assume b != 0 (checked before the loop); b == -1 avoids MIN / -1 overflow.
template <typename T>
T trunc_div_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wrap_sub(T(0), a);
  }
  return static_cast<T>(a / b);
}
template <typename T>
T floor_div_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wrap_sub(T(0), a);
    T q = static_cast<T>(a / b);
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0))) --q;
    return q;
  } else {
    return static_cast<T>(a / b);
  }
}
template <typename T>
T remainder_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return T(0);
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
    return r;
  } else {
    return static_cast<T>(a % b);
  }
}
template <typename T>
T fmod_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return T(0);
  }
  return static_cast<T>(a % b);
}
template <typename T>
T remainder_float(T a, T b) {
  T mod = std::fmod(a, b);
  if (mod != 0 && ((b < 0) != (mod < 0))) mod += b;
  return mod;
}

// Integer power by squaring (wrapping); negative exponents give 0 except for bases 1 and -1.
template <typename T>
T int_pow(T base, T exponent) {
  if constexpr (std::is_signed_v<T>) {
    if (exponent < 0) {
      if (base == 1) return T(1);
      if (base == -1) return exponent % 2 == 0 ? T(1) : T(-1);
      return T(0);
    }
  }
  uint64_t result = 1;
  uint64_t b = static_cast<uint64_t>(base);
  uint64_t e = static_cast<uint64_t>(exponent);
  while (e != 0) {
    if (e & 1) result *= b;
    b *= b;
    e >>= 1;
  }
  return static_cast<T>(result);
}

// Throws torch's ZeroDivisionError when an integer division would divide by zero.
void check_int_divisor(const std::string& op, const Value& divisor, DType compute) {
  if (!is_integral(compute, true)) return;
  Tensor t = operand(divisor, compute).contiguous();
  bool has_zero = false;
  dispatch<kIntsAndBool>(compute, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* p = t.data<T>();
    for (int64_t i = 0; i < t.numel() && !has_zero; ++i) has_zero = p[i] == T(0);
  });
  TSRT_CHECK(!has_zero, op + ": ZeroDivisionError (integer division by zero)");
}

// ---- arithmetic ops -----------------------------------------------------------------------

void check_alpha(const std::string& op, DType compute, const Value& alpha) {
  TSRT_CHECK(!(is_integral(compute, true) && alpha.is_double()),
        op + ": for integral input tensors, argument alpha must not be a floating point number");
}

void check_no_bool_sub(const std::string& op, const Value& a, const Value& b) {
  TSRT_CHECK(value_dtype(a) != DType::Bool && value_dtype(b) != DType::Bool,
        op + ": subtraction, the `-` operator, with a bool tensor is not supported; use `^` or "
             "logical_xor() instead");
}

// a + alpha * b in float16/bfloat16 as CPU torch defines it (`a + alpha * b` in the 16-bit
// type): alpha rounded to the dtype, the product rounded, then the sum. (torch's bfloat16
// vector loop fuses the two into one rounding, so its results for alpha != 1 can differ from
// its own scalar loop, and from this, by one unit in the last place.) `sign` is -1 for sub.
Value reduced_add(const std::string& op, const Value& a, const Value& b, const Value& alpha, DType compute,
                  double sign, const Tensor* self) {
  double al = sign * rounded_scalar(alpha, compute).to_double();
  Value scaled = b;
  if (al != 1.0) {
    scaled = binary<kFloats>(op, b, Value(al), compute, nullptr, [](auto tag) {
      using T = typename decltype(tag)::type;
      return [](T x, T y) -> T { return x * y; };
    });
    al = 1.0;
  }
  return binary<kFloats>(op, a, scaled, compute, self, [al](auto tag) {
    using T = typename decltype(tag)::type;
    return [al = T(al)](T x, T y) -> T { return x + al * y; };
  });
}

// a + alpha * b
Value add_values(const std::string& op, const Value& a, const Value& b, const Value& alpha,
                 const Tensor* self) {
  DType compute = result_type(a, b);
  check_alpha(op, compute, alpha);
  if (is_reduced_float(compute)) return reduced_add(op, a, b, alpha, compute, 1.0, self);
  return binary<kAllTypes>(op, a, b, compute, self, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T al = scalar_as<T>(alpha);
    return [al](T x, T y) -> T {
      if constexpr (std::is_same_v<T, bool>) return x || (al && y);
      else return wrap_add(x, wrap_mul(al, y));
    };
  });
}

// a - alpha * b
Value sub_values(const std::string& op, const Value& a, const Value& b, const Value& alpha,
                 const Tensor* self) {
  check_no_bool_sub(op, a, b);
  DType compute = result_type(a, b);
  check_alpha(op, compute, alpha);
  if (is_reduced_float(compute)) return reduced_add(op, a, b, alpha, compute, -1.0, self);
  return binary<kFloats | kInts>(op, a, b, compute, self, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T al = scalar_as<T>(alpha);
    return [al](T x, T y) -> T { return wrap_sub(x, wrap_mul(al, y)); };
  });
}

Value add_op(const Args& a, const Tensor* self) { return add_values("add", a[0], a[1], a[2], self); }
Value sub_op(const Args& a, const Tensor* self) { return sub_values("sub", a[0], a[1], a[2], self); }
Value rsub_op(const Args& a) { return sub_values("rsub", a[1], a[0], a[2], nullptr); }

Value mul_op(const Args& a, const Tensor* self) {
  return binary<kAllTypes>("mul", a[0], a[1], result_type(a[0], a[1]), self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if constexpr (std::is_same_v<T, bool>) return x && y;
      else return wrap_mul(x, y);
    };
  });
}

Value div_values(const Value& a, const Value& b, const std::optional<std::string>& mode,
                 const Tensor* self) {
  DType common = result_type(a, b);
  if (!mode) {  // true division always produces floats
    return binary<kFloats>("div", a, b, float_result(common), self, [](auto tag) {
      using T = typename decltype(tag)::type;
      return [](T x, T y) -> T { return x / y; };
    });
  }
  if (*mode == "trunc") {
    check_int_divisor("div(rounding_mode='trunc')", b, common);
    return binary<kFloats | kInts>("div", a, b, common, self, [](auto tag) {
      using T = typename decltype(tag)::type;
      return [](T x, T y) -> T {
        if constexpr (std::is_floating_point_v<T>) return std::trunc(x / y);
        else return trunc_div_int(x, y);
      };
    });
  }
  TSRT_CHECK(*mode == "floor", "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '" +
                              *mode + "'");
  check_int_divisor("div(rounding_mode='floor')", b, common);
  return binary<kFloats | kInts>("div", a, b, common, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if constexpr (std::is_floating_point_v<T>) return floor_div_float(x, y);
      else return floor_div_int(x, y);
    };
  });
}

std::optional<std::string> rounding_mode(const Args& a, size_t i) {
  if (a[i].is_none()) return std::nullopt;
  return a.to_string(i);
}

Value div_op(const Args& a, const Tensor* self) { return div_values(a[0], a[1], std::nullopt, self); }
Value div_mode_op(const Args& a, const Tensor* self) {
  return div_values(a[0], a[1], rounding_mode(a, 2), self);
}
Value floor_divide_op(const Args& a, const Tensor* self) {
  return div_values(a[0], a[1], std::string("floor"), self);
}

Value remainder_values(const Value& a, const Value& b, const Tensor* self) {
  DType common = result_type(a, b);
  check_int_divisor("remainder", b, common);
  return binary<kFloats | kInts>("remainder", a, b, common, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if constexpr (std::is_floating_point_v<T>) return remainder_float(x, y);
      else return remainder_int(x, y);
    };
  });
}
Value remainder_op(const Args& a, const Tensor* self) { return remainder_values(a[0], a[1], self); }

Value fmod_op(const Args& a, const Tensor* self) {
  DType common = result_type(a[0], a[1]);
  check_int_divisor("fmod", a[1], common);
  return binary<kFloats | kInts>("fmod", a[0], a[1], common, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if constexpr (std::is_floating_point_v<T>) return std::fmod(x, y);
      else return fmod_int(x, y);
    };
  });
}

Value pow_values(const Value& base, const Value& exponent, const Tensor* self) {
  DType common = result_type(base, exponent);
  if (is_integral(common, true) && !exponent.is_tensor()) {
    TSRT_CHECK(scalar_as<int64_t>(exponent) >= 0, "pow: integers to negative integer powers are not allowed");
  }
  return binary<kFloats | kInts>("pow", base, exponent, common, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if constexpr (std::is_floating_point_v<T>) return std::pow(x, y);
      else return int_pow(x, y);
    };
  });
}
Value pow_op(const Args& a, const Tensor* self) { return pow_values(a[0], a[1], self); }

// NaN-propagating maximum / minimum (torch.maximum, clamp with tensor bounds).
template <bool kMax>
Value extremum_values(const std::string& op, const Value& a, const Value& b, DType compute,
                     const Tensor* self) {
  return binary<kAllTypes>(op, a, b, compute, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if (is_nan(x)) return x;
      if (is_nan(y)) return y;
      return kMax ? (x < y ? y : x) : (y < x ? y : x);
    };
  });
}
Value maximum_op(const Args& a) { return extremum_values<true>("maximum", a[0], a[1], result_type(a[0], a[1]), nullptr); }
Value minimum_op(const Args& a) { return extremum_values<false>("minimum", a[0], a[1], result_type(a[0], a[1]), nullptr); }

// clamp with Scalar bounds: NaN inputs stay NaN, min > max gives max (as torch).
Value clamp_scalar(const Value& input, const Value& lo, const Value& hi, const Tensor* self) {
  TSRT_CHECK(!lo.is_none() || !hi.is_none(), "clamp: at least one of 'min' or 'max' must not be None");
  DType compute = result_type({&input, &lo, &hi});
  return unary<kFloats | kInts>("clamp", input.to_tensor(), compute, self, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const bool has_lo = !lo.is_none(), has_hi = !hi.is_none();
    const T lo_v = has_lo ? scalar_as<T>(lo) : T(0);
    const T hi_v = has_hi ? scalar_as<T>(hi) : T(0);
    return [=](T x) -> T {
      if (is_nan(x)) return x;
      if (has_lo && x < lo_v) x = lo_v;
      if (has_hi && hi_v < x) x = hi_v;
      return x;
    };
  });
}

// clamp with Tensor bounds: maximum with min, then minimum with max (NaN anywhere propagates).
Value clamp_tensor(const Value& input, const Value& lo, const Value& hi, const Tensor* self) {
  TSRT_CHECK(!lo.is_none() || !hi.is_none(), "clamp: at least one of 'min' or 'max' must not be None");
  DType compute = result_type({&input, &lo, &hi});
  Value result = input;
  if (!lo.is_none()) result = extremum_values<true>("clamp", result, lo, compute, nullptr);
  if (!hi.is_none()) result = extremum_values<false>("clamp", result, hi, compute, nullptr);
  return store(operand(result, compute), self, "clamp");
}

Value clamp_op(const Args& a, const Tensor* self) { return clamp_scalar(a[0], a[1], a[2], self); }
Value clamp_t_op(const Args& a, const Tensor* self) { return clamp_tensor(a[0], a[1], a[2], self); }
Value clamp_min_op(const Args& a, const Tensor* self) { return clamp_scalar(a[0], a[1], Value(), self); }
Value clamp_max_op(const Args& a, const Tensor* self) { return clamp_scalar(a[0], Value(), a[1], self); }
Value clamp_min_t_op(const Args& a, const Tensor* self) { return clamp_tensor(a[0], a[1], Value(), self); }
Value clamp_max_t_op(const Args& a, const Tensor* self) { return clamp_tensor(a[0], Value(), a[1], self); }

// ---- comparisons, logical and bitwise ops --------------------------------------------------

template <typename Cmp>
Value compare(const std::string& op, const Args& a, const Tensor* self, Cmp cmp) {
  return binary<kAllTypes, true>(op, a[0], a[1], result_type(a[0], a[1]), self, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return [cmp](T x, T y) -> bool { return cmp(x, y); };
  });
}

// Generic lambdas so that each comparison instantiates per element type.
Value eq_op(const Args& a, const Tensor* s) { return compare("eq", a, s, [](auto x, auto y) { return x == y; }); }
Value ne_op(const Args& a, const Tensor* s) { return compare("ne", a, s, [](auto x, auto y) { return x != y; }); }
Value lt_op(const Args& a, const Tensor* s) { return compare("lt", a, s, [](auto x, auto y) { return x < y; }); }
Value le_op(const Args& a, const Tensor* s) { return compare("le", a, s, [](auto x, auto y) { return x <= y; }); }
Value gt_op(const Args& a, const Tensor* s) { return compare("gt", a, s, [](auto x, auto y) { return x > y; }); }
Value ge_op(const Args& a, const Tensor* s) { return compare("ge", a, s, [](auto x, auto y) { return x >= y; }); }

// Logical ops read any dtype as "nonzero" and produce bool.
template <typename F>
Value logical(const std::string& op, const Args& a, const Tensor* self, F f) {
  return binary<kBools, true>(op, a[0], a[1], DType::Bool, self, [&](auto) { return f; });
}
Value logical_and_op(const Args& a, const Tensor* s) { return logical("logical_and", a, s, [](bool x, bool y) { return x && y; }); }
Value logical_or_op(const Args& a, const Tensor* s) { return logical("logical_or", a, s, [](bool x, bool y) { return x || y; }); }
Value logical_xor_op(const Args& a, const Tensor* s) { return logical("logical_xor", a, s, [](bool x, bool y) { return x != y; }); }

enum class Bitwise { And, Or, Xor };

template <Bitwise kOp>
Value bitwise_op(const Args& a, const Tensor* self) {
  const char* name = kOp == Bitwise::And ? "bitwise_and" : kOp == Bitwise::Or ? "bitwise_or" : "bitwise_xor";
  return binary<kIntsAndBool>(name, a[0], a[1], result_type(a[0], a[1]), self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x, T y) -> T {
      if constexpr (std::is_same_v<T, bool>) {
        return kOp == Bitwise::And ? (x && y) : kOp == Bitwise::Or ? (x || y) : (x != y);
      } else {
        return static_cast<T>(kOp == Bitwise::And ? (x & y) : kOp == Bitwise::Or ? (x | y) : (x ^ y));
      }
    };
  });
}

// ---- unary math -----------------------------------------------------------------------------

// Ops whose result is always floating: integer inputs compute in the default float dtype.
template <typename F>
Value float_unary(const std::string& op, const Args& a, const Tensor* self, F f) {
  const Tensor& x = a.tensor(0);
  return unary<kFloats>(op, x, float_result(x.dtype()), self, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return [f](T v) -> T { return static_cast<T>(f(v)); };
  });
}

#define TSRT_FLOAT_UNARY(name, expr)                                          \
  Value name##_op(const Args& a, const Tensor* self) {                        \
    return float_unary(#name, a, self, [](auto x) { return expr; });          \
  }
TSRT_FLOAT_UNARY(exp, std::exp(x))
TSRT_FLOAT_UNARY(log, std::log(x))
TSRT_FLOAT_UNARY(log1p, std::log1p(x))
TSRT_FLOAT_UNARY(sqrt, std::sqrt(x))
TSRT_FLOAT_UNARY(rsqrt, decltype(x)(1) / std::sqrt(x))
TSRT_FLOAT_UNARY(erf, std::erf(x))
TSRT_FLOAT_UNARY(sin, std::sin(x))
TSRT_FLOAT_UNARY(cos, std::cos(x))
TSRT_FLOAT_UNARY(reciprocal, decltype(x)(1) / x)
#undef TSRT_FLOAT_UNARY

// Ops that keep the input dtype.
template <unsigned Set, typename MakeOp>
Value same_type_unary(const std::string& op, const Args& a, const Tensor* self, MakeOp make_op) {
  const Tensor& x = a.tensor(0);
  return unary<Set>(op, x, x.dtype(), self, make_op);
}

Value neg_op(const Args& a, const Tensor* self) {
  TSRT_CHECK(a.tensor(0).dtype() != DType::Bool,
        "neg: negation, the `-` operator, on a bool tensor is not supported; use `~` or logical_not() instead");
  return same_type_unary<kFloats | kInts>("neg", a, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x) -> T { return wrap_sub(T(0), x); };
  });
}

Value abs_op(const Args& a, const Tensor* self) {
  return same_type_unary<kFloats | kInts>("abs", a, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x) -> T {
      if constexpr (std::is_floating_point_v<T>) return std::fabs(x);
      else if constexpr (std::is_signed_v<T>) return x < 0 ? wrap_sub(T(0), x) : x;
      else return x;
    };
  });
}

Value sign_op(const Args& a, const Tensor* self) {
  return same_type_unary<kAllTypes>("sign", a, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x) -> T {
      if constexpr (std::is_same_v<T, bool>) return x;
      else return static_cast<T>((T(0) < x) - (x < T(0)));
    };
  });
}

// floor / ceil / round / trunc: identity on integers, `f` on floats.
template <typename F>
Value rounding(const std::string& op, const Args& a, const Tensor* self, F f) {
  const Tensor& x = a.tensor(0);
  if (!is_floating(x.dtype())) return store(self != nullptr ? x : x.clone(), self, op);
  return unary<kFloats>(op, x, x.dtype(), self, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return [f](T v) -> T { return static_cast<T>(f(v)); };
  });
}
Value floor_op(const Args& a, const Tensor* s) { return rounding("floor", a, s, [](auto x) { return std::floor(x); }); }
Value ceil_op(const Args& a, const Tensor* s) { return rounding("ceil", a, s, [](auto x) { return std::ceil(x); }); }
Value trunc_op(const Args& a, const Tensor* s) { return rounding("trunc", a, s, [](auto x) { return std::trunc(x); }); }
// Half-way cases round to even, as torch.round does.
Value round_op(const Args& a, const Tensor* s) { return rounding("round", a, s, [](auto x) { return std::nearbyint(x); }); }

Value round_decimals_op(const Args& a, const Tensor* self) {
  int64_t decimals = a.to_int(1);
  const Tensor& x = a.tensor(0);
  TSRT_CHECK(is_floating(x.dtype()) || decimals == 0, "round: decimals are only supported for floating point tensors");
  bool negative = decimals < 0;
  double scale = std::pow(10.0, static_cast<double>(negative ? -decimals : decimals));
  return rounding("round", a, self, [negative, scale](auto v) {
    using T = decltype(v);
    const T s = static_cast<T>(scale);
    return negative ? std::nearbyint(v / s) * s : std::nearbyint(v * s) / s;
  });
}

Value bitwise_not_op(const Args& a, const Tensor* self) {
  return same_type_unary<kIntsAndBool>("bitwise_not", a, self, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T x) -> T {
      if constexpr (std::is_same_v<T, bool>) return !x;
      else return static_cast<T>(~x);
    };
  });
}

Value logical_not_op(const Args& a, const Tensor* self) {
  return unary<kBools, true>("logical_not", a.tensor(0), DType::Bool, self, [](auto) {
    return [](bool x) { return !x; };
  });
}

Value isnan_op(const Args& a) {
  const Tensor& x = a.tensor(0);
  return unary<kAllTypes, true>("isnan", x, x.dtype(), nullptr, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T v) { return is_nan(v); };
  });
}

Value isinf_op(const Args& a) {
  const Tensor& x = a.tensor(0);
  return unary<kAllTypes, true>("isinf", x, x.dtype(), nullptr, [](auto tag) {
    using T = typename decltype(tag)::type;
    return [](T v) {
      if constexpr (std::is_floating_point_v<T>) return std::isinf(v);
      else return false;
    };
  });
}

// ---- selection --------------------------------------------------------------------------------

Tensor bool_condition(const std::string& op, const Tensor& condition) {
  TSRT_CHECK(condition.dtype() == DType::Bool || condition.dtype() == DType::UInt8,
        op + ": expected a bool condition/mask tensor, got " + dtype_name(condition.dtype()));
  return cast_copy(condition, DType::Bool);
}

// out = cond ? x : y over broadcast shapes, in `dtype`; written into `self` when given.
Value select(const std::string& op, const Tensor& cond, const Value& x, const Value& y, DType dtype,
             const Tensor* self) {
  Tensor c = bool_condition(op, cond);
  Tensor tx = operand(x, dtype);
  Tensor ty = operand(y, dtype);
  Shape shape = broadcast(broadcast(c.sizes(), tx.sizes()), ty.sizes());
  Output out(op, shape, dtype, self);
  Tensor ce = expand(c, shape), xe = expand(tx, shape), ye = expand(ty, shape);
  dispatch<kAllTypes | kHalfs>(dtype, op, [&](auto tag) {  // selection only: no arithmetic
    using T = typename decltype(tag)::type;
    ternary_loop<T, bool, T, T>(out.tensor(), ce, xe, ye, [](bool k, T p, T q) { return k ? p : q; });
  });
  return out.result();
}

Value where_op(const Args& a) {
  return select("where", a.tensor(0), a[1], a[2], result_type(a[1], a[2]), nullptr);
}

// masked_fill: the value is cast to self's dtype; a tensor value must be 0-d.
Value masked_fill_op(const Args& a, const Tensor* self) {
  const Tensor& input = a.tensor(0);
  if (a[2].is_tensor()) {
    TSRT_CHECK(a.tensor(2).dim() == 0, "masked_fill only supports a 0-dimensional value tensor, but got a tensor with " +
                                      std::to_string(a.tensor(2).dim()) + " dimension(s)");
  }
  return select("masked_fill", a.tensor(1), a[2], a[0], input.dtype(), self);
}

// ---- registration -----------------------------------------------------------------------------

using InplaceKernel = Value (*)(const Args&, const Tensor*);

// Registers an out-of-place schema and its in-place twin (which writes into argument 0).
void add_pair(Registry& r, const char* out_schema, const char* inplace_schema, InplaceKernel k) {
  r.add(out_schema, [k](const Args& a) { return k(a, nullptr); });
  r.add(inplace_schema, [k](const Args& a) { return k(a, &a.tensor(0)); });
}

void add_out_only(Registry& r, const char* schema, InplaceKernel k) {
  r.add(schema, [k](const Args& a) { return k(a, nullptr); });
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// Binary (and where/masked_fill) ops: broadcast sizes, torch's result_type; comparisons give
// bool, true division of integers float.
ir::TensorFacts binary_shape(const ir::ShapeContext& c) {
  const std::string& k = c.kind();
  std::vector<const ir::Value*> operands;
  if (k == "aten::where") {
    operands = {c.input(1), c.input(2)};
  } else if (k == "aten::masked_fill") {
    operands = {c.input(0)};
  } else {
    operands = {c.input(0), c.input(1)};
  }
  std::vector<ir::Operand> promoted;
  for (const ir::Value* v : operands) promoted.push_back(c.operand(v));
  ir::TensorFacts out;
  out.dtype = ir::result_type(promoted);
  bool comparison = k == "aten::eq" || k == "aten::ne" || k == "aten::lt" || k == "aten::le" || k == "aten::gt" ||
                    k == "aten::ge";
  if (comparison) out.dtype = ir::kBoolCode;
  if (k == "aten::div" && out.dtype && ir::dtype_category(*out.dtype) != 2 && c.is_none(c.arg("rounding_mode"))) {
    out.dtype = ir::kFloatCode;  // true division of integers
  }
  std::vector<ir::TensorFacts> infos;
  out.contiguous = true;
  for (size_t i = 0; i < c.num_inputs(); ++i) {
    if (c.input(i)->type()->kind == ir::TypeKind::Tensor) infos.push_back(c.tensor(c.input(i)));
  }
  std::vector<const ir::Sizes*> shapes;
  for (const ir::TensorFacts& i : infos) {
    shapes.push_back(i.sizes ? &*i.sizes : nullptr);
    out.contiguous &= i.contiguous;
  }
  out.sizes = ir::broadcast(shapes);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(elementwise) {
  add_pair(r, "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
           "aten::add_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)", add_op);
  add_pair(r, "aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
           "aten::add_.Scalar(Tensor(a!) self, Scalar other, Scalar alpha=1) -> Tensor(a!)", add_op);
  add_pair(r, "aten::sub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor",
           "aten::sub_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)", sub_op);
  add_pair(r, "aten::sub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor",
           "aten::sub_.Scalar(Tensor(a!) self, Scalar other, Scalar alpha=1) -> Tensor(a!)", sub_op);
  r.add("aten::rsub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor", rsub_op);
  r.add("aten::rsub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor", rsub_op);
  add_pair(r, "aten::mul.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::mul_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", mul_op);
  add_pair(r, "aten::mul.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::mul_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", mul_op);
  add_pair(r, "aten::div.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::div_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", div_op);
  add_pair(r, "aten::div.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::div_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", div_op);
  add_pair(r, "aten::div.Tensor_mode(Tensor self, Tensor other, *, str? rounding_mode) -> Tensor",
           "aten::div_.Tensor_mode(Tensor(a!) self, Tensor other, *, str? rounding_mode) -> Tensor(a!)",
           div_mode_op);
  add_pair(r, "aten::div.Scalar_mode(Tensor self, Scalar other, *, str? rounding_mode) -> Tensor",
           "aten::div_.Scalar_mode(Tensor(a!) self, Scalar other, *, str? rounding_mode) -> Tensor(a!)",
           div_mode_op);
  add_pair(r, "aten::true_divide.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::true_divide_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", div_op);
  add_pair(r, "aten::true_divide.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::true_divide_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", div_op);
  add_pair(r, "aten::floor_divide(Tensor self, Tensor other) -> Tensor",
           "aten::floor_divide_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", floor_divide_op);
  add_pair(r, "aten::floor_divide.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::floor_divide_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", floor_divide_op);
  add_pair(r, "aten::remainder.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::remainder_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", remainder_op);
  add_pair(r, "aten::remainder.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::remainder_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", remainder_op);
  add_out_only(r, "aten::remainder.Scalar_Tensor(Scalar self, Tensor other) -> Tensor", remainder_op);
  add_pair(r, "aten::fmod.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::fmod_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", fmod_op);
  add_pair(r, "aten::fmod.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::fmod_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", fmod_op);
  add_pair(r, "aten::pow.Tensor_Tensor(Tensor self, Tensor exponent) -> Tensor",
           "aten::pow_.Tensor(Tensor(a!) self, Tensor exponent) -> Tensor(a!)", pow_op);
  add_pair(r, "aten::pow.Tensor_Scalar(Tensor self, Scalar exponent) -> Tensor",
           "aten::pow_.Scalar(Tensor(a!) self, Scalar exponent) -> Tensor(a!)", pow_op);
  add_out_only(r, "aten::pow.Scalar(Scalar self, Tensor exponent) -> Tensor", pow_op);

  r.add("aten::maximum(Tensor self, Tensor other) -> Tensor", maximum_op);
  r.add("aten::minimum(Tensor self, Tensor other) -> Tensor", minimum_op);
  r.add("aten::max.other(Tensor self, Tensor other) -> Tensor", maximum_op);
  r.add("aten::min.other(Tensor self, Tensor other) -> Tensor", minimum_op);
  add_pair(r, "aten::clamp(Tensor self, Scalar? min=None, Scalar? max=None) -> Tensor",
           "aten::clamp_(Tensor(a!) self, Scalar? min=None, Scalar? max=None) -> Tensor(a!)", clamp_op);
  add_pair(r, "aten::clamp.Tensor(Tensor self, Tensor? min=None, Tensor? max=None) -> Tensor",
           "aten::clamp_.Tensor(Tensor(a!) self, Tensor? min=None, Tensor? max=None) -> Tensor(a!)", clamp_t_op);
  add_pair(r, "aten::clamp_min(Tensor self, Scalar min) -> Tensor",
           "aten::clamp_min_(Tensor(a!) self, Scalar min) -> Tensor(a!)", clamp_min_op);
  add_pair(r, "aten::clamp_min.Tensor(Tensor self, Tensor min) -> Tensor",
           "aten::clamp_min_.Tensor(Tensor(a!) self, Tensor min) -> Tensor(a!)", clamp_min_t_op);
  add_pair(r, "aten::clamp_max(Tensor self, Scalar max) -> Tensor",
           "aten::clamp_max_(Tensor(a!) self, Scalar max) -> Tensor(a!)", clamp_max_op);
  add_pair(r, "aten::clamp_max.Tensor(Tensor self, Tensor max) -> Tensor",
           "aten::clamp_max_.Tensor(Tensor(a!) self, Tensor max) -> Tensor(a!)", clamp_max_t_op);

  add_pair(r, "aten::eq.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::eq_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", eq_op);
  add_pair(r, "aten::eq.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::eq_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", eq_op);
  add_pair(r, "aten::ne.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::ne_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", ne_op);
  add_pair(r, "aten::ne.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::ne_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", ne_op);
  add_pair(r, "aten::lt.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::lt_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", lt_op);
  add_pair(r, "aten::lt.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::lt_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", lt_op);
  add_pair(r, "aten::le.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::le_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", le_op);
  add_pair(r, "aten::le.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::le_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", le_op);
  add_pair(r, "aten::gt.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::gt_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", gt_op);
  add_pair(r, "aten::gt.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::gt_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", gt_op);
  add_pair(r, "aten::ge.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::ge_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", ge_op);
  add_pair(r, "aten::ge.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::ge_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", ge_op);

  add_pair(r, "aten::logical_and(Tensor self, Tensor other) -> Tensor",
           "aten::logical_and_(Tensor(a!) self, Tensor other) -> Tensor(a!)", logical_and_op);
  add_pair(r, "aten::logical_or(Tensor self, Tensor other) -> Tensor",
           "aten::logical_or_(Tensor(a!) self, Tensor other) -> Tensor(a!)", logical_or_op);
  add_pair(r, "aten::logical_xor(Tensor self, Tensor other) -> Tensor",
           "aten::logical_xor_(Tensor(a!) self, Tensor other) -> Tensor(a!)", logical_xor_op);
  add_pair(r, "aten::logical_not(Tensor self) -> Tensor",
           "aten::logical_not_(Tensor(a!) self) -> Tensor(a!)", logical_not_op);
  add_pair(r, "aten::bitwise_and.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::bitwise_and_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", bitwise_op<Bitwise::And>);
  add_pair(r, "aten::bitwise_and.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::bitwise_and_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", bitwise_op<Bitwise::And>);
  add_out_only(r, "aten::bitwise_and.Scalar_Tensor(Scalar self, Tensor other) -> Tensor", bitwise_op<Bitwise::And>);
  add_pair(r, "aten::bitwise_or.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::bitwise_or_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", bitwise_op<Bitwise::Or>);
  add_pair(r, "aten::bitwise_or.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::bitwise_or_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", bitwise_op<Bitwise::Or>);
  add_out_only(r, "aten::bitwise_or.Scalar_Tensor(Scalar self, Tensor other) -> Tensor", bitwise_op<Bitwise::Or>);
  add_pair(r, "aten::bitwise_xor.Tensor(Tensor self, Tensor other) -> Tensor",
           "aten::bitwise_xor_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)", bitwise_op<Bitwise::Xor>);
  add_pair(r, "aten::bitwise_xor.Scalar(Tensor self, Scalar other) -> Tensor",
           "aten::bitwise_xor_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)", bitwise_op<Bitwise::Xor>);
  add_out_only(r, "aten::bitwise_xor.Scalar_Tensor(Scalar self, Tensor other) -> Tensor", bitwise_op<Bitwise::Xor>);
  add_out_only(r, "aten::__and__.Tensor(Tensor self, Tensor other) -> Tensor", bitwise_op<Bitwise::And>);
  add_out_only(r, "aten::__and__.Scalar(Tensor self, Scalar other) -> Tensor", bitwise_op<Bitwise::And>);
  add_out_only(r, "aten::__or__.Tensor(Tensor self, Tensor other) -> Tensor", bitwise_op<Bitwise::Or>);
  add_out_only(r, "aten::__or__.Scalar(Tensor self, Scalar other) -> Tensor", bitwise_op<Bitwise::Or>);
  add_out_only(r, "aten::__xor__.Tensor(Tensor self, Tensor other) -> Tensor", bitwise_op<Bitwise::Xor>);
  add_out_only(r, "aten::__xor__.Scalar(Tensor self, Scalar other) -> Tensor", bitwise_op<Bitwise::Xor>);
  add_pair(r, "aten::bitwise_not(Tensor self) -> Tensor",
           "aten::bitwise_not_(Tensor(a!) self) -> Tensor(a!)", bitwise_not_op);

  add_pair(r, "aten::neg(Tensor self) -> Tensor", "aten::neg_(Tensor(a!) self) -> Tensor(a!)", neg_op);
  add_pair(r, "aten::abs(Tensor self) -> Tensor", "aten::abs_(Tensor(a!) self) -> Tensor(a!)", abs_op);
  add_pair(r, "aten::sign(Tensor self) -> Tensor", "aten::sign_(Tensor(a!) self) -> Tensor(a!)", sign_op);
  add_pair(r, "aten::exp(Tensor self) -> Tensor", "aten::exp_(Tensor(a!) self) -> Tensor(a!)", exp_op);
  add_pair(r, "aten::log(Tensor self) -> Tensor", "aten::log_(Tensor(a!) self) -> Tensor(a!)", log_op);
  add_pair(r, "aten::log1p(Tensor self) -> Tensor", "aten::log1p_(Tensor(a!) self) -> Tensor(a!)", log1p_op);
  add_pair(r, "aten::sqrt(Tensor self) -> Tensor", "aten::sqrt_(Tensor(a!) self) -> Tensor(a!)", sqrt_op);
  add_pair(r, "aten::rsqrt(Tensor self) -> Tensor", "aten::rsqrt_(Tensor(a!) self) -> Tensor(a!)", rsqrt_op);
  add_pair(r, "aten::erf(Tensor self) -> Tensor", "aten::erf_(Tensor(a!) self) -> Tensor(a!)", erf_op);
  add_pair(r, "aten::sin(Tensor self) -> Tensor", "aten::sin_(Tensor(a!) self) -> Tensor(a!)", sin_op);
  add_pair(r, "aten::cos(Tensor self) -> Tensor", "aten::cos_(Tensor(a!) self) -> Tensor(a!)", cos_op);
  add_pair(r, "aten::reciprocal(Tensor self) -> Tensor",
           "aten::reciprocal_(Tensor(a!) self) -> Tensor(a!)", reciprocal_op);
  add_pair(r, "aten::floor(Tensor self) -> Tensor", "aten::floor_(Tensor(a!) self) -> Tensor(a!)", floor_op);
  add_pair(r, "aten::ceil(Tensor self) -> Tensor", "aten::ceil_(Tensor(a!) self) -> Tensor(a!)", ceil_op);
  add_pair(r, "aten::trunc(Tensor self) -> Tensor", "aten::trunc_(Tensor(a!) self) -> Tensor(a!)", trunc_op);
  add_pair(r, "aten::round(Tensor self) -> Tensor", "aten::round_(Tensor(a!) self) -> Tensor(a!)", round_op);
  add_pair(r, "aten::round.decimals(Tensor self, *, int decimals) -> Tensor",
           "aten::round_.decimals(Tensor(a!) self, *, int decimals) -> Tensor(a!)", round_decimals_op);
  r.add("aten::isnan(Tensor self) -> Tensor", isnan_op);
  r.add("aten::isinf(Tensor self) -> Tensor", isinf_op);

  r.add("aten::where.self(Tensor condition, Tensor self, Tensor other) -> Tensor", where_op);
  r.add("aten::where.ScalarOther(Tensor condition, Tensor self, Scalar other) -> Tensor", where_op);
  r.add("aten::where.ScalarSelf(Tensor condition, Scalar self, Tensor other) -> Tensor", where_op);
  r.add("aten::where.Scalar(Tensor condition, Scalar self, Scalar other) -> Tensor", where_op);
  add_pair(r, "aten::masked_fill.Scalar(Tensor self, Tensor mask, Scalar value) -> Tensor",
           "aten::masked_fill_.Scalar(Tensor(a!) self, Tensor mask, Scalar value) -> Tensor(a!)", masked_fill_op);
  add_pair(r, "aten::masked_fill.Tensor(Tensor self, Tensor mask, Tensor value) -> Tensor",
           "aten::masked_fill_.Tensor(Tensor(a!) self, Tensor mask, Tensor value) -> Tensor(a!)", masked_fill_op);

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::neg", "aten::abs", "aten::clamp_", "aten::masked_fill_", "aten::add_", "aten::sub_", "aten::mul_",
         "aten::div_"})
      .shape(ir::one_output(ir::same_as_self));
  r.ops({"aten::clamp", "aten::exp", "aten::log", "aten::sqrt", "aten::rsqrt", "aten::erf", "aten::sin", "aten::cos"})
      .shape(ir::one_output(ir::floating_as_self));
  r.ops({"aten::add", "aten::sub", "aten::mul", "aten::div", "aten::rsub", "aten::maximum", "aten::minimum", "aten::eq",
         "aten::ne", "aten::lt", "aten::le", "aten::gt", "aten::ge", "aten::where", "aten::masked_fill"})
      .shape(ir::one_output(binary_shape));
  // Steps of tsrt::elementwise_chain (kernels/fused_elementwise.cc): one float32 element as torch computes it;
  // a true division, not a multiply by 1/s.
  r.ops({"aten::add.Scalar"}).traits(ir::chainable("add", [](float x, float s) { return x + s; }, true, true));
  r.ops({"aten::sub.Scalar"}).traits(ir::chainable("sub", [](float x, float s) { return x - s; }, true, true));
  r.ops({"aten::rsub.Scalar"}).traits(ir::chainable("rsub", [](float x, float s) { return s - x; }, true, true));
  r.ops({"aten::mul.Scalar"}).traits(ir::chainable("mul", [](float x, float s) { return x * s; }, true));
  r.ops({"aten::div.Scalar"}).traits(ir::chainable("div", [](float x, float s) { return x / s; }, true));
  r.ops({"aten::exp"}).traits(ir::chainable("exp", [](float x, float) { return std::exp(x); }));
  r.ops({"aten::neg"}).traits(ir::chainable("neg", [](float x, float) { return -x; }));
}

}  // namespace tsrt::kernels
