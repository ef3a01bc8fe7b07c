#include "frontends/npy/npy.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <fstream>
#include <sstream>

#include "runtime/error.h"

namespace tsrt::npy {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int64_t kMaxElements = int64_t{1} << 34;

struct DescrEntry {
  const char* descr;
  DType dtype;
};
constexpr DescrEntry kDescrs[] = {
    {"<f4", DType::Float32}, {"<f8", DType::Float64}, {"<f2", DType::Float16},
    {"<i8", DType::Int64},   {"<i4", DType::Int32},   {"<i2", DType::Int16},
    {"|i1", DType::Int8},    {"|u1", DType::UInt8},   {"|b1", DType::Bool},
};

std::string header_field(const std::string& header, const std::string& key, const std::string& origin) {
  size_t k = header.find("'" + key + "'");
  TSRT_CHECK(k != std::string::npos, origin + ": npy header lacks '" + key + "'");
  size_t colon = header.find(':', k);
  TSRT_CHECK(colon != std::string::npos, origin + ": malformed npy header");
  size_t start = colon + 1;
  while (start < header.size() && header[start] == ' ') ++start;
  size_t end = start;
  if (start < header.size() && header[start] == '(') {
    end = header.find(')', start);
    TSRT_CHECK(end != std::string::npos, origin + ": malformed npy shape");
    return header.substr(start, end - start + 1);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  return header.substr(start, end - start);
}

}  // namespace

namespace {

struct Header {
  std::string text;   // the header dict
  std::string descr;  // unquoted: "<f4", "<U5", ...
  size_t data_start;
};

Header read_header(const std::string& bytes, const std::string& origin) {
  TSRT_CHECK(bytes.size() >= 10 && bytes.compare(0, 6, kMagic, 6) == 0, origin + ": not a .npy file");
  int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len;
  size_t header_start;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    header_start = 10;
  } else {
    TSRT_CHECK(bytes.size() >= 12 && (major == 2 || major == 3), origin + ": unsupported npy version");
    header_len = 0;
    for (int i = 0; i < 4; ++i) header_len |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    header_start = 12;
  }
  TSRT_CHECK(header_start + header_len <= bytes.size(), origin + ": truncated npy header");
  Header h;
  h.text = bytes.substr(header_start, header_len);
  h.descr = header_field(h.text, "descr", origin);
  h.descr.erase(0, h.descr.find_first_not_of(" '\""));
  h.descr.erase(h.descr.find_last_not_of(" '\"") + 1);
  h.data_start = header_start + header_len;
  return h;
}

}  // namespace

bool is_string_array(const std::string& bytes) {
  try {
    return read_header(bytes, "").descr.rfind("<U", 0) == 0;
  } catch (const Error&) {
    return false;
  }
}

std::string parse_string(const std::string& bytes, const std::string& origin) {
  Header h = read_header(bytes, origin);
  TSRT_CHECK(h.descr.rfind("<U", 0) == 0, origin + ": not a unicode ('<U') npy array");
  TSRT_CHECK(header_field(h.text, "shape", origin) == "()", origin + ": only a 0-d unicode array is one str");
  size_t n = std::strtoul(h.descr.c_str() + 2, nullptr, 10);
  TSRT_CHECK(n > 0 && n < (size_t{1} << 28) && bytes.size() - h.data_start >= 4 * n, origin + ": truncated npy str");
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + h.data_start + 4 * i);
    uint32_t cp = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
    if (cp == 0) break;  // numpy pads shorter strings with NULs
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | ((cp >> 18) & 0x07));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

Tensor parse(const std::string& bytes, const std::string& origin) {
  Header h = read_header(bytes, origin);
  const std::string& header = h.text;
  std::string descr = h.descr;
  if (descr == "<b1" || descr == "b1") descr = "|b1";
  if (descr == "<u1" || descr == "u1") descr = "|u1";
  if (descr == "<i1" || descr == "i1") descr = "|i1";
  const DescrEntry* entry = nullptr;
  for (const auto& e : kDescrs) {
    if (descr == e.descr) entry = &e;
  }
  TSRT_CHECK(entry != nullptr, origin + ": unsupported npy dtype '" + descr + "'");
  bool fortran = header_field(header, "fortran_order", origin).find("True") != std::string::npos;

  Shape shape;
  std::string shape_text = header_field(header, "shape", origin);
  std::string digits;
  int64_t numel = 1;
  for (char c : shape_text) {
    if (c >= '0' && c <= '9') {
      digits += c;
      TSRT_CHECK(digits.size() < 12, origin + ": npy dimension too large");
    } else if (!digits.empty()) {
      shape.push_back(std::stoll(digits));
      numel *= shape.back();
      TSRT_CHECK(numel <= kMaxElements, origin + ": npy array too large");
      digits.clear();
    }
  }

  size_t data_start = h.data_start;
  size_t nbytes = static_cast<size_t>(numel) * element_size(entry->dtype);
  TSRT_CHECK(bytes.size() - data_start >= nbytes,
        origin + ": truncated npy data (" + std::to_string(bytes.size() - data_start) + " of " +
            std::to_string(nbytes) + " bytes)");

  if (fortran && shape.size() > 1) {
    // Fortran order is the transpose's C order: read as reversed shape, then permute back.
    Shape reversed(shape.rbegin(), shape.rend());
    Tensor t = Tensor::empty(reversed, entry->dtype);
    std::memcpy(t.raw_data(), bytes.data() + data_start, nbytes);
    Shape strides(shape.size());
    Shape rstrides = t.strides();
    for (size_t i = 0; i < shape.size(); ++i) strides[i] = rstrides[shape.size() - 1 - i];
    return t.as_strided(shape, strides, 0).contiguous();
  }
  Tensor t = Tensor::empty(shape, entry->dtype);
  std::memcpy(t.raw_data(), bytes.data() + data_start, nbytes);
  return t;
}

Tensor read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TSRT_CHECK(in.good(), "cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

namespace {

// Magic, version 1.0 and the header dict, padded with spaces so that the data starts on a
// 64-byte boundary, newline-terminated (as numpy writes it).
std::string file_header(const std::string& descr, const Shape& sizes) {
  std::ostringstream header;
  header << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < sizes.size(); ++i) {
    header << sizes[i] << (sizes.size() == 1 ? "," : (i + 1 < sizes.size() ? ", " : ""));
  }
  header << "), }";
  std::string h = header.str();
  size_t total = 10 + h.size() + 1;
  h.append((64 - total % 64) % 64, ' ');
  h += '\n';
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(h.size() & 0xff);
  out += static_cast<char>((h.size() >> 8) & 0xff);
  return out + h;
}

// UTF-8 to code points; a malformed sequence's first byte becomes U+FFFD (Python's 'replace').
std::vector<uint32_t> code_points(const std::string& utf8) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < utf8.size()) {
    auto c = static_cast<unsigned char>(utf8[i]);
    size_t extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;
    uint32_t cp = extra == 0 ? c : c & (0x3fu >> extra);
    bool ok = extra < 4 && i + extra < utf8.size();
    for (size_t k = 1; ok && k <= extra; ++k) {
      auto next = static_cast<unsigned char>(utf8[i + k]);
      ok = (next & 0xc0) == 0x80;
      cp = (cp << 6) | (next & 0x3f);
    }
    out.push_back(ok ? cp : 0xfffd);
    i += ok ? 1 + extra : 1;
  }
  return out;
}

}  // namespace

std::string serialize(const Tensor& tensor) {
  // numpy has no bfloat16: its values are written as float32, which holds every one exactly.
  if (tensor.dtype() == DType::BFloat16) return serialize(tensor.to(DType::Float32));
  const char* descr = nullptr;
  for (const auto& e : kDescrs) {
    if (e.dtype == tensor.dtype()) descr = e.descr;
  }
  TSRT_CHECK(descr != nullptr, std::string("npy: cannot write dtype ") + dtype_name(tensor.dtype()));
  std::string out = file_header(descr, tensor.sizes());
  Tensor c = tensor.contiguous();
  out.append(static_cast<const char*>(c.raw_data()), c.nbytes());
  return out;
}

std::string serialize_string(const std::string& utf8) {
  std::vector<uint32_t> chars = code_points(utf8);
  // numpy's smallest str dtype is '<U1' (an empty string is one NUL code unit).
  size_t n = std::max<size_t>(1, chars.size());
  chars.resize(n, 0);
  std::string out = file_header("<U" + std::to_string(n), Shape{});
  for (uint32_t cp : chars) {
    for (int b = 0; b < 4; ++b) out += static_cast<char>((cp >> (8 * b)) & 0xff);  // UCS-4 little-endian
  }
  return out;
}

namespace {
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  TSRT_CHECK(out.good(), "cannot write " + path);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  TSRT_CHECK(out.good(), "error writing " + path);
}

}  // namespace

void write(const std::string& path, const Tensor& tensor) { write_bytes(path, serialize(tensor)); }
void write_string(const std::string& path, const std::string& utf8) { write_bytes(path, serialize_string(utf8)); }

}  // namespace tsrt::npy
