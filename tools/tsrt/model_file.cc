#include "tools/tsrt/model_file.h"

#include <cstring>
#include <fstream>

#include "frontends/archive/archive.h"
#include "runtime/error.h"

namespace tsrt::cli {

namespace {

// torch.save's legacy format starts with a pickled magic number (torch/serialization.py's
// MAGIC_NUMBER, 0x1950a86a20f9469cfc6c) after the pickle protocol header: \x80 N \x8a \x0a <10 bytes>.
bool is_legacy_torch_save(const std::string& head) {
  static const unsigned char magic[] = {0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
  return head.size() >= 14 && static_cast<unsigned char>(head[0]) == 0x80 &&
         std::memcmp(head.data() + 2, magic, sizeof magic) == 0;
}

// A zip archive with data.pkl but no TorchScript code: torch.save's zip format (since torch 1.6).
bool is_zip_torch_save(const std::string& path) {
  try {
    auto archive = archive::Archive::open(path);
    if (!archive->has("data.pkl") || archive->has("model.json")) return false;
    for (const std::string& name : archive->entry_names()) {
      if (name.rfind("code/", 0) == 0) return false;
    }
    return true;
  } catch (const std::exception&) {
    return false;  // a damaged zip: the loader says what is wrong with it
  }
}

}  // namespace

void refuse_torch_save_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) return;
  std::string head(16, '\0');
  in.read(&head[0], static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  const char* kind = nullptr;
  if (is_legacy_torch_save(head)) {
    kind = "a legacy (non-zip) pickle";
  } else if (head.rfind("PK\x03\x04", 0) == 0 && is_zip_torch_save(path)) {
    kind = "a zip archive with data.pkl but no code/ folder";
  }
  if (kind != nullptr) {
    throw Error(path + ": this is a torch.save file, not TorchScript: save with torch.jit.save / torch.jit.trace (" +
                kind + ", a pickled module or state dict)");
  }
}

}  // namespace tsrt::cli
