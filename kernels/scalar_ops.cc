// Arithmetic, comparison, logic and conversion ops on TorchScript's scalar values
// (int, float, bool, Scalar), with TorchScript's semantics rather than C++'s: floor division
// and modulo round towards negative infinity, int / int is a float, round() is half-to-even,
// and int arithmetic wraps on overflow instead of being undefined behaviour.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// Wrapping int64 arithmetic (TorchScript ints are 64-bit two's complement).
int64_t wrap_add(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }
int64_t wrap_sub(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
int64_t wrap_mul(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)); }

void check_nonzero(int64_t b, const char* op) {
  TSRT_CHECK(b != 0, std::string(op) + ": ZeroDivisionError: integer division or modulo by zero");
}

// Python's floor division and modulo on ints (the result's sign follows the divisor).
int64_t int_floordiv(int64_t a, int64_t b) {
  check_nonzero(b, "floordiv");
  if (b == -1) return wrap_sub(0, a);  // INT64_MIN / -1 would trap
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t int_mod(int64_t a, int64_t b) {
  check_nonzero(b, "remainder");
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

// torch's float floor division is floor(a / b) (not Python's fmod-based one).
double float_floordiv(double a, double b) { return std::floor(a / b); }
double float_mod(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

int64_t int_pow(int64_t base, int64_t exp) {
  if (exp < 0) {
    TSRT_CHECK(base != 0, "pow: 0 cannot be raised to a negative power");
    if (base == 1) return 1;
    if (base == -1) return (exp % 2 == 0) ? 1 : -1;
    return 0;
  }
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) result = wrap_mul(result, base);
    base = wrap_mul(base, base);
    exp >>= 1;
  }
  return result;
}

double float_pow(double a, double b) {
  TSRT_CHECK(!(a == 0.0 && b < 0), "pow: 0.0 cannot be raised to a negative power");
  return std::pow(a, b);
}

// Float -> int as int(x) in TorchScript: truncation; NaN/inf/out-of-range are errors here.
int64_t float_to_int(double x, const char* op) {
  TSRT_CHECK(std::isfinite(x) && x >= -9223372036854775808.0 && x < 9223372036854775808.0,
        std::string(op) + ": cannot convert float " + std::to_string(x) + " to integer");
  return static_cast<int64_t>(x);
}

int64_t parse_int(const std::string& s) {
  const std::string error = "invalid literal for int() with base 10: '" + s + "'";
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  TSRT_CHECK(i < s.size(), error);
  for (size_t j = i; j < s.size(); ++j) TSRT_CHECK(s[j] >= '0' && s[j] <= '9', error);
  errno = 0;
  long long v = std::strtoll(s.c_str(), nullptr, 10);
  TSRT_CHECK(errno != ERANGE, "int(): '" + s + "' does not fit in a 64-bit int");
  return v;
}

double parse_float(const std::string& s) {
  const char* begin = s.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  bool ok = end != begin;
  for (const char* p = end; ok && *p; ++p) ok = std::isspace(static_cast<unsigned char>(*p));
  TSRT_CHECK(ok, "could not convert string to float: '" + s + "'");
  return v;
}

// A Scalar stays an int when both operands are ints (bools count as ints), as in torch.
bool both_int(const Value& a, const Value& b) { return !a.is_double() && !b.is_double(); }

int64_t factorial(int64_t n) {
  TSRT_CHECK(n >= 0, "factorial() not defined for negative values");
  int64_t r = 1;
  for (int64_t i = 2; i <= n; ++i) r = wrap_mul(r, i);
  return r;
}

int64_t gcd(int64_t a, int64_t b) {
  while (b != 0) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a < 0 ? -a : a;
}

// Identity as TorchScript's `is`: containers and objects by address, tensors by storage view,
// immutable scalars and strings by value, None only with None.
bool same_identity(const Value& a, const Value& b) {
  if (a.tag() != b.tag()) return false;
  switch (a.tag()) {
    case Value::Tag::List: return a.to_list() == b.to_list();
    case Value::Tag::Tuple: return a.to_tuple() == b.to_tuple();
    case Value::Tag::Dict: return a.to_dict() == b.to_dict();
    case Value::Tag::Object: return a.to_object() == b.to_object();
    default: return values_equal(a, b);
  }
}

// The binary overloads that every arithmetic op has: int, float, int_float, float_int.
template <typename IntFn, typename FloatFn>
void add_numeric(Registry& r, const std::string& name, const std::string& int_ret, IntFn int_fn,
                 FloatFn float_fn) {
  r.add("aten::" + name + ".int(int a, int b) -> " + int_ret,
        [int_fn](const Args& a) { return Value(int_fn(a.to_int(0), a.to_int(1))); });
  r.add("aten::" + name + ".float(float a, float b) -> float",
        [float_fn](const Args& a) { return Value(float_fn(a.to_double(0), a.to_double(1))); });
  r.add("aten::" + name + ".int_float(int a, float b) -> float",
        [float_fn](const Args& a) { return Value(float_fn(a.to_double(0), a.to_double(1))); });
  r.add("aten::" + name + ".float_int(float a, int b) -> float",
        [float_fn](const Args& a) { return Value(float_fn(a.to_double(0), a.to_double(1))); });
}

// Comparisons: int, float, mixed, Scalar (no overload name), and optionally bool and str.
template <typename Cmp>
void add_comparison(Registry& r, const std::string& name, Cmp cmp, bool with_bool) {
  auto numeric = [cmp](const Args& a) {
    const Value& x = a[0];
    const Value& y = a[1];
    if (x.is_double() || y.is_double()) return Value(cmp(x.to_double(), y.to_double()));
    return Value(cmp(x.to_int(), y.to_int()));
  };
  for (const char* overload : {"int(int a, int b)", "float(float a, float b)",
                               "int_float(int a, float b)", "float_int(float a, int b)"}) {
    r.add("aten::" + name + "." + overload + " -> bool", numeric);
  }
  r.add("aten::" + name + "(Scalar a, Scalar b) -> bool", numeric);
  r.add("aten::" + name + ".str(str a, str b) -> bool",
        [cmp](const Args& a) { return Value(cmp(a.to_string(0).compare(a.to_string(1)), 0)); });
  if (with_bool) {
    r.add("aten::" + name + ".bool(bool a, bool b) -> bool",
          [cmp](const Args& a) { return Value(cmp(a.to_bool(0), a.to_bool(1))); });
  }
}

// One-argument float functions: float, int (-> float) and Scalar overloads.
template <typename Fn>
void add_unary_float(Registry& r, const std::string& name, Fn fn) {
  auto kernel = [fn](const Args& a) { return Value(static_cast<double>(fn(a.to_double(0)))); };
  r.add("aten::" + name + ".float(float a) -> float", kernel);
  r.add("aten::" + name + ".int(int a) -> float", kernel);
  r.add("aten::" + name + ".Scalar(Scalar a) -> Scalar", kernel);
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// Integer arithmetic on sizes (traced models compute shapes with it).
std::optional<int64_t> int_arithmetic(const ir::ShapeContext& c) {
  if (c.num_inputs() < 2) return std::nullopt;
  std::optional<int64_t> a = c.int_value(c.input(0)), b = c.int_value(c.input(1));
  if (!a || !b) return std::nullopt;
  if (c.num_inputs() > 2 && c.int_value(c.input(2)) != int64_t{1}) return std::nullopt;  // alpha
  const std::string& k = c.kind();
  if (k == "aten::add") return *a + *b;
  if (k == "aten::sub") return *a - *b;
  if (k == "aten::mul") return *a * *b;
  if (k == "aten::floordiv" && *b != 0) {
    int64_t q = *a / *b;
    return (*a % *b != 0 && ((*a < 0) != (*b < 0))) ? q - 1 : q;
  }
  return std::nullopt;
}

std::optional<int64_t> int_of_input(const ir::ShapeContext& c) {
  return c.num_inputs() == 1 ? c.int_value(c.input(0)) : std::nullopt;
}

}  // namespace

TSRT_REGISTER_KERNELS(scalar_ops) {
  // Arithmetic.
  add_numeric(r, "add", "int", wrap_add, [](double a, double b) { return a + b; });
  add_numeric(r, "sub", "int", wrap_sub, [](double a, double b) { return a - b; });
  add_numeric(r, "mul", "int", wrap_mul, [](double a, double b) { return a * b; });
  r.add("aten::div.int(int a, int b) -> float",
        [](const Args& a) { return Value(a.to_double(0) / a.to_double(1)); });
  r.add("aten::div.float(float a, float b) -> float",
        [](const Args& a) { return Value(a.to_double(0) / a.to_double(1)); });
  r.add("aten::div(Scalar a, Scalar b) -> float",
        [](const Args& a) { return Value(a.to_double(0) / a.to_double(1)); });
  add_numeric(r, "floordiv", "int", int_floordiv, float_floordiv);
  add_numeric(r, "remainder", "int", int_mod, float_mod);
  r.add("aten::__round_to_zero_floordiv.int(int a, int b) -> int", [](const Args& a) {
    check_nonzero(a.to_int(1), "__round_to_zero_floordiv");
    if (a.to_int(1) == -1) return Value(wrap_sub(0, a.to_int(0)));
    return Value(a.to_int(0) / a.to_int(1));
  });
  add_numeric(r, "fmod", "float", [](int64_t x, int64_t y) { return std::fmod(double(x), double(y)); },
              [](double x, double y) { return std::fmod(x, y); });
  add_numeric(r, "mathremainder", "float",
              [](int64_t x, int64_t y) { return std::remainder(double(x), double(y)); },
              [](double x, double y) { return std::remainder(x, y); });
  add_numeric(r, "copysign", "float",
              [](int64_t x, int64_t y) { return std::copysign(double(x), double(y)); },
              [](double x, double y) { return std::copysign(x, y); });
  add_numeric(r, "pow", "float", [](int64_t x, int64_t y) { return float_pow(double(x), double(y)); },
              float_pow);
  r.add("aten::pow.int_to_int(int a, int b) -> int",
        [](const Args& a) { return Value(int_pow(a.to_int(0), a.to_int(1))); });
  r.add("aten::pow.Scalar_Scalar(Scalar a, Scalar b) -> float",
        [](const Args& a) { return Value(float_pow(a.to_double(0), a.to_double(1))); });
  // log(a, b): logarithm of a in base b (the one-argument log overloads are below).
  for (const char* overload : {"int_int(int a, int b)", "float_float(float a, float b)",
                               "int_float(int a, float b)", "float_int(float a, int b)",
                               "Scalar_Scalar(Scalar a, Scalar b)"}) {
    r.add(std::string("aten::log.") + overload + " -> float",
          [](const Args& a) { return Value(std::log(a.to_double(0)) / std::log(a.to_double(1))); });
  }

  // Scalar (int-or-float) binary ops keep ints as ints.
  auto scalar_binary = [&](const std::string& name, auto int_fn, auto float_fn) {
    r.add("aten::" + name + "(Scalar a, Scalar b) -> Scalar", [int_fn, float_fn](const Args& a) {
      if (both_int(a[0], a[1])) return Value(int_fn(a.to_int(0), a.to_int(1)));
      return Value(float_fn(a.to_double(0), a.to_double(1)));
    });
  };
  scalar_binary("add", wrap_add, [](double x, double y) { return x + y; });
  scalar_binary("sub", wrap_sub, [](double x, double y) { return x - y; });
  scalar_binary("mul", wrap_mul, [](double x, double y) { return x * y; });
  scalar_binary("floordiv", int_floordiv, float_floordiv);
  scalar_binary("remainder", int_mod, float_mod);

  // Unary arithmetic.
  r.add("aten::neg.int(int a) -> int", [](const Args& a) { return Value(wrap_sub(0, a.to_int(0))); });
  r.add("aten::neg.float(float a) -> float", [](const Args& a) { return Value(-a.to_double(0)); });
  r.add("aten::neg.Scalar(Scalar a) -> Scalar", [](const Args& a) {
    return a[0].is_double() ? Value(-a.to_double(0)) : Value(wrap_sub(0, a.to_int(0)));
  });
  r.add("prim::abs.int(int a) -> int", [](const Args& a) {
    int64_t x = a.to_int(0);
    return Value(x < 0 ? wrap_sub(0, x) : x);
  });
  r.add("prim::abs.float(float a) -> float", [](const Args& a) { return Value(std::fabs(a.to_double(0))); });
  r.add("prim::abs.Scalar(Scalar a) -> Scalar", [](const Args& a) {
    if (a[0].is_double()) return Value(std::fabs(a.to_double(0)));
    int64_t x = a.to_int(0);
    return Value(x < 0 ? wrap_sub(0, x) : x);
  });
  // floor/ceil of a float give an int; round gives a float (half to even).
  r.add("aten::floor.int(int a) -> int", [](const Args& a) { return Value(a.to_int(0)); });
  r.add("aten::floor.float(float a) -> int",
        [](const Args& a) { return Value(float_to_int(std::floor(a.to_double(0)), "floor")); });
  r.add("aten::floor.Scalar(Scalar a) -> Scalar", [](const Args& a) {
    if (!a[0].is_double()) return Value(a.to_int(0));
    return Value(float_to_int(std::floor(a.to_double(0)), "floor"));
  });
  r.add("aten::ceil.int(int a) -> int", [](const Args& a) { return Value(a.to_int(0)); });
  r.add("aten::ceil.float(float a) -> int",
        [](const Args& a) { return Value(float_to_int(std::ceil(a.to_double(0)), "ceil")); });
  r.add("aten::ceil.Scalar(Scalar a) -> Scalar", [](const Args& a) {
    if (!a[0].is_double()) return Value(a.to_int(0));
    return Value(float_to_int(std::ceil(a.to_double(0)), "ceil"));
  });
  add_unary_float(r, "round", [](double x) { return std::nearbyint(x); });
  add_unary_float(r, "sqrt", [](double x) { return std::sqrt(x); });
  add_unary_float(r, "exp", [](double x) { return std::exp(x); });
  add_unary_float(r, "log", [](double x) { return std::log(x); });
  add_unary_float(r, "log10", [](double x) { return std::log10(x); });
  add_unary_float(r, "log1p", [](double x) { return std::log1p(x); });
  add_unary_float(r, "sin", [](double x) { return std::sin(x); });
  add_unary_float(r, "cos", [](double x) { return std::cos(x); });
  add_unary_float(r, "tanh", [](double x) { return std::tanh(x); });
  add_unary_float(r, "fabs", [](double x) { return std::fabs(x); });
  add_unary_float(r, "gamma", [](double x) { return std::tgamma(x); });
  add_unary_float(r, "lgamma", [](double x) { return std::lgamma(x); });
  add_unary_float(r, "erf", [](double x) { return std::erf(x); });
  add_unary_float(r, "erfc", [](double x) { return std::erfc(x); });
  add_unary_float(r, "expm1", [](double x) { return std::expm1(x); });
  add_unary_float(r, "tan", [](double x) { return std::tan(x); });
  add_unary_float(r, "asin", [](double x) { return std::asin(x); });
  add_unary_float(r, "acos", [](double x) { return std::acos(x); });
  add_unary_float(r, "atan", [](double x) { return std::atan(x); });
  add_unary_float(r, "sinh", [](double x) { return std::sinh(x); });
  add_unary_float(r, "cosh", [](double x) { return std::cosh(x); });
  add_unary_float(r, "asinh", [](double x) { return std::asinh(x); });
  add_unary_float(r, "acosh", [](double x) { return std::acosh(x); });
  add_unary_float(r, "atanh", [](double x) { return std::atanh(x); });
  add_unary_float(r, "radians", [](double x) { return x * (M_PI / 180.0); });
  add_unary_float(r, "degrees", [](double x) { return x * (180.0 / M_PI); });
  add_numeric(r, "atan2", "float", [](int64_t x, int64_t y) { return std::atan2(double(x), double(y)); },
              [](double x, double y) { return std::atan2(x, y); });
  r.add("aten::atan2.Scalar_Scalar(Scalar a, Scalar b) -> float",
        [](const Args& a) { return Value(std::atan2(a.to_double(0), a.to_double(1))); });
  r.add("aten::fmod(Scalar a, Scalar b) -> float",
        [](const Args& a) { return Value(std::fmod(a.to_double(0), a.to_double(1))); });
  r.add("aten::mathremainder(Scalar a, Scalar b) -> float",
        [](const Args& a) { return Value(std::remainder(a.to_double(0), a.to_double(1))); });
  r.add("aten::copysign(Scalar a, Scalar b) -> float",
        [](const Args& a) { return Value(std::copysign(a.to_double(0), a.to_double(1))); });
  r.add("aten::ldexp(float x, int i) -> float", [](const Args& a) {
    return Value(std::ldexp(a.to_double(0), static_cast<int>(std::clamp<int64_t>(a.to_int(1), -100000, 100000))));
  });
  r.add_stack("aten::frexp(float a) -> (float, int)", [](Stack& s) {
    int exponent = 0;
    double mantissa = std::frexp(s.back().to_double(), &exponent);
    s.back() = Value(mantissa);
    s.emplace_back(static_cast<int64_t>(exponent));
  });
  r.add_stack("aten::modf(float a) -> (float, float)", [](Stack& s) {
    double integral = 0;
    double fraction = std::modf(s.back().to_double(), &integral);
    s.back() = Value(fraction);
    s.emplace_back(integral);
  });
  r.add("aten::isfinite.float(float a) -> bool", [](const Args& a) { return Value(std::isfinite(a.to_double(0))); });
  r.add("aten::isnan.float(float a) -> bool", [](const Args& a) { return Value(std::isnan(a.to_double(0))); });
  r.add("aten::isinf.float(float a) -> bool", [](const Args& a) { return Value(std::isinf(a.to_double(0))); });
  r.add("aten::factorial.int(int a) -> int", [](const Args& a) { return Value(factorial(a.to_int(0))); });
  r.add("aten::gcd.int(int a, int b) -> int", [](const Args& a) { return Value(gcd(a.to_int(0), a.to_int(1))); });

  r.add_stack("aten::divmod.int(int x, int y) -> (int, int)", [](Stack& s) {
    int64_t y = s.back().to_int();
    int64_t x = s[s.size() - 2].to_int();
    s.resize(s.size() - 2);
    s.emplace_back(int_floordiv(x, y));
    s.emplace_back(int_mod(x, y));
  });
  for (const char* overload : {"float(float x, float y)", "int_float(int x, float y)",
                               "float_int(float x, int y)"}) {
    r.add_stack(std::string("aten::divmod.") + overload + " -> (float, float)", [](Stack& s) {
      double y = s.back().to_double();
      double x = s[s.size() - 2].to_double();
      s.resize(s.size() - 2);
      s.emplace_back(float_floordiv(x, y));
      s.emplace_back(float_mod(x, y));
    });
  }

  // min/max of two numbers.
  auto add_minmax = [&](const std::string& name, bool want_max) {
    auto pick_double = [want_max](const Args& a) {
      double x = a.to_double(0), y = a.to_double(1);
      if (std::isnan(x) || std::isnan(y)) return Value(std::nan(""));
      return Value(want_max ? std::max(x, y) : std::min(x, y));
    };
    r.add("prim::" + name + ".int(int a, int b) -> int", [want_max](const Args& a) {
      return Value(want_max ? std::max(a.to_int(0), a.to_int(1)) : std::min(a.to_int(0), a.to_int(1)));
    });
    r.add("prim::" + name + ".float(float a, float b) -> float", pick_double);
    r.add("prim::" + name + ".int_float(int a, float b) -> float", pick_double);
    r.add("prim::" + name + ".float_int(float a, int b) -> float", pick_double);
    r.add("prim::" + name + "(Scalar a, Scalar b) -> Scalar", [want_max, pick_double](const Args& a) {
      if (!both_int(a[0], a[1])) return pick_double(a);
      return Value(want_max ? std::max(a.to_int(0), a.to_int(1)) : std::min(a.to_int(0), a.to_int(1)));
    });
  };
  add_minmax("min", false);
  add_minmax("max", true);

  // Comparisons.
  add_comparison(r, "eq", [](auto x, auto y) { return x == y; }, true);
  add_comparison(r, "ne", [](auto x, auto y) { return x != y; }, true);
  add_comparison(r, "lt", [](auto x, auto y) { return x < y; }, false);
  add_comparison(r, "le", [](auto x, auto y) { return x <= y; }, false);
  add_comparison(r, "gt", [](auto x, auto y) { return x > y; }, false);
  add_comparison(r, "ge", [](auto x, auto y) { return x >= y; }, false);
  r.add("aten::eq.device(Device a, Device b) -> bool",
        [](const Args& a) { return Value(a[0].to_device() == a[1].to_device()); });
  r.add("aten::ne.device(Device a, Device b) -> bool",
        [](const Args& a) { return Value(!(a[0].to_device() == a[1].to_device())); });

  // Logic and bits.
  r.add("aten::__not__(bool self) -> bool", [](const Args& a) { return Value(!a.to_bool(0)); });
  r.add("aten::__and__.bool(bool a, bool b) -> bool", [](const Args& a) { return Value(a.to_bool(0) && a.to_bool(1)); });
  r.add("aten::__or__.bool(bool a, bool b) -> bool", [](const Args& a) { return Value(a.to_bool(0) || a.to_bool(1)); });
  r.add("aten::__xor__.bool(bool a, bool b) -> bool", [](const Args& a) { return Value(a.to_bool(0) != a.to_bool(1)); });
  r.add("aten::__and__.int(int a, int b) -> int", [](const Args& a) { return Value(a.to_int(0) & a.to_int(1)); });
  r.add("aten::__or__.int(int a, int b) -> int", [](const Args& a) { return Value(a.to_int(0) | a.to_int(1)); });
  r.add("aten::__xor__.int(int a, int b) -> int", [](const Args& a) { return Value(a.to_int(0) ^ a.to_int(1)); });
  // Shifts by 64 or more are undefined in C++; torch inherits the hardware's modulo-64 rule.
  r.add("aten::__lshift__.int(int a, int b) -> int", [](const Args& a) {
    TSRT_CHECK(a.to_int(1) >= 0, "__lshift__: negative shift count");
    return Value(static_cast<int64_t>(static_cast<uint64_t>(a.to_int(0)) << (a.to_int(1) & 63)));
  });
  r.add("aten::__rshift__.int(int a, int b) -> int", [](const Args& a) {
    TSRT_CHECK(a.to_int(1) >= 0, "__rshift__: negative shift count");
    return Value(a.to_int(0) >> (a.to_int(1) & 63));
  });
  r.add("aten::__is__(t1 self, t2 obj) -> bool", [](const Args& a) { return Value(same_identity(a[0], a[1])); });
  r.add("aten::__isnot__(t1 self, t2 obj) -> bool", [](const Args& a) { return Value(!same_identity(a[0], a[1])); });

  // Conversions (the Tensor overloads belong to the tensor-conversion kernels).
  r.add("aten::Int.float(float a) -> int", [](const Args& a) { return Value(float_to_int(a.to_double(0), "int()")); });
  r.add("aten::Int.bool(bool a) -> int", [](const Args& a) { return Value(a.to_int(0)); });
  r.add("aten::Int.Scalar(Scalar a) -> int", [](const Args& a) {
    return a[0].is_double() ? Value(float_to_int(a.to_double(0), "int()")) : Value(a.to_int(0));
  });
  r.add("aten::Int.str(str a) -> int", [](const Args& a) { return Value(parse_int(a.to_string(0))); });
  r.add("aten::Float.int(int a) -> float", [](const Args& a) { return Value(a.to_double(0)); });
  r.add("aten::Float.bool(bool a) -> float", [](const Args& a) { return Value(a.to_double(0)); });
  r.add("aten::Float.Scalar(Scalar a) -> float", [](const Args& a) { return Value(a.to_double(0)); });
  r.add("aten::Float.str(str a) -> float", [](const Args& a) { return Value(parse_float(a.to_string(0))); });
  r.add("aten::Bool.int(int a) -> bool", [](const Args& a) { return Value(a.to_int(0) != 0); });
  r.add("aten::Bool.float(float a) -> bool", [](const Args& a) { return Value(a.to_double(0) != 0.0); });

  // range() helpers the frontend emits for `for i in range(lo, hi, step)`.
  r.add("aten::__range_length(int lo, int hi, int step) -> int", [](const Args& a) {
    int64_t lo = a.to_int(0), hi = a.to_int(1), step = a.to_int(2);
    TSRT_CHECK(step != 0, "range() arg 3 must not be zero");
    if (step > 0 && lo < hi) return Value(1 + (hi - 1 - lo) / step);
    if (step < 0 && lo > hi) return Value(1 + (lo - 1 - hi) / (-step));
    return Value(int64_t{0});
  });
  r.add("aten::__derive_index(int index, int start, int step) -> int",
        [](const Args& a) { return Value(a.to_int(1) + a.to_int(0) * a.to_int(2)); });

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::add", "aten::sub", "aten::mul", "aten::floordiv"}).shape(ir::int_output(int_arithmetic));
  r.ops({"aten::Int"}).shape(ir::int_output(int_of_input));
}

}  // namespace tsrt::kernels
