"""Models with ops tsrt has no kernel for, written with stock PyTorch into OUT/lazy_ops/, for
tests/lazy_ops/: such an op must not stop a load, only a run that reaches it.

- untaken.pt: the kernel-less ops (aten::special_zeta, aten::histc) sit in branches eval never
  takes (`if self.training`, a False flag); it loads and matches torch (untaken_out.npy).
- taken.pt: the same module with the flag set; forward reaches aten::histc and must fail naming
  it and its code/ line.
- unknown_op.pt: untaken.pt with the zeta call renamed to an op neither torch nor tsrt has
  (torch.no_such_op): still refused at load, naming the op and its line.
"""

import os
import sys

import zipfile

import numpy as np
import torch
from torch import Tensor


class LazyOps(torch.nn.Module):
    def __init__(self, reach: bool):
        super().__init__()
        self.reach = reach
        self.linear = torch.nn.Linear(4, 3)

    def forward(self, x: Tensor) -> Tensor:
        y = torch.relu(self.linear(x)) * 2.0
        if self.training:
            y = torch.special.zeta(y, 2.0)
        if self.reach:
            y = y + torch.histc(y, 4).sum()
        return y - 1.0


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: lazy_ops.py OUT")
    out = os.path.join(sys.argv[1], "lazy_ops")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    x = torch.randn(2, 4)
    np.save(os.path.join(out, "input.npy"), x.numpy())
    for name, reach in (("untaken", False), ("taken", True)):
        torch.manual_seed(1)
        module = torch.jit.script(LazyOps(reach).eval())
        module.save(os.path.join(out, name + ".pt"))
        with torch.no_grad():
            np.save(os.path.join(out, name + "_out.npy"), module(x).numpy())
    with zipfile.ZipFile(os.path.join(out, "untaken.pt")) as src, \
            zipfile.ZipFile(os.path.join(out, "unknown_op.pt"), "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("code/__torch__.py"):
                renamed = data.replace(b"torch.special_zeta(", b"torch.no_such_op(")
                assert renamed != data, "the printed code changed: update the renaming"
                data = renamed
            dst.writestr(info.filename.replace("untaken/", "unknown_op/", 1), data)


if __name__ == "__main__":
    main()
