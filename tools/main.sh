#!/usr/bin/env bash
# The README's main command: set up, build, make traced_bert.pt (HF-faithful BERT-base traced
# with the seeds' 14-token input), run it with tsrt, compare with stock libtorch, and show the
# latencies side by side (BERT-base at sequence 128, batch 1, 2 threads).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
bazel build //tools/tsrt //tools/reference:reference_runner
tools/install_python.sh  # `import tsrt` for /usr/bin/python3 from any new shell
tsrt=bazel-bin/tools/tsrt/tsrt
reference=bazel-bin/tools/reference/reference_runner
assets=build/bert
if [ ! -f "$assets/traced_bert.pt" ] || [ ! -f "$assets/traced_bert_seq128.pt" ]; then
  echo "== generating traced_bert.pt (BERT-base) with stock PyTorch"
  /usr/bin/python3 tools/models/make_corpus.py --out "$assets" --bert-base
fi
threads=${TSRT_THREADS:-2}

echo
echo "== tsrt info traced_bert.pt (head)"
"$tsrt" info "$assets/traced_bert.pt" | sed -n 1,12p  # sed reads it all: no SIGPIPE

echo
echo "== tsrt compare: traced_bert.pt, seeds' 14-token input, tsrt vs stock libtorch"
"$tsrt" compare "$assets/traced_bert.pt" \
  --input "$assets/traced_bert.in0.npy" --input "$assets/traced_bert.in1.npy" --threads "$threads"

echo
echo "== latency, BERT-base seq 128 batch 1, $threads threads (median of ${TSRT_ITERS:-10} runs)"
inputs=(--input "$assets/traced_bert_seq128.in0.npy" --input "$assets/traced_bert_seq128.in1.npy")
tsrt_json=$("$tsrt" bench "$assets/traced_bert_seq128.pt" "${inputs[@]}" --threads "$threads" \
  --warmup 2 --iters "${TSRT_ITERS:-10}" --json)
torch_json=$("$reference" "$assets/traced_bert_seq128.pt" "${inputs[@]}" --threads "$threads" \
  --warmup 2 --iters "${TSRT_ITERS:-10}")
/usr/bin/python3 - "$tsrt_json" "$torch_json" <<'PY'
import json, sys
tsrt, torch = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{'runtime':<16}{'median ms':>12}{'p90 ms':>12}{'min ms':>12}")
for name, r in (("tsrt", tsrt), ("stock libtorch", torch)):
    print(f"{name:<16}{r['median_ms']:>12.1f}{r['p90_ms']:>12.1f}{r['min_ms']:>12.1f}")
print(f"speed-up of tsrt over stock libtorch: {torch['median_ms'] / tsrt['median_ms']:.2f}x")
PY
