// tsrt's .npy reader and writer: round trips for every dtype and layout, files written by numpy
// itself (tools/models/make_npy_samples.py), and malformed files that must raise tsrt::Error.
#include "frontends/npy/npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/error.h"

namespace tsrt {
namespace {

std::string samples_dir() {
  const char* testdata = std::getenv("TSRT_TESTDATA");
  if (testdata == nullptr || *testdata == '\0') {
    ADD_FAILURE() << "TSRT_TESTDATA is not set (run tools/make_testdata.sh and pass --test_env)";
    return "";
  }
  return std::string(testdata) + "/npy";
}

// A tensor of `sizes` whose i-th element (C order) is a dtype-typical value derived from i.
Tensor patterned(const Shape& sizes, DType dtype) {
  Tensor t = Tensor::empty(sizes, dtype);
  TSRT_DISPATCH_ALL_TYPES(dtype, "patterned", [&] {
    scalar_t* data = t.data<scalar_t>();
    for (int64_t i = 0; i < t.numel(); ++i) {
      if constexpr (std::is_same_v<scalar_t, bool>) {
        data[i] = (i * 7) % 3 == 0;
      } else if constexpr (std::is_floating_point_v<scalar_t>) {
        data[i] = static_cast<scalar_t>(std::sin(static_cast<double>(i)) * 1000.0 + 0.125);
      } else {
        data[i] = static_cast<scalar_t>(i * 37 - 50);
      }
    }
  });
  return t;
}

bool same_bytes(const Tensor& a, const Tensor& b) {
  Tensor ca = a.contiguous(), cb = b.contiguous();
  return ca.nbytes() == cb.nbytes() &&
         (ca.nbytes() == 0 || std::memcmp(ca.raw_data(), cb.raw_data(), ca.nbytes()) == 0);
}

const DType kAllDTypes[] = {DType::Float32, DType::Float64, DType::Int64, DType::Int32,
                            DType::Int16,   DType::Int8,    DType::UInt8, DType::Bool};

TEST(Npy, RoundTripsEveryDTypeAndShape) {
  const std::vector<Shape> shapes = {{}, {0}, {2, 0, 3}, {1}, {5}, {2, 3}, {2, 3, 4}, {1, 1, 2, 1, 3}};
  for (DType dtype : kAllDTypes) {
    for (const Shape& shape : shapes) {
      SCOPED_TRACE(std::string(dtype_name(dtype)) + " " + shape_to_string(shape));
      Tensor original = patterned(shape, dtype);
      std::string bytes = npy::serialize(original);
      // numpy requires the data to start on a 64-byte boundary.
      size_t header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
      EXPECT_EQ((10 + header_len) % 64, 0u);
      EXPECT_EQ(bytes.size(), 10 + header_len + original.nbytes());
      Tensor back = npy::parse(bytes, "roundtrip");
      EXPECT_EQ(back.dtype(), dtype);
      EXPECT_EQ(back.sizes(), shape);
      EXPECT_TRUE(same_bytes(back, original));
    }
  }
}

// numpy has no bfloat16: such tensors are written as float32, which holds each value exactly.
TEST(Npy, WritesBFloat16AsFloat32) {
  Tensor values = Tensor::empty({3}, DType::Float32);
  float* v = values.data<float>();
  v[0] = 1.0f;
  v[1] = -3.140625f;  // exactly representable in bfloat16
  v[2] = 1e30f;
  Tensor b = values.to(DType::BFloat16);
  Tensor back = npy::parse(npy::serialize(b), "bf16.npy");
  ASSERT_EQ(back.dtype(), DType::Float32);
  EXPECT_EQ(back.data<float>()[0], 1.0f);
  EXPECT_EQ(back.data<float>()[1], -3.140625f);
  EXPECT_EQ(back.data<float>()[2], static_cast<float>(BFloat16(1e30f)));
}

TEST(Npy, RoundTripsThroughAFile) {
  std::string path = std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") + "/rt.npy";
  Tensor original = patterned({3, 4}, DType::Float64);
  npy::write(path, original);
  Tensor back = npy::read(path);
  EXPECT_EQ(back.sizes(), original.sizes());
  EXPECT_TRUE(same_bytes(back, original));
}

// A str is written as numpy writes np.array(text): a 0-d '<U{n}' array of UCS-4 code points
// (tests/cli reads these files with numpy itself).
TEST(Npy, StringsRoundTripAsZeroDimUnicodeArrays) {
  const std::string text = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80";  // héllo ✓ 😀: 9 code points
  std::string bytes = npy::serialize_string(text);
  EXPECT_NE(bytes.find("'descr': '<U9'"), std::string::npos);
  EXPECT_NE(bytes.find("'shape': ()"), std::string::npos);
  EXPECT_EQ(bytes.size() % 64, 36u % 64);  // 64-byte aligned header + 9 * 4 bytes
  EXPECT_TRUE(npy::is_string_array(bytes));
  EXPECT_EQ(npy::parse_string(bytes, "s.npy"), text);
  // numpy's smallest str dtype is '<U1': the empty string is one NUL code unit.
  std::string empty = npy::serialize_string("");
  EXPECT_NE(empty.find("'descr': '<U1'"), std::string::npos);
  EXPECT_EQ(npy::parse_string(empty, "e.npy"), "");
  // A byte that is not UTF-8 becomes U+FFFD, as Python's 'replace' decoding does.
  EXPECT_EQ(npy::parse_string(npy::serialize_string("a\xff" "b"), "r.npy"), "a\xef\xbf\xbd" "b");
  // A string file is not a tensor, and a tensor file is not a string.
  EXPECT_THROW(npy::parse(bytes, "s.npy"), Error);
  Tensor t = Tensor::zeros({2}, DType::Float32);
  EXPECT_FALSE(npy::is_string_array(npy::serialize(t)));
  EXPECT_THROW(npy::parse_string(npy::serialize(t), "t.npy"), Error);
}

TEST(Npy, WritesNonContiguousViewsInLogicalOrder) {
  Tensor base = patterned({3, 4}, DType::Int32);
  Tensor transposed = base.as_strided({4, 3}, {1, 4}, 0);
  Tensor back = npy::parse(npy::serialize(transposed), "transposed");
  ASSERT_EQ(back.sizes(), (Shape{4, 3}));
  for (int64_t r = 0; r < 4; ++r) {
    for (int64_t c = 0; c < 3; ++c) EXPECT_EQ(back.data<int32_t>()[r * 3 + c], base.data<int32_t>()[c * 4 + r]);
  }
}

// A Fortran-order file of shape [2, 3] stores the bytes of its [3, 2] transpose in C order.
TEST(Npy, ReadsFortranOrderAsTheLogicalArray) {
  for (DType dtype : kAllDTypes) {
    SCOPED_TRACE(dtype_name(dtype));
    Tensor column_major = patterned({3, 2}, dtype);
    std::string bytes = npy::serialize(column_major);
    size_t order = bytes.find("'fortran_order': False");
    size_t shape = bytes.find("(3, 2)");
    ASSERT_NE(order, std::string::npos);
    ASSERT_NE(shape, std::string::npos);
    bytes.replace(order, 22, "'fortran_order': True ");
    bytes.replace(shape, 6, "(2, 3)");
    Tensor back = npy::parse(bytes, "fortran");
    ASSERT_EQ(back.sizes(), (Shape{2, 3}));
    size_t item = element_size(dtype);
    for (int64_t r = 0; r < 2; ++r) {
      for (int64_t c = 0; c < 3; ++c) {
        const char* got = static_cast<const char*>(back.contiguous().raw_data()) + (r * 3 + c) * item;
        const char* want = static_cast<const char*>(column_major.raw_data()) + (c * 2 + r) * item;
        EXPECT_EQ(std::memcmp(got, want, item), 0) << r << "," << c;
      }
    }
  }
}

double half_to_double(uint16_t bits) {
  int exponent = (bits >> 10) & 0x1f;
  int mantissa = bits & 0x3ff;
  double sign = (bits & 0x8000) ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31) return mantissa ? NAN : sign * INFINITY;
  return sign * std::ldexp(1024 + mantissa, exponent - 25);
}

// Element i of `t` (C order) as a JSON value comparable with numpy's tolist().
nlohmann::json element(const Tensor& t, int64_t i) {
  if (t.dtype() == DType::Float16) return half_to_double(t.data<uint16_t>()[i]);
  return TSRT_DISPATCH_ALL_TYPES(t.dtype(), "element", [&]() -> nlohmann::json {
    scalar_t v = t.data<scalar_t>()[i];
    if constexpr (std::is_same_v<scalar_t, bool>) return v;
    else if constexpr (std::is_floating_point_v<scalar_t>) return static_cast<double>(v);
    else return static_cast<int64_t>(v);
  });
}

TEST(Npy, ReadsFilesWrittenByNumpy) {
  std::ifstream in(samples_dir() + "/samples.json");
  ASSERT_TRUE(in.good()) << "no " << samples_dir() << "/samples.json (run tools/make_testdata.sh)";
  nlohmann::json samples = nlohmann::json::parse(in);
  int fortran_files = 0;
  ASSERT_GE(samples.at("readable").size(), 20u);
  for (const auto& sample : samples.at("readable")) {
    std::string name = sample.at("name").get<std::string>();
    SCOPED_TRACE(name);
    Tensor t = npy::read(samples_dir() + "/" + sample.at("file").get<std::string>());
    fortran_files += sample.at("fortran_order").get<bool>() ? 1 : 0;
    EXPECT_EQ(std::string(dtype_name(t.dtype())), sample.at("dtype").get<std::string>());
    EXPECT_EQ(t.sizes(), sample.at("shape").get<Shape>());
    const auto& values = sample.at("values");
    ASSERT_EQ(static_cast<size_t>(t.numel()), values.size());
    Tensor c = t.contiguous();
    for (int64_t i = 0; i < c.numel(); ++i) {
      EXPECT_EQ(element(c, i), values[i]) << "element " << i;
    }
  }
  EXPECT_GE(fortran_files, 3);
}

TEST(Npy, RejectsNumpyFilesOfUnsupportedFormats) {
  std::ifstream in(samples_dir() + "/samples.json");
  ASSERT_TRUE(in.good());
  nlohmann::json samples = nlohmann::json::parse(in);
  ASSERT_FALSE(samples.at("rejected").empty());
  for (const auto& file : samples.at("rejected")) {
    std::string path = samples_dir() + "/" + file.get<std::string>();
    try {
      npy::read(path);
      ADD_FAILURE() << path << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
}

TEST(Npy, MissingFileIsAnError) {
  EXPECT_THROW(npy::read("/nonexistent/dir/x.npy"), Error);
}

template <size_t N>
std::string literal_bytes(const char (&text)[N]) {
  return std::string(text, N - 1);
}

// A version 1.0 file with `header` (length field computed) followed by `data`.
std::string npy_with_header(const std::string& header, const std::string& data) {
  std::string bytes = literal_bytes("\x93NUMPY\x01\x00");
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  return bytes + header + data;
}

TEST(Npy, GarbageIsAnError) {
  const std::string eight_bytes(8, '\0');
  const std::vector<std::string> garbage = {
      "",
      "hello world, not numpy",
      literal_bytes("\x93NUMPY"),
      literal_bytes("\x93NUMPY\x01\x00"),
      literal_bytes("\x93NUMPY\x01\x00\xff\xff{'descr'"),          // header longer than file
      literal_bytes("\x93NUMPY\x09\x00\x02\x00{}"),                // unknown version
      npy_with_header("{}", eight_bytes),
      npy_with_header("{'descr': '<f4', 'shape': (2,), }", eight_bytes),
      npy_with_header("{'descr': '<f4', 'fortran_order': False, }", eight_bytes),
      npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, }", eight_bytes),
      npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999,), }", eight_bytes),
      npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536), }", eight_bytes),
      npy_with_header("{'descr': 'zz', 'fortran_order': False, 'shape': (1,), }", eight_bytes),
      npy_with_header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", eight_bytes),
      npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", eight_bytes.substr(0, 7)),
  };
  for (size_t i = 0; i < garbage.size(); ++i) {
    EXPECT_THROW(npy::parse(garbage[i], "garbage" + std::to_string(i)), Error) << "case " << i;
  }
  // The same construction with a well-formed header is accepted: the cases fail for their flaw.
  Tensor ok = npy::parse(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", eight_bytes), "ok");
  EXPECT_EQ(ok.sizes(), (Shape{2}));
}

// Every proper prefix of a valid file is truncated: each must raise tsrt::Error, none crash.
TEST(Npy, EveryTruncationIsAnError) {
  for (const Shape& shape : {Shape{2, 3}, Shape{}}) {
    std::string bytes = npy::serialize(patterned(shape, DType::Float64));
    for (size_t length = 0; length < bytes.size(); ++length) {
      EXPECT_THROW(npy::parse(bytes.substr(0, length), "truncated"), Error) << "prefix " << length;
    }
  }
}

// Corrupting any single header byte must give either a tensor or tsrt::Error, never a crash
// or another exception type.
TEST(Npy, CorruptHeadersFailCleanly) {
  std::string valid = npy::serialize(patterned({2, 3}, DType::Int16));
  size_t data_start = valid.size() - 12;
  const char replacements[] = {'\0', '\xff', '(', ')', ',', ':', '\'', '9', ' ', '}', 'T'};
  for (size_t pos = 0; pos < data_start; ++pos) {
    for (char r : replacements) {
      std::string bytes = valid;
      bytes[pos] = r;
      try {
        npy::parse(bytes, "corrupt");
      } catch (const Error&) {
      } catch (const std::exception& e) {
        ADD_FAILURE() << "byte " << pos << " = " << int(static_cast<unsigned char>(r)) << ": " << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace tsrt
