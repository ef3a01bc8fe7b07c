// libFuzzer entry point for a whole archive: load it as tsrt::load would (every pass of the
// default pipeline) and run forward on small fixed inputs. Any input must load and run or throw
// tsrt::Error. tsrt::load takes a path, so each input goes through one temp file per process.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "ir/type.h"
#include "runtime/error.h"
#include "runtime/module.h"
#include "runtime/value.h"

namespace {

// A small stand-in value for an argument of `type`; None where nothing simple fits.
tsrt::Value sample_value(const tsrt::ir::TypePtr& type) {
  using tsrt::ir::TypeKind;
  switch (type->kind) {
    case TypeKind::Tensor:
      return tsrt::Tensor::zeros({2, 3}, tsrt::DType::Float32);
    case TypeKind::Int:
    case TypeKind::Number:
      return int64_t{2};
    case TypeKind::Float:
      return 0.5;
    case TypeKind::Bool:
      return true;
    case TypeKind::Str:
      return "a";
    case TypeKind::List: {
      if (type->contained.empty()) return tsrt::Value();
      return tsrt::make_list(type->contained[0], {sample_value(type->contained[0])});
    }
    default:
      return tsrt::Value();
  }
}

const std::string& temp_path() {
  static const std::string path = "/tmp/tsrt_load_run_fuzz_" + std::to_string(getpid()) + ".pt";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(temp_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  tsrt::LoadOptions options;
  options.threads = 1;
  // A runaway loop or recursion in the archive's code must end quickly with an error.
  options.limits.max_loop_iterations = 10000;
  options.limits.max_call_depth = 50;
  try {
    tsrt::Module module = tsrt::load(temp_path(), options);
    const tsrt::ir::Function& forward = module.method("forward");
    std::vector<tsrt::Value> inputs;
    const auto& arguments = forward.signature.arguments;
    for (size_t i = 1; i < arguments.size(); ++i) {  // arguments[0] is self
      inputs.push_back(arguments[i].default_value ? *arguments[i].default_value
                                                  : sample_value(arguments[i].type));
    }
    module.forward(std::move(inputs));
  } catch (const tsrt::Error&) {
  }
  return 0;
}
