// A C++ program outside Bazel using the installed tsrt (built by cpp/consumer_test.sh):
//   tsrt_consumer MODEL.pt IN0.npy IN1.npy EXPECTED_OUT0.npy EXPECTED_OUT1.npy
// Reads int64 inputs and float32 expected outputs from .npy files (stock PyTorch's results),
// hands the inputs to tsrt without copying (Tensor::from_blob), runs forward and compares.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "runtime/module.h"

namespace {

// A .npy file's shape and raw little-endian data (format versions 1 to 3, C order only).
struct Npy {
  tsrt::Shape shape;
  std::string descr;
  std::shared_ptr<std::vector<char>> data;
};

Npy read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(1, 5, "NUMPY") != 0) throw std::runtime_error(path + ": not a .npy file");
  const bool v1 = bytes[6] == 1;
  size_t header_len = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
  size_t start = 10;
  if (!v1) {
    header_len |= static_cast<size_t>(static_cast<unsigned char>(bytes[10])) << 16 |
                  static_cast<size_t>(static_cast<unsigned char>(bytes[11])) << 24;
    start = 12;
  }
  std::string header = bytes.substr(start, header_len);
  Npy npy;
  size_t d = header.find("'descr': '") + 10;
  npy.descr = header.substr(d, header.find('\'', d) - d);
  size_t s = header.find("'shape': (") + 10;
  std::string dims = header.substr(s, header.find(')', s) - s);
  for (size_t pos = 0; pos < dims.size();) {
    size_t comma = dims.find(',', pos);
    if (comma == std::string::npos) comma = dims.size();
    if (dims.find_first_not_of(' ', pos) < comma) npy.shape.push_back(std::stoll(dims.substr(pos, comma - pos)));
    pos = comma + 1;
  }
  npy.data = std::make_shared<std::vector<char>>(bytes.begin() + start + header_len, bytes.end());
  return npy;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: " << argv[0] << " MODEL.pt IN0.npy IN1.npy OUT0.npy OUT1.npy\n";
    return 2;
  }
  try {
    tsrt::LoadOptions options;
    options.passes = "default";
    tsrt::Module module = tsrt::load(argv[1], options);

    std::vector<tsrt::Value> inputs;
    for (int i = 2; i <= 3; ++i) {
      Npy in = read_npy(argv[i]);
      if (in.descr != "<i8") throw std::runtime_error(std::string(argv[i]) + ": expected int64, got " + in.descr);
      // Zero-copy: the tensor keeps the file's buffer alive through the keepalive.
      inputs.push_back(tsrt::Tensor::from_blob(in.data->data(), in.shape, tsrt::DType::Int64, in.data));
    }
    std::vector<tsrt::Value> outputs = module.forward(inputs);
    if (outputs.size() != 2) throw std::runtime_error("expected 2 outputs, got " + std::to_string(outputs.size()));

    int failures = 0;
    for (int k = 0; k < 2; ++k) {
      Npy expected = read_npy(argv[4 + k]);
      tsrt::Tensor got = outputs[k].to_tensor().contiguous();
      if (got.sizes() != expected.shape) {
        std::cerr << "output " << k << ": shape " << got.shape_string() << " but expected "
                  << tsrt::shape_to_string(expected.shape) << "\n";
        return 1;
      }
      const float* want = reinterpret_cast<const float*>(expected.data->data());
      const float* have = got.data_ptr<float>();  // checked: throws unless the output is float32
      for (int64_t i = 0; i < got.numel(); ++i) {
        if (std::fabs(have[i] - want[i]) > 1e-4f * (1.0f + std::fabs(want[i]))) {
          if (failures++ < 5) std::cerr << "output " << k << "[" << i << "] = " << have[i] << ", expected " << want[i] << "\n";
        }
      }
      std::cout << "output " << k << " " << got.shape_string() << " checked\n";
    }
    if (failures) {
      std::cerr << failures << " elements differ\n";
      return 1;
    }
    std::cout << "OK: tsrt outside Bazel matches stock PyTorch\n";
  } catch (const tsrt::Error& e) {
    std::cerr << "tsrt::Error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
