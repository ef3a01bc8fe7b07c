#include "frontends/archive/archive.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <set>

#include "frontends/archive/test_files.h"
#include "frontends/archive/zip_writer.h"
#include "runtime/error.h"
#include "tests/expect_error.h"

namespace tsrt::archive {
namespace {

using testing::ZipWriter;

// Expects `f` to throw tsrt::Error whose message contains `needle`.
using ::tsrt::testing::expect_error;

// Opens `bytes` and reads everything; returns false when a tsrt::Error was thrown.
// Anything else (another exception, a crash) fails the test.
bool exercise(const std::string& bytes) {
  try {
    auto archive = Archive::from_bytes(bytes, "damaged.pt");
    for (const std::string& name : archive->entry_names()) {
      std::string data = archive->read(name);
      try {
        Archive::Record record = archive->record(name);
        EXPECT_EQ(std::string(record.data, record.size), data);
      } catch (const Error&) {
      }
    }
    archive->version();
    return true;
  } catch (const Error&) {
    return false;
  }
}

// Byte position of the central directory header of entry `name` (full name) in `zip`.
size_t central_header(const std::string& zip, const std::string& name) {
  const std::string signature("PK\x01\x02", 4);
  for (size_t pos = zip.find(signature); pos != std::string::npos; pos = zip.find(signature, pos + 1)) {
    if (zip.compare(pos + 46, name.size(), name) == 0) return pos;
  }
  throw std::runtime_error("no central header for " + name);
}

void patch32(std::string& zip, size_t pos, uint32_t value) {
  for (int i = 0; i < 4; ++i) zip[pos + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::string small_model_zip(bool zip64 = true, bool zip64_fields = false) {
  ZipWriter writer;
  writer.add("model/data/0", std::string(48, '\x01'));
  writer.add("model/data.pkl", "\x80\x02N.");
  writer.add("model/code/__torch__.py", std::string(500, 'a') + "def forward(self):\n", true);
  writer.add("model/.data/version", "10\n");
  return writer.finish(zip64, zip64_fields);
}

TEST(ArchiveTest, RealAndGeneratedFilesMatchPythonZipfile) {
  nlohmann::json expected = testing::load_expected();
  // Every real file of SOURCES.tsv is covered by the expected facts.
  std::string sources = testing::read_file(testing::required_env("TSRT_SHARED") + "/testdata/real/SOURCES.tsv");
  std::set<std::string> described;
  for (const auto& file : expected.at("files")) {
    if (file.at("real").get<bool>()) described.insert(file.at("path").get<std::string>());
  }
  std::istringstream lines(sources);
  std::string line;
  std::getline(lines, line);  // header
  int real_files = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    EXPECT_TRUE(described.count(line.substr(0, line.find('\t')))) << line;
    ++real_files;
  }
  EXPECT_GT(real_files, 20);

  int deflated = 0;
  for (const auto& file : expected.at("files")) {
    std::string path = testing::file_path(file);
    SCOPED_TRACE(path);
    auto archive = Archive::open(path);
    EXPECT_EQ(archive->origin(), path);
    EXPECT_EQ(archive->prefix(), file.at("prefix").get<std::string>());
    EXPECT_EQ(archive->version(), file.at("version").get<int64_t>());
    std::vector<std::string> names = archive->entry_names();
    ASSERT_EQ(names.size(), file.at("entries").size());
    for (size_t i = 0; i < names.size(); ++i) {
      const auto& entry = file.at("entries")[i];
      EXPECT_EQ(names[i], entry.at("name").get<std::string>());
      EXPECT_TRUE(archive->has(names[i]));
      std::string data = archive->read(names[i]);  // checks the CRC-32 itself
      EXPECT_EQ(data.size(), entry.at("size").get<size_t>());
      uint32_t crc = static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
      EXPECT_EQ(crc, entry.at("crc").get<uint32_t>());
      if (entry.at("method").get<int>() == 0) {
        Archive::Record record = archive->record(names[i]);
        EXPECT_EQ(std::string(record.data, record.size), data);
      } else {
        ++deflated;
        expect_error([&] { archive->record(names[i]); }, "is compressed");
      }
    }
    EXPECT_FALSE(archive->has("no/such/entry"));
  }
  EXPECT_GT(deflated, 20);  // code/*.py entries are DEFLATE-compressed by torch's writer
}

TEST(ArchiveTest, RecordOutlivesArchive) {
  nlohmann::json expected = testing::load_expected();
  for (const auto& file : expected.at("files")) {
    if (file.at("path") != "features.pt") continue;
    Archive::Record record{nullptr, 0, nullptr};
    std::string copy;
    {
      auto archive = Archive::open(testing::file_path(file));
      copy = archive->read("data/0");
      record = archive->record("data/0");
    }
    ASSERT_EQ(record.size, copy.size());
    EXPECT_EQ(std::memcmp(record.data, copy.data(), copy.size()), 0);
    // Records are private copy-on-write memory: writing is allowed and stays in-process.
    const_cast<char*>(record.data)[0] ^= 1;
    EXPECT_EQ(Archive::open(testing::file_path(file))->read("data/0"), copy);
    return;
  }
  FAIL() << "features.pt not generated";
}

TEST(ArchiveTest, CraftedArchivesWithAndWithoutZip64) {
  for (auto [zip64, zip64_fields] : {std::pair{true, false}, {false, false}, {true, true}}) {
    SCOPED_TRACE(std::to_string(zip64) + std::to_string(zip64_fields));
    auto archive = Archive::from_bytes(small_model_zip(zip64, zip64_fields), "crafted.pt");
    EXPECT_EQ(archive->prefix(), "model/");
    EXPECT_EQ(archive->entry_names(),
              (std::vector<std::string>{"data/0", "data.pkl", "code/__torch__.py", ".data/version"}));
    EXPECT_EQ(archive->read("code/__torch__.py"), std::string(500, 'a') + "def forward(self):\n");
    EXPECT_EQ(archive->version(), 10);
    Archive::Record record = archive->record("data/0");
    EXPECT_EQ(record.size, 48u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(record.data) % 64, 0u) << "data/0 is 64-byte aligned";
    expect_error([&] { archive->read("data/1"); }, "no entry 'model/data/1'");
  }
}

TEST(ArchiveTest, VersionRecordIsValidated) {
  auto with_version = [](const std::string& name, const std::string& text) {
    ZipWriter writer;
    writer.add("m/data.pkl", "\x80\x02N.");
    writer.add("m/" + name, text);
    return Archive::from_bytes(writer.finish(), "v.pt");
  };
  EXPECT_EQ(with_version("version", "3\n")->version(), 3);
  EXPECT_EQ(with_version(".data/version", "1")->version(), 1);
  expect_error([&] { with_version("version", "11\n")->version(); }, "file format version 11 is not supported");
  expect_error([&] { with_version("version", "0\n")->version(); }, "file format version 0");
  expect_error([&] { with_version("version", "ten\n")->version(); }, "not a decimal number");
  expect_error([&] { with_version("version", "99999999999999999999999\n")->version(); }, "not a decimal number");
  expect_error([&] { with_version("other", "3")->version(); }, "no version record");
}

TEST(ArchiveTest, NotAZip) {
  expect_error([] { Archive::from_bytes("hello, this is not a zip archive at all", "text.pt"); },
               "text.pt: not a zip archive");
  expect_error([] { Archive::from_bytes("", "empty.pt"); }, "not a zip archive");
  expect_error([] { Archive::open("/nonexistent/model.pt"); }, "/nonexistent/model.pt: cannot open");
  std::string empty = ::testing::TempDir() + "/empty.pt";
  std::fclose(std::fopen(empty.c_str(), "wb"));
  expect_error([&] { Archive::open(empty); }, "not a zip archive");
  expect_error([&] { Archive::open(::testing::TempDir()); }, "not a regular file");
}

TEST(ArchiveTest, LegacyModelJsonLayoutIsRefused) {
  ZipWriter writer;
  writer.add("old_model/model.json", "{\"protoVersion\": \"6\"}");
  writer.add("old_model/tensors/0", std::string(16, '\0'));
  writer.add("old_model/code/old_model.py", "op_version_set = 0\n");
  expect_error([&] { Archive::from_bytes(writer.finish(), "old.pt"); }, "pre-1.4 legacy format");
}

TEST(ArchiveTest, HostileDirectoriesAreRefused) {
  {
    ZipWriter writer;
    writer.add("a/data.pkl", "x");
    writer.add("b/data.pkl", "y");
    expect_error([&] { Archive::from_bytes(writer.finish(), "two_roots.pt"); }, "outside the root folder 'a/'");
  }
  {
    ZipWriter writer;
    writer.add("noroot", "x");
    expect_error([&] { Archive::from_bytes(writer.finish(), "flat.pt"); }, "not inside a root folder");
  }
  {
    ZipWriter writer;
    writer.add("m/data.pkl", "x");
    writer.add("m/data.pkl", "y");
    expect_error([&] { Archive::from_bytes(writer.finish(), "dup.pt"); }, "appears twice");
  }
  std::string zip = small_model_zip(false);
  {
    // data/0 claims to run into data.pkl.
    std::string bad = zip;
    size_t h = central_header(bad, "model/data/0");
    patch32(bad, h + 20, 200);
    patch32(bad, h + 24, 200);
    expect_error([&] { Archive::from_bytes(bad, "overlap.pt"); }, "overlap");
  }
  {
    std::string bad = zip;
    size_t h = central_header(bad, "model/data/0");
    patch32(bad, h + 20, 0x7FFFFFFF);
    patch32(bad, h + 24, 0x7FFFFFFF);
    expect_error([&] { Archive::from_bytes(bad, "huge.pt"); }, "lies outside the file");
  }
  {
    std::string bad = zip;
    size_t h = central_header(bad, "model/data/0");
    patch32(bad, h + 42, 0x7FFFFFF0);  // local header offset
    expect_error([&] { Archive::from_bytes(bad, "offset.pt"); }, "bad local header");
  }
  {
    std::string bad = zip;
    size_t h = central_header(bad, "model/code/__torch__.py");
    patch32(bad, h + 24, 0xFFFFFF00);  // a zip bomb's claimed size
    auto archive = Archive::from_bytes(bad, "bomb.pt");
    expect_error([&] { archive->read("code/__torch__.py"); }, "implausible uncompressed size");
  }
  {
    std::string bad = zip;
    size_t h = central_header(bad, "model/code/__torch__.py");
    patch32(bad, h + 24, 600);  // inflates to less than claimed
    auto archive = Archive::from_bytes(bad, "short.pt");
    expect_error([&] { archive->read("code/__torch__.py"); }, "inflated to 519 bytes");
  }
  {
    std::string bad = zip;
    size_t h = central_header(bad, "model/data.pkl");
    patch32(bad, h + 16, 0x12345678);
    auto archive = Archive::from_bytes(bad, "crc.pt");
    expect_error([&] { archive->read("data.pkl"); }, "entry 'model/data.pkl': CRC-32 mismatch");
  }
  {
    std::string bad = zip;
    size_t eocd = bad.rfind(std::string("PK\x05\x06", 4));
    bad[eocd + 10] = '\xFF';  // entry count far beyond what the directory can hold
    bad[eocd + 11] = '\xFF';
    expect_error([&] { Archive::from_bytes(bad, "count.pt"); }, "claims 65535 entries");
  }
  {
    // A ZIP64 extra field too short for the values saturated in the 32-bit fields.
    std::string bad = small_model_zip(true, true);
    size_t h = central_header(bad, "model/data/0");
    bad[h + 46 + 12 + 2] = 16;  // field length 24 -> 16: the offset is missing
    expect_error([&] { Archive::from_bytes(bad, "z64.pt"); }, "truncated ZIP64 extra field");
  }
}

TEST(ArchiveTest, TruncatedFilesFailCleanly) {
  nlohmann::json expected = testing::load_expected();
  for (const auto& file : expected.at("files")) {
    std::string path = file.at("path").get<std::string>();
    if (path != "elastic/e5_with_norm.pt" && path != "features.pt" && path != "tch-rs/foo.pt") continue;
    std::string bytes = testing::read_file(testing::file_path(file));
    std::vector<size_t> cuts;
    for (size_t cut = 0; cut < bytes.size(); cut += 1 + bytes.size() / 400) cuts.push_back(cut);
    for (size_t back = 1; back <= 200 && back <= bytes.size(); ++back) cuts.push_back(bytes.size() - back);
    for (size_t cut : cuts) {
      EXPECT_FALSE(exercise(bytes.substr(0, cut))) << path << " cut at " << cut;
    }
  }
}

TEST(ArchiveTest, BitFlipsNeverCrash) {
  nlohmann::json expected = testing::load_expected();
  std::mt19937 rng(1234);
  int refused = 0, trials = 0;
  for (const auto& file : expected.at("files")) {
    std::string path = file.at("path").get<std::string>();
    if (path != "elastic/e5_with_norm.pt" && path != "features.pt") continue;
    std::string bytes = testing::read_file(testing::file_path(file));
    for (int trial = 0; trial < 1500; ++trial) {
      std::string damaged = bytes;
      int flips = 1 + static_cast<int>(rng() % 3);
      for (int f = 0; f < flips; ++f) {
        size_t pos = rng() % damaged.size();
        damaged[pos] = static_cast<char>(damaged[pos] ^ (1 << (rng() % 8)));
      }
      refused += exercise(damaged) ? 0 : 1;
      ++trials;
    }
  }
  EXPECT_EQ(trials, 3000);
  // A flip in stored data or a CRC is caught by the CRC check; only flips in ignored fields
  // (timestamps, padding, attributes) may leave the archive readable.
  EXPECT_GT(refused, trials / 2);
}

}  // namespace
}  // namespace tsrt::archive
