// Resource limits, end to end through tsrt::load: hostile archives crafted from corpus models
// (one entry replaced or damaged) and runaway code are refused with an error naming the limit
// and the place, and the limits in RunLimits can be changed. The unit-level checks of the same
// limits live beside their code (pickle_test, parser_test, archive_test).
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "frontends/archive/archive.h"
#include "frontends/archive/zip_writer.h"
#include "frontends/npy/npy.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

std::string corpus(const std::string& file) { return testing::testdata_dir() + "/corpus/" + file; }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A copy of corpus archive `file` with entries replaced (name relative to the archive's folder,
// e.g. "data.pkl"), as zip bytes.
std::string rewrite_archive(const std::string& file, const std::map<std::string, std::string>& replaced) {
  auto original = archive::Archive::open(corpus(file));
  archive::testing::ZipWriter writer;
  std::string prefix = original->prefix();
  for (const std::string& name : original->entry_names()) {
    auto it = replaced.find(name);
    writer.add(prefix + name, it != replaced.end() ? it->second : original->read(name));
  }
  return writer.finish();
}

// Writes `bytes` to a file in the test's temp folder and returns its path.
std::string write_temp(const std::string& name, const std::string& bytes) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string load_error(const std::string& name, const std::string& bytes, const LoadOptions& options = {}) {
  std::string path = write_temp(name, bytes);
  return error_of([&] { load(path, options); });
}

// ---- nesting ----

TEST(Limits, PickleNestedDeeperThan1000IsRefused) {
  // 1,500 one-element tuples inside each other as data.pkl.
  std::string deep = std::string("\x80\x02N") + std::string(1500, '\x85') + ".";
  std::string e = load_error("deep_pickle.pt", rewrite_archive("cf_for_range.pt", {{"data.pkl", deep}}));
  EXPECT_NE(e.find("data.pkl"), std::string::npos) << e;
  EXPECT_NE(e.find("nested deeper than 1000"), std::string::npos) << e;
}

// cf_for_range's source with forward's body replaced by `body` (indented 4 spaces).
std::string for_range_source(const std::string& body) {
  return "class ForRange(Module):\n"
         "  __parameters__ = []\n"
         "  __buffers__ = []\n"
         "  training : bool\n"
         "  _is_full_backward_hook : Optional[bool]\n"
         "  def forward(self: __torch__.control_flow.ForRange,\n"
         "    x: Tensor,\n"
         "    n: int) -> Tensor:\n" +
         body;
}

std::string for_range_with(const std::string& body) {
  return rewrite_archive("cf_for_range.pt", {{"code/__torch__/control_flow.py", for_range_source(body)},
                                             {"code/__torch__/control_flow.py.debug_pkl", "\x80\x02)."}});
}

TEST(Limits, SourceNestedDeeperThan200IsRefusedWithItsLine) {
  std::string deep = "    return " + std::string(5000, '(') + "x" + std::string(5000, ')') + "\n";
  std::string e = load_error("deep_source.pt", for_range_with(deep));
  EXPECT_NE(e.find("nesting too deep (more than 200"), std::string::npos) << e;
  EXPECT_NE(e.find("control_flow.py:9"), std::string::npos) << e;
  // Within the limit the same shape of source loads and runs.
  std::string shallow = "    return " + std::string(100, '(') + "x" + std::string(100, ')') + "\n";
  Module m = load(write_temp("shallow_source.pt", for_range_with(shallow)));
  Tensor x = Tensor::zeros({2}, DType::Float32);
  EXPECT_EQ(m.forward({Value(x), Value(int64_t{1})}).size(), 1u);
}

// ---- tensor data against the file ----

TEST(Limits, TensorRecordShorterThanItsStorageIsRefused) {
  // seed_my_cell_traced's data/0 is the 4x4 float weight (64 bytes); keep 40 of them.
  auto original = archive::Archive::open(corpus("seed_my_cell_traced.pt"));
  std::string weight = original->read("data/0");
  ASSERT_EQ(weight.size(), 64u);
  std::string e = load_error("short_record.pt",
                             rewrite_archive("seed_my_cell_traced.pt", {{"data/0", weight.substr(0, 40)}}));
  EXPECT_NE(e.find("data/0' is truncated: holds 40 bytes, needs 16 float32 elements"), std::string::npos) << e;
}

TEST(Limits, RecordLargerThanTheFileIsRefused) {
  std::string zip = rewrite_archive("seed_my_cell_traced.pt", {});
  // Claim in the central directory that data/0 holds 1 GiB (the file is a few KiB).
  std::string name = archive::Archive::open(corpus("seed_my_cell_traced.pt"))->prefix() + "data/0";
  size_t pos = 0;
  bool patched = false;
  while ((pos = zip.find("PK\x01\x02", pos)) != std::string::npos) {
    uint16_t name_length;
    std::memcpy(&name_length, &zip[pos + 28], 2);
    if (zip.compare(pos + 46, name_length, name) == 0) {
      uint32_t huge = 1u << 30;
      std::memcpy(&zip[pos + 20], &huge, 4);  // compressed size
      std::memcpy(&zip[pos + 24], &huge, 4);  // uncompressed size
      patched = true;
    }
    pos += 4;
  }
  ASSERT_TRUE(patched);
  std::string e = load_error("huge_record.pt", zip);
  EXPECT_NE(e, "") << "an entry larger than the file was accepted";
  EXPECT_NE(e.find("data/0"), std::string::npos) << e;
}

TEST(Limits, TensorReachingOutsideItsStorageIsRefused) {
  // data.pkl's tensors rebuilt on a storage of 16 elements with size [4, 5]: 20 elements.
  auto original = archive::Archive::open(corpus("seed_my_cell_traced.pt"));
  std::string pickle = original->read("data.pkl");
  // The weight's size is pickled as (K\x04K\x04t (MARK, BININT1 4, BININT1 4, TUPLE).
  size_t at = pickle.find("(K\x04K\x04t");
  ASSERT_NE(at, std::string::npos);
  pickle[at + 4] = '\x05';
  std::string e = load_error("outside_storage.pt", rewrite_archive("seed_my_cell_traced.pt", {{"data.pkl", pickle}}));
  EXPECT_NE(e.find("(size [4, 5], stride [4, 1], offset 0): reaches element 16 but the storage holds 16"),
            std::string::npos)
      << e;
}

// ---- run time ----

TEST(Limits, HugeTensorsFromCodeFailCleanly) {
  // Sizes computed by the archive's code: an element count that overflows 64 bits, and one
  // that fits but is far beyond any memory.
  // (Under ASan, allocator_may_return_null=1 in the BUILD lets the second fail as it does in
  // a normal build.)
  std::vector<std::pair<std::string, std::string>> cases = {
      {"[4294967296, 4294967296, 16]", "has more elements than fit in 64 bits"},
      {"[1099511627776]", "out of memory allocating"},
  };
  for (const auto& [size, message] : cases) {
    std::string body = "    return torch.zeros(" + size + ")\n";
    Module m = load(write_temp("huge_zeros.pt", for_range_with(body)));
    std::string e = error_of([&] { m.forward({Value(Tensor::zeros({2}, DType::Float32)), Value(int64_t{1})}); });
    EXPECT_NE(e.find(message), std::string::npos) << size << ": " << e;
    EXPECT_NE(e.find("control_flow.py:9"), std::string::npos) << size << ": " << e;
  }
}

TEST(Limits, LoopIterationsAreBoundedAndConfigurable) {
  Module loops = load(corpus("cf_for_range.pt"));  // default limit: 2^31 iterations
  Tensor x = npy::read(corpus("cf_for_range.in0.npy"));
  EXPECT_EQ(loops.forward({Value(x), Value(int64_t{4})}).size(), 1u);
  LoadOptions options;
  options.limits.max_loop_iterations = 3;
  Module limited = load(corpus("cf_for_range.pt"), options);
  EXPECT_EQ(limited.forward({Value(x), Value(int64_t{3})}).size(), 1u);
  std::string e = error_of([&] { limited.forward({Value(x), Value(int64_t{4})}); });
  EXPECT_NE(e.find("loop exceeded 3 iterations"), std::string::npos) << e;
  EXPECT_NE(e.find("control_flow.py"), std::string::npos) << "the error should name the loop's source: " << e;
}

TEST(Limits, RunawayWhileEndsWithAnError) {
  std::string body =
      "    y = x\n"
      "    while True:\n"
      "      y = torch.add(y, 1)\n"
      "    return y\n";
  LoadOptions options;
  options.limits.max_loop_iterations = 100000;
  Module m = load(write_temp("runaway.pt", for_range_with(body)), options);
  auto start = std::chrono::steady_clock::now();
  std::string e = error_of([&] { m.forward({Value(Tensor::zeros({2}, DType::Float32)), Value(int64_t{1})}); });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(e.find("loop exceeded 100000 iterations"), std::string::npos) << e;
  EXPECT_LT(seconds, 30.0);
}

TEST(Limits, CallDepthIsConfigurable) {
  // forward calls the free function _foo_traced: depth 1.
  LoadOptions options;
  options.passes = "none";  // keep the call (the default pipeline inlines it)
  Tensor x = Tensor::zeros({2}, DType::Float32);
  EXPECT_EQ(load(corpus("seed_script_fn_calls_traced_fn.pt"), options).forward({Value(x)}).size(), 1u);
  options.limits.max_call_depth = 0;
  std::string e = error_of([&] { load(corpus("seed_script_fn_calls_traced_fn.pt"), options).forward({Value(x)}); });
  EXPECT_NE(e.find("call depth exceeds 0"), std::string::npos) << e;
}

TEST(Limits, RecursiveMethodIsRefusedNotOverflowingTheStack) {
  // TorchScript itself rejects recursion; a hostile file can still write it.
  std::string body = "    return (self).forward(x, n, )\n";
  for (const char* passes : {"none", "default"}) {
    LoadOptions options;
    options.passes = passes;
    std::string e = error_of([&] {
      Module m = load(write_temp(std::string(passes) + "_recursive.pt", for_range_with(body)), options);
      m.forward({Value(Tensor::zeros({2}, DType::Float32)), Value(int64_t{1})});
    });
    EXPECT_NE(e, "") << passes << ": recursion ran to completion?";
    bool named = e.find("recursi") != std::string::npos || e.find("call depth exceeds") != std::string::npos;
    EXPECT_TRUE(named) << passes << ": " << e;
  }
}

}  // namespace
}  // namespace tsrt
