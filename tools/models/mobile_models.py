"""Mobile-optimized models (torch.utils.mobile_optimizer.optimize_for_mobile) with stock PyTorch's
outputs, for tests/golden/mobile_models_test.cc: OUT/mobile/<name>.pt, <name>_in<i>.npy,
<name>_out<i>.npy and manifest.json. The optimized graphs call prepacked::*_clamp_run on XNNPACK
op contexts pickled in constants.pkl; `prepack_ops` calls the *_prepack ops itself (as an unfrozen
graph does). Seeded random weights, small inputs.

usage: mobile_models.py OUT
"""

import json
import os
import sys

import numpy as np
import torch
import torchvision
from torch.utils.mobile_optimizer import optimize_for_mobile


class ConvLinear(torch.nn.Module):
    """Conv + relu (fused into the conv's clamp), a grouped strided conv + hardtanh, a linear."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.grouped = torch.nn.Conv2d(8, 8, 3, stride=2, padding=1, dilation=1, groups=4)
        self.fc = torch.nn.Linear(8, 5)

    def forward(self, x):
        y = torch.relu(self.conv(x))
        y = torch.nn.functional.hardtanh(self.grouped(y), 0.0, 6.0)
        return self.fc(y.mean([2, 3]))


class TransposedNet(torch.nn.Module):
    """A strided, padded, grouped transposed conv with output padding and a bias, then relu."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(4, 6, 3, padding=1)
        self.up = torch.nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2)
        self.up2 = torch.nn.ConvTranspose2d(4, 3, 2, stride=1, dilation=2, bias=False)

    def forward(self, x):
        return self.up2(torch.relu(self.up(self.conv(x))))


class PrepackOps(torch.nn.Module):
    """Builds its op contexts with prepacked::*_prepack at run time: the unfrozen form."""

    def __init__(self):
        super().__init__()
        # Buffers: XNNPACK refuses weights that require grad.
        self.register_buffer("cw", torch.randn(6, 3, 3, 3))
        self.register_buffer("cb", torch.randn(6))
        self.register_buffer("tw", torch.randn(6, 2, 2, 2))
        self.register_buffer("lw", torch.randn(4, 16))

    def forward(self, x):
        c = torch.ops.prepacked.conv2d_clamp_prepack(self.cw, self.cb, [1, 1], [1, 1], [1, 1], 1, -0.5, 0.5)
        y = torch.ops.prepacked.conv2d_clamp_run(x, c)
        t = torch.ops.prepacked.conv2d_transpose_clamp_prepack(self.tw, None, [2, 2], [0, 0], [0, 0], [1, 1], 3,
                                                              None, 1.0)
        y = torch.ops.prepacked.conv2d_transpose_clamp_run(y, t)
        l = torch.ops.prepacked.linear_clamp_prepack(self.lw, None, 0.0)
        return torch.ops.prepacked.linear_clamp_run(y.mean([1]), l)


def randomize(model):
    """Non-trivial batch-norm statistics, so folding them into the convs is visible."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    return model


def builders():
    return [
        ("conv_linear", ConvLinear, (1, 3, 12, 12), True),
        ("transposed", TransposedNet, (2, 4, 7, 9), True),
        ("prepack_ops", PrepackOps, (1, 3, 8, 8), False),
        ("mobilenet_v2", lambda: torchvision.models.mobilenet_v2(num_classes=10), (1, 3, 64, 64), True),
        ("resnet18", lambda: torchvision.models.resnet18(num_classes=10), (1, 3, 64, 64), True),
    ]


def write_one(out_dir, name, build, input_shape, optimize):
    torch.manual_seed(0)
    model = randomize(build()).eval()
    scripted = torch.jit.script(model)
    if optimize:
        scripted = optimize_for_mobile(scripted)
    code = scripted.code
    assert "prepacked" in code, name + ": no prepacked op in the optimized code"
    if name == "resnet18":  # the residual add + relu, fused by FUSE_ADD_RELU
        assert "_add_relu_" in code, name + ": optimize_for_mobile no longer writes aten::_add_relu_"
    x = torch.randn(*input_shape)
    with torch.no_grad():
        y = scripted(x)
    scripted.save(os.path.join(out_dir, name + ".pt"))
    np.save(os.path.join(out_dir, name + "_in0.npy"), x.numpy())
    np.save(os.path.join(out_dir, name + "_out0.npy"), y.numpy())
    return {"name": name, "file": name + ".pt", "inputs": [name + "_in0.npy"], "outputs": [name + "_out0.npy"]}


def main():
    out_dir = os.path.join(sys.argv[1], "mobile")
    os.makedirs(out_dir, exist_ok=True)
    manifest = [write_one(out_dir, *b) for b in builders()]
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("mobile models: %d written to %s" % (len(manifest), out_dir))


if __name__ == "__main__":
    main()
