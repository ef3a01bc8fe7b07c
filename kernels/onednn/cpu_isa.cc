#include "kernels/onednn/cpu_isa.h"

#include <oneapi/dnnl/dnnl.hpp>

#include "runtime/error.h"

namespace tsrt::kernels::onednn {
namespace {

// dnnl_cpu_isa_t values are bit sets: a newer ISA holds every bit of the ones it extends.
bool includes(dnnl::cpu_isa isa, dnnl::cpu_isa feature) {
  auto bits = static_cast<unsigned>(isa), wanted = static_cast<unsigned>(feature);
  return (bits & wanted) == wanted;
}

}  // namespace

std::string effective_isa_name() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::all: return "all";
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx512_mic: return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
  }
  return "unknown (" + std::to_string(static_cast<unsigned>(dnnl::get_effective_cpu_isa())) + ")";
}

bool has_bf16_matmul() {
  // The effective ISA is fixed once oneDNN has first read it, so this can be computed once.
  static const bool has = includes(dnnl::get_effective_cpu_isa(), dnnl::cpu_isa::avx512_core_bf16);
  return has;
}

void check_precision_supported(Precision p) {
  if (p != Precision::BFloat16 || has_bf16_matmul()) return;
  throw Error("precision bf16 needs a CPU with avx512_bf16 (or AMX-BF16); this CPU (oneDNN ISA: " +
              effective_isa_name() + ") has neither");
}

}  // namespace tsrt::kernels::onednn
