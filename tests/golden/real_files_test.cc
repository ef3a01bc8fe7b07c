// Real-world `.pt` files written by other projects with several torch versions
// ($TSRT_SHARED/testdata/real, provenance in SOURCES.tsv):
//   - every method tools/models/real_inputs.py could run with stock PyTorch runs natively in
//     tsrt and matches stock PyTorch's outputs (fp32 within 1e-4 relative);
//   - hostile and unsupported files are refused with a clear tsrt::Error;
//   - truncated and byte-flipped copies of every file load-and-run or throw tsrt::Error: never a
//     crash, a hang or another exception type (each copy runs in a forked child, so one crash
//     or hang is reported by name and the remaining copies still run).
//
// Input SPECs are value_io.h's plus three forms real_inputs.py documents: tuple:/list: items may
// be scalar SPECs, dict:KEY=a.npy,... is a Dict[str, Tensor], and call:METHOD:SPEC;SPEC is what
// the model's own METHOD returns (an object of the model's classes).
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "frontends/archive/test_files.h"
#include "frontends/archive/zip_writer.h"
#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "runtime/module.h"
#include "tests/op_golden.h"

namespace tsrt {
namespace {

using archive::testing::read_file;
using archive::testing::required_env;

struct RealCase {
  std::string name;
  std::string file;  // relative to shared/testdata/real
  std::string method;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  bool values_compared = true;  // false: outputs drawn from a random generator (dtype and shape only)
};

void PrintTo(const RealCase& c, std::ostream* os) { *os << c.name; }

std::string real_dir() { return required_env("TSRT_SHARED") + "/testdata/real"; }
std::string golden_dir() { return testing::testdata_dir() + "/real"; }

// Read at test registration: an unset variable or a missing manifest gives no cases, which
// ManifestIsPresentAndLarge then fails on.
std::vector<RealCase> read_manifest() {
  std::vector<RealCase> cases;
  const char* testdata = std::getenv("TSRT_TESTDATA");
  if (testdata == nullptr) return cases;
  std::ifstream in(std::string(testdata) + "/real/manifest.json");
  if (!in.good()) return cases;
  for (const auto& m : nlohmann::json::parse(in)) {
    RealCase c{m["name"], m["file"], m.value("method", "forward"), {}, {}};
    for (const auto& s : m["inputs"]) c.inputs.push_back(s);
    for (const auto& s : m["outputs"]) c.outputs.push_back(s);
    c.values_compared = m.value("compare", "values") == "values";
    cases.push_back(c);
  }
  return cases;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

// A SPEC without nesting: a .npy file of the golden folder, or a scalar SPEC.
Value parse_item(const std::string& spec) {
  if (ends_with(spec, ".npy")) return Value(npy::read(golden_dir() + "/" + spec));
  return npy::parse_input_spec(spec);
}

ir::TypePtr type_of(const Value& v) {
  if (v.is_tensor()) return ir::Type::get(ir::TypeKind::Tensor);
  if (v.is_bool()) return ir::Type::get(ir::TypeKind::Bool);
  if (v.is_int()) return ir::Type::get(ir::TypeKind::Int);
  if (v.is_double()) return ir::Type::get(ir::TypeKind::Float);
  if (v.is_string()) return ir::Type::get(ir::TypeKind::Str);
  throw Error("real_files_test: no list element type for a " + std::string(v.tag_name()));
}

// Parses one (extended) input SPEC; `call:` runs a method of `module`.
Value parse_spec(const Module& module, const std::string& spec) {
  if (starts_with(spec, "call:")) {
    std::string rest = spec.substr(5);
    size_t colon = rest.find(':');
    TSRT_CHECK(colon != std::string::npos, "real_files_test: expected call:METHOD:SPEC;... in '" + spec + "'");
    std::vector<Value> args;
    for (const std::string& item : split(rest.substr(colon + 1), ';')) args.push_back(parse_spec(module, item));
    return module.call(rest.substr(0, colon), args);
  }
  if (starts_with(spec, "dict:")) {
    auto dict = std::make_shared<DictObj>();
    dict->key_type = ir::Type::get(ir::TypeKind::Str);
    dict->value_type = ir::Type::get(ir::TypeKind::Tensor);
    for (const std::string& item : split(spec.substr(5), ',')) {
      size_t eq = item.find('=');
      TSRT_CHECK(eq != std::string::npos, "real_files_test: expected KEY=FILE.npy in '" + spec + "'");
      dict->insert_or_assign(Value(item.substr(0, eq)), parse_item(item.substr(eq + 1)));
    }
    return Value(dict);
  }
  for (const char* kind : {"tuple:", "list:"}) {
    if (!starts_with(spec, kind)) continue;
    std::vector<Value> items;
    for (const std::string& item : split(spec.substr(std::string(kind).size()), ',')) items.push_back(parse_item(item));
    if (kind[0] == 't') return Value(make_tuple(std::move(items)));
    ir::TypePtr elem = type_of(items.at(0));
    return Value(make_list(elem, std::move(items)));
  }
  return parse_item(spec);
}

std::vector<Value> parse_inputs(const Module& module, const std::vector<std::string>& specs) {
  std::vector<Value> inputs;
  for (const std::string& spec : specs) inputs.push_back(parse_spec(module, spec));
  return inputs;
}

// ---------------------------------------------------------------------------------------------
// Goldens

void run_case(const RealCase& c, const std::string& passes) {
  LoadOptions options;
  options.passes = passes;
  Module m = load(real_dir() + "/" + c.file, options);
  std::vector<npy::OutputLeaf> outputs = npy::flatten_result(m.call(c.method, parse_inputs(m, c.inputs)));
  ASSERT_EQ(outputs.size(), c.outputs.size()) << c.name;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const std::string where = c.name + " (" + c.file + " " + c.method + ") output " + std::to_string(i);
    const std::string bytes = read_file(golden_dir() + "/" + c.outputs[i]);
    if (npy::is_string_array(bytes)) {
      ASSERT_TRUE(outputs[i].is_string) << where << ": expected a str";
      EXPECT_EQ(outputs[i].text, npy::parse_string(bytes, c.outputs[i])) << where;
      continue;
    }
    ASSERT_FALSE(outputs[i].is_string) << where << ": expected a tensor, got the str '" << outputs[i].text << "'";
    Tensor expected = npy::parse(bytes, c.outputs[i]);
    const Tensor& actual = outputs[i].tensor;
    if (!c.values_compared) {  // random draws: torch's stream is not reproduced
      EXPECT_EQ(actual.dtype(), expected.dtype()) << where;
      EXPECT_EQ(actual.shape_string(), expected.shape_string()) << where;
      continue;
    }
    std::string diff = testing::compare_values(Value(actual), Value(expected), 1e-4, 1e-5);
    EXPECT_EQ(diff, "") << where;
  }
}

class RealFile : public ::testing::TestWithParam<RealCase> {};

TEST_P(RealFile, MatchesStockPyTorchAsLoaded) { run_case(GetParam(), "none"); }
TEST_P(RealFile, MatchesStockPyTorchAfterDefaultPipeline) { run_case(GetParam(), "default"); }

INSTANTIATE_TEST_SUITE_P(Real, RealFile, ::testing::ValuesIn(read_manifest()),
                         [](const ::testing::TestParamInfo<RealCase>& info) { return info.param.name; });

TEST(RealFiles, ManifestIsPresentAndLarge) {
  // Guards against the parameterised suite silently running zero cases.
  EXPECT_GE(read_manifest().size(), 35u) << "manifest at " << golden_dir();
}

// ---------------------------------------------------------------------------------------------
// Refusals

TEST(RealFiles, RefusesHostileAndUnsupportedFiles) {
  nlohmann::json refused = nlohmann::json::parse(read_file(golden_dir() + "/refused.json"));
  EXPECT_GE(refused.size(), 3u);  // the two hostile files and the quantized MobileNet
  for (const auto& entry : refused) {
    const std::string file = entry.at("file"), expected = entry.at("error");
    try {
      Module m = load(real_dir() + "/" + file);
      // An op without a kernel loads and fails only when reached: the load lists it.
      bool listed = false;
      for (const runtime::MissingKernel& k : m.missing_kernels()) listed |= k.message().find(expected) != std::string::npos;
      if (listed) continue;
      std::vector<std::string> methods = m.method_names();
      ASSERT_FALSE(methods.empty()) << file << " loaded with no methods";
      m.call(methods.front(), {});
      ADD_FAILURE() << file << ": loaded and ran, expected an error containing '" << expected << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos)
          << file << ": error '" << e.what() << "' lacks '" << expected << "'";
    } catch (const std::exception& e) {
      ADD_FAILURE() << file << ": threw a non-tsrt exception: " << e.what();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Damaged copies

std::vector<std::string> real_files() {
  std::vector<std::string> files;
  const char* shared = std::getenv("TSRT_SHARED");
  if (shared == nullptr) return files;
  std::filesystem::path root = std::filesystem::path(shared) / "testdata" / "real";
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".pt") {
      files.push_back(std::filesystem::relative(it->path(), root).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(RealFiles, AllFilesAreFound) { EXPECT_GE(real_files().size(), 27u) << "under $TSRT_SHARED/testdata/real"; }

uint32_t get_le(const std::string& bytes, size_t at, int width) {
  uint32_t v = 0;
  for (int i = width - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes.at(at + i));
  return v;
}
uint64_t get64(const std::string& bytes, size_t at) {
  return get_le(bytes, at, 4) | (static_cast<uint64_t>(get_le(bytes, at + 4, 4)) << 32);
}
void put32(std::string& bytes, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes.at(at + i) = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// An entry of an intact archive, with where its CRC is kept (local and central header).
struct ZipEntry {
  std::string name;
  uint32_t method;  // 0 stored, 8 DEFLATE (older torch versions compress code/ entries)
  size_t data_offset, compressed_size, size, local_crc_at, central_crc_at;
};

// The entries of an intact torch archive, in central-directory order.
std::vector<ZipEntry> zip_entries(const std::string& zip) {
  size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos || eocd + 22 > zip.size()) throw std::runtime_error("no end record");
  uint64_t count = get_le(zip, eocd + 10, 2), offset = get_le(zip, eocd + 16, 4);
  if (offset == 0xFFFFFFFFu || count == 0xFFFF) {  // ZIP64: locator just before the end record
    uint64_t record = get64(zip, eocd - 20 + 8);
    count = get64(zip, record + 32);
    offset = get64(zip, record + 48);
  }
  std::vector<ZipEntry> entries;
  size_t at = offset;
  for (uint64_t i = 0; i < count; ++i) {
    if (get_le(zip, at, 4) != 0x02014b50u) throw std::runtime_error("bad central header");
    uint32_t method = get_le(zip, at + 10, 2), compressed = get_le(zip, at + 20, 4), size = get_le(zip, at + 24, 4);
    uint32_t name_len = get_le(zip, at + 28, 2), extra_len = get_le(zip, at + 30, 2);
    uint32_t comment_len = get_le(zip, at + 32, 2), local = get_le(zip, at + 42, 4);
    if (compressed == 0xFFFFFFFFu || size == 0xFFFFFFFFu || local == 0xFFFFFFFFu) {
      throw std::runtime_error("ZIP64 entry sizes are not handled by this test");
    }
    size_t data = local + 30 + get_le(zip, local + 26, 2) + get_le(zip, local + 28, 2);
    entries.push_back({zip.substr(at + 46, name_len), method, data, compressed, size, local + 14, at + 16});
    at += 46 + name_len + extra_len + comment_len;
  }
  return entries;
}

// The entry's uncompressed bytes (zlib directly, independent of tsrt's archive reader).
std::string entry_bytes(const std::string& zip, const ZipEntry& e) {
  if (e.method == 0) return zip.substr(e.data_offset, e.size);
  std::string out(e.size, '\0');
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + e.data_offset));
  zs.avail_in = static_cast<uInt>(e.compressed_size);
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  int status = inflate(&zs, Z_FINISH);
  inflateEnd(&zs);
  if (status != Z_STREAM_END) throw std::runtime_error("cannot inflate " + e.name);
  return out;
}

// The archive rewritten with `damaged` as the contents of entry `index` (each entry keeps its
// compression), so a flip inside a compressed entry still has a matching CRC.
std::string rebuilt_with(const std::string& zip, const std::vector<ZipEntry>& entries, size_t index,
                         const std::string& damaged) {
  archive::testing::ZipWriter writer;
  for (size_t i = 0; i < entries.size(); ++i) {
    writer.add(entries[i].name, i == index ? damaged : entry_bytes(zip, entries[i]), entries[i].method == 8);
  }
  return writer.finish();
}

// Entries whose damage should reach the pickle and TorchScript parsers rather than the CRC check.
bool is_parsed_entry(const std::string& name) {
  return ends_with(name, "/data.pkl") || ends_with(name, "/constants.pkl") || ends_with(name, "/version") ||
         (name.find("/code/") != std::string::npos && ends_with(name, ".py"));
}

// One damaged copy, described rather than held (a 3.6 MB file has hundreds of copies).
struct Damage {
  enum Kind { Truncate, Flip, FlipEntry } kind;
  size_t at;            // Truncate: the new size; Flip: file offset; FlipEntry: offset in the entry
  uint8_t mask = 0;     // xor-ed into the byte
  size_t entry = 0;     // FlipEntry: index into zip_entries()
  std::string what;     // for failure messages
  bool crc_fixed() const { return kind == FlipEntry; }
};

uint32_t fnv1a(const std::string& text) {
  uint32_t h = 2166136261u;
  for (char ch : text) h = (h ^ static_cast<uint8_t>(ch)) * 16777619u;
  return h;
}

std::vector<Damage> damage_plan(const std::string& file, const std::string& original,
                                const std::vector<ZipEntry>& entries) {
  std::vector<Damage> plan;
  const size_t size = original.size();
  // Every 97th cut point; large files get a wider stride (at most ~300 cuts) so the suite stays
  // fast; plus the last bytes, where the central directory and end records live.
  size_t stride = std::max<size_t>(97, size / 300);
  for (size_t cut = 0; cut < size; cut += stride) plan.push_back({Damage::Truncate, cut, 0, 0, ""});
  for (size_t back = 1; back <= 24 && back < size; ++back) plan.push_back({Damage::Truncate, size - back, 0, 0, ""});
  for (Damage& d : plan) d.what = "truncated to " + std::to_string(d.at) + " bytes";

  std::mt19937 rng(fnv1a(file));  // deterministic per file
  auto mask = [&] { return static_cast<uint8_t>(1 + rng() % 255); };
  for (int i = 0; i < 70; ++i) {  // anywhere: headers, names, CRC-checked and unchecked data
    size_t at = rng() % size;
    plan.push_back({Damage::Flip, at, mask(), 0, "byte " + std::to_string(at) + " flipped"});
  }
  std::vector<size_t> parsed;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (is_parsed_entry(entries[i].name) && entries[i].size > 0) parsed.push_back(i);
  }
  for (int i = 0; i < 130 && !parsed.empty(); ++i) {  // inside pickles and code, CRC fixed up
    size_t index = parsed[rng() % parsed.size()];
    size_t at = rng() % entries[index].size;
    plan.push_back({Damage::FlipEntry, at, mask(), index,
                    entries[index].name + " byte " + std::to_string(at) + " flipped (CRC fixed)"});
  }
  return plan;
}

std::string damaged_bytes(const std::string& original, const std::vector<ZipEntry>& entries, const Damage& d) {
  if (d.kind == Damage::Truncate) return original.substr(0, d.at);
  std::string bytes = original;
  if (d.kind == Damage::Flip) {
    bytes[d.at] = static_cast<char>(static_cast<uint8_t>(bytes[d.at]) ^ d.mask);
    return bytes;
  }
  const ZipEntry& e = entries[d.entry];
  if (e.method != 0) {  // compressed: re-zip with the damaged contents
    std::string contents = entry_bytes(original, e);
    contents[d.at] = static_cast<char>(static_cast<uint8_t>(contents[d.at]) ^ d.mask);
    return rebuilt_with(original, entries, d.entry, contents);
  }
  // Stored: in place, so the rest of the file stays exactly as torch wrote it.
  size_t at = e.data_offset + d.at;
  bytes[at] = static_cast<char>(static_cast<uint8_t>(bytes[at]) ^ d.mask);
  uint32_t crc = static_cast<uint32_t>(crc32_z(0L, reinterpret_cast<const Bytef*>(bytes.data() + e.data_offset), e.size));
  put32(bytes, e.local_crc_at, crc);
  put32(bytes, e.central_crc_at, crc);
  return bytes;
}

struct Outcome {
  std::string problem;  // "" when the copy loaded-and-ran or ended in tsrt::Error
  std::string error;    // the first tsrt::Error's message, if any
  bool loaded = false;
};

// Loads `path`, emits every method and runs the manifest's calls for this file, twice.
Outcome load_and_run(const std::string& path, const std::vector<RealCase>& calls) {
  Outcome outcome;
  auto note = [&](const Error& e) {
    if (outcome.error.empty()) outcome.error = e.what();
  };
  try {
    LoadOptions options;
    options.limits.max_loop_iterations = int64_t{1} << 22;  // a damaged loop bound must end fast
    Module m = load(path, options);
    outcome.loaded = true;
    // Twice: a method whose emission failed must fail the same way when asked again.
    for (int round = 0; round < 2; ++round) {
      for (const std::string& name : m.method_names()) {
        try {
          m.method(name);
        } catch (const Error& e) {
          note(e);
        }
      }
      for (const RealCase& c : calls) {
        try {
          m.call(c.method, parse_inputs(m, c.inputs));
        } catch (const Error& e) {
          note(e);
        }
      }
    }
  } catch (const Error& e) {
    note(e);
  } catch (const std::exception& e) {
    outcome.problem = std::string("threw a non-tsrt exception: ") + e.what();
  } catch (...) {
    outcome.problem = "threw a non-std exception";
  }
  return outcome;
}

// Runs load_and_run in a forked child, so a crash or hang is reported instead of ending the suite.
// Only for copies that run no kernels: oneDNN and OpenMP state from earlier tests deadlocks in a
// forked child (the damaged-copy suite re-executes the binary instead, see run_copies).
Outcome run_isolated(const std::string& path, const std::vector<RealCase>& calls, int seconds) {
  int fds[2];
  if (pipe(fds) != 0) return {"pipe() failed", "", false};
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) return {"fork() failed", "", false};
  if (pid == 0) {
    close(fds[0]);
    Outcome o = load_and_run(path, calls);
    std::string message = std::string(o.loaded ? "1" : "0") + o.problem + '\0' + o.error;
    for (size_t done = 0; done < message.size();) {
      ssize_t n = write(fds[1], message.data() + done, message.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string message;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  bool hung = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd pfd{fds[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) == 0) {
      hung = true;
      break;
    }
    char buffer[4096];
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    message.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (hung) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (hung) return {"hung: no result after " + std::to_string(seconds) + " s", "", false};
  if (WIFSIGNALED(status)) {
    return {std::string("crashed: ") + strsignal(WTERMSIG(status)), "", false};
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || message.empty()) {
    return {"the child exited with status " + std::to_string(WEXITSTATUS(status)) + " and no result", "", false};
  }
  size_t nul = message.find('\0');
  return {message.substr(1, nul - 1), nul == std::string::npos ? "" : message.substr(nul + 1), message[0] == '1'};
}

// Found by an earlier seed of the flips below: tch-rs foo7 with one byte of InputObject.__init__ damaged
// ("self.bar" -> "sel\xff.bar"). Emitting make_input_object fails with an undefined name; asking
// for it again must fail the same way, not reuse the half-emitted callee.
TEST(RealFiles, MethodWhoseCalleeFailedToEmitFailsAgainWhenRetried) {
  const std::string original = read_file(real_dir() + "/tch-rs/foo7.pt");
  const std::vector<ZipEntry> entries = zip_entries(original);
  size_t index = 0;
  while (index < entries.size() && !ends_with(entries[index].name, "/code/__torch__.py")) ++index;
  ASSERT_LT(index, entries.size()) << "foo7.pt has no code/__torch__.py";
  std::string code = entry_bytes(original, entries[index]);
  size_t at = code.find("self.bar = bar");
  ASSERT_NE(at, std::string::npos);
  code[at + 3] = '\xff';
  const std::string path = required_env("TEST_TMPDIR") + "/foo7_bad_init.pt";
  {
    std::string bytes = rebuilt_with(original, entries, index, code);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  Outcome outcome = run_isolated(path, {}, 120);
  ASSERT_EQ(outcome.problem, "");
  EXPECT_TRUE(outcome.loaded);
  EXPECT_NE(outcome.error.find("undefined name"), std::string::npos) << outcome.error;
}

class DamagedRealFile : public ::testing::TestWithParam<std::string> {};

// The damaged copies of a file run in a child: this test binary re-executed with
// TSRT_REAL_DAMAGE_CHILD="FILE<TAB>FIRST" (fork() is not enough: oneDNN's primitive cache and
// OpenMP's thread pool from earlier tests deadlock in a forked child). The child writes one
// "@@copy INDEX LOADED<TAB>PROBLEM<TAB>ERROR" line per copy; after a crash or hang the parent
// records it against the next copy and starts a new child after it.
constexpr const char* kChildVariable = "TSRT_REAL_DAMAGE_CHILD";

std::string one_line(std::string text) {
  for (char& ch : text) {
    if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
  }
  return text;
}

struct FileDamage {
  std::string file, original;
  std::vector<ZipEntry> entries;
  std::vector<Damage> plan;
  std::vector<RealCase> calls;  // the manifest's calls for this file
};

FileDamage file_damage(const std::string& file) {
  FileDamage d;
  d.file = file;
  d.original = read_file(real_dir() + "/" + file);
  d.entries = zip_entries(d.original);
  d.plan = damage_plan(file, d.original, d.entries);
  for (const RealCase& c : read_manifest()) {
    if (c.file == file) d.calls.push_back(c);
  }
  return d;
}

[[noreturn]] void run_child(const std::string& spec) {
  size_t tab = spec.find('\t');
  FileDamage d = file_damage(spec.substr(0, tab));
  const std::string path = required_env("TEST_TMPDIR") + "/damaged_" + std::to_string(getpid()) + ".pt";
  for (size_t i = std::stoul(spec.substr(tab + 1)); i < d.plan.size(); ++i) {
    {
      std::string bytes = damaged_bytes(d.original, d.entries, d.plan[i]);
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    Outcome o = load_and_run(path, d.calls);
    std::printf("@@copy %zu %d\t%s\t%s\n", i, o.loaded ? 1 : 0, one_line(o.problem).c_str(), one_line(o.error).c_str());
    std::fflush(stdout);
  }
  std::remove(path.c_str());
  std::_Exit(0);
}

// Runs in RUN_ALL_TESTS before any test, after every static registration (kernels included).
class ChildMode : public ::testing::Environment {
 public:
  void SetUp() override {
    if (const char* spec = std::getenv(kChildVariable)) run_child(spec);
  }
};
::testing::Environment* const child_mode = ::testing::AddGlobalTestEnvironment(new ChildMode);

extern "C" char** environ;

// Starts a child for copies from `first` on; returns its pid and the read end of its stdout.
std::pair<pid_t, int> start_child(const std::string& file, size_t first) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    // The parent alone reports to Bazel (its XML and premature-exit files).
    if (starts_with(entry, "XML_OUTPUT_FILE=") || starts_with(entry, "TEST_PREMATURE_EXIT_FILE=") ||
        starts_with(entry, std::string(kChildVariable) + "=")) {
      continue;
    }
    env.push_back(entry);
  }
  env.push_back(std::string(kChildVariable) + "=" + file + "\t" + std::to_string(first));
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(&e[0]);
  envp.push_back(nullptr);
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  // One cheap test, since gtest sets up environments (where the child takes over) only when a
  // test is selected.
  std::string filter = "--gtest_filter=RealFiles.AllFilesAreFound";
  char* argv[] = {&self[0], &filter[0], nullptr};

  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
  std::fflush(nullptr);
  pid_t pid = fork();  // the child only execs: safe whatever threads the parent has
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execve(self.c_str(), argv, envp.data());
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

// Outcomes of every copy of `d`, crashes and hangs included.
std::vector<Outcome> run_copies(const FileDamage& d, int seconds_per_copy) {
  std::vector<Outcome> outcomes(d.plan.size());
  size_t next = 0;
  while (next < d.plan.size()) {
    auto [pid, fd] = start_child(d.file, next);
    std::string pending;
    bool hung = false;
    for (;;) {
      pollfd pfd{fd, POLLIN, 0};
      int ready = poll(&pfd, 1, seconds_per_copy * 1000);
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) {
        hung = true;
        break;
      }
      char buffer[4096];
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      pending.append(buffer, static_cast<size_t>(n));
      for (size_t eol; (eol = pending.find('\n')) != std::string::npos; pending.erase(0, eol + 1)) {
        std::string line = pending.substr(0, eol);
        if (!starts_with(line, "@@copy ")) continue;  // gtest's own banner lines
        size_t index = 0, consumed = 0;
        index = std::stoul(line.substr(7), &consumed);
        std::vector<std::string> fields = split(line.substr(7 + consumed + 1), '\t');
        if (index >= outcomes.size() || fields.size() != 3) continue;
        outcomes[index] = {fields[1], fields[2], fields[0] == "1"};
        next = index + 1;
      }
    }
    close(fd);
    if (hung) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (next >= d.plan.size()) break;
    if (hung) {
      outcomes[next].problem = "hung: no result after " + std::to_string(seconds_per_copy) + " s";
    } else if (WIFSIGNALED(status)) {
      outcomes[next].problem = std::string("crashed: ") + strsignal(WTERMSIG(status));
    } else {
      outcomes[next].problem = "the child exited with status " + std::to_string(WEXITSTATUS(status));
    }
    ++next;
  }
  return outcomes;
}

TEST_P(DamagedRealFile, LoadsAndRunsOrThrowsTsrtError) {
  const FileDamage d = file_damage(GetParam());
  std::vector<Outcome> outcomes = run_copies(d, 120);
  std::vector<std::string> failures;
  int loaded = 0, crc_fixed_past_archive = 0, crc_fixed_copies = 0;
  for (size_t i = 0; i < d.plan.size(); ++i) {
    const Damage& copy = d.plan[i];
    const Outcome& outcome = outcomes[i];
    if (!outcome.problem.empty()) failures.push_back(copy.what + ": " + outcome.problem);
    // The fix-up must carry the damage past the archive's CRC check to the parsers.
    if (copy.crc_fixed() && outcome.error.find("CRC-32 mismatch") != std::string::npos) {
      failures.push_back(copy.what + ": the CRC fix-up did not take: " + outcome.error);
    }
    loaded += outcome.loaded;
    crc_fixed_copies += copy.crc_fixed();
    crc_fixed_past_archive += copy.crc_fixed() && outcome.loaded;
  }
  // Every real file has pickles and code: most of the plan must be flips behind a fixed CRC,
  // or the parsers were never reached and the test only exercised the zip reader.
  EXPECT_GE(crc_fixed_copies, 100) << d.file << ": too few damaged copies reach the parsers";
  std::printf("%s: %zu damaged copies, %d loaded (%d of them with CRC-fixed flips)\n", d.file.c_str(),
              d.plan.size(), loaded, crc_fixed_past_archive);
  std::string listing;
  for (size_t i = 0; i < failures.size() && i < 20; ++i) listing += "\n  " + failures[i];
  EXPECT_TRUE(failures.empty()) << d.file << ": " << failures.size() << " of " << d.plan.size()
                                << " damaged copies misbehaved:" << listing;
}

std::string test_name(const std::string& file) {
  std::string name;
  for (char ch : file) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Real, DamagedRealFile, ::testing::ValuesIn(real_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return test_name(info.param); });

}  // namespace
}  // namespace tsrt
