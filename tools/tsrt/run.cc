// tsrt run: one call of a method; outputs written as .npy, flattened depth-first.
#include <filesystem>
#include <iostream>

#include "frontends/npy/npy.h"
#include "frontends/npy/value_io.h"
#include "tools/tsrt/commands.h"

namespace tsrt::cli {

std::string describe(const Tensor& t) { return std::string(dtype_name(t.dtype())) + t.shape_string(); }

int cmd_run(const std::string& model, const std::string& method, std::vector<Value> inputs,
            const LoadOptions& options, const std::string& output_dir) {
  Module m = load(model, options);
  Value result = m.call(method, std::move(inputs));
  std::vector<Tensor> outputs = npy::flatten_outputs(result);
  if (!output_dir.empty()) std::filesystem::create_directories(output_dir);
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::string name = "output_" + std::to_string(i) + ".npy";
    std::cout << name << ": " << describe(outputs[i]) << "\n";
    if (!output_dir.empty()) npy::write(output_dir + "/" + name, outputs[i]);
  }
  return 0;
}

}  // namespace tsrt::cli
