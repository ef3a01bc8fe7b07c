// The `.pt` container: a zip archive whose entries all live under one root folder.
// The file is memory-mapped once; stored (uncompressed) records such as tensor data are
// handed out as pointers into that mapping, so weights are never copied. Every offset and
// size read from the file is validated, so a damaged or hostile file gives a tsrt::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tsrt::archive {

class Archive {
 public:
  // Memory-maps `path` (private copy-on-write, so writes through record pointers never reach
  // the file) and parses its central directory, including ZIP64 records.
  static std::shared_ptr<Archive> open(const std::string& path);
  // The same from bytes in memory (tests, fuzzing); `origin` names them in error messages.
  static std::shared_ptr<Archive> from_bytes(std::string bytes, const std::string& origin);

  // The root folder every entry lives under, with its trailing slash ("traced_bert/").
  const std::string& prefix() const { return prefix_; }
  // Entry names relative to the prefix, in file order ("data.pkl", "code/__torch__.py").
  std::vector<std::string> entry_names() const;
  bool has(const std::string& name) const;
  // The entry's bytes, inflated if DEFLATE-compressed, checked against the CRC-32.
  std::string read(const std::string& name) const;

  // A stored (uncompressed) entry in place; `keepalive` keeps the mapping alive.
  // The CRC is not checked here: that would touch every page of every weight at load time.
  struct Record {
    const char* data;
    size_t size;
    std::shared_ptr<const void> keepalive;
    bool file_mapping;  // points into the mapped file (open), not into copied bytes (from_bytes)
  };
  Record record(const std::string& name) const;

  // The file format version from ".data/version" or "version", validated to be 1..10.
  int64_t version() const;
  const std::string& origin() const { return origin_; }

 private:
  struct Entry {
    std::string name;  // relative to the prefix
    uint16_t method = 0;
    uint32_t crc32 = 0;
    uint64_t compressed_size = 0;
    uint64_t uncompressed_size = 0;
    uint64_t local_header_offset = 0;
    uint64_t data_offset = 0;  // resolved from the local header
  };

  Archive(std::shared_ptr<const void> keepalive, const char* base, size_t size, std::string origin,
          bool file_mapping);
  void parse();
  const Entry& entry(const std::string& name) const;
  [[noreturn]] void fail(const std::string& message) const;

  std::shared_ptr<const void> keepalive_;  // the mapping (or the byte string)
  const char* base_;
  size_t size_;
  bool file_mapping_;
  std::string origin_;
  std::string prefix_;
  std::vector<Entry> entries_;                 // file order
  std::map<std::string, size_t> index_;        // name -> position in entries_
};

}  // namespace tsrt::archive
