// Keeps the public API in libtsrt.so. Bazel links each dependency's objects lazily (--start-lib),
// so an object that nothing inside the library calls, such as runtime/module.cc, would be left
// out; these exported references pull in the objects that define the public entry points.
#include "runtime/module.h"
#include "runtime/tensor.h"

namespace tsrt {

struct PublicApi {
  decltype(static_cast<Module (*)(const std::string&, const LoadOptions&)>(&load)) load_module;
  decltype(&Module::forward) forward;
  decltype(&Module::call) call;
  decltype(static_cast<Tensor (*)(void*, Shape, DType, std::shared_ptr<const void>)>(&Tensor::from_blob)) from_blob;
};

extern const PublicApi kPublicApi;
const PublicApi kPublicApi = {&load, &Module::forward, &Module::call, &Tensor::from_blob};

}  // namespace tsrt
