"""Lists the TorchScript node kinds (aten::*, prim::*) each corpus model's graph uses, with
calls inlined, so the interpreter's coverage can be checked against the corpus.

    /usr/bin/python3 tools/models/corpus_ops.py DIR [--union]
"""

import argparse
import json
import os

import torch


def node_kinds(graph, kinds):
    for node in graph.nodes():
        kinds.add(node.kind())
        for block in node.blocks():
            node_kinds(block, kinds)


def model_kinds(path, method):
    module = torch.jit.load(path)
    graph = getattr(module, method).graph.copy()
    torch._C._jit_pass_inline(graph)
    kinds = set()
    node_kinds(graph, kinds)
    return kinds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="corpus folder holding manifest.json")
    parser.add_argument("--union", action="store_true", help="print only the union over all models")
    args = parser.parse_args()
    with open(os.path.join(args.dir, "manifest.json")) as f:
        manifest = json.load(f)
    seen = set()
    union = set()
    for entry in manifest:
        key = (entry["file"], entry["method"])
        if key in seen:
            continue
        seen.add(key)
        kinds = model_kinds(os.path.join(args.dir, entry["file"]), entry["method"])
        union |= kinds
        if not args.union:
            print(f"{entry['file']} ({entry['method']}, {entry['kind']}): {' '.join(sorted(kinds))}")
    if args.union:
        print("\n".join(sorted(union)))


if __name__ == "__main__":
    main()
