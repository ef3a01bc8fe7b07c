#!/usr/bin/env bash
# Renders docs/img/bert_layer_{inline,default}.svg: one traced BERT layer (tools/models/bert.py,
# tiny config) as tsrt sees it after `inline` and after `default`, drawn by Graphviz from
# `tsrt graph --format dot`. Needs graphviz (apt-get install graphviz) and python3-torch.
#
#   bash tools/docs/make_pass_pictures.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/docs
mkdir -p "$out" docs/img
/usr/bin/python3 - "$out/bert_layer.pt" <<'PY'
import sys
import torch
sys.path.insert(0, "tools/models")
import bert

torch.manual_seed(0)
config = bert.BertConfig(**bert.TINY)
layer = bert.BertLayer(config).eval()
hidden = torch.randn(1, 8, config.hidden_size)
mask = torch.zeros(1, 1, 1, 8)
with torch.no_grad():
    torch.jit.trace(layer, (hidden, mask)).save(sys.argv[1])
PY
bazel build //tools/tsrt 2>&1 | tail -n 1
for passes in inline default; do
  bazel-bin/tools/tsrt/tsrt graph "$out/bert_layer.pt" --passes "$passes" --format dot >"$out/bert_layer_$passes.dot"
  dot -Tsvg "$out/bert_layer_$passes.dot" -o "docs/img/bert_layer_$passes.svg"
  echo "docs/img/bert_layer_$passes.svg: $(grep -c -- '->' "$out/bert_layer_$passes.dot") edges"
done
