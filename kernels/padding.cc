// Padding: constant_pad_nd, pad (and _pad_enum), reflection_pad1d/2d/3d,
// replication_pad1d/2d/3d and _pad_circular. Every mode is a gather: per output index of each
// dim, the input index it reads (or none, for the constant). Negative padding crops, as in torch.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// torch's at::padding_mode numbering (what _pad_enum's `mode` holds).
enum class PadMode : int64_t { Reflect = 0, Replicate = 1, Circular = 2, Constant = 3 };

const char* mode_name(PadMode mode) {
  switch (mode) {
    case PadMode::Reflect: return "reflect";
    case PadMode::Replicate: return "replicate";
    case PadMode::Circular: return "circular";
    case PadMode::Constant: return "constant";
  }
  return "?";
}

// For one dim of length `in` padded by `before`/`after`: the input index each output index reads,
// -1 where it reads the constant.
std::vector<int64_t> source_indices(int64_t in, int64_t before, int64_t after, PadMode mode) {
  const int64_t out = in + before + after;
  std::vector<int64_t> map(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    int64_t i = o - before;
    switch (mode) {
      case PadMode::Constant:
        if (i < 0 || i >= in) i = -1;
        break;
      case PadMode::Reflect:  // mirror without repeating the edge
        if (i < 0) i = -i;
        if (i >= in) i = 2 * (in - 1) - i;
        break;
      case PadMode::Replicate:
        i = i < 0 ? 0 : (i >= in ? in - 1 : i);
        break;
      case PadMode::Circular: {
        // torch crops a negative side first, then wraps around what is left.
        const int64_t lo = before < 0 ? -before : 0, kept = in - lo - (after < 0 ? -after : 0);
        const int64_t k = o - (before > 0 ? before : 0);
        i = lo + ((k % kept) + kept) % kept;
        break;
      }
    }
    map[static_cast<size_t>(o)] = i;
  }
  return map;
}

template <typename T>
void gather_padded(const Tensor& x, Tensor& out, const std::vector<std::vector<int64_t>>& maps, T fill) {
  const int64_t rank = out.dim();
  const int64_t cols = out.size(rank - 1);
  const int64_t rows = cols == 0 ? 0 : out.numel() / cols;
  const int64_t last_stride = x.stride(rank - 1);
  const T* xp = x.data<T>();
  T* op = out.data<T>();
  const std::vector<int64_t>& last_map = maps.back();
#pragma omp parallel for if (rows * cols > (1 << 16))
  for (int64_t row = 0; row < rows; ++row) {
    // The row's input offset, from its index in each outer dim; -1: the row is all constant.
    int64_t rest = row, offset = 0;
    bool constant_row = false;
    for (int64_t d = rank - 2; d >= 0; --d) {
      const int64_t o = rest % out.size(d);
      rest /= out.size(d);
      const int64_t i = maps[static_cast<size_t>(d)][static_cast<size_t>(o)];
      if (i < 0) constant_row = true;
      offset += i * x.stride(d);
    }
    T* dst = op + row * cols;
    if (constant_row) {
      for (int64_t c = 0; c < cols; ++c) dst[c] = fill;
      continue;
    }
    const T* src = xp + offset;
    for (int64_t c = 0; c < cols; ++c) {
      const int64_t i = last_map[static_cast<size_t>(c)];
      dst[c] = i < 0 ? fill : src[i * last_stride];
    }
  }
}

// in + before + after; padding comes from the model's code, so a sum that would wrap is an error.
int64_t padded_size(int64_t in, int64_t before, int64_t after, const std::string& op) {
  int64_t out = 0;
  TSRT_CHECK(!__builtin_add_overflow(in, before, &out) && !__builtin_add_overflow(out, after, &out),
             op + ": padding " + std::to_string(before) + ", " + std::to_string(after) + " is out of range");
  return out;
}

// Pads the trailing pad.size()/2 dims of `x`: pad = [last_before, last_after, prev_before, ...].
Tensor pad_gather(const Tensor& x, const Shape& pad, PadMode mode, double value) {
  const int64_t rank = x.dim();
  std::vector<std::vector<int64_t>> maps(static_cast<size_t>(rank));
  Shape out_sizes = x.sizes();
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t k = rank - 1 - d;  // position of this dim's pair in `pad`, counted from the last dim
    const bool padded = 2 * k + 1 < static_cast<int64_t>(pad.size());
    const int64_t before = padded ? pad[static_cast<size_t>(2 * k)] : 0;
    const int64_t after = padded ? pad[static_cast<size_t>(2 * k + 1)] : 0;
    out_sizes[d] = padded_size(x.size(d), before, after, "aten::pad");
  }
  Tensor out = Tensor::empty(out_sizes, x.dtype());  // allocated first: a huge size fails here, not in the maps
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t k = rank - 1 - d;
    const bool padded = 2 * k + 1 < static_cast<int64_t>(pad.size());
    const int64_t before = padded ? pad[static_cast<size_t>(2 * k)] : 0;
    const int64_t after = padded ? pad[static_cast<size_t>(2 * k + 1)] : 0;
    maps[static_cast<size_t>(d)] = source_indices(x.size(d), before, after, padded ? mode : PadMode::Constant);
  }
  if (rank == 0) {
    out.copy_from(x);
    return out;
  }
  if (out.numel() == 0) return out;
  TSRT_DISPATCH_ALL_TYPES(x.dtype(), "aten::pad", [&] {
    const scalar_t fill = static_cast<scalar_t>(value);
    gather_padded<scalar_t>(x, out, maps, fill);
  });
  return out;
}

void check_pad_length(const Tensor& x, const Shape& pad, const std::string& op) {
  TSRT_CHECK(pad.size() % 2 == 0, op + ": padding length must be divisible by 2, got " + shape_to_string(pad));
  TSRT_CHECK(static_cast<int64_t>(pad.size()) <= 2 * x.dim(),
             op + ": padding length " + std::to_string(pad.size()) +
                 " should be at most twice the input dimension; input is " + x.shape_string());
}

Tensor constant_pad_nd(const Tensor& x, const Shape& pad, double value) {
  check_pad_length(x, pad, "aten::constant_pad_nd");
  for (size_t k = 0; 2 * k < pad.size(); ++k) {
    const int64_t d = x.dim() - 1 - static_cast<int64_t>(k);
    const int64_t out = padded_size(x.size(d), pad[2 * k], pad[2 * k + 1], "aten::constant_pad_nd");
    TSRT_CHECK(out >= 0, "aten::constant_pad_nd: padding " + shape_to_string(pad) + " of input " + x.shape_string() +
                             " gives dim " + std::to_string(d) + " a negative size " + std::to_string(out));
  }
  return pad_gather(x, pad, PadMode::Constant, value);
}

// reflection_pad/replication_pad/_pad_circular over `spatial` trailing dims.
Tensor spatial_pad(const Tensor& x, const Shape& pad, PadMode mode, int64_t spatial, const std::string& op) {
  TSRT_CHECK(static_cast<int64_t>(pad.size()) == 2 * spatial,
             op + ": expected " + std::to_string(2 * spatial) + " padding values, got " + shape_to_string(pad));
  TSRT_CHECK(x.dim() == spatial + 1 || x.dim() == spatial + 2,
             op + ": expected a " + std::to_string(spatial + 1) + "-d or " + std::to_string(spatial + 2) +
                 "-d input, got " + x.shape_string());
  for (int64_t k = 0; k < spatial; ++k) {
    const int64_t d = x.dim() - 1 - k;
    const int64_t in = x.size(d), before = pad[static_cast<size_t>(2 * k)],
                  after = pad[static_cast<size_t>(2 * k + 1)];
    const std::string where = " (padding " + std::to_string(before) + ", " + std::to_string(after) + " at dim " +
                              std::to_string(d) + " of input " + x.shape_string() + ")";
    if (mode == PadMode::Reflect) {
      TSRT_CHECK(before < in && after < in, op + ": padding size should be less than the input dim" + where);
    } else if (mode == PadMode::Circular) {
      TSRT_CHECK(before <= in && after <= in, op + ": padding wraps around more than once" + where);
    }
    TSRT_CHECK(in > 0 && padded_size(in, before, after, op) > 0, op + ": the padded dim would be empty" + where);
    if (mode == PadMode::Circular) {
      TSRT_CHECK(in - std::max<int64_t>(-before, 0) - std::max<int64_t>(-after, 0) > 0,
                 op + ": negative padding leaves nothing to wrap around" + where);
    }
  }
  return pad_gather(x, pad, mode, 0.0);
}

Tensor pad_by_mode(const Tensor& x, const Shape& pad, PadMode mode, std::optional<double> value,
                   const std::string& op) {
  check_pad_length(x, pad, op);
  if (mode == PadMode::Constant) return constant_pad_nd(x, pad, value.value_or(0.0));
  TSRT_CHECK(!value || *value == 0.0,
             op + ": padding mode \"" + std::string(mode_name(mode)) + "\" doesn't take in value argument");
  const int64_t spatial = static_cast<int64_t>(pad.size()) / 2;
  TSRT_CHECK(spatial >= 1 && spatial <= 3 && (x.dim() == spatial + 1 || x.dim() == spatial + 2),
             op + ": only 2D, 3D, 4D, 5D padding with non-constant padding are supported, got padding " +
                 shape_to_string(pad) + " for input " + x.shape_string());
  const std::string names[3][3] = {{"aten::reflection_pad1d", "aten::reflection_pad2d", "aten::reflection_pad3d"},
                                   {"aten::replication_pad1d", "aten::replication_pad2d", "aten::replication_pad3d"},
                                   {"aten::_pad_circular", "aten::_pad_circular", "aten::_pad_circular"}};
  return spatial_pad(x, pad, mode, spatial, names[static_cast<int64_t>(mode)][spatial - 1]);
}

PadMode mode_from_string(const std::string& mode) {
  for (PadMode m : {PadMode::Constant, PadMode::Reflect, PadMode::Replicate, PadMode::Circular}) {
    if (mode == mode_name(m)) return m;
  }
  throw Error("aten::pad: unrecognised padding mode \"" + mode + "\"");
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
// Every padding op: the trailing dims grow by their padding pairs (last dim first).
ir::TensorFacts padded_shape(const ir::ShapeContext& c) {
  ir::TensorFacts in = c.self();
  const ir::Value* pad_arg = c.arg("pad") ? c.arg("pad") : c.arg("padding");
  std::optional<ir::Sizes> pad = c.int_list(pad_arg);
  ir::TensorFacts out{in.dtype, std::nullopt, in.contiguous};
  if (!in.sizes || !pad || pad->size() % 2 != 0 || pad->size() > 2 * in.sizes->size()) return out;
  out.sizes = in.sizes;
  for (size_t k = 0; 2 * k < pad->size(); ++k) {
    std::optional<int64_t>& dim = (*out.sizes)[out.sizes->size() - 1 - k];
    const std::optional<int64_t> before = (*pad)[2 * k], after = (*pad)[2 * k + 1];
    dim = dim && before && after ? std::optional<int64_t>(*dim + *before + *after) : std::nullopt;
  }
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(padding) {
  r.add("aten::constant_pad_nd(Tensor self, int[] pad, Scalar value=0) -> Tensor",
        [](const Args& a) { return Value(constant_pad_nd(a.tensor(0), a.int_list(1), a.to_double(2))); });
  r.add("aten::pad(Tensor self, int[] pad, str mode=\"constant\", float? value=None) -> Tensor", [](const Args& a) {
    return Value(pad_by_mode(a.tensor(0), a.int_list(1), mode_from_string(a.to_string(2)), a.optional_double(3),
                             "aten::pad"));
  });
  r.add("aten::_pad_enum(Tensor self, int[] pad, int mode, float? value=None) -> Tensor", [](const Args& a) {
    const int64_t mode = a.to_int(2);
    TSRT_CHECK(mode >= 0 && mode <= 3, "aten::_pad_enum: unknown padding mode " + std::to_string(mode));
    return Value(pad_by_mode(a.tensor(0), a.int_list(1), static_cast<PadMode>(mode), a.optional_double(3),
                             "aten::_pad_enum"));
  });
  r.add("aten::_pad_circular(Tensor self, int[] pad) -> Tensor", [](const Args& a) {
    const Shape pad = a.int_list(1);
    const Tensor& x = a.tensor(0);
    const int64_t spatial = static_cast<int64_t>(pad.size()) / 2;
    TSRT_CHECK(pad.size() % 2 == 0 && spatial >= 1 && spatial <= 3,
               "aten::_pad_circular: expected 2, 4 or 6 padding values, got " + shape_to_string(pad));
    return Value(spatial_pad(x, pad, PadMode::Circular, spatial, "aten::_pad_circular"));
  });
  const struct {
    const char* schema;
    PadMode mode;
    int64_t spatial;
    const char* name;
  } spatial_ops[] = {
      {"aten::reflection_pad1d(Tensor self, int[2] padding) -> Tensor", PadMode::Reflect, 1, "aten::reflection_pad1d"},
      {"aten::reflection_pad2d(Tensor self, int[4] padding) -> Tensor", PadMode::Reflect, 2, "aten::reflection_pad2d"},
      {"aten::reflection_pad3d(Tensor self, int[6] padding) -> Tensor", PadMode::Reflect, 3, "aten::reflection_pad3d"},
      {"aten::replication_pad1d(Tensor self, int[2] padding) -> Tensor", PadMode::Replicate, 1,
       "aten::replication_pad1d"},
      {"aten::replication_pad2d(Tensor self, int[4] padding) -> Tensor", PadMode::Replicate, 2,
       "aten::replication_pad2d"},
      {"aten::replication_pad3d(Tensor self, int[6] padding) -> Tensor", PadMode::Replicate, 3,
       "aten::replication_pad3d"},
  };
  for (const auto& op : spatial_ops) {
    const PadMode mode = op.mode;
    const int64_t spatial = op.spatial;
    const std::string name = op.name;
    r.add(op.schema, [mode, spatial, name](const Args& a) {
      return Value(spatial_pad(a.tensor(0), a.int_list(1), mode, spatial, name));
    });
  }

  // Shape rules (ir/shape_rule.h), what shape-prop knows of each op's results.
  r.ops({"aten::constant_pad_nd", "aten::pad", "aten::_pad_enum", "aten::_pad_circular", "aten::reflection_pad1d",
         "aten::reflection_pad2d", "aten::reflection_pad3d", "aten::replication_pad1d", "aten::replication_pad2d",
         "aten::replication_pad3d"})
      .shape(ir::one_output(padded_shape));
}

}  // namespace tsrt::kernels
