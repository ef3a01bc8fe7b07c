// embedding_bag (and _embedding_bag, embedding_bag.padding_idx): sums, means or maxima of the
// weight rows each bag of indices selects. Besides the result, torch returns three bookkeeping
// tensors (in the indices' dtype) whose contents depend on the mode, reproduced here as torch
// 1.13's CPU kernel fills them:
//   offset2bag  - each index's bag; empty in sum mode on float32 weights without a padding index
//                 (torch's fast path);
//   bag_size    - non-padding indices per bag (mean, max); zeros, one per offset, in sum mode;
//   max_indices - max mode: the weight row chosen per bag and column; mean: bag_size again;
//                 sum: zeros, one per offset.
#include <optional>
#include <string>
#include <vector>

#include "kernels/common/elementwise_loops.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

enum Mode : int64_t { kSum = 0, kMean = 1, kMax = 2 };

std::vector<int64_t> as_longs(const Tensor& t) {
  Tensor c = cast_copy(t, DType::Int64).contiguous();
  return std::vector<int64_t>(c.data<int64_t>(), c.data<int64_t>() + c.numel());
}

Tensor index_tensor(const std::vector<int64_t>& values, const Shape& shape, DType dtype) {
  Tensor t = Tensor::empty(shape, DType::Int64);
  std::copy(values.begin(), values.end(), t.data<int64_t>());
  return cast_copy(t, dtype);
}

std::vector<Value> embedding_bag(const Tensor& weight, const Tensor& indices, const Tensor& offsets, int64_t mode,
                                 const std::optional<Tensor>& per_sample_weights, bool include_last_offset,
                                 int64_t padding_idx, const char* op) {
  TSRT_CHECK(weight.dim() == 2, std::string(op) + ": weight has to be a 2D Tensor, but got Tensor of dimension " +
                                    std::to_string(weight.dim()));
  TSRT_CHECK(indices.dim() == 1, std::string(op) +
                                     ": input has to be a 1D Tensor when offsets are given, but got "
                                     "Tensor of dimension " +
                                     std::to_string(indices.dim()));
  TSRT_CHECK(offsets.dim() == 1, std::string(op) + ": offsets has to be a 1D Tensor, but got Tensor of dimension " +
                                     std::to_string(offsets.dim()));
  TSRT_CHECK(indices.dtype() == DType::Int64 || indices.dtype() == DType::Int32,
             std::string(op) + ": expected indices of dtype int64 or int32, got " + dtype_name(indices.dtype()));
  TSRT_CHECK(offsets.dtype() == indices.dtype(), std::string(op) + ": expected offsets to have the dtype of indices (" +
                                                     dtype_name(indices.dtype()) + "), got " +
                                                     dtype_name(offsets.dtype()));
  TSRT_CHECK(mode == kSum || mode == kMean || mode == kMax,
             std::string(op) + ": mode must be 0 (sum), 1 (mean) or 2 (max), got " + std::to_string(mode));
  TSRT_CHECK(is_floating(weight.dtype()),
             std::string(op) + ": weight must be floating point, got " + dtype_name(weight.dtype()));
  if (per_sample_weights) {
    TSRT_CHECK(mode == kSum, std::string(op) +
                                 ": embedding_bag: per_sample_weights was not None. per_sample_weights "
                                 "is only supported for mode='sum' (got mode='" +
                                 (mode == kMean ? "mean" : "max") + "'). Please open a feature request on GitHub.");
    TSRT_CHECK(per_sample_weights->sizes() == indices.sizes(), std::string(op) + ": per_sample_weights of shape " +
                                                                   per_sample_weights->shape_string() +
                                                                   " must match indices " + indices.shape_string());
    TSRT_CHECK(per_sample_weights->dtype() == weight.dtype(),
               std::string(op) + ": per_sample_weights must have the dtype of weight");
  }
  const int64_t rows = weight.size(0), width = weight.size(1);
  const std::vector<int64_t> idx = as_longs(indices), off = as_longs(offsets);
  const int64_t n = static_cast<int64_t>(idx.size());
  TSRT_CHECK(!include_last_offset || !off.empty(), std::string(op) + ": include_last_offset needs at least one offset");
  const int64_t bags = static_cast<int64_t>(off.size()) - (include_last_offset ? 1 : 0);
  if (!off.empty()) {
    TSRT_CHECK(off[0] == 0, std::string(op) +
                                ": offsets[0] has to be 0, i.e., the first sequence in the mini-batch has"
                                " to start from position 0. However, got " +
                                std::to_string(off[0]));
  }
  for (size_t b = 0; b < off.size(); ++b) {
    TSRT_CHECK(off[b] <= n && (b == 0 || off[b] >= off[b - 1]),
               std::string(op) + ": offsets must be non-decreasing and at most the number of indices (" +
                   std::to_string(n) + "), got offsets[" + std::to_string(b) + "] = " + std::to_string(off[b]));
  }
  for (int64_t i : idx) {
    TSRT_CHECK(i >= 0 && i < rows, std::string(op) + ": index " + std::to_string(i) + " out of range in self (" +
                                       std::to_string(rows) + " embeddings)");
  }
  auto bag_end = [&](int64_t b) { return b + 1 < static_cast<int64_t>(off.size()) ? off[b + 1] : n; };
  Tensor out = Tensor::zeros({bags, width}, weight.dtype());
  std::vector<int64_t> offset2bag(static_cast<size_t>(n), 0), bag_size(static_cast<size_t>(bags), 0);
  std::vector<int64_t> max_indices(static_cast<size_t>(mode == kMax ? bags * width : 0), 0);
  for (int64_t b = 0; b < bags; ++b) {
    for (int64_t i = off[b]; i < bag_end(b); ++i) offset2bag[static_cast<size_t>(i)] = b;
  }
  dispatch<kFloats>(weight.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const Tensor w = weight.contiguous();
    const T* pw = w.data<T>();
    T* po = out.data<T>();
    const Tensor psw = per_sample_weights ? per_sample_weights->contiguous() : Tensor();
    for (int64_t b = 0; b < bags; ++b) {
      T* o = po + b * width;
      int64_t count = 0;
      for (int64_t i = off[b]; i < bag_end(b); ++i) {
        const int64_t row = idx[static_cast<size_t>(i)];
        if (row == padding_idx) continue;
        const T* src = pw + row * width;
        const T scale = per_sample_weights ? psw.data<T>()[i] : T(1);
        for (int64_t d = 0; d < width; ++d) {
          if (mode == kMax) {
            if (count == 0 || src[d] > o[d]) {
              o[d] = src[d];
              max_indices[static_cast<size_t>(b * width + d)] = row;
            }
          } else {
            o[d] += per_sample_weights ? src[d] * scale : src[d];
          }
        }
        ++count;
      }
      bag_size[static_cast<size_t>(b)] = count;
      if (mode == kMean && count > 0) {
        for (int64_t d = 0; d < width; ++d) o[d] /= static_cast<T>(count);
      }
    }
  });
  const DType index_dtype = indices.dtype();
  const int64_t offset_count = static_cast<int64_t>(off.size());
  if (mode == kSum) {
    const bool fast_path = weight.dtype() == DType::Float32 && padding_idx < 0;
    Tensor owners = !fast_path ? index_tensor(offset2bag, {n}, index_dtype) : Tensor::empty({0}, index_dtype);
    return {out, owners, Tensor::zeros({offset_count}, index_dtype), Tensor::zeros({offset_count}, index_dtype)};
  }
  Tensor sizes = index_tensor(bag_size, {bags}, index_dtype);
  Tensor picked = mode == kMax ? index_tensor(max_indices, {bags, width}, index_dtype) : sizes.clone();
  return {out, index_tensor(offset2bag, {n}, index_dtype), sizes, picked};
}

}  // namespace

TSRT_REGISTER_KERNELS(embedding_bag) {
  r.add_multi(
      "aten::embedding_bag(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq=False, "
      "int mode=0, bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False) -> "
      "(Tensor, Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        return embedding_bag(a.tensor(0), a.tensor(1), a.tensor(2), a.to_int(4), a.optional_tensor(6), a.to_bool(7), -1,
                             "embedding_bag");
      });
  r.add_multi(
      "aten::embedding_bag.padding_idx(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq, "
      "int mode, bool sparse, Tensor? per_sample_weights, bool include_last_offset, int? padding_idx) -> "
      "(Tensor, Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        int64_t padding_idx = -1;
        if (auto p = a.optional_int(8)) {
          const int64_t rows = a.tensor(0).size(0);
          TSRT_CHECK(*p >= -rows && *p < rows,
                     "embedding_bag: padding_idx must be within the number of "
                     "embeddings, -" +
                         std::to_string(rows) + " through " + std::to_string(rows - 1) + ", but got " +
                         std::to_string(*p));
          padding_idx = *p < 0 ? *p + rows : *p;
        }
        return embedding_bag(a.tensor(0), a.tensor(1), a.tensor(2), a.to_int(4), a.optional_tensor(6), a.to_bool(7),
                             padding_idx, "embedding_bag");
      });
  r.add_multi(
      "aten::_embedding_bag(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq=False, "
      "int mode=0, bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False, "
      "int padding_idx=-1) -> (Tensor, Tensor, Tensor, Tensor)",
      [](const Args& a) -> std::vector<Value> {
        return embedding_bag(a.tensor(0), a.tensor(1), a.tensor(2), a.to_int(4), a.optional_tensor(6), a.to_bool(7),
                             a.to_int(8), "_embedding_bag");
      });
}

}  // namespace tsrt::kernels
