#include "frontends/npy/spec.h"

#include <cerrno>
#include <cstdlib>

#include "runtime/error.h"

namespace tsrt::npy {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    parts.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) return parts;
    start = comma + 1;
  }
}

Spec parse_int(const std::string& text, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  TSRT_CHECK(!text.empty() && *end == '\0' && errno == 0, where + ": '" + text + "' is not an integer");
  Spec s;
  s.kind = Spec::Kind::Int;
  s.int_value = static_cast<int64_t>(v);
  return s;
}

Spec parse_float(const std::string& text, const std::string& where) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  TSRT_CHECK(!text.empty() && *end == '\0', where + ": '" + text + "' is not a number");
  Spec s;
  s.kind = Spec::Kind::Float;
  s.float_value = v;
  return s;
}

Spec parse_bool(const std::string& text, const std::string& where) {
  TSRT_CHECK(text == "true" || text == "false", where + ": expected bool:true or bool:false, got '" + text + "'");
  Spec s;
  s.kind = Spec::Kind::Bool;
  s.bool_value = text == "true";
  return s;
}

Spec parse_npy(const std::string& path) {
  Spec s;
  s.kind = Spec::Kind::Npy;
  s.text = path;
  return s;
}

// One item of a tuple: or list:; `prefix` is the previous item's "int:"/"float:"/"bool:", which a
// bare item takes over.
Spec parse_item(const std::string& item, std::string& prefix, const std::string& where) {
  if (starts_with(item, "int:")) prefix = "int:";
  else if (starts_with(item, "float:")) prefix = "float:";
  else if (starts_with(item, "bool:")) prefix = "bool:";
  else if (ends_with(item, ".npy")) {
    prefix.clear();
    return parse_npy(item);
  } else {
    TSRT_CHECK(!prefix.empty(), where + ": item '" + item +
                                    "' is not a .npy file, int:N, float:X or bool:true|false");
    std::string full = prefix + item;
    return parse_item(full, prefix, where);
  }
  std::string value = item.substr(prefix.size());
  if (prefix == "int:") return parse_int(value, where);
  if (prefix == "float:") return parse_float(value, where);
  return parse_bool(value, where);
}

}  // namespace

const char* spec_kind_name(Spec::Kind kind) {
  switch (kind) {
    case Spec::Kind::None: return "none";
    case Spec::Kind::Npy: return "tensor (.npy)";
    case Spec::Kind::Int: return "int";
    case Spec::Kind::Float: return "float";
    case Spec::Kind::Bool: return "bool";
    case Spec::Kind::Str: return "str";
    case Spec::Kind::Tuple: return "tuple";
    case Spec::Kind::List: return "list";
  }
  return "?";
}

Spec parse_spec(const std::string& spec) {
  const std::string where = "input '" + spec + "'";
  if (spec == "none") return Spec();
  if (starts_with(spec, "int:")) return parse_int(spec.substr(4), where);
  if (starts_with(spec, "float:")) return parse_float(spec.substr(6), where);
  if (starts_with(spec, "bool:")) return parse_bool(spec.substr(5), where);
  if (starts_with(spec, "str:")) {
    Spec s;
    s.kind = Spec::Kind::Str;
    s.text = spec.substr(4);
    return s;
  }
  if (starts_with(spec, "tuple:") || starts_with(spec, "list:")) {
    Spec s;
    s.kind = starts_with(spec, "tuple:") ? Spec::Kind::Tuple : Spec::Kind::List;
    std::string body = spec.substr(s.kind == Spec::Kind::Tuple ? 6 : 5);
    if (body.empty()) {
      // `list:` is the empty list; an empty tuple argument does not occur in TorchScript signatures.
      TSRT_CHECK(s.kind == Spec::Kind::List, where + ": a tuple needs at least one item");
      return s;
    }
    std::string prefix;
    for (const std::string& item : split_commas(body)) s.items.push_back(parse_item(item, prefix, where));
    if (s.kind == Spec::Kind::List) {
      for (const Spec& item : s.items) {
        TSRT_CHECK(item.kind == s.item_kind(), where + ": list items must all be of one kind (" +
                                                   spec_kind_name(s.item_kind()) + " and " +
                                                   spec_kind_name(item.kind) + " given)");
      }
    }
    return s;
  }
  TSRT_CHECK(ends_with(spec, ".npy"),
             where + ": expected a .npy file, int:N, float:X, bool:true|false, str:TEXT, none, "
                     "tuple:ITEM,... or list:ITEM,... (ITEM: a.npy, int:N, float:X, bool:B; list: is empty)");
  return parse_npy(spec);
}

}  // namespace tsrt::npy
