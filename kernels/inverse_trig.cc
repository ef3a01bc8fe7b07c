// Inverse trigonometric functions (atan, asin, acos and their in-place forms): torchvision's
// complete-IoU loss calls atan. Integer and bool inputs give float32 and half-precision inputs keep
// their dtype (computed in float), as torch's unary float ops do.
#include <cmath>
#include <string>

#include "ir/shape_rule.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

template <double (*F)(double)>
Tensor unary(const Tensor& self) {
  const DType out_dtype = is_floating(self.dtype()) ? self.dtype() : DType::Float32;
  const DType compute = out_dtype == DType::Float64 ? DType::Float64 : DType::Float32;
  Tensor in = self.to(compute).contiguous();
  Tensor out = Tensor::empty(self.sizes(), compute);
  const int64_t n = in.numel();
  if (compute == DType::Float64) {
    const double* x = in.data<double>();
    double* y = out.data<double>();
    for (int64_t i = 0; i < n; ++i) y[i] = F(x[i]);
  } else {
    const float* x = in.data<float>();
    float* y = out.data<float>();
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(F(static_cast<double>(x[i])));
  }
  return out_dtype == compute ? out : out.to(out_dtype);
}

double atan_fn(double x) { return std::atan(x); }
double asin_fn(double x) { return std::asin(x); }
double acos_fn(double x) { return std::acos(x); }

// The result written over self (torch refuses an in-place float result into an integer tensor).
Value in_place(const Tensor& self, const Tensor& result, const char* op) {
  TSRT_CHECK(is_floating(self.dtype()), std::string(op) + ": result type Float can't be cast to the desired output type " +
                                            dtype_name(self.dtype()));
  Tensor target = self;
  target.copy_from(result);
  return Value(target);
}

}  // namespace

TSRT_REGISTER_KERNELS(inverse_trig) {
  r.add("aten::atan(Tensor self) -> Tensor", [](const Args& a) -> Value { return unary<atan_fn>(a.tensor(0)); })
      .shape(ir::one_output(ir::floating_as_self));
  r.add("aten::asin(Tensor self) -> Tensor", [](const Args& a) -> Value { return unary<asin_fn>(a.tensor(0)); })
      .shape(ir::one_output(ir::floating_as_self));
  r.add("aten::acos(Tensor self) -> Tensor", [](const Args& a) -> Value { return unary<acos_fn>(a.tensor(0)); })
      .shape(ir::one_output(ir::floating_as_self));
  r.add("aten::atan_(Tensor(a!) self) -> Tensor(a!)",
        [](const Args& a) -> Value { return in_place(a.tensor(0), unary<atan_fn>(a.tensor(0)), "aten::atan_"); });
  r.add("aten::asin_(Tensor(a!) self) -> Tensor(a!)",
        [](const Args& a) -> Value { return in_place(a.tensor(0), unary<asin_fn>(a.tensor(0)), "aten::asin_"); });
  r.add("aten::acos_(Tensor(a!) self) -> Tensor(a!)",
        [](const Args& a) -> Value { return in_place(a.tensor(0), unary<acos_fn>(a.tensor(0)), "aten::acos_"); });
}

}  // namespace tsrt::kernels
