"""Writes the benchmark's ONNX files (and ResNet-18's TorchScript file) into build/bench.

    /usr/bin/python3 bench/export_onnx.py [--bert-dir build/bert] [--out build/bench]

BERT-base: the traced build/bert/traced_bert_seq128.pt (made by tools/models/make_corpus.py
--bert-base) is loaded back and exported as is, so tsrt, stock libtorch and ONNX Runtime all
run the very same weights and traced operations. Inputs: input_ids, token_type_ids, int64
[1, 128].

BERT-base at other shapes (--bert-shapes, default 1x32,1x512,8x128): the same traced file
runs them (its traced graph reads sizes at run time); for each BxS this writes seeded random
inputs bert_BxS.in{0,1}.npy, stock PyTorch's outputs bert_BxS.out{0,1}.npy, and a static ONNX
export bert_BxS.onnx, as ONNX Runtime gets for seq 128.

ResNet-18: torchvision's model with random weights (seed 3, non-trivial batch norm statistics,
like tools/models/vision.py), traced at 1x3x224x224 and saved as resnet18_224.pt, exported as
resnet18_224.onnx; its input is resnet18_224.in0.npy and stock PyTorch's output
resnet18_224.out0.npy.
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
import torch

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools", "models"))

OPSET = 14

# Exporting a ScriptModule: torch only notes that it cannot read a Python signature from it.
warnings.filterwarnings("ignore", message="no signature found")


def export(module, inputs, input_names, output_names, path):
    torch.onnx.export(module, tuple(inputs), path, input_names=input_names,
                      output_names=output_names, opset_version=OPSET, do_constant_folding=True)


def export_bert(bert_dir, out_dir):
    stem = os.path.join(bert_dir, "traced_bert_seq128")
    traced = torch.jit.load(stem + ".pt").eval()
    inputs = [torch.from_numpy(np.load(f"{stem}.in{i}.npy")) for i in range(2)]
    path = os.path.join(out_dir, "bert_seq128.onnx")
    with torch.no_grad():
        export(traced, inputs, ["input_ids", "token_type_ids"],
               ["last_hidden_state", "pooler_output"], path)
    return path


def export_bert_shape(bert_dir, out_dir, batch, seq):
    traced = torch.jit.load(os.path.join(bert_dir, "traced_bert_seq128.pt")).eval()
    generator = torch.Generator().manual_seed(batch * 1000 + seq)
    ids = torch.randint(0, 30000, (batch, seq), generator=generator)
    token_types = torch.randint(0, 2, (batch, seq), generator=generator)
    stem = os.path.join(out_dir, f"bert_{batch}x{seq}")
    with torch.no_grad():
        outputs = traced(ids, token_types)
        np.save(stem + ".in0.npy", ids.numpy())
        np.save(stem + ".in1.npy", token_types.numpy())
        for i, out in enumerate(outputs):
            np.save(f"{stem}.out{i}.npy", out.numpy())
        export(traced, [ids, token_types], ["input_ids", "token_type_ids"],
               ["last_hidden_state", "pooler_output"], stem + ".onnx")
    return stem + ".onnx"


def export_resnet18(out_dir):
    import torchvision
    from vision import _randomize_batch_norm_stats

    torch.manual_seed(3)
    stem = os.path.join(out_dir, "resnet18_224")
    with torch.no_grad():
        resnet = torchvision.models.resnet18(weights=None).eval()
        _randomize_batch_norm_stats(resnet)
        image = torch.rand(1, 3, 224, 224)
        traced = torch.jit.trace(resnet, (image,))
        traced.save(stem + ".pt")
        np.save(stem + ".in0.npy", image.numpy())
        np.save(stem + ".out0.npy", traced(image).numpy())
        export(traced, [image], ["image"], ["logits"], stem + ".onnx")
    return stem + ".onnx"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bert-dir", default=os.path.join(REPO, "build", "bert"),
                        help="folder holding traced_bert_seq128.pt and its inputs")
    parser.add_argument("--out", default=os.path.join(REPO, "build", "bench"),
                        help="folder to write into")
    parser.add_argument("--bert-shapes", default="1x32,1x512,8x128",
                        help="comma-separated BATCHxSEQ shapes of BERT-base besides 1x128")
    parser.add_argument("--only", choices=["bert", "shapes", "resnet18"], help="make one group only")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    jobs = []
    if args.only in (None, "bert"):
        jobs.append(("BERT-base", lambda: export_bert(args.bert_dir, args.out)))
    if args.only in (None, "shapes"):
        for shape in filter(None, args.bert_shapes.split(",")):
            batch, seq = (int(x) for x in shape.split("x"))
            jobs.append((f"BERT-base {shape}",
                         lambda b=batch, s=seq: export_bert_shape(args.bert_dir, args.out, b, s)))
    if args.only in (None, "resnet18"):
        jobs.append(("ResNet-18", lambda: export_resnet18(args.out)))
    for name, make in jobs:
        start = time.time()
        path = make()
        print(f"export_onnx: {name}: {path} ({os.path.getsize(path) / 1e6:.0f} MB, "
              f"{time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
