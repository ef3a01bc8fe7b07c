#include "kernels/common/op_calls.h"

#include "kernels/registry.h"

namespace tsrt::kernels {

Tensor run_tensor_op(const std::string& qualified_name, std::vector<Value> args) {
  std::vector<Value> out = call_op(qualified_name, std::move(args));
  return out.at(0).to_tensor();
}

Value int_list_value(const Shape& values) {
  std::vector<Value> items(values.begin(), values.end());
  return Value(make_list(ir::Type::get(ir::TypeKind::Int), std::move(items)));
}

}  // namespace tsrt::kernels
