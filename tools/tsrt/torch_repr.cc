// Follows torch 1.13's torch/_tensor_str.py (the _Formatter class, _vector_str,
// _tensor_str_with_formatter and _str_intern) with its default print options.
#include "tools/tsrt/torch_repr.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

namespace tsrt::cli {

namespace {

constexpr int kPrecision = 4;
constexpr int64_t kThreshold = 1000;  // more elements than this: summarise
constexpr int64_t kEdgeItems = 3;
constexpr size_t kLineWidth = 80;

std::string format(const char* fmt, double v, int width = 0) {
  char buf[64];
  if (width > 0) {
    std::snprintf(buf, sizeof buf, fmt, width, v);
  } else {
    std::snprintf(buf, sizeof buf, fmt, v);
  }
  return buf;
}

// Python's '{:.Nf}' / '{:.Ne}' of a non-finite value: 'nan', 'inf', '-inf' (C may print "-nan").
bool non_finite(double v, std::string& out) {
  if (std::isnan(v)) out = "nan";
  else if (std::isinf(v)) out = v < 0 ? "-inf" : "inf";
  else return false;
  return true;
}

std::string fixed(double v, int digits) {
  std::string s;
  if (non_finite(v, s)) return s;
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string scientific(double v) {
  std::string s;
  if (non_finite(v, s)) return s;
  return format("%.4e", v);
}

// The printed elements (by row-major index) as float64 for floating tensors, int64 for integers,
// bool: only those shown are read, so that printing a large result copies nothing.
struct Elements {
  enum class Kind { Floating, Integer, Boolean } kind;
  std::unordered_map<int64_t, double> f;
  std::unordered_map<int64_t, int64_t> i;
  std::unordered_map<int64_t, bool> b;
};

class Formatter {
 public:
  Formatter(const Elements& e, const std::vector<int64_t>& indices) : kind_(e.kind) {
    if (kind_ != Elements::Kind::Floating) {
      for (int64_t k : indices) width_ = std::max(width_, text(e, k).size());
      return;
    }
    std::vector<double> values;
    for (int64_t k : indices) {
      double v = e.f.at(k);
      if (std::isfinite(v) && v != 0) values.push_back(v);
    }
    if (values.empty()) return;
    double lo = INFINITY, hi = 0;
    for (double v : values) {
      lo = std::min(lo, std::fabs(v));
      hi = std::max(hi, std::fabs(v));
      if (v != std::ceil(v)) int_mode_ = false;
    }
    if (int_mode_) {
      sci_mode_ = hi / lo > 1000.0 || hi > 1e8;
      for (double v : values) width_ = std::max(width_, sci_mode_ ? scientific(v).size() : fixed(v, 0).size() + 1);
    } else {
      sci_mode_ = hi / lo > 1000.0 || hi > 1e8 || lo < 1e-4;
      for (double v : values) width_ = std::max(width_, sci_mode_ ? scientific(v).size() : fixed(v, kPrecision).size());
    }
  }

  size_t width() const { return width_; }

  std::string text(const Elements& e, int64_t k) const {
    if (kind_ == Elements::Kind::Boolean) return e.b.at(k) ? "True" : "False";
    if (kind_ == Elements::Kind::Integer) return std::to_string(e.i.at(k));
    double v = e.f.at(k);
    if (sci_mode_) return scientific(v);
    if (int_mode_) return fixed(v, 0) + (std::isfinite(v) ? "." : "");
    return fixed(v, kPrecision);
  }

  std::string padded(const Elements& e, int64_t k) const {
    std::string s = text(e, k);
    return s.size() < width_ ? std::string(width_ - s.size(), ' ') + s : s;
  }

 private:
  Elements::Kind kind_;
  bool int_mode_ = true;
  bool sci_mode_ = false;
  size_t width_ = 1;
};

// Positions along one dimension that are printed: all, or the edge items when summarising.
std::vector<int64_t> shown(int64_t size, bool summarize) {
  std::vector<int64_t> out;
  if (summarize && size > 2 * kEdgeItems) {
    for (int64_t i = 0; i < kEdgeItems; ++i) out.push_back(i);
    for (int64_t i = size - kEdgeItems; i < size; ++i) out.push_back(i);
  } else {
    for (int64_t i = 0; i < size; ++i) out.push_back(i);
  }
  return out;
}

// Flat (row-major) indices of the elements the formatter sees (torch's get_summarized_data).
void collect(const Shape& sizes, size_t dim, int64_t base, bool summarize, std::vector<int64_t>& out) {
  if (dim == sizes.size()) {
    out.push_back(base);
    return;
  }
  for (int64_t i : shown(sizes[dim], summarize)) collect(sizes, dim + 1, base * sizes[dim] + i, summarize, out);
}

struct Printer {
  const Elements& e;
  const Shape& sizes;
  const Formatter& f;
  bool summarize;

  std::string vector(int64_t base, size_t indent) const {
    size_t element_length = f.width() + 2;
    size_t per_line = std::max<size_t>(1, kLineWidth > indent ? (kLineWidth - indent) / element_length : 0);
    int64_t n = sizes.back();
    std::vector<std::string> data;
    std::vector<int64_t> positions = shown(n, summarize);
    for (size_t j = 0; j < positions.size(); ++j) {
      if (j == static_cast<size_t>(kEdgeItems) && positions.size() < static_cast<size_t>(n)) data.push_back(" ...");
      data.push_back(f.padded(e, base * n + positions[j]));
    }
    std::string out = "[";
    for (size_t j = 0; j < data.size(); ++j) {
      if (j > 0) out += j % per_line == 0 ? ",\n" + std::string(indent + 1, ' ') : ", ";
      out += data[j];
    }
    return out + "]";
  }

  std::string tensor(size_t dim, int64_t base, size_t indent) const {
    if (dim + 1 == sizes.size()) return vector(base, indent);
    std::vector<int64_t> positions = shown(sizes[dim], summarize);
    std::string separator = "," + std::string(sizes.size() - dim - 1, '\n') + std::string(indent + 1, ' ');
    std::string out = "[";
    for (size_t j = 0; j < positions.size(); ++j) {
      if (j > 0) out += separator;
      if (j == static_cast<size_t>(kEdgeItems) && positions.size() < static_cast<size_t>(sizes[dim])) {
        out += "..." + separator;
      }
      out += tensor(dim + 1, base * sizes[dim] + positions[j], indent + 1);
    }
    return out + "]";
  }
};

Elements read_elements(const Tensor& t, const std::vector<int64_t>& indices) {
  Elements e;
  e.kind = t.dtype() == DType::Bool        ? Elements::Kind::Boolean
           : is_floating(t.dtype())        ? Elements::Kind::Floating
                                           : Elements::Kind::Integer;
  for (int64_t k : indices) {
    // Row-major index -> storage offset through the strides: views are read in place.
    int64_t offset = t.storage_offset();
    int64_t rest = k;
    for (int64_t d = t.dim() - 1; d >= 0; --d) {
      offset += (rest % t.size(d)) * t.stride(d);
      rest /= t.size(d);
    }
    Tensor element = t.as_strided(Shape{}, Shape{}, offset);
    if (e.kind == Elements::Kind::Boolean) e.b[k] = element.item_bool();
    else if (e.kind == Elements::Kind::Floating) e.f[k] = element.item_double();
    else e.i[k] = element.item_int();
  }
  return e;
}

std::string torch_dtype(DType dtype) {
  switch (dtype) {
    case DType::UInt8: return "torch.uint8";
    case DType::Int8: return "torch.int8";
    case DType::Int16: return "torch.int16";
    case DType::Int32: return "torch.int32";
    case DType::Int64: return "torch.int64";
    case DType::Float16: return "torch.float16";
    case DType::Float32: return "torch.float32";
    case DType::Float64: return "torch.float64";
    case DType::Bool: return "torch.bool";
    case DType::BFloat16: return "torch.bfloat16";
  }
  return "?";
}

std::string shape_tuple(const Shape& sizes) {
  std::string s = "(";
  for (size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
  return s + (sizes.size() == 1 ? ",)" : ")");
}

}  // namespace

std::string tensor_repr(const Tensor& t) {
  const std::string prefix = "tensor(";
  const size_t indent = prefix.size();
  std::vector<std::string> suffixes;
  std::string body;
  if (t.numel() == 0) {
    if (t.dim() != 1) suffixes.push_back("size=" + shape_tuple(t.sizes()));
    if (t.dtype() != DType::Float32) suffixes.push_back("dtype=" + torch_dtype(t.dtype()));
    body = "[]";
  } else {
    bool default_dtype = t.dtype() == DType::Float32 || t.dtype() == DType::Int64 || t.dtype() == DType::Bool;
    if (!default_dtype) suffixes.push_back("dtype=" + torch_dtype(t.dtype()));
    bool summarize = t.numel() > kThreshold;
    std::vector<int64_t> indices;
    collect(t.sizes(), 0, 0, summarize, indices);
    Elements e = read_elements(t, indices);
    Formatter f(e, indices);
    if (t.dim() == 0) {
      body = f.padded(e, 0);
    } else {
      body = Printer{e, t.sizes(), f, summarize}.tensor(0, 0, indent);
    }
  }
  std::string out = prefix + body;
  size_t newline = out.rfind('\n');
  size_t last_line = newline == std::string::npos ? out.size() + 2 : out.size() - newline + 1;
  for (const std::string& suffix : suffixes) {
    if (last_line + suffix.size() + 2 > kLineWidth) {
      out += ",\n" + std::string(indent, ' ') + suffix;
      last_line = indent + suffix.size();
    } else {
      out += ", " + suffix;
      last_line += suffix.size() + 2;
    }
  }
  return out + ")";
}

std::string python_float_repr(double v) {
  std::string s;
  if (non_finite(v, s)) return s;
  // The shortest digits that read back as the same double, as Python's repr picks them.
  char buf[64];
  int digits = 1;
  for (; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  s = buf;
  // Python writes positional digits for exponents -4..15 and an exponent otherwise; %g's
  // switch point is the number of digits instead.
  int exponent = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v))));
  bool has_exponent = s.find('e') != std::string::npos;
  if (has_exponent && exponent >= -4 && exponent < 16) {
    std::snprintf(buf, sizeof buf, "%.1f", v);  // integral here: 1e+06 -> 1000000.0
    s = buf;
  } else if (!has_exponent && exponent >= 16) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    s = buf;
  }
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string python_str_repr(const std::string& text) {
  bool has_single = text.find('\'') != std::string::npos;
  bool has_double = text.find('"') != std::string::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (unsigned char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == static_cast<unsigned char>(quote)) out += std::string("\\") + quote;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + quote;
}

std::string torch_repr(const Value& v) {
  if (v.is_none()) return "None";
  if (v.is_tensor()) return v.to_tensor().defined() ? tensor_repr(v.to_tensor()) : "None";
  if (v.is_bool()) return v.to_bool() ? "True" : "False";
  if (v.is_int()) return std::to_string(v.to_int());
  if (v.is_double()) return python_float_repr(v.to_double());
  if (v.is_string()) return python_str_repr(v.to_string());
  if (v.is_device()) return "device(type='" + v.to_device().name + "')";
  if (v.is_tuple() || v.is_list()) {
    const auto& items = v.is_tuple() ? v.to_tuple()->items : v.to_list()->items;
    std::string out = v.is_tuple() ? "(" : "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + torch_repr(items[i]);
    if (v.is_tuple() && items.size() == 1) out += ",";
    return out + (v.is_tuple() ? ")" : "]");
  }
  if (v.is_dict()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : v.to_dict()->entries) {
      out += (first ? "" : ", ") + torch_repr(key) + ": " + torch_repr(value);
      first = false;
    }
    return out + "}";
  }
  return v.repr();
}

}  // namespace tsrt::cli
