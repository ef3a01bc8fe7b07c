// Binary search of values in sorted boundaries: bucketize and searchsorted (Tensor and Scalar
// forms). The searches are torch's own (`!(mid >= v)` moves right for the left side,
// `!(mid > v)` for the right side), so NaN values land where torch puts them.
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// Index of `v` among row[0, n) (read through `order` when a sorter is given).
int64_t search(const double* row, const int64_t* order, int64_t n, double v, bool right) {
  int64_t start = 0, end = n;
  while (start < end) {
    const int64_t mid = start + ((end - start) >> 1);
    const double m = order ? row[order[mid]] : row[mid];
    const bool go_right = right ? !(m > v) : !(m >= v);
    if (go_right)
      start = mid + 1;
    else
      end = mid;
  }
  return start;
}

// Searches every value of `values` in `boundaries`: a 1-D boundaries serves all values, else
// each row of boundaries serves the values with the same leading indices.
Tensor search_all(const Tensor& boundaries, const Tensor& values, bool out_int32, bool right,
                  const std::optional<Tensor>& sorter, const char* op) {
  const DType common = promote_types(boundaries.dtype(), values.dtype());
  TSRT_CHECK(common != DType::Bool, std::string(op) + ": not implemented for 'Bool'");
  TSRT_CHECK(boundaries.dim() >= 1, std::string(op) +
                                        ": boundaries tensor should have positive dimension, but got 0"
                                        " dimension");
  if (boundaries.dim() > 1) {
    bool leading_match = boundaries.dim() == values.dim();
    for (int64_t d = 0; leading_match && d + 1 < values.dim(); ++d)
      leading_match = boundaries.size(d) == values.size(d);
    TSRT_CHECK(leading_match, std::string(op) +
                                  ": boundaries tensor should be 1 dimension or the first N-1 dimensions"
                                  " of boundaries tensor and input value tensor must match, but we got"
                                  " boundaries tensor " +
                                  boundaries.shape_string() + " and input value tensor " + values.shape_string());
  }
  Tensor order;
  if (sorter) {
    TSRT_CHECK(sorter->dtype() == DType::Int64,
               std::string(op) + ": sorter must be a tensor of long dtype but got " + dtype_name(sorter->dtype()));
    TSRT_CHECK(sorter->sizes() == boundaries.sizes(), std::string(op) +
                                                          ": boundary and sorter must have the same size,"
                                                          " but got boundary tensor " +
                                                          boundaries.shape_string() + " and got sorter tensor " +
                                                          sorter->shape_string());
    order = contiguous_copy(*sorter);
    const int64_t n = boundaries.size(-1);
    for (int64_t i = 0; i < order.numel(); ++i) {
      const int64_t k = order.data<int64_t>()[i];
      TSRT_CHECK(k >= 0 && k < n, std::string(op) + ": sorter index out of range");
    }
  }
  Tensor bounds = cast_copy(boundaries, DType::Float64).contiguous();
  Tensor vals = cast_copy(values, DType::Float64).contiguous();
  Tensor out = Tensor::empty(values.sizes(), out_int32 ? DType::Int32 : DType::Int64);
  const int64_t n = boundaries.size(-1);
  const int64_t row_length = values.dim() == 0 ? 1 : values.size(-1);
  const double* pb = bounds.data<double>();
  const double* pv = vals.data<double>();
  for (int64_t i = 0; i < values.numel(); ++i) {
    const int64_t row = boundaries.dim() == 1 ? 0 : i / row_length;
    const int64_t* row_order = sorter ? order.data<int64_t>() + row * n : nullptr;
    const int64_t index = search(pb + row * n, row_order, n, pv[i], right);
    if (out_int32)
      out.data<int32_t>()[i] = static_cast<int32_t>(index);
    else
      out.data<int64_t>()[i] = index;
  }
  return out;
}

// searchsorted's `side` overrides `right`; the two may not disagree.
bool right_side(const Args& a, size_t right_at, size_t side_at) {
  const bool right = a.to_bool(right_at);
  if (a[side_at].is_none()) return right;
  const std::string& side = a.to_string(side_at);
  TSRT_CHECK(side == "left" || side == "right",
             "torch.searchsorted(): side can only be 'left' or 'right' but got " + side);
  TSRT_CHECK(!(right && side == "left"),
             "torch.searchsorted(): side and right can't be set to opposites, got side of "
             "left while right was True");
  return side == "right";
}

Tensor scalar_value(const Value& v) {
  if (v.is_double()) return Tensor::scalar_double(v.to_double(), DType::Float64);
  if (v.is_bool()) return Tensor::scalar_bool(v.to_bool());
  return Tensor::scalar_int(v.to_int());
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// One index per value: the values' sizes, int64 (int32 with out_int32).
ir::TensorFacts positions_shape(const ir::ShapeContext& c) {
  const bool bucketize = c.kind() == "aten::bucketize";
  ir::TensorFacts values = c.tensor(c.input(bucketize ? 0 : 1));
  std::optional<bool> out_int32 = c.bool_value(c.arg("out_int32"));
  ir::TensorFacts out{std::nullopt, values.sizes, true};
  if (out_int32) out.dtype = *out_int32 ? 3 : ir::kLongCode;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(bucketize) {
  r.add("aten::bucketize.Tensor(Tensor self, Tensor boundaries, *, bool out_int32=False, bool right=False) -> Tensor",
        [](const Args& a) -> Value {
          const Tensor& boundaries = a.tensor(1);
          TSRT_CHECK(boundaries.dim() == 1, "torch.bucketize(): boundaries tensor must be 1 dimension, but got dim(" +
                                                std::to_string(boundaries.dim()) + ")");
          return search_all(boundaries, a.tensor(0), a.to_bool(2), a.to_bool(3), std::nullopt, "torch.bucketize()");
        });
  r.add("aten::bucketize.Scalar(Scalar self, Tensor boundaries, *, bool out_int32=False, bool right=False) -> Tensor",
        [](const Args& a) -> Value {
          const Tensor& boundaries = a.tensor(1);
          TSRT_CHECK(boundaries.dim() == 1, "torch.bucketize(): boundaries tensor must be 1 dimension, but got dim(" +
                                                std::to_string(boundaries.dim()) + ")");
          return search_all(boundaries, scalar_value(a[0]), a.to_bool(2), a.to_bool(3), std::nullopt,
                            "torch.bucketize()");
        });
  r.add(
      "aten::searchsorted.Tensor(Tensor sorted_sequence, Tensor self, *, bool out_int32=False, bool right=False, "
      "str? side=None, Tensor? sorter=None) -> Tensor",
      [](const Args& a) -> Value {
        return search_all(a.tensor(0), a.tensor(1), a.to_bool(2), right_side(a, 3, 4), a.optional_tensor(5),
                          "torch.searchsorted()");
      });
  r.add(
      "aten::searchsorted.Scalar(Tensor sorted_sequence, Scalar self, *, bool out_int32=False, bool right=False, "
      "str? side=None, Tensor? sorter=None) -> Tensor",
      [](const Args& a) -> Value {
        TSRT_CHECK(a.tensor(0).dim() == 1,
                   "torch.searchsorted(): input value can be a scalar only when boundaries "
                   "tensor dimension is 1, but we got boundaries tensor dim(" +
                       std::to_string(a.tensor(0).dim()) +
                       ") and input value's dim(0) "
                       "numel(1)");
        return search_all(a.tensor(0), scalar_value(a[1]), a.to_bool(2), right_side(a, 3, 4), a.optional_tensor(5),
                          "torch.searchsorted()");
      });
  r.ops({"aten::bucketize.Tensor", "aten::searchsorted.Tensor"}).shape(ir::one_output(positions_shape));
}

}  // namespace tsrt::kernels
