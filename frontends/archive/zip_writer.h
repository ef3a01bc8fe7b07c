// Test helper: writes small zip archives in memory (stored or DEFLATE entries, optional ZIP64
// end records), so tests can craft exactly the layouts and damage they need.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tsrt::archive::testing {

class ZipWriter {
 public:
  // Adds an entry; `deflate` compresses it with raw DEFLATE.
  void add(const std::string& name, const std::string& data, bool deflate = false) {
    Pending p;
    p.name = name;
    p.crc = static_cast<uint32_t>(crc32_z(0L, reinterpret_cast<const Bytef*>(data.data()), data.size()));
    p.uncompressed_size = data.size();
    p.method = deflate ? 8 : 0;
    p.payload = deflate ? compress(data) : data;
    p.local_offset = out_.size();
    put32(out_, 0x04034b50);
    put16(out_, 20);
    put16(out_, 0);
    put16(out_, p.method);
    put32(out_, 0);  // time, date
    put32(out_, p.crc);
    put32(out_, static_cast<uint32_t>(p.payload.size()));
    put32(out_, static_cast<uint32_t>(p.uncompressed_size));
    put16(out_, static_cast<uint16_t>(name.size()));
    // Pad the local extra field so data starts at a multiple of 64 bytes, as torch does.
    size_t header_end = out_.size() + 2 + name.size();
    size_t padding = (64 - (header_end + 4) % 64) % 64;
    put16(out_, static_cast<uint16_t>(4 + padding));
    out_ += name;
    put16(out_, 0x4246);  // "FB"
    put16(out_, static_cast<uint16_t>(padding));
    out_.append(padding, 'Z');
    out_ += p.payload;
    entries_.push_back(std::move(p));
  }

  // The finished archive; `zip64` adds ZIP64 end records as torch's writer does, and
  // `zip64_fields` moves every entry's sizes and offset into a ZIP64 extra field (as writers
  // do for entries over 4 GiB), leaving 0xFFFFFFFF in the 32-bit fields.
  std::string finish(bool zip64 = true, bool zip64_fields = false) {
    std::string zip = out_;
    size_t dir_offset = zip.size();
    for (const Pending& p : entries_) {
      put32(zip, 0x02014b50);
      put16(zip, 0x031e);
      put16(zip, 45);
      put16(zip, 0);
      put16(zip, p.method);
      put32(zip, 0);
      put32(zip, p.crc);
      put32(zip, zip64_fields ? 0xFFFFFFFFu : static_cast<uint32_t>(p.payload.size()));
      put32(zip, zip64_fields ? 0xFFFFFFFFu : static_cast<uint32_t>(p.uncompressed_size));
      put16(zip, static_cast<uint16_t>(p.name.size()));
      put16(zip, zip64_fields ? 28 : 0);  // extra
      put16(zip, 0);  // comment
      put16(zip, 0);  // disk
      put16(zip, 0);  // internal attributes
      put32(zip, 0);  // external attributes
      put32(zip, zip64_fields ? 0xFFFFFFFFu : static_cast<uint32_t>(p.local_offset));
      zip += p.name;
      if (zip64_fields) {
        put16(zip, 0x0001);
        put16(zip, 24);
        put64(zip, p.uncompressed_size);
        put64(zip, p.payload.size());
        put64(zip, p.local_offset);
      }
    }
    size_t dir_size = zip.size() - dir_offset;
    if (zip64) {
      size_t record_offset = zip.size();
      put32(zip, 0x06064b50);
      put64(zip, 44);
      put16(zip, 0x031e);
      put16(zip, 45);
      put32(zip, 0);
      put32(zip, 0);
      put64(zip, entries_.size());
      put64(zip, entries_.size());
      put64(zip, dir_size);
      put64(zip, dir_offset);
      put32(zip, 0x07064b50);
      put32(zip, 0);
      put64(zip, record_offset);
      put32(zip, 1);
    }
    put32(zip, 0x06054b50);
    put16(zip, 0);
    put16(zip, 0);
    put16(zip, static_cast<uint16_t>(entries_.size()));
    put16(zip, static_cast<uint16_t>(entries_.size()));
    put32(zip, static_cast<uint32_t>(dir_size));
    put32(zip, static_cast<uint32_t>(dir_offset));
    put16(zip, 0);
    return zip;
  }

  static std::string compress(const std::string& data) {
    z_stream zs{};
    if (deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&zs, data.size()), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
    zs.avail_out = static_cast<uInt>(out.size());
    int status = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (status != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
  }

 private:
  struct Pending {
    std::string name;
    std::string payload;
    uint32_t crc = 0;
    size_t uncompressed_size = 0;
    uint16_t method = 0;
    size_t local_offset = 0;
  };
  static void put16(std::string& s, uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
  }
  static void put32(std::string& s, uint32_t v) {
    put16(s, v & 0xFFFF);
    put16(s, v >> 16);
  }
  static void put64(std::string& s, uint64_t v) {
    put32(s, static_cast<uint32_t>(v));
    put32(s, static_cast<uint32_t>(v >> 32));
  }

  std::string out_;
  std::vector<Pending> entries_;
};

}  // namespace tsrt::archive::testing
