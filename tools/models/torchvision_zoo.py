"""Writes torchvision's own models, scripted and traced by stock PyTorch, with seeded random
weights, small inputs and the outputs stock PyTorch computes from the reloaded files, plus
DIR/manifest.json (the corpus manifest's shape, read by tests/golden/zoo_test.cc) and
DIR/export.json (what could not be scripted or traced, and why).

    /usr/bin/python3 tools/models/torchvision_zoo.py --out DIR [--ci | --all] [--only NAME,...]

`--ci` (the default) writes a representative subset that is cheap to generate and to test;
`--all` tries every model (for local triage; several GB and tens of minutes).
"""

import argparse
import json
import os
import sys
import time
import traceback
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torchvision  # noqa: E402
from torchvision import models  # noqa: E402

from corpus import ListArg, _spec_and_value  # noqa: E402

# Smallest inputs that keep every stage of a model non-degenerate (1x1 maps are allowed).
IMAGE = (1, 3, 64, 64)
VIDEO = (1, 3, 4, 32, 32)

# Models that need more than 64x64 (their fixed strides or pooling windows).
IMAGE_SIZE = {
    "inception_v3": 80,
}


def _randomize(model):
    """Non-trivial eval-mode statistics and affine terms, so normalization layers are exercised."""
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
        if isinstance(m, (nn.modules.batchnorm._BatchNorm, nn.GroupNorm, nn.LayerNorm)):
            if getattr(m, "weight", None) is not None:
                m.weight.data.uniform_(0.5, 1.5)
            if getattr(m, "bias", None) is not None:
                m.bias.data.uniform_(-0.2, 0.2)


def flatten(result):
    """Every leaf depth-first: tuples/lists in order, dict values in insertion order, None skipped
    (the CLI's output contract, ARCHITECTURE.md)."""
    if result is None:
        return []
    if isinstance(result, torch.Tensor):
        return [result.detach().contiguous().numpy()]
    if isinstance(result, dict):
        return [a for v in result.values() for a in flatten(v)]
    if isinstance(result, (tuple, list)):
        return [a for item in result for a in flatten(item)]
    if isinstance(result, bool):
        return [np.array(result, dtype=np.bool_)]
    if isinstance(result, int):
        return [np.array(result, dtype=np.int64)]
    if isinstance(result, float):
        return [np.array(result, dtype=np.float64)]
    if isinstance(result, str):
        return [np.array(result)]
    raise TypeError(f"cannot write a {type(result).__name__} output as .npy")


def _classification(name, **kwargs):
    def build():
        return getattr(models, name)(weights=None, num_classes=10, **kwargs)
    size = IMAGE_SIZE.get(name, IMAGE[-1])
    return build, lambda: [torch.rand(1, 3, size, size)]


def _segmentation(name):
    def build():
        return getattr(models.segmentation, name)(weights=None, weights_backbone=None, num_classes=5)
    return build, lambda: [torch.rand(*IMAGE)]


def _detection(name, size=64, **extra):
    def build():
        kwargs = dict(weights=None, weights_backbone=None, num_classes=3, min_size=size, max_size=size)
        kwargs.update(extra)
        return getattr(models.detection, name)(**kwargs)
    # Two images of different sizes exercise the batching transform.
    return build, lambda: [ListArg(torch.rand(3, size, size), torch.rand(3, size - 8, size))]


def _video(name):
    def build():
        return getattr(models.video, name)(weights=None, num_classes=10)
    return build, lambda: [torch.rand(*VIDEO)]


def _raft(name):
    def build():
        return getattr(models.optical_flow, name)(weights=None)
    # H and W divisible by 8; below 128x128 the coarsest correlation level is too small and stock
    # torch itself returns NaN flows.
    return build, lambda: [torch.rand(1, 3, 128, 128), torch.rand(1, 3, 128, 128), 2]


CLASSIFICATION = [
    "alexnet", "convnext_tiny", "convnext_small", "convnext_base", "convnext_large",
    "densenet121", "densenet161", "densenet169", "densenet201",
    "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3", "efficientnet_b4",
    "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
    "efficientnet_v2_s", "efficientnet_v2_m", "efficientnet_v2_l",
    "googlenet", "inception_v3", "maxvit_t",
    "mnasnet0_5", "mnasnet0_75", "mnasnet1_0", "mnasnet1_3",
    "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
    "regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf",
    "regnet_x_16gf", "regnet_x_32gf", "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf",
    "regnet_y_3_2gf", "regnet_y_8gf", "regnet_y_16gf", "regnet_y_32gf", "regnet_y_128gf",
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d", "wide_resnet50_2", "wide_resnet101_2",
    "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
    "squeezenet1_0", "squeezenet1_1",
    "swin_t", "swin_s", "swin_b", "swin_v2_t", "swin_v2_s", "swin_v2_b",
    "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    "vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32", "vit_h_14",
]
SEGMENTATION = ["fcn_resnet50", "fcn_resnet101", "deeplabv3_resnet50", "deeplabv3_resnet101",
                "deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large"]
DETECTION = ["fasterrcnn_resnet50_fpn", "fasterrcnn_resnet50_fpn_v2", "fasterrcnn_mobilenet_v3_large_fpn",
             "fasterrcnn_mobilenet_v3_large_320_fpn", "fcos_resnet50_fpn", "retinanet_resnet50_fpn",
             "retinanet_resnet50_fpn_v2", "maskrcnn_resnet50_fpn", "maskrcnn_resnet50_fpn_v2",
             "keypointrcnn_resnet50_fpn", "ssd300_vgg16", "ssdlite320_mobilenet_v3_large"]
VIDEO_MODELS = ["r3d_18", "mc3_18", "r2plus1d_18", "s3d", "mvit_v1_b", "mvit_v2_s"]
FLOW = ["raft_small", "raft_large"]


def _builders():
    """name -> (build, make_inputs)."""
    table = {}
    for name in CLASSIFICATION:
        table[name] = _classification(name)
    # ViTs take the image size as an argument; 64 with the patch sizes gives a few tokens.
    for name in ("vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32"):
        table[name] = (lambda n=name: getattr(models, n)(weights=None, num_classes=10, image_size=64),
                       lambda: [torch.rand(*IMAGE)])
    table["vit_h_14"] = (lambda: models.vit_h_14(weights=None, num_classes=10, image_size=56),
                         lambda: [torch.rand(1, 3, 56, 56)])
    # MaxViT's partitions need every stage (1/4 .. 1/32 of the input) divisible by 7.
    table["maxvit_t"] = (lambda: models.maxvit_t(weights=None, num_classes=10),
                         lambda: [torch.rand(1, 3, 224, 224)])
    for name in SEGMENTATION:
        table[name] = _segmentation(name)
    for name in DETECTION:
        table[name] = _detection(name)
    # SSDs fix their transform's size (300, 320) themselves; the images are resized to it.
    for name in ("ssd300_vgg16", "ssdlite320_mobilenet_v3_large"):
        table[name] = (lambda n=name: getattr(models.detection, n)(weights=None, weights_backbone=None,
                                                                   num_classes=3),
                       _detection(name)[1])
    for name in VIDEO_MODELS:
        table[name] = _video(name)
    # mvit and s3d have fixed temporal/spatial sizes.
    table["s3d"] = (_video("s3d")[0], lambda: [torch.rand(1, 3, 16, 224, 224)])
    for name in ("mvit_v1_b", "mvit_v2_s"):
        table[name] = (_video(name)[0], lambda: [torch.rand(1, 3, 16, 224, 224)])
    for name in FLOW:
        table[name] = _raft(name)
    return table


# The CI subset: one or two of each family, chosen by cost (see docs/status.md for --all); no model
# whose weights exceed ~150 MB (ViTs, ConvNeXt-tiny's 110 MB is covered by swin_t's constructs).
# name -> the ways to export it.
CI = {
    "resnet18": ("scripted",),
    "mobilenet_v3_small": ("scripted", "traced"),
    "squeezenet1_1": ("scripted",),
    "shufflenet_v2_x0_5": ("scripted", "traced"),
    "efficientnet_b0": ("scripted",),
    "googlenet": ("scripted",),
    "regnet_y_400mf": ("scripted",),
    "mnasnet0_5": ("traced",),
    "swin_t": ("traced",),
    "lraspp_mobilenet_v3_large": ("scripted",),
    "deeplabv3_mobilenet_v3_large": ("traced",),
    "fasterrcnn_mobilenet_v3_large_320_fpn": ("scripted", "traced"),
    "r3d_18": ("scripted",),
    "raft_small": ("scripted",),
}


def _export(model, how, inputs):
    values = [list(a.tensors) if isinstance(a, ListArg) else a for a in inputs]
    if how == "scripted":
        return torch.jit.script(model)
    # Traced modules take only tensors: trailing numbers (raft's num_flow_updates) stay constants.
    tensors = tuple(v for v in values if not isinstance(v, (int, float)))
    extra = [v for v in values if isinstance(v, (int, float))]
    # Tracing refuses dict outputs with non-tensor structure (detection's List[Dict[str, Tensor]]):
    # the wrapper returns the same leaves as a flat tuple, in the CLI contract's order.
    class Traceable(nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *xs):
            result = self.inner(*xs, *extra)
            if isinstance(result, torch.Tensor):
                return result
            return tuple(_leaves(result))
    return torch.jit.trace(Traceable(model).eval(), tensors, check_trace=False, strict=False)


def _leaves(result):
    """The tensors of `result` in flatten()'s order, still in the traced graph."""
    if result is None:
        return []
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, dict):
        return [t for v in result.values() for t in _leaves(v)]
    if isinstance(result, (tuple, list)):
        return [t for item in result for t in _leaves(item)]
    raise TypeError(f"cannot trace a {type(result).__name__} output")


def write_one(out_dir, name, how, build, make_inputs):
    """Exports, saves and runs one model; returns its manifest entry."""
    torch.manual_seed(0)
    with torch.no_grad():
        model = build().eval()
        _randomize(model)
        inputs = make_inputs()
    entry_name = f"{name}_{how}"
    exported = _export(model, how, inputs)
    file_name = entry_name + ".pt"
    torch.jit.save(exported, os.path.join(out_dir, file_name))
    if how == "traced":
        inputs = [a for a in inputs if not isinstance(a, (int, float))]
    specs, values = [], []
    for i, arg in enumerate(inputs):
        spec, value = _spec_and_value(out_dir, f"{entry_name}.in{i}", arg)
        specs.append(spec)
        values.append(value)
    loaded = torch.jit.load(os.path.join(out_dir, file_name)).eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = loaded(*values)
    arrays = flatten(result)
    if any(a.dtype.kind == "f" and np.isnan(a).any() for a in arrays):
        raise ValueError("stock torch's outputs contain NaN (input too small?)")
    outputs = []
    for i, array in enumerate(arrays):
        np.save(os.path.join(out_dir, f"{entry_name}.out{i}.npy"), np.asarray(array, order="C"))
        outputs.append(f"{entry_name}.out{i}.npy")
    return {"name": entry_name, "file": file_name, "kind": how, "method": "forward", "inputs": specs,
            "outputs": outputs, "description": f"torchvision {torchvision.__version__} {name}, random weights, {how}"}


def _write_json(out_dir, entries, refused):
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(entries, f, indent=1)
    with open(os.path.join(out_dir, "export.json"), "w") as f:
        json.dump(refused, f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder to write into")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--ci", action="store_true", help="the representative subset (default)")
    which.add_argument("--all", action="store_true", help="every model, scripted and traced")
    parser.add_argument("--only", default="", help="comma-separated model names (with --all)")
    args = parser.parse_args()

    torch.set_num_threads(min(2, torch.get_num_threads()))
    warnings.filterwarnings("ignore")
    os.makedirs(args.out, exist_ok=True)
    table = _builders()
    if args.all:
        plan = {name: ("scripted", "traced") for name in table}
        if args.only:
            plan = {name: plan[name] for name in args.only.split(",")}
    else:
        plan = CI
    entries, refused = [], []
    start = time.time()
    for name, ways in plan.items():
        build, make_inputs = table[name]
        for how in ways:
            t0 = time.time()
            try:
                entries.append(write_one(args.out, name, how, build, make_inputs))
                status = "ok"
            except Exception as e:  # noqa: BLE001 -- stock torch's refusals are data here
                message = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
                refused.append({"name": f"{name}_{how}", "error": message})
                status = "refused by torch: " + message
                if os.environ.get("ZOO_DEBUG"):
                    traceback.print_exc()
            print(f"torchvision_zoo: {name}_{how}: {status} ({time.time() - t0:.1f} s)", flush=True)
            _write_json(args.out, entries, refused)  # after each model: --all runs for long
    print(f"torchvision_zoo: {len(entries)} entries, {len(refused)} refused by torch "
          f"({time.time() - start:.1f} s) in {args.out}")


if __name__ == "__main__":
    main()
