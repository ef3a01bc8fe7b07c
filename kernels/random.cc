// Ops that draw random numbers: rand/randn/randint/randperm and their _like forms, bernoulli,
// the in-place samplers (uniform_, normal_, exponential_, bernoulli_, random_, log_normal_,
// cauchy_, geometric_), normal, multinomial, poisson, gamma/dirichlet/binomial, and
// aten::manual_seed. All draw from one process-wide generator (docs/design.md, "Random
// numbers"): a std::mt19937_64 seeded with torch's default seed, reseeded by manual_seed. The
// streams differ from torch's, so outputs that depend on them are never compared with torch.
// Explicit torch.Generator objects are refused (TorchScript code passes None).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kernels/common/device_arg.h"
#include "kernels/common/shape_util.h"
#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

constexpr uint64_t kDefaultSeed = 67280421310721ULL;  // torch's default CPU seed

// The process-wide generator. A kernel holds the lock for all of its draws, so one op's
// samples are one contiguous piece of the stream even when ops run on several threads.
class RandomSource {
 public:
  static RandomSource& global() {
    static RandomSource* source = new RandomSource();
    return *source;
  }
  void seed(uint64_t s) {
    std::lock_guard<std::mutex> lock(mutex_);
    engine_.seed(s);
  }
  template <typename F>
  void draw(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    f(engine_);
  }

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_{kDefaultSeed};
};

using Engine = std::mt19937_64;

// Uniform in [0, 1) with `bits` random mantissa bits: 24 for float32 so that the float result
// can never round up to 1, 53 for float64.
double unit_uniform(Engine& e, int bits) { return static_cast<double>(e() >> (64 - bits)) * std::ldexp(1.0, -bits); }

int mantissa_bits(DType dtype) { return dtype == DType::Float64 ? 53 : 24; }

// Box-Muller: a standard normal from two uniforms (the first kept away from 0 for the log).
double standard_normal(Engine& e) {
  double u1 = 1.0 - unit_uniform(e, 53);
  double u2 = unit_uniform(e, 53);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

// An integer uniform in [0, range) without modulo bias.
uint64_t below(Engine& e, uint64_t range) {
  uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  uint64_t x;
  do {
    x = e();
  } while (x >= limit);
  return x % range;
}

void check_no_generator(const Value& generator, const std::string& op) {
  TSRT_CHECK(generator.is_none(), op + ": explicit torch.Generator objects are not supported (tsrt draws from its "
                                       "own generator; seed it with torch.manual_seed)");
}

void check_floating(DType dtype, const std::string& op) {
  TSRT_CHECK(dtype == DType::Float32 || dtype == DType::Float64,
             op + ": expected a float32 or float64 tensor, got " + std::string(dtype_name(dtype)));
}

void check_size(const Shape& size, const std::string& op) {
  for (int64_t s : size) {
    TSRT_CHECK(s >= 0, op + ": Trying to create tensor with negative dimension " + std::to_string(s) + ": " +
                           shape_to_string(size));
  }
}

DType dtype_arg(const Args& a, size_t i, DType fallback) {
  std::optional<int64_t> code = a.optional_int(i);
  return code ? dtype_from_scalar_type(*code) : fallback;
}

// A float64 tensor of `sizes` filled by `sample` (called once per element, in order).
template <typename Sample>
Tensor sample_doubles(const Shape& sizes, Sample&& sample) {
  Tensor out = Tensor::empty(sizes, DType::Float64);
  double* p = out.data<double>();
  int64_t n = out.numel();
  RandomSource::global().draw([&](Engine& e) {
    for (int64_t i = 0; i < n; ++i) p[i] = sample(e, i);
  });
  return out;
}

// Writes `values` (same shape) into `self`, which may be strided, converting the dtype.
Tensor write_into(const Tensor& self, const Tensor& values) {
  Tensor target = self;
  target.copy_from(values);
  return self;
}

Tensor as_dtype(const Tensor& t, DType dtype) { return t.dtype() == dtype ? t : t.to(dtype); }

// uniform in [from, to) for a float tensor of `dtype`.
Tensor uniform(const Shape& sizes, double from, double to, DType dtype, const std::string& op) {
  check_floating(dtype, op);
  TSRT_CHECK(from <= to, op + ": expects to return a [from, to) range, but found from=" + std::to_string(from) +
                             " > to=" + std::to_string(to));
  int bits = mantissa_bits(dtype);
  return as_dtype(sample_doubles(sizes, [&](Engine& e, int64_t) { return from + unit_uniform(e, bits) * (to - from); }),
                  dtype);
}

Tensor normal(const Shape& sizes, double mean, double std, DType dtype, const std::string& op) {
  check_floating(dtype, op);
  TSRT_CHECK(std >= 0.0, op + ": normal expects std >= 0.0, but found std " + std::to_string(std));
  return as_dtype(sample_doubles(sizes, [&](Engine& e, int64_t) { return mean + std * standard_normal(e); }), dtype);
}

// Integers uniform in [low, high) of any non-bool dtype (floats hold them exactly as torch's do).
Tensor randint(int64_t low, int64_t high, const Shape& sizes, DType dtype, const std::string& op) {
  check_size(sizes, op);
  TSRT_CHECK(low < high, op + ": random_ expects 'from' to be less than 'to', but got from=" + std::to_string(low) +
                             " >= to=" + std::to_string(high));
  TSRT_CHECK(dtype != DType::Bool || (low >= 0 && high <= 2),
             op + ": range [" + std::to_string(low) + ", " + std::to_string(high) + ") does not fit a bool tensor");
  Tensor out = Tensor::empty(sizes, DType::Int64);
  int64_t* p = out.data<int64_t>();
  uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  RandomSource::global().draw([&](Engine& e) {
    for (int64_t i = 0; i < out.numel(); ++i) p[i] = static_cast<int64_t>(static_cast<uint64_t>(low) + below(e, range));
  });
  return as_dtype(out, dtype);
}

Tensor randperm(int64_t n, DType dtype, const std::string& op) {
  TSRT_CHECK(n >= 0, op + ": n must be non-negative, got " + std::to_string(n));
  TSRT_CHECK(dtype != DType::Bool || n <= 2, op + ": n=" + std::to_string(n) + " does not fit a bool tensor");
  Tensor out = Tensor::empty({n}, DType::Int64);
  int64_t* p = out.data<int64_t>();
  std::iota(p, p + n, int64_t{0});
  RandomSource::global().draw([&](Engine& e) {
    for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[below(e, static_cast<uint64_t>(i) + 1)]);
  });
  return as_dtype(out, dtype);
}

// Bernoulli draws of the per-element probabilities `p` (float64, contiguous, shape of the result).
Tensor bernoulli_of(const Tensor& p, DType dtype, const std::string& op) {
  const double* prob = p.data<double>();
  for (int64_t i = 0; i < p.numel(); ++i) {
    TSRT_CHECK(prob[i] >= 0.0 && prob[i] <= 1.0,
               op + ": bernoulli expects 0 <= p <= 1, got " + std::to_string(prob[i]));
  }
  Tensor draws =
      sample_doubles(p.sizes(), [&](Engine& e, int64_t i) { return unit_uniform(e, 53) < prob[i] ? 1.0 : 0.0; });
  return as_dtype(draws, dtype);
}

// The probabilities tensor `p` broadcast to `sizes`, as contiguous float64.
Tensor probabilities(const Tensor& p, const Shape& sizes, const std::string& op) {
  check_floating(p.dtype(), op + " (p)");
  TSRT_CHECK(broadcast_shapes(p.sizes(), sizes) == sizes,
             op + ": p of shape " + p.shape_string() + " does not broadcast to " + shape_to_string(sizes));
  return expand_to(p, sizes).contiguous().to(DType::Float64);
}

Tensor constant_probabilities(double p, const Shape& sizes) {
  Tensor t = Tensor::empty(sizes, DType::Float64);
  std::fill(t.data<double>(), t.data<double>() + t.numel(), p);
  return t;
}

// normal(mean, std) with tensor arguments broadcast against each other.
Tensor normal_tensors(const Tensor& mean, const Tensor& std, const std::string& op) {
  check_floating(mean.dtype(), op + " (mean)");
  check_floating(std.dtype(), op + " (std)");
  Shape sizes = broadcast_shapes(mean.sizes(), std.sizes());
  Tensor m = expand_to(mean, sizes).contiguous().to(DType::Float64);
  Tensor s = expand_to(std, sizes).contiguous().to(DType::Float64);
  const double* mp = m.data<double>();
  const double* sp = s.data<double>();
  for (int64_t i = 0; i < s.numel(); ++i) {
    TSRT_CHECK(sp[i] >= 0.0, op + ": normal expects all elements of std >= 0.0");
  }
  Tensor out = sample_doubles(sizes, [&](Engine& e, int64_t i) { return mp[i] + sp[i] * standard_normal(e); });
  return as_dtype(out, promote_types(mean.dtype(), std.dtype()));
}

// multinomial: rows of non-negative weights (1-D or 2-D), `n` category indices per row.
Tensor multinomial(const Tensor& self, int64_t n, bool replacement) {
  const std::string op = "aten::multinomial";
  check_floating(self.dtype(), op);
  TSRT_CHECK(self.dim() == 1 || self.dim() == 2,
             op + ": prob_dist must be 1 or 2 dim, got " + std::to_string(self.dim()));
  TSRT_CHECK(n > 0, op + ": cannot sample n_sample <= 0 samples");
  int64_t categories = self.size(-1);
  int64_t rows = self.dim() == 2 ? self.size(0) : 1;
  TSRT_CHECK(replacement || n <= categories,
             op + ": cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  Tensor w = self.contiguous().to(DType::Float64);
  const double* weights = w.data<double>();
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    int64_t positive = 0;
    for (int64_t c = 0; c < categories; ++c) {
      double v = weights[r * categories + c];
      TSRT_CHECK(std::isfinite(v) && v >= 0, op + ": probability tensor contains either `inf`, `nan` or element < 0");
      sum += v;
      positive += v > 0;
    }
    TSRT_CHECK(sum > 0, op + ": invalid multinomial distribution (sum of probabilities <= 0)");
    TSRT_CHECK(replacement || positive >= n, op + ": invalid multinomial distribution (with replacement=False, not "
                                                  "enough non-negative category to sample)");
  }
  Shape out_sizes = self.dim() == 2 ? Shape{rows, n} : Shape{n};
  Tensor out = Tensor::empty(out_sizes, DType::Int64);
  int64_t* idx = out.data<int64_t>();
  RandomSource::global().draw([&](Engine& e) {
    std::vector<double> left(static_cast<size_t>(categories)), cumulative(static_cast<size_t>(categories));
    for (int64_t r = 0; r < rows; ++r) {
      std::copy(weights + r * categories, weights + (r + 1) * categories, left.begin());
      if (replacement) {
        // Fixed weights: one running sum per row, then a binary search per sample. Zero-weight
        // categories add nothing to the sum, so upper_bound never lands on one.
        std::partial_sum(left.begin(), left.end(), cumulative.begin());
        const double total = cumulative.back();
        for (int64_t s = 0; s < n; ++s) {
          double target = unit_uniform(e, 53) * total;
          auto at = std::upper_bound(cumulative.begin(), cumulative.end(), target);
          int64_t pick = std::min<int64_t>(at - cumulative.begin(), categories - 1);
          while (left[pick] <= 0) --pick;  // rounding at the very top of the range
          idx[r * n + s] = pick;
        }
        continue;
      }
      // Without replacement each pick removes its category's weight from the next draws.
      for (int64_t s = 0; s < n; ++s) {
        double total = std::accumulate(left.begin(), left.end(), 0.0);
        double target = unit_uniform(e, 53) * total;
        int64_t pick = -1;
        double running = 0;
        // The last category with positive weight catches rounding at the top of the range.
        for (int64_t c = 0; c < categories; ++c) {
          if (left[c] <= 0) continue;
          pick = c;
          running += left[c];
          if (target < running) break;
        }
        idx[r * n + s] = pick;
        left[pick] = 0;
      }
    }
  });
  return out;
}

// The integers random_() draws from without bounds: [0, max] of an integer dtype, [0, 2^digits]
// of a float one (every integer there is exact).
int64_t random_upper_bound(DType dtype) {
  switch (dtype) {
    case DType::Bool: return 1;
    case DType::UInt8: return 255;
    case DType::Int8: return 127;
    case DType::Int16: return 32767;
    case DType::Int32: return 2147483647;
    case DType::Int64: return INT64_MAX;
    case DType::Float32: return int64_t{1} << 24;
    case DType::Float64: return int64_t{1} << 53;
    default: throw Error(std::string("aten::random_: unsupported dtype ") + dtype_name(dtype));
  }
}

// Integers uniform in [low, high] (inclusive, so that the int64 maximum is reachable).
Tensor random_integers(const Shape& sizes, int64_t low, int64_t high, const std::string& op) {
  TSRT_CHECK(low <= high, op + ": random_ expects 'from' to be less than 'to', but got from=" + std::to_string(low) +
                              " >= to=" + std::to_string(high + 1));
  Tensor out = Tensor::empty(sizes, DType::Int64);
  int64_t* p = out.data<int64_t>();
  uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  RandomSource::global().draw([&](Engine& e) {
    for (int64_t i = 0; i < out.numel(); ++i) {
      uint64_t offset = span == UINT64_MAX ? e() : below(e, span + 1);
      p[i] = static_cast<int64_t>(static_cast<uint64_t>(low) + offset);
    }
  });
  return out;
}

// Shape rule of the factories: sizes from `size` (or `n` for randperm, self for the _like ops),
// dtype from `dtype` (absent: self's for _like, float otherwise); results are fresh and contiguous.
ir::TensorFacts factory_shape(const ir::ShapeContext& c) {
  const std::string& k = c.kind();
  bool like = k.size() > 5 && k.compare(k.size() - 5, 5, "_like") == 0;
  ir::TensorFacts in = c.self();
  ir::TensorFacts out;
  if (like) {
    out.sizes = in.sizes;
  } else if (k == "aten::randperm") {
    std::optional<int64_t> n = c.int_value(c.arg("n"));
    if (n) out.sizes = ir::Sizes{*n};
  } else {
    out.sizes = c.int_list(c.arg("size"));
  }
  out.contiguous = !like || in.contiguous;
  const ir::Value* dtype = c.arg("dtype");
  out.dtype = !c.is_none(dtype) ? c.dtype_value(dtype) : like ? in.dtype : std::optional<int>(ir::kFloatCode);
  return out;
}

// rand / randn (size, [generator,] dtype, layout, device, pin_memory).
Value sample_factory(const Args& a, bool gaussian, bool with_generator) {
  const std::string op = gaussian ? "aten::randn" : "aten::rand";
  const size_t dtype_at = with_generator ? 2 : 1;
  if (with_generator) check_no_generator(a[1], op);
  check_device(a[dtype_at + 2], op.c_str());
  Shape size = a.int_list(0);
  check_size(size, op);
  DType dtype = dtype_arg(a, dtype_at, DType::Float32);
  return gaussian ? normal(size, 0.0, 1.0, dtype, op) : uniform(size, 0.0, 1.0, dtype, op);
}

// rand_like / randn_like (self, dtype, layout, device, pin_memory, memory_format).
Value sample_like(const Args& a, bool gaussian) {
  const std::string op = gaussian ? "aten::randn_like" : "aten::rand_like";
  check_device(a[3], op.c_str());
  const Tensor& self = a.tensor(0);
  DType dtype = dtype_arg(a, 1, self.dtype());
  return gaussian ? normal(self.sizes(), 0.0, 1.0, dtype, op) : uniform(self.sizes(), 0.0, 1.0, dtype, op);
}

// randint ([low,] high, size, [generator,] dtype, layout, device, pin_memory).
Value randint_factory(const Args& a, bool with_low, bool with_generator) {
  const std::string op = "aten::randint";
  const size_t size_at = with_low ? 2 : 1;
  const size_t dtype_at = size_at + (with_generator ? 2 : 1);
  if (with_generator) check_no_generator(a[size_at + 1], op);
  check_device(a[dtype_at + 2], op.c_str());
  int64_t low = with_low ? a.to_int(0) : 0;
  return randint(low, a.to_int(size_at - 1), a.int_list(size_at), dtype_arg(a, dtype_at, DType::Int64), op);
}

}  // namespace

TSRT_REGISTER_KERNELS(random) {
  r.add_multi("aten::manual_seed(int seed) -> ()", [](const Args& a) {
    RandomSource::global().seed(static_cast<uint64_t>(a.to_int(0)));
    return std::vector<Value>{};
  });

  // rand / randn: (size, [generator,] dtype, layout, device, pin_memory).
  r.add("aten::rand(int[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
        "pin_memory=None) -> Tensor",
        [](const Args& a) { return sample_factory(a, false, false); });
  r.add("aten::rand.generator(int[] size, *, Generator? generator, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) { return sample_factory(a, false, true); });
  r.add("aten::randn(int[] size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
        "pin_memory=None) -> Tensor",
        [](const Args& a) { return sample_factory(a, true, false); });
  r.add("aten::randn.generator(int[] size, *, Generator? generator, ScalarType? dtype=None, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) { return sample_factory(a, true, true); });
  r.add("aten::rand_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
        "pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
        [](const Args& a) { return sample_like(a, false); });
  r.add("aten::randn_like(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? "
        "pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
        [](const Args& a) { return sample_like(a, true); });

  // randint: ([low,] high, size, [generator,] dtype=4, layout, device, pin_memory).
  r.add("aten::randint(int high, int[] size, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? "
        "pin_memory=None) -> Tensor",
        [](const Args& a) { return randint_factory(a, false, false); });
  r.add("aten::randint.generator(int high, int[] size, *, Generator? generator, ScalarType? dtype=4, Layout? "
        "layout=None, Device? device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) { return randint_factory(a, false, true); });
  r.add("aten::randint.low(int low, int high, int[] size, *, ScalarType? dtype=4, Layout? layout=None, Device? "
        "device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) { return randint_factory(a, true, false); });
  r.add("aten::randint.low_generator(int low, int high, int[] size, *, Generator? generator, ScalarType? dtype=4, "
        "Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) { return randint_factory(a, true, true); });
  r.add("aten::randint_like(Tensor self, int high, *, ScalarType? dtype=None, Layout? layout=None, Device? "
        "device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
        [](const Args& a) -> Value {
          check_device(a[4], "aten::randint_like");
          const Tensor& self = a.tensor(0);
          return randint(0, a.to_int(1), self.sizes(), dtype_arg(a, 2, self.dtype()), "aten::randint_like");
        });
  r.add("aten::randint_like.low_dtype(Tensor self, int low, int high, *, ScalarType? dtype=None, Layout? "
        "layout=None, Device? device=None, bool? pin_memory=None, MemoryFormat? memory_format=None) -> Tensor",
        [](const Args& a) -> Value {
          check_device(a[5], "aten::randint_like");
          const Tensor& self = a.tensor(0);
          return randint(a.to_int(1), a.to_int(2), self.sizes(), dtype_arg(a, 3, self.dtype()), "aten::randint_like");
        });

  r.add("aten::randperm(int n, *, ScalarType? dtype=4, Layout? layout=None, Device? device=None, bool? "
        "pin_memory=None) -> Tensor",
        [](const Args& a) -> Value {
          check_device(a[3], "aten::randperm");
          return randperm(a.to_int(0), dtype_arg(a, 1, DType::Int64), "aten::randperm");
        });
  r.add("aten::randperm.generator(int n, *, Generator? generator, ScalarType? dtype=4, Layout? layout=None, "
        "Device? device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[1], "aten::randperm");
          check_device(a[4], "aten::randperm");
          return randperm(a.to_int(0), dtype_arg(a, 2, DType::Int64), "aten::randperm");
        });

  // bernoulli: self holds the probabilities (or gives the shape when p is given).
  r.add("aten::bernoulli(Tensor self, *, Generator? generator=None) -> Tensor", [](const Args& a) -> Value {
    check_no_generator(a[1], "aten::bernoulli");
    const Tensor& self = a.tensor(0);
    return bernoulli_of(probabilities(self, self.sizes(), "aten::bernoulli"), self.dtype(), "aten::bernoulli");
  });
  r.add("aten::bernoulli.p(Tensor self, float p, *, Generator? generator=None) -> Tensor", [](const Args& a) -> Value {
    check_no_generator(a[2], "aten::bernoulli");
    const Tensor& self = a.tensor(0);
    return bernoulli_of(constant_probabilities(a.to_double(1), self.sizes()), self.dtype(), "aten::bernoulli");
  });
  r.add("aten::bernoulli.Tensor(Tensor self, Tensor p, *, Generator? generator=None) -> Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::bernoulli");
          const Tensor& self = a.tensor(0);
          return bernoulli_of(probabilities(a.tensor(1), self.sizes(), "aten::bernoulli"), self.dtype(),
                              "aten::bernoulli");
        });
  r.add("aten::bernoulli_.float(Tensor(a!) self, float p=0.5, *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::bernoulli_");
          const Tensor& self = a.tensor(0);
          return write_into(self, bernoulli_of(constant_probabilities(a.to_double(1), self.sizes()), DType::Float64,
                                               "aten::bernoulli_"));
        });
  r.add("aten::bernoulli_.Tensor(Tensor(a!) self, Tensor p, *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::bernoulli_");
          const Tensor& self = a.tensor(0);
          return write_into(self, bernoulli_of(probabilities(a.tensor(1), self.sizes(), "aten::bernoulli_"),
                                               DType::Float64, "aten::bernoulli_"));
        });

  // In-place samplers.
  r.add("aten::uniform_(Tensor(a!) self, float from=0., float to=1., *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          check_no_generator(a[3], "aten::uniform_");
          const Tensor& self = a.tensor(0);
          return write_into(self,
                            uniform(self.sizes(), a.to_double(1), a.to_double(2), self.dtype(), "aten::uniform_"));
        });
  r.add("aten::_no_grad_uniform_(Tensor(a!) tensor, float a, float b) -> Tensor(a!)", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    return write_into(
        self, uniform(self.sizes(), a.to_double(1), a.to_double(2), self.dtype(), "aten::_no_grad_uniform_"));
  });
  r.add("aten::normal_(Tensor(a!) self, float mean=0., float std=1., *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          check_no_generator(a[3], "aten::normal_");
          const Tensor& self = a.tensor(0);
          return write_into(self, normal(self.sizes(), a.to_double(1), a.to_double(2), self.dtype(), "aten::normal_"));
        });
  r.add("aten::_no_grad_normal_(Tensor(a!) tensor, float mean, float std) -> Tensor(a!)", [](const Args& a) -> Value {
    const Tensor& self = a.tensor(0);
    return write_into(
        self, normal(self.sizes(), a.to_double(1), a.to_double(2), self.dtype(), "aten::_no_grad_normal_"));
  });
  r.add("aten::exponential_(Tensor(a!) self, float lambd=1., *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          const std::string op = "aten::exponential_";
          check_no_generator(a[2], op);
          const Tensor& self = a.tensor(0);
          check_floating(self.dtype(), op);
          double lambd = a.to_double(1);
          TSRT_CHECK(lambd > 0.0,
                     op + ": exponential_ expects lambda > 0.0, but found lambda=" + std::to_string(lambd));
          // Inverse CDF on (0, 1]: -log(u) / lambda is finite and >= 0.
          return write_into(self, sample_doubles(self.sizes(), [&](Engine& e, int64_t) {
                              return -std::log(1.0 - unit_uniform(e, 53)) / lambd;
                            }));
        });

  r.add("aten::random_(Tensor(a!) self, *, Generator? generator=None) -> Tensor(a!)", [](const Args& a) -> Value {
    check_no_generator(a[1], "aten::random_");
    const Tensor& self = a.tensor(0);
    return write_into(self, random_integers(self.sizes(), 0, random_upper_bound(self.dtype()), "aten::random_"));
  });
  r.add("aten::random_.from(Tensor(a!) self, int from, int? to, *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          check_no_generator(a[3], "aten::random_");
          const Tensor& self = a.tensor(0);
          std::optional<int64_t> to = a.optional_int(2);
          int64_t high = to ? *to - 1 : random_upper_bound(self.dtype());
          return write_into(self, random_integers(self.sizes(), a.to_int(1), high, "aten::random_"));
        });
  r.add("aten::random_.to(Tensor(a!) self, int to, *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::random_");
          const Tensor& self = a.tensor(0);
          return write_into(self, random_integers(self.sizes(), 0, a.to_int(1) - 1, "aten::random_"));
        });
  r.add("aten::log_normal_(Tensor(a!) self, float mean=1., float std=2., *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          const std::string op = "aten::log_normal_";
          check_no_generator(a[3], op);
          const Tensor& self = a.tensor(0);
          check_floating(self.dtype(), op);
          double mean = a.to_double(1), std = a.to_double(2);
          TSRT_CHECK(std > 0.0, op + ": log_normal_ expects std > 0.0, but found std=" + std::to_string(std));
          return write_into(self, sample_doubles(self.sizes(), [&](Engine& e, int64_t) {
                              return std::exp(mean + std * standard_normal(e));
                            }));
        });
  r.add("aten::cauchy_(Tensor(a!) self, float median=0., float sigma=1., *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          const std::string op = "aten::cauchy_";
          check_no_generator(a[3], op);
          const Tensor& self = a.tensor(0);
          check_floating(self.dtype(), op);
          double median = a.to_double(1), sigma = a.to_double(2);
          TSRT_CHECK(sigma > 0.0, op + ": cauchy_ expects sigma > 0.0, but found sigma=" + std::to_string(sigma));
          return write_into(self, sample_doubles(self.sizes(), [&](Engine& e, int64_t) {
                              return median + sigma * std::tan(M_PI * (unit_uniform(e, 53) - 0.5));
                            }));
        });
  r.add("aten::geometric_(Tensor(a!) self, float p, *, Generator? generator=None) -> Tensor(a!)",
        [](const Args& a) -> Value {
          const std::string op = "aten::geometric_";
          check_no_generator(a[2], op);
          const Tensor& self = a.tensor(0);
          double p = a.to_double(1);
          TSRT_CHECK(p > 0.0 && p < 1.0, op + ": geometric_ expects p to be in (0, 1), but got p=" + std::to_string(p));
          // The number of trials up to the first success: ceil(log(u) / log(1 - p)) for u in (0, 1].
          return write_into(self, sample_doubles(self.sizes(), [&](Engine& e, int64_t) {
                              return std::max(1.0, std::ceil(std::log(1.0 - unit_uniform(e, 53)) / std::log1p(-p)));
                            }));
        });
  r.add("aten::poisson(Tensor self, Generator? generator=None) -> Tensor", [](const Args& a) -> Value {
    const std::string op = "aten::poisson";
    check_no_generator(a[1], op);
    const Tensor& self = a.tensor(0);
    check_floating(self.dtype(), op);
    Tensor rates = self.contiguous().to(DType::Float64);
    const double* rate = rates.data<double>();
    for (int64_t i = 0; i < rates.numel(); ++i) {
      TSRT_CHECK(rate[i] >= 0.0 && std::isfinite(rate[i]), op + ": invalid Poisson rate, expected rate to be "
                                                                  "non-negative and finite");
    }
    return as_dtype(sample_doubles(self.sizes(), [&](Engine& e, int64_t i) {
                      return rate[i] == 0.0 ? 0.0 : static_cast<double>(std::poisson_distribution<int64_t>(rate[i])(e));
                    }),
                    self.dtype());
  });

  // Gamma(alpha, 1) per element (the sampler behind torch.distributions' Gamma, Beta, Dirichlet).
  auto gamma_samples = [](const Tensor& self, const std::string& op) {
    check_floating(self.dtype(), op);
    Tensor alphas = self.contiguous().to(DType::Float64);
    const double* alpha = alphas.data<double>();
    for (int64_t i = 0; i < alphas.numel(); ++i) {
      TSRT_CHECK(alpha[i] > 0.0 && std::isfinite(alpha[i]),
                 op + ": the concentration must be positive and finite, got " + std::to_string(alpha[i]));
    }
    return sample_doubles(self.sizes(), [&](Engine& e, int64_t i) {
      return std::gamma_distribution<double>(alpha[i], 1.0)(e);
    });
  };
  r.add("aten::_standard_gamma(Tensor self, Generator? generator=None) -> Tensor", [gamma_samples](const Args& a) {
    check_no_generator(a[1], "aten::_standard_gamma");
    const Tensor& self = a.tensor(0);
    return Value(as_dtype(gamma_samples(self, "aten::_standard_gamma"), self.dtype()));
  });
  r.add("aten::_sample_dirichlet(Tensor self, Generator? generator=None) -> Tensor", [gamma_samples](const Args& a) {
    const std::string op = "aten::_sample_dirichlet";
    check_no_generator(a[1], op);
    const Tensor& self = a.tensor(0);
    TSRT_CHECK(self.dim() >= 1, op + ": expected at least one dim, got a 0-d tensor");
    Tensor g = gamma_samples(self, op);
    double* p = g.data<double>();
    const int64_t k = self.size(-1);
    for (int64_t row = 0; k > 0 && row < g.numel() / k; ++row) {
      double sum = 0;
      for (int64_t j = 0; j < k; ++j) sum += p[row * k + j];
      for (int64_t j = 0; j < k; ++j) p[row * k + j] /= std::max(sum, std::numeric_limits<double>::min());
    }
    return Value(as_dtype(g, self.dtype()));
  });
  r.add("aten::binomial(Tensor count, Tensor prob, Generator? generator=None) -> Tensor", [](const Args& a) -> Value {
    const std::string op = "aten::binomial";
    check_no_generator(a[2], op);
    const Tensor& count = a.tensor(0);
    const Tensor& prob = a.tensor(1);
    check_floating(count.dtype(), op);
    Shape sizes = broadcast_shapes(count.sizes(), prob.sizes());
    Tensor n = expand_to(count, sizes).contiguous().to(DType::Float64);
    Tensor p = expand_to(prob, sizes).contiguous().to(DType::Float64);
    const double* np = n.data<double>();
    const double* pp = p.data<double>();
    for (int64_t i = 0; i < n.numel(); ++i) {
      TSRT_CHECK(np[i] >= 0 && np[i] == std::floor(np[i]) && pp[i] >= 0 && pp[i] <= 1,
                 op + ": expects a non-negative integer count and 0 <= prob <= 1");
    }
    return as_dtype(sample_doubles(sizes, [&](Engine& e, int64_t i) {
                      return static_cast<double>(
                          std::binomial_distribution<int64_t>(static_cast<int64_t>(np[i]), pp[i])(e));
                    }),
                    count.dtype());
  });

  // normal with tensor or number mean and std.
  r.add("aten::normal.Tensor_Tensor(Tensor mean, Tensor std, *, Generator? generator=None) -> Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::normal");
          return normal_tensors(a.tensor(0), a.tensor(1), "aten::normal");
        });
  r.add("aten::normal.Tensor_float(Tensor mean, float std=1., *, Generator? generator=None) -> Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::normal");
          const Tensor& mean = a.tensor(0);
          return normal_tensors(mean, Tensor::scalar_double(a.to_double(1), mean.dtype()), "aten::normal");
        });
  r.add("aten::normal.float_Tensor(float mean, Tensor std, *, Generator? generator=None) -> Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[2], "aten::normal");
          const Tensor& std = a.tensor(1);
          return normal_tensors(Tensor::scalar_double(a.to_double(0), std.dtype()), std, "aten::normal");
        });
  r.add("aten::normal.float_float(float mean, float std, int[] size, *, Generator? generator=None, ScalarType? "
        "dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[3], "aten::normal");
          check_device(a[6], "aten::normal");
          Shape size = a.int_list(2);
          check_size(size, "aten::normal");
          return normal(size, a.to_double(0), a.to_double(1), dtype_arg(a, 4, DType::Float32), "aten::normal");
        });

  r.add("aten::multinomial(Tensor self, int num_samples, bool replacement=False, *, Generator? generator=None) -> "
        "Tensor",
        [](const Args& a) -> Value {
          check_no_generator(a[3], "aten::multinomial");
          return multinomial(a.tensor(0), a.to_int(1), a.to_bool(2));
        });

  // Every op here draws from (or reseeds) the shared generator: no pass may merge, fold or
  // reorder two of them as if they were pure.
  ir::OpTraits draws;
  draws.side_effects = true;
  r.ops({"aten::manual_seed", "aten::rand", "aten::randn", "aten::rand_like", "aten::randn_like", "aten::randint",
         "aten::randint_like", "aten::randperm", "aten::bernoulli", "aten::bernoulli_", "aten::uniform_",
         "aten::_no_grad_uniform_", "aten::normal_", "aten::_no_grad_normal_", "aten::exponential_", "aten::normal",
         "aten::multinomial", "aten::random_", "aten::log_normal_", "aten::cauchy_", "aten::geometric_",
         "aten::poisson", "aten::_standard_gamma", "aten::_sample_dirichlet", "aten::binomial"})
      .traits(draws);

  // Shape rules (ir/shape_rule.h).
  r.ops({"aten::rand", "aten::randn", "aten::rand_like", "aten::randn_like", "aten::randint", "aten::randint_like",
         "aten::randperm", "aten::normal.float_float"})
      .shape(ir::one_output(factory_shape));
  r.ops({"aten::bernoulli", "aten::bernoulli_", "aten::uniform_", "aten::_no_grad_uniform_", "aten::normal_",
         "aten::_no_grad_normal_", "aten::exponential_", "aten::random_", "aten::log_normal_", "aten::cauchy_",
         "aten::geometric_", "aten::poisson", "aten::_standard_gamma", "aten::_sample_dirichlet"})
      .shape(ir::one_output(ir::same_as_self));
}

}  // namespace tsrt::kernels
