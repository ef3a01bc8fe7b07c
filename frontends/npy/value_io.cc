#include "frontends/npy/value_io.h"

#include <cerrno>
#include <cstdlib>

#include "frontends/npy/npy.h"

namespace tsrt::npy {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

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

}  // namespace

Value parse_input_spec(const std::string& spec) {
  const std::string where = "input '" + spec + "'";
  if (spec == "none") return Value();
  if (starts_with(spec, "int:")) {
    const char* text = spec.c_str() + 4;
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(text, &end, 10);
    TSRT_CHECK(*text != '\0' && *end == '\0' && errno == 0, where + ": not an integer");
    return Value(static_cast<int64_t>(v));
  }
  if (starts_with(spec, "float:")) {
    const char* text = spec.c_str() + 6;
    char* end = nullptr;
    double v = std::strtod(text, &end);
    TSRT_CHECK(*text != '\0' && *end == '\0', where + ": not a number");
    return Value(v);
  }
  if (starts_with(spec, "bool:")) {
    std::string text = spec.substr(5);
    TSRT_CHECK(text == "true" || text == "false", where + ": expected bool:true or bool:false");
    return Value(text == "true");
  }
  if (starts_with(spec, "str:")) return Value(spec.substr(4));
  if (starts_with(spec, "tuple:") || starts_with(spec, "list:")) {
    bool is_tuple = starts_with(spec, "tuple:");
    std::vector<Value> items;
    for (const std::string& path : split_commas(spec.substr(is_tuple ? 6 : 5))) items.push_back(Value(read(path)));
    if (is_tuple) return Value(make_tuple(std::move(items)));
    return Value(make_list(ir::Type::get(ir::TypeKind::Tensor), std::move(items)));
  }
  TSRT_CHECK(spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".npy") == 0,
        where + ": expected a .npy file, int:N, float:X, bool:true|false, str:TEXT, none, tuple:a.npy,b.npy or list:...");
  return Value(read(spec));
}

namespace {
void flatten_into(const Value& v, std::vector<Tensor>& out) {
  if (v.is_tensor()) {
    out.push_back(v.to_tensor());
  } else if (v.is_tuple() || v.is_list()) {
    const auto& items = v.is_tuple() ? v.to_tuple()->items : v.to_list()->items;
    for (const Value& item : items) flatten_into(item, out);
  } else if (v.is_bool()) {
    out.push_back(Tensor::scalar_bool(v.to_bool()));
  } else if (v.is_int()) {
    out.push_back(Tensor::scalar_int(v.to_int(), DType::Int64));
  } else if (v.is_double()) {
    out.push_back(Tensor::scalar_double(v.to_double(), DType::Float64));
  } else {
    throw Error(std::string("cannot write a result of type ") + v.tag_name() + " as .npy");
  }
}
}  // namespace

std::vector<Tensor> flatten_outputs(const Value& result) {
  std::vector<Tensor> out;
  flatten_into(result, out);
  return out;
}

}  // namespace tsrt::npy
