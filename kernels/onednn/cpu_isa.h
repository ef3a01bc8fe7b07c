// What the CPU can do, as oneDNN sees it: its effective ISA is the hardware's capped by
// ONEDNN_MAX_CPU_ISA (or DNNL_MAX_CPU_ISA), so capability checks made here follow that cap and
// an AVX2-only machine can be simulated on an AVX-512 one (docs/testing.md).
#pragma once

#include <string>

#include "runtime/precision.h"

namespace tsrt::kernels::onednn {

// oneDNN's effective ISA, lower case as in its ONEDNN_MAX_CPU_ISA values ("avx2",
// "avx512_core_bf16", ...).
std::string effective_isa_name();

// Whether oneDNN dispatches bfloat16 matmuls here: avx512_bf16 or AMX-BF16 (avx512_core_bf16
// or avx512_core_amx and above). Without them oneDNN 2.6 has no bf16 matmul for our layouts.
bool has_bf16_matmul();

// Throws tsrt::Error naming the missing CPU feature when precision `p` cannot run here.
void check_precision_supported(Precision p);

}  // namespace tsrt::kernels::onednn
