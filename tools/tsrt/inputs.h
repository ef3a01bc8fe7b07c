// A method's inputs from the command line's SPECs, checked against its signature before the
// graph runs, so that a mistake names the input: "input 0 'input_ids': expected Tensor, got int".
#pragma once

#include <string>
#include <vector>

#include "runtime/module.h"

namespace tsrt::cli {

// "forward(self, x: Tensor, mask: Optional[Tensor]=None) -> Tensor"
std::string method_signature(const ir::Function& fn);

// Parses `specs` typed by the method's arguments (an empty `list:` takes the argument's list
// type; a 0-d .npy given for an int/float/bool argument becomes that number) and checks them:
// how many (the error prints the signature), each one's kind, and the dtype where the graph
// says what it must be (indices of aten::embedding, the input of linear/convolution).
std::vector<Value> method_inputs(const Module& m, const std::string& method, const std::vector<std::string>& specs);

}  // namespace tsrt::cli
