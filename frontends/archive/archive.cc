#include "frontends/archive/archive.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "frontends/archive/mapped_file.h"
#include "runtime/error.h"

namespace tsrt::archive {

namespace {

constexpr uint32_t kLocalHeaderSig = 0x04034b50;
constexpr uint32_t kCentralHeaderSig = 0x02014b50;
constexpr uint32_t kEndOfDirSig = 0x06054b50;
constexpr uint32_t kZip64EndOfDirSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEndOfDirSize = 22;
constexpr size_t kZip64EndOfDirSize = 56;
constexpr size_t kZip64LocatorSize = 20;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint16_t kMethodStored = 0;
constexpr uint16_t kMethodDeflate = 8;
// DEFLATE cannot expand data by more than about 1032:1; a larger claim is a lie.
constexpr uint64_t kMaxDeflateRatio = 1032;
// read() materialises entries in memory; code and pickles are far below this.
constexpr uint64_t kMaxReadSize = uint64_t{1} << 32;

uint16_t le16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] | (u[1] << 8));
}
uint32_t le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint32_t>(u[0]) | (static_cast<uint32_t>(u[1]) << 8) |
         (static_cast<uint32_t>(u[2]) << 16) | (static_cast<uint32_t>(u[3]) << 24);
}
uint64_t le64(const char* p) { return le32(p) | (static_cast<uint64_t>(le32(p + 4)) << 32); }

// Is [offset, offset + length) inside a buffer of `size` bytes (without overflow)?
bool in_bounds(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace

Archive::Archive(std::shared_ptr<const void> keepalive, const char* base, size_t size, std::string origin,
                 bool file_mapping)
    : keepalive_(std::move(keepalive)), base_(base), size_(size), file_mapping_(file_mapping), origin_(std::move(origin)) {}

std::shared_ptr<Archive> Archive::open(const std::string& path) {
  MappedFile file = map_file(path);
  std::shared_ptr<Archive> archive(new Archive(file.keepalive, file.data, file.size, path, true));
  archive->parse();
  return archive;
}

std::shared_ptr<Archive> Archive::from_bytes(std::string bytes, const std::string& origin) {
  // Copied to 64-byte aligned memory so records keep the alignment they have in a mapped file.
  constexpr size_t kAlignment = 64;
  size_t size = bytes.size();
  size_t rounded = (size / kAlignment + 1) * kAlignment;
  void* buffer = std::aligned_alloc(kAlignment, rounded);
  if (buffer == nullptr) throw Error(origin + ": out of memory");
  std::shared_ptr<const void> owned(buffer, [](const void* p) { std::free(const_cast<void*>(p)); });
  std::memcpy(buffer, bytes.data(), size);
  const char* data = static_cast<const char*>(buffer);
  std::shared_ptr<Archive> archive(new Archive(owned, data, size, origin, false));
  archive->parse();
  return archive;
}

void Archive::fail(const std::string& message) const { throw Error(origin_ + ": " + message); }

void Archive::parse() {
  if (size_ < kEndOfDirSize) fail("not a zip archive (file of " + std::to_string(size_) + " bytes)");

  // The end-of-central-directory record is at the end, followed by a comment of up to 64 KiB.
  size_t lowest = size_ - kEndOfDirSize > 0xFFFF ? size_ - kEndOfDirSize - 0xFFFF : 0;
  size_t eocd = std::numeric_limits<size_t>::max();
  for (size_t pos = size_ - kEndOfDirSize + 1; pos-- > lowest;) {
    if (le32(base_ + pos) == kEndOfDirSig &&
        pos + kEndOfDirSize + le16(base_ + pos + 20) <= size_) {
      eocd = pos;
      break;
    }
  }
  if (eocd == std::numeric_limits<size_t>::max()) {
    fail("not a zip archive (no end-of-central-directory record)");
  }
  const char* end = base_ + eocd;
  if (le16(end + 4) != 0 || le16(end + 6) != 0) fail("multi-disk zip archives are unsupported");
  uint64_t entry_count = le16(end + 10);
  uint64_t dir_size = le32(end + 12);
  uint64_t dir_offset = le32(end + 16);

  // ZIP64: a locator just before the classic record points at a record with 64-bit fields.
  if (eocd >= kZip64LocatorSize && le32(end - kZip64LocatorSize) == kZip64LocatorSig) {
    const char* locator = end - kZip64LocatorSize;
    uint64_t record_offset = le64(locator + 8);
    if (!in_bounds(record_offset, kZip64EndOfDirSize, eocd - kZip64LocatorSize) ||
        le32(base_ + record_offset) != kZip64EndOfDirSig) {
      fail("corrupt ZIP64 end-of-central-directory locator");
    }
    const char* record = base_ + record_offset;
    if (le32(record + 16) != 0 || le32(record + 20) != 0) {
      fail("multi-disk zip archives are unsupported");
    }
    entry_count = le64(record + 32);
    dir_size = le64(record + 40);
    dir_offset = le64(record + 48);
    if (!in_bounds(dir_offset, dir_size, record_offset)) {
      fail("central directory (offset " + std::to_string(dir_offset) + ", " +
           std::to_string(dir_size) + " bytes) lies outside the file");
    }
  } else if (!in_bounds(dir_offset, dir_size, eocd)) {
    fail("central directory (offset " + std::to_string(dir_offset) + ", " +
         std::to_string(dir_size) + " bytes) lies outside the file");
  }
  if (entry_count > dir_size / kCentralHeaderSize) {
    fail("central directory claims " + std::to_string(entry_count) + " entries in " +
         std::to_string(dir_size) + " bytes");
  }

  entries_.reserve(static_cast<size_t>(entry_count));
  const char* dir = base_ + dir_offset;
  uint64_t pos = 0;
  for (uint64_t i = 0; i < entry_count; ++i) {
    std::string where = "central directory entry " + std::to_string(i);
    if (!in_bounds(pos, kCentralHeaderSize, dir_size) || le32(dir + pos) != kCentralHeaderSig) {
      fail(where + ": bad header");
    }
    const char* h = dir + pos;
    uint16_t flags = le16(h + 8);
    Entry e;
    e.method = le16(h + 10);
    e.crc32 = le32(h + 16);
    e.compressed_size = le32(h + 20);
    e.uncompressed_size = le32(h + 24);
    uint16_t name_len = le16(h + 28);
    uint16_t extra_len = le16(h + 30);
    uint16_t comment_len = le16(h + 32);
    e.local_header_offset = le32(h + 42);
    uint64_t record_len = kCentralHeaderSize + uint64_t{name_len} + extra_len + comment_len;
    if (!in_bounds(pos, record_len, dir_size)) fail(where + ": runs past the central directory");
    std::string full_name(h + kCentralHeaderSize, name_len);
    where = "entry '" + full_name + "'";
    if (name_len == 0 || full_name.find('\0') != std::string::npos) fail(where + ": bad name");
    if (flags & 1) fail(where + ": encrypted entries are unsupported");

    // ZIP64 extra field: 64-bit values for those fields saturated at 0xFFFFFFFF, in order.
    const char* extra = h + kCentralHeaderSize + name_len;
    for (size_t x = 0; x + 4 <= extra_len;) {
      uint16_t id = le16(extra + x);
      uint16_t len = le16(extra + x + 2);
      if (x + 4 + len > extra_len) fail(where + ": malformed extra field");
      if (id == kZip64ExtraId) {
        const char* field = extra + x + 4;
        size_t used = 0;
        for (uint64_t* value : {&e.uncompressed_size, &e.compressed_size, &e.local_header_offset}) {
          if (*value != 0xFFFFFFFFu) continue;
          if (used + 8 > len) fail(where + ": truncated ZIP64 extra field");
          *value = le64(field + used);
          used += 8;
        }
      }
      x += 4 + len;
    }

    // The data starts after the *local* header, whose extra field may differ (torch pads it).
    if (!in_bounds(e.local_header_offset, kLocalHeaderSize, dir_offset) ||
        le32(base_ + e.local_header_offset) != kLocalHeaderSig) {
      fail(where + ": bad local header at offset " + std::to_string(e.local_header_offset));
    }
    const char* local = base_ + e.local_header_offset;
    uint64_t local_name_len = le16(local + 26);
    uint64_t local_extra_len = le16(local + 28);
    e.data_offset = e.local_header_offset + kLocalHeaderSize + local_name_len + local_extra_len;
    if (local_name_len != name_len ||
        !in_bounds(e.local_header_offset + kLocalHeaderSize, local_name_len, dir_offset) ||
        std::memcmp(local + kLocalHeaderSize, full_name.data(), name_len) != 0) {
      fail(where + ": local header names a different entry");
    }
    if (!in_bounds(e.data_offset, e.compressed_size, dir_offset)) {
      fail(where + ": data (" + std::to_string(e.compressed_size) + " bytes at offset " +
           std::to_string(e.data_offset) + ") lies outside the file");
    }
    if (e.method == kMethodStored && e.compressed_size != e.uncompressed_size) {
      fail(where + ": stored entry with different compressed and uncompressed sizes");
    }

    if (i == 0) {
      size_t slash = full_name.find('/');
      if (slash == std::string::npos) fail(where + ": not inside a root folder");
      prefix_ = full_name.substr(0, slash + 1);
    }
    if (full_name.compare(0, prefix_.size(), prefix_) != 0) {
      fail(where + ": outside the root folder '" + prefix_ + "'");
    }
    e.name = full_name.substr(prefix_.size());
    pos += record_len;
    if (e.name.empty() || e.name.back() == '/') continue;  // directory entries hold nothing
    if (!index_.emplace(e.name, entries_.size()).second) fail(where + ": appears twice");
    entries_.push_back(std::move(e));
  }

  // Entries must not share bytes: overlapping data is a classic zip-bomb and confusion trick.
  std::vector<const Entry*> by_offset;
  by_offset.reserve(entries_.size());
  for (const Entry& e : entries_) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(), [](const Entry* a, const Entry* b) {
    return a->local_header_offset < b->local_header_offset;
  });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const Entry* previous = by_offset[i - 1];
    if (previous->data_offset + previous->compressed_size > by_offset[i]->local_header_offset) {
      fail("entries '" + previous->name + "' and '" + by_offset[i]->name + "' overlap");
    }
  }

  if (has("model.json") && !has("data.pkl")) {
    fail("pre-1.4 legacy format (model.json), unsupported; re-save the model with torch >= 1.4");
  }
}

std::vector<std::string> Archive::entry_names() const {
  std::vector<std::string> names;
  names.reserve(entries_.size());
  for (const Entry& e : entries_) names.push_back(e.name);
  return names;
}

bool Archive::has(const std::string& name) const { return index_.count(name) != 0; }

const Archive::Entry& Archive::entry(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) fail("no entry '" + prefix_ + name + "'");
  return entries_[it->second];
}

std::string Archive::read(const std::string& name) const {
  const Entry& e = entry(name);
  std::string where = "entry '" + prefix_ + name + "'";
  const char* data = base_ + e.data_offset;
  std::string out;
  if (e.method == kMethodStored) {
    out.assign(data, e.compressed_size);
  } else if (e.method == kMethodDeflate) {
    if (e.uncompressed_size > kMaxReadSize ||
        e.uncompressed_size > e.compressed_size * kMaxDeflateRatio + 1024) {
      fail(where + ": implausible uncompressed size " + std::to_string(e.uncompressed_size) +
           " for " + std::to_string(e.compressed_size) + " compressed bytes");
    }
    out.resize(static_cast<size_t>(e.uncompressed_size));
    z_stream zs;
    std::memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) fail(where + ": cannot initialise zlib");
    uint64_t in_left = e.compressed_size;
    uint64_t out_left = e.uncompressed_size;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
    int status = Z_OK;
    // zlib counts in 32-bit units: feed input and output in slices.
    constexpr uint64_t kSlice = uint64_t{1} << 30;
    while (status == Z_OK) {
      if (zs.avail_in == 0 && in_left > 0) {
        zs.avail_in = static_cast<uInt>(std::min(in_left, kSlice));
        in_left -= zs.avail_in;
      }
      if (zs.avail_out == 0 && out_left > 0) {
        zs.avail_out = static_cast<uInt>(std::min(out_left, kSlice));
        out_left -= zs.avail_out;
      }
      uInt in_before = zs.avail_in;
      uInt out_before = zs.avail_out;
      status = inflate(&zs, Z_NO_FLUSH);
      if (status == Z_BUF_ERROR || (status == Z_OK && zs.avail_in == in_before &&
                                    zs.avail_out == out_before)) {
        break;  // no progress possible: input exhausted or output full
      }
    }
    uint64_t produced = zs.total_out;
    inflateEnd(&zs);
    if (status != Z_STREAM_END) {
      fail(where + ": corrupt DEFLATE data" +
           (status == Z_DATA_ERROR || status == Z_BUF_ERROR || status == Z_OK
                ? std::string()
                : " (zlib status " + std::to_string(status) + ")"));
    }
    if (produced != e.uncompressed_size) {
      fail(where + ": inflated to " + std::to_string(produced) + " bytes, directory says " +
           std::to_string(e.uncompressed_size));
    }
  } else {
    fail(where + ": unsupported compression method " + std::to_string(e.method));
  }
  uint32_t crc = static_cast<uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(out.data()), out.size()));
  if (crc != e.crc32) fail(where + ": CRC-32 mismatch (data is corrupt)");
  return out;
}

Archive::Record Archive::record(const std::string& name) const {
  const Entry& e = entry(name);
  if (e.method != kMethodStored) {
    fail("entry '" + prefix_ + name + "' is compressed (method " + std::to_string(e.method) +
         "); tensor records must be stored uncompressed");
  }
  return Record{base_ + e.data_offset, static_cast<size_t>(e.compressed_size), keepalive_, file_mapping_};
}

int64_t Archive::version() const {
  std::string record_name = has(".data/version") ? ".data/version" : "version";
  if (!has(record_name)) fail("no version record (.data/version or version)");
  std::string text = read(record_name);
  size_t first = text.find_first_not_of(" \t\r\n");
  size_t last = text.find_last_not_of(" \t\r\n");
  std::string digits = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  bool numeric = !digits.empty() && digits.size() <= 18 &&
                 std::all_of(digits.begin(), digits.end(),
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!numeric) fail("version record '" + record_name + "' is not a decimal number");
  int64_t version = std::stoll(digits);
  if (version < 1 || version > 10) {
    fail("file format version " + std::to_string(version) +
         " is not supported (tsrt reads versions 1 to 10)");
  }
  return version;
}

}  // namespace tsrt::archive
