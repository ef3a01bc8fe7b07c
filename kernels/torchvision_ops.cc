// torchvision's custom ops, which scripted detection models call: nms, roi_align, roi_pool,
// ps_roi_align, ps_roi_pool and deform_conv2d (schemas `torchvision::...`, as torchvision 0.14
// registers them). Each follows torchvision's CPU kernel step by step, in the input's own float
// type, so that thresholds and sample positions land where torchvision's do.
#include <Eigen/Dense>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

template <typename F>
auto dispatch_float(DType dtype, const std::string& op, F&& f) {
  if (dtype == DType::Float64) return f(double{});
  TSRT_CHECK(dtype == DType::Float32, op + ": expected a float32 or float64 input, got " + dtype_name(dtype));
  return f(float{});
}

void check_same_dtype(const Tensor& a, const Tensor& b, const std::string& op, const char* what) {
  TSRT_CHECK(a.dtype() == b.dtype(), op + ": " + what + " must have the input's dtype " + dtype_name(a.dtype()) +
                                         ", got " + dtype_name(b.dtype()));
}

// ---- nms: greedy suppression in descending score order (a stable sort, as torchvision's).

template <typename T>
Tensor nms(const Tensor& dets_in, const Tensor& scores_in, double threshold) {
  Tensor dets = dets_in.contiguous(), scores = scores_in.contiguous();
  const int64_t n = dets.size(0);
  const T* box = dets.data<T>();
  const T* score = scores.data<T>();
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return score[a] > score[b]; });
  std::vector<T> area(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) area[i] = (box[4 * i + 2] - box[4 * i]) * (box[4 * i + 3] - box[4 * i + 1]);
  std::vector<char> suppressed(static_cast<size_t>(n), 0);
  std::vector<int64_t> keep;
  for (int64_t a = 0; a < n; ++a) {
    int64_t i = order[a];
    if (suppressed[i]) continue;
    keep.push_back(i);
    const T* bi = box + 4 * i;
    for (int64_t b = a + 1; b < n; ++b) {
      int64_t j = order[b];
      if (suppressed[j]) continue;
      const T* bj = box + 4 * j;
      T w = std::max(T(0), std::min(bi[2], bj[2]) - std::max(bi[0], bj[0]));
      T h = std::max(T(0), std::min(bi[3], bj[3]) - std::max(bi[1], bj[1]));
      T inter = w * h;
      T iou = inter / (area[i] + area[j] - inter);
      if (static_cast<double>(iou) > threshold) suppressed[j] = 1;  // compared in double, as torchvision does
    }
  }
  Tensor out = Tensor::empty({static_cast<int64_t>(keep.size())}, DType::Int64);
  std::copy(keep.begin(), keep.end(), out.data<int64_t>());
  return out;
}

// ---- Bilinear sampling shared by roi_align and ps_roi_align (torchvision's roi_align_common).

template <typename T>
T bilinear(const T* plane, int64_t height, int64_t width, T y, T x) {
  if (y < T(-1) || y > static_cast<T>(height) || x < T(-1) || x > static_cast<T>(width)) return T(0);
  if (y <= 0) y = 0;
  if (x <= 0) x = 0;
  int64_t y_low = static_cast<int64_t>(y), x_low = static_cast<int64_t>(x), y_high, x_high;
  if (y_low >= height - 1) {
    y_high = y_low = height - 1;
    y = static_cast<T>(y_low);
  } else {
    y_high = y_low + 1;
  }
  if (x_low >= width - 1) {
    x_high = x_low = width - 1;
    x = static_cast<T>(x_low);
  } else {
    x_high = x_low + 1;
  }
  T ly = y - static_cast<T>(y_low), lx = x - static_cast<T>(x_low);
  T hy = T(1) - ly, hx = T(1) - lx;
  return hy * hx * plane[y_low * width + x_low] + hy * lx * plane[y_low * width + x_high] +
         ly * hx * plane[y_high * width + x_low] + ly * lx * plane[y_high * width + x_high];
}

struct PoolArgs {
  std::string op;
  Tensor input, rois;  // contiguous
  double spatial_scale;
  int64_t pooled_h, pooled_w;
  int64_t channels, height, width;
};

PoolArgs pool_args(const Args& a, const std::string& op) {
  PoolArgs p{op, a.tensor(0).contiguous(), a.tensor(1).contiguous(), a.to_double(2), a.to_int(3), a.to_int(4), 0, 0, 0};
  TSRT_CHECK(p.input.dim() == 4, op + ": input must be 4-D (N, C, H, W), got " + p.input.shape_string());
  TSRT_CHECK(p.rois.dim() == 2 && p.rois.size(1) == 5,
             op + ": rois must have shape (K, 5) (batch index, x1, y1, x2, y2), got " + p.rois.shape_string());
  check_same_dtype(p.input, p.rois, op, "rois");
  TSRT_CHECK(p.pooled_h > 0 && p.pooled_w > 0, op + ": pooled_height and pooled_width must be positive, got " +
                                                   std::to_string(p.pooled_h) + " and " + std::to_string(p.pooled_w));
  p.channels = p.input.size(1);
  p.height = p.input.size(2);
  p.width = p.input.size(3);
  return p;
}

template <typename T>
int64_t roi_batch(const PoolArgs& p, const T* roi) {
  int64_t b = static_cast<int64_t>(roi[0]);
  TSRT_CHECK(b >= 0 && b < p.input.size(0), p.op + ": roi batch index " + std::to_string(b) + " is out of range for " +
                                                 std::to_string(p.input.size(0)) + " images");
  return b;
}

template <typename T>
Tensor roi_align(const PoolArgs& p, int64_t sampling_ratio, bool aligned) {
  const int64_t K = p.rois.size(0), C = p.channels, H = p.height, W = p.width, PH = p.pooled_h, PW = p.pooled_w;
  Tensor out = Tensor::zeros({K, C, PH, PW}, p.input.dtype());
  const T* in = p.input.data<T>();
  T* o = out.data<T>();
  const T scale = static_cast<T>(p.spatial_scale);
  for (int64_t k = 0; k < K; ++k) {
    const T* roi = p.rois.data<T>() + 5 * k;
    int64_t b = roi_batch(p, roi);
    T offset = aligned ? T(0.5) : T(0);
    T start_w = roi[1] * scale - offset, start_h = roi[2] * scale - offset;
    T roi_w = roi[3] * scale - offset - start_w, roi_h = roi[4] * scale - offset - start_h;
    if (!aligned) {  // legacy behaviour: malformed rois are forced to 1x1
      roi_w = std::max(roi_w, T(1));
      roi_h = std::max(roi_h, T(1));
    }
    T bin_h = roi_h / static_cast<T>(PH), bin_w = roi_w / static_cast<T>(PW);
    int64_t grid_h = sampling_ratio > 0 ? sampling_ratio : static_cast<int64_t>(std::ceil(roi_h / static_cast<T>(PH)));
    int64_t grid_w = sampling_ratio > 0 ? sampling_ratio : static_cast<int64_t>(std::ceil(roi_w / static_cast<T>(PW)));
    T count = static_cast<T>(std::max<int64_t>(grid_h * grid_w, 1));
    for (int64_t c = 0; c < C; ++c) {
      const T* plane = in + (b * C + c) * H * W;
      for (int64_t ph = 0; ph < PH; ++ph) {
        for (int64_t pw = 0; pw < PW; ++pw) {
          T sum = 0;
          for (int64_t iy = 0; iy < grid_h; ++iy) {
            T y = start_h + static_cast<T>(ph) * bin_h +
                  static_cast<T>(iy + .5f) * bin_h / static_cast<T>(grid_h);
            for (int64_t ix = 0; ix < grid_w; ++ix) {
              T x = start_w + static_cast<T>(pw) * bin_w +
                    static_cast<T>(ix + .5f) * bin_w / static_cast<T>(grid_w);
              sum += bilinear(plane, H, W, y, x);
            }
          }
          o[((k * C + c) * PH + ph) * PW + pw] = sum / count;
        }
      }
    }
  }
  return out;
}

// roi_pool: max over integer bins of the rounded roi; argmax is the flat h*W+w index (-1 if empty).
template <typename T>
std::vector<Value> roi_pool(const PoolArgs& p) {
  const int64_t K = p.rois.size(0), C = p.channels, H = p.height, W = p.width, PH = p.pooled_h, PW = p.pooled_w;
  Tensor out = Tensor::zeros({K, C, PH, PW}, p.input.dtype());
  Tensor argmax = Tensor::zeros({K, C, PH, PW}, DType::Int32);
  const T* in = p.input.data<T>();
  const T scale = static_cast<T>(p.spatial_scale);
  for (int64_t k = 0; k < K; ++k) {
    const T* roi = p.rois.data<T>() + 5 * k;
    int64_t b = roi_batch(p, roi);
    int64_t start_w = std::llround(roi[1] * scale), start_h = std::llround(roi[2] * scale);
    int64_t end_w = std::llround(roi[3] * scale), end_h = std::llround(roi[4] * scale);
    int64_t roi_w = std::max<int64_t>(end_w - start_w + 1, 1), roi_h = std::max<int64_t>(end_h - start_h + 1, 1);
    T bin_h = static_cast<T>(roi_h) / static_cast<T>(PH), bin_w = static_cast<T>(roi_w) / static_cast<T>(PW);
    for (int64_t ph = 0; ph < PH; ++ph) {
      for (int64_t pw = 0; pw < PW; ++pw) {
        auto clamp = [](int64_t v, int64_t hi) { return std::min(std::max<int64_t>(v, 0), hi); };
        int64_t h0 = clamp(static_cast<int64_t>(std::floor(static_cast<T>(ph) * bin_h)) + start_h, H);
        int64_t h1 = clamp(static_cast<int64_t>(std::ceil(static_cast<T>(ph + 1) * bin_h)) + start_h, H);
        int64_t w0 = clamp(static_cast<int64_t>(std::floor(static_cast<T>(pw) * bin_w)) + start_w, W);
        int64_t w1 = clamp(static_cast<int64_t>(std::ceil(static_cast<T>(pw + 1) * bin_w)) + start_w, W);
        bool empty = h1 <= h0 || w1 <= w0;
        for (int64_t c = 0; c < C; ++c) {
          const T* plane = in + (b * C + c) * H * W;
          T best = empty ? T(0) : -std::numeric_limits<T>::max();
          int64_t best_index = -1;
          for (int64_t h = h0; h < h1; ++h) {
            for (int64_t w = w0; w < w1; ++w) {
              if (plane[h * W + w] > best) {
                best = plane[h * W + w];
                best_index = h * W + w;
              }
            }
          }
          int64_t at = ((k * C + c) * PH + ph) * PW + pw;
          out.data<T>()[at] = best;
          argmax.data<int32_t>()[at] = static_cast<int32_t>(best_index);
        }
      }
    }
  }
  return {out, argmax};
}

// Position-sensitive pooling: output channel c of bin (ph, pw) reads input channel
// (c * PH + ph) * PW + pw; the second result maps each output element to that channel.
int64_t ps_output_channels(const PoolArgs& p) {
  TSRT_CHECK(p.channels % (p.pooled_h * p.pooled_w) == 0,
             p.op + ": input channels (" + std::to_string(p.channels) +
                 ") must be a multiple of pooled_height * pooled_width");
  return p.channels / (p.pooled_h * p.pooled_w);
}

template <typename T>
std::vector<Value> ps_roi_align(const PoolArgs& p, int64_t sampling_ratio) {
  const int64_t K = p.rois.size(0), C = p.channels, H = p.height, W = p.width, PH = p.pooled_h, PW = p.pooled_w;
  const int64_t C_out = ps_output_channels(p);
  Tensor out = Tensor::zeros({K, C_out, PH, PW}, p.input.dtype());
  Tensor mapping = Tensor::zeros({K, C_out, PH, PW}, DType::Int32);
  const T scale = static_cast<T>(p.spatial_scale);
  for (int64_t k = 0; k < K; ++k) {
    const T* roi = p.rois.data<T>() + 5 * k;
    int64_t b = roi_batch(p, roi);
    T start_w = roi[1] * scale - T(0.5), start_h = roi[2] * scale - T(0.5);
    T roi_w = roi[3] * scale - T(0.5) - start_w, roi_h = roi[4] * scale - T(0.5) - start_h;
    T bin_h = roi_h / static_cast<T>(PH), bin_w = roi_w / static_cast<T>(PW);
    int64_t grid_h = sampling_ratio > 0 ? sampling_ratio : static_cast<int64_t>(std::ceil(roi_h / static_cast<T>(PH)));
    int64_t grid_w = sampling_ratio > 0 ? sampling_ratio : static_cast<int64_t>(std::ceil(roi_w / static_cast<T>(PW)));
    T count = static_cast<T>(grid_h * grid_w);
    for (int64_t c = 0; c < C_out; ++c) {
      for (int64_t ph = 0; ph < PH; ++ph) {
        for (int64_t pw = 0; pw < PW; ++pw) {
          int64_t c_in = (c * PH + ph) * PW + pw;
          const T* plane = p.input.data<T>() + (b * C + c_in) * H * W;
          T hstart = static_cast<T>(ph) * bin_h + start_h, wstart = static_cast<T>(pw) * bin_w + start_w;
          T sum = 0;
          for (int64_t iy = 0; iy < grid_h; ++iy) {
            T y = hstart + static_cast<T>(iy + .5f) * bin_h / static_cast<T>(grid_h);
            for (int64_t ix = 0; ix < grid_w; ++ix) {
              T x = wstart + static_cast<T>(ix + .5f) * bin_w / static_cast<T>(grid_w);
              sum += bilinear(plane, H, W, y, x);
            }
          }
          int64_t at = ((k * C_out + c) * PH + ph) * PW + pw;
          out.data<T>()[at] = sum / count;
          mapping.data<int32_t>()[at] = static_cast<int32_t>(c_in);
        }
      }
    }
  }
  return {out, mapping};
}

template <typename T>
std::vector<Value> ps_roi_pool(const PoolArgs& p) {
  const int64_t K = p.rois.size(0), C = p.channels, H = p.height, W = p.width, PH = p.pooled_h, PW = p.pooled_w;
  const int64_t C_out = ps_output_channels(p);
  Tensor out = Tensor::zeros({K, C_out, PH, PW}, p.input.dtype());
  Tensor mapping = Tensor::zeros({K, C_out, PH, PW}, DType::Int32);
  const T scale = static_cast<T>(p.spatial_scale);
  for (int64_t k = 0; k < K; ++k) {
    const T* roi = p.rois.data<T>() + 5 * k;
    int64_t b = roi_batch(p, roi);
    int64_t start_w = std::llround(roi[1] * scale), start_h = std::llround(roi[2] * scale);
    int64_t end_w = std::llround(roi[3] * scale), end_h = std::llround(roi[4] * scale);
    int64_t roi_w = std::max<int64_t>(end_w - start_w, 1), roi_h = std::max<int64_t>(end_h - start_h, 1);
    T bin_h = static_cast<T>(roi_h) / static_cast<T>(PH), bin_w = static_cast<T>(roi_w) / static_cast<T>(PW);
    for (int64_t ph = 0; ph < PH; ++ph) {
      for (int64_t pw = 0; pw < PW; ++pw) {
        auto clamp = [](int64_t v, int64_t hi) { return std::min(std::max<int64_t>(v, 0), hi); };
        int64_t h0 = clamp(static_cast<int64_t>(std::floor(static_cast<T>(ph) * bin_h)) + start_h, H - 1);
        int64_t h1 = clamp(static_cast<int64_t>(std::ceil(static_cast<T>(ph + 1) * bin_h)) + start_h, H - 1);
        int64_t w0 = clamp(static_cast<int64_t>(std::floor(static_cast<T>(pw) * bin_w)) + start_w, W - 1);
        int64_t w1 = clamp(static_cast<int64_t>(std::ceil(static_cast<T>(pw + 1) * bin_w)) + start_w, W - 1);
        bool empty = h1 <= h0 || w1 <= w0;
        for (int64_t c = 0; c < C_out; ++c) {
          int64_t c_in = (c * PH + ph) * PW + pw;
          const T* plane = p.input.data<T>() + (b * C + c_in) * H * W;
          T sum = 0;
          for (int64_t h = h0; h < h1; ++h) {
            for (int64_t w = w0; w < w1; ++w) sum += plane[h * W + w];
          }
          int64_t at = ((k * C_out + c) * PH + ph) * PW + pw;
          out.data<T>()[at] = empty ? T(0) : sum / static_cast<T>((h1 - h0) * (w1 - w0));
          mapping.data<int32_t>()[at] = static_cast<int32_t>(c_in);
        }
      }
    }
  }
  return {out, mapping};
}

// ---- deform_conv2d: sample the input at offset (and mask-weighted) kernel taps into columns,
// then one GEMM per image and group.

template <typename T>
T deform_sample(const T* plane, int64_t height, int64_t width, T y, T x) {
  if (y <= T(-1) || static_cast<T>(height) <= y || x <= T(-1) || static_cast<T>(width) <= x) return T(0);
  int64_t y_low = static_cast<int64_t>(std::floor(y)), x_low = static_cast<int64_t>(std::floor(x));
  int64_t y_high = y_low + 1, x_high = x_low + 1;
  T ly = y - static_cast<T>(y_low), lx = x - static_cast<T>(x_low);
  T hy = T(1) - ly, hx = T(1) - lx;
  T v1 = y_low >= 0 && x_low >= 0 ? plane[y_low * width + x_low] : T(0);
  T v2 = y_low >= 0 && x_high <= width - 1 ? plane[y_low * width + x_high] : T(0);
  T v3 = y_high <= height - 1 && x_low >= 0 ? plane[y_high * width + x_low] : T(0);
  T v4 = y_high <= height - 1 && x_high <= width - 1 ? plane[y_high * width + x_high] : T(0);
  return hy * hx * v1 + hy * lx * v2 + ly * hx * v3 + ly * lx * v4;
}

template <typename T>
Tensor deform_conv2d(const Args& a) {
  const std::string op = "torchvision::deform_conv2d";
  Tensor input = a.tensor(0).contiguous(), weight = a.tensor(1).contiguous(), offset = a.tensor(2).contiguous();
  Tensor mask = a.tensor(3).contiguous(), bias = a.tensor(4).contiguous();
  const int64_t stride_h = a.to_int(5), stride_w = a.to_int(6), pad_h = a.to_int(7), pad_w = a.to_int(8);
  const int64_t dil_h = a.to_int(9), dil_w = a.to_int(10), groups = a.to_int(11), offset_groups = a.to_int(12);
  const bool use_mask = a.to_bool(13);
  for (const auto& [t, what] : {std::pair{&weight, "weight"}, {&offset, "offset"}, {&mask, "mask"}, {&bias, "bias"}}) {
    check_same_dtype(input, *t, op, what);
  }
  TSRT_CHECK(input.dim() == 4 && weight.dim() == 4 && offset.dim() == 4,
             op + ": input, weight and offset must be 4-D, got " + input.shape_string() + ", " +
                 weight.shape_string() + ", " + offset.shape_string());
  TSRT_CHECK(stride_h > 0 && stride_w > 0 && dil_h > 0 && dil_w > 0 && pad_h >= 0 && pad_w >= 0,
             op + ": stride and dilation must be positive and padding non-negative");
  TSRT_CHECK(groups > 0 && offset_groups > 0, op + ": groups and offset_groups must be positive");
  const int64_t B = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3);
  const int64_t OC = weight.size(0), KH = weight.size(2), KW = weight.size(3);
  TSRT_CHECK(C % groups == 0 && OC % groups == 0 && weight.size(1) * groups == C,
             op + ": weight " + weight.shape_string() + " does not match input " + input.shape_string() +
                 " with groups=" + std::to_string(groups));
  TSRT_CHECK(C % offset_groups == 0,
             op + ": input channels must be divisible by offset_groups=" + std::to_string(offset_groups));
  const int64_t OH = (H + 2 * pad_h - (dil_h * (KH - 1) + 1)) / stride_h + 1;
  const int64_t OW = (W + 2 * pad_w - (dil_w * (KW - 1) + 1)) / stride_w + 1;
  TSRT_CHECK(OH > 0 && OW > 0, op + ": the output would be empty for input " + input.shape_string());
  TSRT_CHECK(offset.size(0) == B && offset.size(1) == offset_groups * 2 * KH * KW && offset.size(2) == OH &&
                 offset.size(3) == OW,
             op + ": offset must have shape [" + std::to_string(B) + ", " +
                 std::to_string(offset_groups * 2 * KH * KW) +
                 ", " + std::to_string(OH) + ", " + std::to_string(OW) + "], got " + offset.shape_string());
  if (use_mask) {
    TSRT_CHECK(mask.dim() == 4 && mask.size(0) == B && mask.size(1) == offset_groups * KH * KW && mask.size(2) == OH &&
                   mask.size(3) == OW,
               op + ": mask must have shape [" + std::to_string(B) + ", " + std::to_string(offset_groups * KH * KW) +
                   ", " + std::to_string(OH) + ", " + std::to_string(OW) + "], got " + mask.shape_string());
  }
  TSRT_CHECK(bias.numel() == OC,
             op + ": bias must have " + std::to_string(OC) + " elements, got " + bias.shape_string());

  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const int64_t taps = KH * KW, plane_out = OH * OW, c_per_offset_group = C / offset_groups;
  Tensor out = Tensor::empty({B, OC, OH, OW}, input.dtype());
  Mat columns(C * taps, plane_out);  // row (c, i, j), column (oh, ow)
  for (int64_t b = 0; b < B; ++b) {
    for (int64_t c = 0; c < C; ++c) {
      const int64_t g = c / c_per_offset_group;
      const T* plane = input.data<T>() + (b * C + c) * H * W;
      const T* off = offset.data<T>() + (b * offset_groups + g) * 2 * taps * plane_out;
      const T* msk = use_mask ? mask.data<T>() + (b * offset_groups + g) * taps * plane_out : nullptr;
      for (int64_t i = 0; i < KH; ++i) {
        for (int64_t j = 0; j < KW; ++j) {
          const int64_t tap = i * KW + j;
          T* row = columns.data() + (c * taps + tap) * plane_out;
          for (int64_t oh = 0; oh < OH; ++oh) {
            for (int64_t ow = 0; ow < OW; ++ow) {
              const int64_t at = oh * OW + ow;
              T y = static_cast<T>(oh * stride_h - pad_h + i * dil_h) + off[2 * tap * plane_out + at];
              T x = static_cast<T>(ow * stride_w - pad_w + j * dil_w) + off[(2 * tap + 1) * plane_out + at];
              T m = msk ? msk[tap * plane_out + at] : T(1);
              row[at] = m * deform_sample(plane, H, W, y, x);
            }
          }
        }
      }
    }
    const int64_t oc_g = OC / groups, rows_g = (C / groups) * taps;
    for (int64_t g = 0; g < groups; ++g) {
      Eigen::Map<const Mat> w(weight.data<T>() + g * oc_g * rows_g, oc_g, rows_g);
      Eigen::Map<Mat> o(out.data<T>() + (b * OC + g * oc_g) * plane_out, oc_g, plane_out);
      o.noalias() = w * columns.middleRows(g * rows_g, rows_g);
      for (int64_t oc = 0; oc < oc_g; ++oc) o.row(oc).array() += bias.data<T>()[g * oc_g + oc];
    }
  }
  return out;
}

// ---- Shape rules (ir/shape_rule.h).

constexpr int kInt32Code = 3;  // c10::ScalarType::Int: roi_pool's argmax, the ps ops' channel map

// (K, channels, pooled_height, pooled_width) in the input's dtype, plus an int32 twin for the
// ops with two results; `position_sensitive` divides the channels by the bins.
void pooled_shape(ir::ShapeContext& c, bool position_sensitive) {
  ir::TensorFacts in = c.tensor(c.input(0)), rois = c.tensor(c.input(1));
  std::optional<int64_t> ph = c.int_value(c.input(3)), pw = c.int_value(c.input(4));
  ir::TensorFacts out;
  out.dtype = in.dtype;
  out.contiguous = true;
  if (in.sizes && in.sizes->size() == 4 && rois.sizes && rois.sizes->size() == 2) {
    std::optional<int64_t> channels = (*in.sizes)[1];
    if (position_sensitive) {
      channels = channels && ph && pw && *ph * *pw > 0 ? std::optional<int64_t>(*channels / (*ph * *pw)) : std::nullopt;
    }
    out.sizes = ir::Sizes{(*rois.sizes)[0], channels, ph, pw};
  }
  c.set(0, out);
  if (c.node().outputs().size() > 1) {
    out.dtype = kInt32Code;
    c.set(1, out);
  }
}

ir::TensorFacts deform_conv2d_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.tensor(c.input(0)), weight = c.tensor(c.input(1));
  ir::TensorFacts out;
  out.dtype = in.dtype;
  out.contiguous = true;
  if (!in.sizes || in.sizes->size() != 4 || !weight.sizes || weight.sizes->size() != 4) return out;
  auto extent = [&](size_t dim, size_t stride_at) {
    return ir::window_size((*in.sizes)[dim], (*weight.sizes)[dim], c.int_value(c.input(stride_at)),
                           c.int_value(c.input(stride_at + 2)), c.int_value(c.input(stride_at + 4)), false);
  };
  out.sizes = ir::Sizes{(*in.sizes)[0], (*weight.sizes)[0], extent(2, 5), extent(3, 6)};
  return out;
}

ir::TensorFacts nms_shape(const ir::ShapeContext&) {
  ir::TensorFacts out;  // how many boxes survive is only known after running
  out.dtype = ir::kLongCode;
  out.contiguous = true;
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(torchvision_ops) {
  r.add("torchvision::nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor", [](const Args& a) -> Value {
    const std::string op = "torchvision::nms";
    const Tensor& dets = a.tensor(0);
    const Tensor& scores = a.tensor(1);
    TSRT_CHECK(dets.dim() == 2 && dets.size(1) == 4, op + ": boxes should be a 2d tensor of shape (N, 4), got " +
                                                         dets.shape_string());
    TSRT_CHECK(scores.dim() == 1 && scores.size(0) == dets.size(0),
               op + ": scores should be a 1d tensor with one score per box, got " + scores.shape_string() +
                   " for boxes " + dets.shape_string());
    check_same_dtype(dets, scores, op, "scores");
    return dispatch_float(dets.dtype(), op, [&](auto t) { return nms<decltype(t)>(dets, scores, a.to_double(2)); });
  });
  r.add(
      "torchvision::roi_align(Tensor input, Tensor rois, float spatial_scale, int pooled_height, int pooled_width, "
      "int sampling_ratio, bool aligned) -> Tensor",
      [](const Args& a) -> Value {
        PoolArgs p = pool_args(a, "torchvision::roi_align");
        return dispatch_float(p.input.dtype(), p.op,
                              [&](auto t) { return roi_align<decltype(t)>(p, a.to_int(5), a.to_bool(6)); });
      });
  r.add_multi(
      "torchvision::roi_pool(Tensor input, Tensor rois, float spatial_scale, int pooled_height, int pooled_width) -> "
      "(Tensor, Tensor)",
      [](const Args& a) {
        PoolArgs p = pool_args(a, "torchvision::roi_pool");
        return dispatch_float(p.input.dtype(), p.op, [&](auto t) { return roi_pool<decltype(t)>(p); });
      });
  r.add_multi(
      "torchvision::ps_roi_align(Tensor input, Tensor rois, float spatial_scale, int pooled_height, int "
      "pooled_width, int sampling_ratio) -> (Tensor, Tensor)",
      [](const Args& a) {
        PoolArgs p = pool_args(a, "torchvision::ps_roi_align");
        return dispatch_float(p.input.dtype(), p.op, [&](auto t) { return ps_roi_align<decltype(t)>(p, a.to_int(5)); });
      });
  r.add_multi(
      "torchvision::ps_roi_pool(Tensor input, Tensor rois, float spatial_scale, int pooled_height, int pooled_width) "
      "-> (Tensor, Tensor)",
      [](const Args& a) {
        PoolArgs p = pool_args(a, "torchvision::ps_roi_pool");
        return dispatch_float(p.input.dtype(), p.op, [&](auto t) { return ps_roi_pool<decltype(t)>(p); });
      });
  r.add(
      "torchvision::deform_conv2d(Tensor input, Tensor weight, Tensor offset, Tensor mask, Tensor bias, int "
      "stride_h, int stride_w, int pad_h, int pad_w, int dilation_h, int dilation_w, int groups, int offset_groups, "
      "bool use_mask) -> Tensor",
      [](const Args& a) -> Value {
        return dispatch_float(a.tensor(0).dtype(), "torchvision::deform_conv2d",
                              [&](auto t) { return deform_conv2d<decltype(t)>(a); });
      });

  r.ops({"torchvision::nms"}).shape(ir::one_output(nms_shape));
  r.ops({"torchvision::roi_align", "torchvision::roi_pool"}).shape([](ir::ShapeContext& c) { pooled_shape(c, false); });
  r.ops({"torchvision::ps_roi_align", "torchvision::ps_roi_pool"}).shape([](ir::ShapeContext& c) {
    pooled_shape(c, true);
  });
  r.ops({"torchvision::deform_conv2d"}).shape(ir::one_output(deform_conv2d_shape));
}

}  // namespace tsrt::kernels
