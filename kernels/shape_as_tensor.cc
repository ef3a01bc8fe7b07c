// aten::_shape_as_tensor: a tensor's sizes as a 1-d int64 tensor. Traced code calls it wherever
// Python read `x.shape` into arithmetic (torchvision detection's transform and anchor code).
#include <string>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

Tensor shape_as_tensor(const Tensor& x) {
  Tensor out = Tensor::empty({x.dim()}, DType::Int64);
  int64_t* data = out.data<int64_t>();
  for (int64_t d = 0; d < x.dim(); ++d) data[d] = x.size(d);
  return out;
}

// One int64 element per dim of self; the rank is known when self's is.
ir::TensorFacts shape_as_tensor_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  ir::TensorFacts out{ir::kLongCode, std::nullopt, true};
  if (in.sizes) out.sizes = ir::Sizes{static_cast<int64_t>(in.sizes->size())};
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(shape_as_tensor) {
  r.add("aten::_shape_as_tensor(Tensor self) -> Tensor",
        [](const Args& a) -> Value { return shape_as_tensor(a.tensor(0)); })
      .shape(ir::one_output(shape_as_tensor_shape));
}

}  // namespace tsrt::kernels
