// torch.where(condition) with one argument: the indices of the nonzero elements, one 1-d int64
// tensor per dim of condition, exactly as torch defines it (at::nonzero_numpy). torchvision's
// detection code (box coders, RPN and RoI heads) calls it.
#include "kernels/registry.h"

namespace tsrt::kernels {

TSRT_REGISTER_KERNELS(where_nonzero) {
  r.add("aten::where(Tensor condition) -> Tensor[]",
        [](const Args& a) -> Value { return call_op("aten::nonzero_numpy", {a[0]})[0]; });
}

}  // namespace tsrt::kernels
