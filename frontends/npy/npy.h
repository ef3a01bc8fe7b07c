// NumPy .npy files (format 1.0/2.0/3.0, little-endian, C or Fortran order): the CLI's inputs
// and outputs and the golden tests' data.
#pragma once

#include <string>

#include "runtime/tensor.h"

namespace tsrt::npy {

// Throws tsrt::Error naming the file and what is wrong with it.
Tensor read(const std::string& path);
Tensor parse(const std::string& bytes, const std::string& origin);
void write(const std::string& path, const Tensor& tensor);
std::string serialize(const Tensor& tensor);
// A str as numpy writes np.array(text): a 0-d '<U{n}' array, UCS-4 little-endian.
void write_string(const std::string& path, const std::string& utf8);
std::string serialize_string(const std::string& utf8);
// The str a 0-d '<U{n}' array holds (UTF-8, trailing NULs dropped); is_string_array tells one.
bool is_string_array(const std::string& bytes);
std::string parse_string(const std::string& bytes, const std::string& origin);

}  // namespace tsrt::npy
