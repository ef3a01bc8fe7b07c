#include "kernels/onednn/matmul.h"

#include <algorithm>
#include <string>

#include "kernels/onednn/bound_primitive.h"
#include "kernels/onednn/cpu_isa.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/memory.h"
#include "kernels/onednn/reorder.h"
#include "kernels/onednn/weight_cache.h"
#include "runtime/error.h"
#include "runtime/precision.h"

namespace tsrt::kernels::onednn {
namespace {

// Sizes and strides of one operand as given to oneDNN: left-padded with unit dims to `rank`,
// strides of unit dims made consistent with a dense layout (their value is never used to
// address memory, but oneDNN's layout checks look at them).
struct Layout {
  Shape sizes, strides;
};

bool inner_dims_usable(const Tensor& t) {
  int64_t rows = t.size(-2), cols = t.size(-1);
  int64_t sr = t.stride(-2), sc = t.stride(-1);
  bool row_major = (sc == 1 || cols == 1) && (sr >= cols || rows == 1);
  bool col_major = (sr == 1 || rows == 1) && (sc >= rows || cols == 1);
  if (!row_major && !col_major) return false;
  for (int64_t d = 0; d + 2 < t.dim(); ++d) {
    if (t.size(d) > 1 && t.stride(d) <= 0) return false;  // expanded (stride-0) batch dims
  }
  return true;
}

Layout layout_of(const Tensor& t, size_t rank) {
  Layout l;
  l.sizes = t.sizes();
  l.strides = t.strides();
  size_t n = l.sizes.size();
  int64_t rows = l.sizes[n - 2], cols = l.sizes[n - 1];
  bool row_major = (l.strides[n - 1] == 1 || cols == 1) && (l.strides[n - 2] >= cols || rows == 1);
  if (row_major) {
    l.strides[n - 1] = 1;
    if (rows == 1) l.strides[n - 2] = std::max<int64_t>(cols, 1);
  } else {
    l.strides[n - 2] = 1;
    if (cols == 1) l.strides[n - 1] = std::max<int64_t>(rows, 1);
  }
  // Extent of the inner matrix: the stride a dense next-outer dim would have.
  int64_t extent = std::max<int64_t>(1, std::max(rows * l.strides[n - 2], cols * l.strides[n - 1]));
  for (size_t d = n - 2; d-- > 0;) {
    if (l.sizes[d] == 1) l.strides[d] = extent;
    extent = std::max(extent, l.sizes[d] * l.strides[d]);
  }
  while (l.sizes.size() < rank) {
    l.sizes.insert(l.sizes.begin(), 1);
    l.strides.insert(l.strides.begin(), extent);
  }
  return l;
}

// The weights' memory desc for a primitive free to choose their layout.
dnnl::memory::desc any_layout_weights(const Layout& w, bool bf16) {
  return dnnl::memory::desc(dnnl::memory::dims(w.sizes.begin(), w.sizes.end()),
                            bf16 ? dnnl::memory::data_type::bf16 : dnnl::memory::data_type::f32,
                            dnnl::memory::format_tag::any);
}

// Whether `matmul` packs `w` (a [K, N] operand) when told it is constant.
bool packable(const Tensor& w, size_t rank) { return rank == 2 && inner_dims_usable(w); }

dnnl::algorithm eltwise_algorithm(PostOp op) {
  switch (op) {
    case PostOp::Relu: return dnnl::algorithm::eltwise_relu;
    case PostOp::GeluErf: return dnnl::algorithm::eltwise_gelu_erf;
    case PostOp::GeluTanh: return dnnl::algorithm::eltwise_gelu_tanh;
    case PostOp::Tanh: return dnnl::algorithm::eltwise_tanh;
    case PostOp::None: break;
  }
  return dnnl::algorithm::undef;
}

// `packed_weights`: weights in whatever layout oneDNN runs fastest (reordered by the caller).
// `bf16`: a (dense) and the packed weights in bfloat16, accumulation and output in float32.
dnnl::matmul make_primitive(const Layout& a, const Layout& w, const Layout& out, bool has_bias, bool packed_weights,
                            bool bf16, const MatmulParams& params) {
  auto amd = bf16 ? strided_desc(a.sizes, Tensor::contiguous_strides(a.sizes), DType::BFloat16)
                  : strided_desc(a.sizes, a.strides, DType::Float32);
  auto wmd = packed_weights ? any_layout_weights(w, bf16) : strided_desc(w.sizes, w.strides, DType::Float32);
  auto omd = strided_desc(out.sizes, out.strides, DType::Float32);
  dnnl::primitive_attr attr = primitive_attr();
  if (params.alpha != 1.0f) attr.set_output_scales(0, {params.alpha});
  dnnl::post_ops ops;
  if (params.beta != 0.0f) ops.append_sum(params.beta);
  if (params.post_op != PostOp::None) ops.append_eltwise(1.0f, eltwise_algorithm(params.post_op), 0.0f, 0.0f);
  if (ops.len() > 0) attr.set_post_ops(ops);
  Shape bias_sizes(out.sizes.size(), 1);
  bias_sizes.back() = out.sizes.back();
  auto bmd = strided_desc(bias_sizes, Tensor::contiguous_strides(bias_sizes), DType::Float32);
  auto make_desc = [&](const dnnl::memory::desc& weights) {
    return has_bias ? dnnl::matmul::primitive_desc(dnnl::matmul::desc(amd, weights, bmd, omd), attr, cpu_engine())
                    : dnnl::matmul::primitive_desc(dnnl::matmul::desc(amd, weights, omd), attr, cpu_engine());
  };
  dnnl::matmul::primitive_desc pd = make_desc(wmd);
  // Where oneDNN prefers a plain (unblocked) float32 layout for the weights (its AVX2 gemm wants
  // them row-major), a packed copy would only transpose them: the primitive takes the weight as
  // it lies instead (a gemm reads either order), and matmul() then binds it uncopied, on every
  // call. Decided once per primitive, so a given product always runs the same way.
  const dnnl_memory_desc_t preferred = pd.weights_desc().data;
  if (packed_weights && !bf16 && preferred.format_kind == dnnl_blocked && preferred.format_desc.blocking.inner_nblks == 0) {
    pd = make_desc(strided_desc(w.sizes, w.strides, DType::Float32));
  }
  return dnnl::matmul(pd);
}

}  // namespace

void matmul(const Tensor& a_in, const Tensor& w_in, Tensor& out, const MatmulParams& params, const char* op_name) {
  TSRT_CHECK(a_in.dtype() == DType::Float32 && w_in.dtype() == DType::Float32 && out.dtype() == DType::Float32,
        std::string(op_name) + ": oneDNN matmul takes float32 operands");
  TSRT_CHECK(params.bias == nullptr || params.alpha == 1.0f,
        std::string(op_name) + ": oneDNN matmul cannot scale and add a bias at once");
  Tensor a = inner_dims_usable(a_in) ? a_in : a_in.contiguous();
  Tensor w = inner_dims_usable(w_in) ? w_in : w_in.contiguous();
  size_t rank = out.sizes().size();
  Layout la = layout_of(a, rank), lw = layout_of(w, rank);
  Layout lo{out.sizes(), out.strides()};

  std::string& key = thread_key(KeySlot::Primitive);
  key += "matmul";
  append_key(key, la.sizes, la.strides);
  append_key(key, lw.sizes, lw.strides);
  append_key(key, lo.sizes, lo.strides);
  key += params.bias ? "+bias" : "";
  // A weight copied here (unusable strides) would be a new storage, and a new cache entry, on
  // every call: such weights are not packed.
  const bool constant = params.constant_weights && packable(w_in, rank);
  // bfloat16 applies to products with module weights only (--precision bf16). Module::load
  // refuses it on CPUs without bf16 matmuls; this catches a ScopedPrecision set by hand.
  const bool bf16 = constant && matmul_precision() == Precision::BFloat16;
  if (bf16) check_precision_supported(Precision::BFloat16);
  // A constant weight runs packed on every call, its first included, so each call runs the
  // same primitive on the same weight layout and gives the same bits. (A plain-weight first
  // call would be another kernel: on AVX2 it rounds differently from the packed one.) The first
  // use packs into a buffer of the call, the second into the cache (below). Where oneDNN's
  // preferred layout is not blocked, the primitive takes the weight as it lies (make_primitive)
  // and nothing is copied.
  const bool packed_weights = constant;
  key += packed_weights ? "+packed" : "";
  key += bf16 ? "+bf16" : "";
  key += 'a';
  append_exact(key, params.alpha);
  key += 'b';
  append_exact(key, params.beta);
  key += 'p';
  append_int(key, static_cast<int>(params.post_op));

  Tensor a_bf16;  // a rounded to bfloat16, alive until the matmul has run
  if (bf16) {
    a_bf16 = Tensor::empty(la.sizes, DType::BFloat16);
    std::string& reorder_key = thread_key(KeySlot::Reorder);
    reorder_key += "to_bf16";
    append_key(reorder_key, la.sizes, la.strides);
    reorder(reorder_key, strided_desc(la.sizes, la.strides, DType::Float32), a.raw_data(),
            strided_desc(la.sizes, a_bf16.strides(), DType::BFloat16), a_bf16.raw_data(), op_name);
  }

  BoundPrimitive* primitive = nullptr;
  try {
    primitive = &bind_primitive(
        key, [&] { return make_primitive(la, lw, lo, params.bias != nullptr, packed_weights, bf16, params); });
  } catch (const dnnl::error& e) {
    throw Error(std::string(op_name) + ": oneDNN has no matmul for " + a.shape_string() + " x " + w.shape_string() +
                ": " + e.what());
  }
  dnnl::memory packed;  // the cached packed weight, alive until the matmul has run
  Tensor packed_once;   // or this call's packed copy
  const dnnl::memory::desc plain_wmd = strided_desc(lw.sizes, lw.strides, DType::Float32);
  const dnnl::memory::desc packed_wmd(primitive->desc(DNNL_ARG_WEIGHTS));
  if (packed_weights && packed_wmd != plain_wmd) {
    if (bf16 || PackedWeightCache::global().used_before(w)) {
      packed = PackedWeightCache::global().get(w, plain_wmd, packed_wmd, op_name);
      primitive->set(DNNL_ARG_WEIGHTS, packed);
    } else {
      // First use: the same layout, packed into a pooled buffer of this call, so this call runs
      // as the next ones will without a long-lived copy a one-shot run would pay for.
      packed_once = Tensor::empty({static_cast<int64_t>((packed_wmd.get_size() + 3) / 4)}, DType::Float32);
      std::string& reorder_key = thread_key(KeySlot::Reorder);
      reorder_key += key;
      reorder_key += "/pack";
      reorder(reorder_key, plain_wmd, w.raw_data(), packed_wmd, packed_once.raw_data(), op_name);
      // The reorder's binding may have dropped this thread's binding of the matmul: bind again.
      primitive = &bind_primitive(
          key, [&] { return make_primitive(la, lw, lo, params.bias != nullptr, packed_weights, bf16, params); });
      primitive->set(DNNL_ARG_WEIGHTS, packed_once.raw_data());
    }
  } else {
    primitive->set(DNNL_ARG_WEIGHTS, w.raw_data());
  }
  primitive->set(DNNL_ARG_SRC, bf16 ? a_bf16.raw_data() : a.raw_data());
  primitive->set(DNNL_ARG_DST, out.raw_data());
  if (params.bias) primitive->set(DNNL_ARG_BIAS, params.bias->raw_data());
  primitive->run(op_name);
}

}  // namespace tsrt::kernels::onednn
