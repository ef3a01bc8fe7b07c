// tsrt run: one call of a method. With --output-dir, its result is written as the CLI contract
// says (outputs.h); without, printed as torch prints it, then one line per leaf (its file name
// under --output-dir, dtype and shape, and where it sits in the result).
#include <iostream>

#include "tools/tsrt/commands.h"
#include "tools/tsrt/inputs.h"
#include "tools/tsrt/outputs.h"
#include "tools/tsrt/torch_repr.h"

namespace tsrt::cli {

std::string describe(const Tensor& t) { return std::string(dtype_name(t.dtype())) + t.shape_string(); }

int cmd_run(const std::string& model, const std::string& method, const std::vector<std::string>& input_specs,
            const LoadOptions& options, const std::string& output_dir) {
  Module m = load(model, options);
  warn_missing_kernels(m);
  Value result = m.call(method, method_inputs(m, method, input_specs));
  if (!output_dir.empty()) {
    std::vector<ResultLeaf> leaves = write_result(result, output_dir);
    std::cout << leaf_table(leaves);
    return 0;
  }
  std::vector<ResultLeaf> leaves;
  describe_result(result, leaves);
  std::cout << torch_repr(result) << "\n";
  if (!leaves.empty()) std::cout << "\n" << leaf_table(leaves);
  return 0;
}

}  // namespace tsrt::cli
