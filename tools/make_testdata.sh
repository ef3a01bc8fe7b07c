#!/usr/bin/env bash
# Generates everything the tests read (never committed): kernel golden cases and the model
# corpus with stock-PyTorch outputs, into the folder given (default build/testdata).
# Two lanes run side by side (the machines have two cores): the op golden families in one, the
# model generators in the other; each lane stops at its first failure and so does the script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/testdata}
mkdir -p "$out"
py=/usr/bin/python3

op_goldens() {
  for script in "$root"/tools/opgoldens/*.py; do
    name=$(basename "$script" .py)
    case $name in golden | golden_*) continue ;; esac  # shared modules, not families
    PYTHONPATH="$root/tools/opgoldens" "$py" "$script" "$out"
  done
}

models() {
  "$py" "$root/tools/models/make_npy_samples.py" "$out"
  "$py" "$root/frontends/pickle/testdata/dump_params.py" "$out"
  "$py" "$root/tools/models/make_corpus.py" --out "$out/corpus" --tiny-only
  "$py" "$root/frontends/script/testdata/extract_code.py" "$out"
  "$py" "$root/tools/models/real_inputs.py" --shared "$root/../shared" --out "$out/real"
  "$py" "$root/tools/models/loader_gaps.py" "$out"
  "$py" "$root/tools/models/cli_cases.py" "$out"
  "$py" "$root/tools/models/lazy_ops.py" "$out"
  "$py" "$root/tools/models/torchvision_zoo.py" --ci --out "$out/zoo"
  "$py" "$root/tools/models/mobile_models.py" "$out"
}

# Each lane in a subshell with errexit; its log is printed when it ends, so lines don't interleave.
logs=$(mktemp -d)
(set -e; op_goldens) >"$logs/ops" 2>&1 &
ops_pid=$!
(set -e; models) >"$logs/models" 2>&1 &
models_pid=$!
status=0
wait "$ops_pid" || status=1
cat "$logs/ops"
wait "$models_pid" || status=1
cat "$logs/models"
rm -rf "$logs"
[ "$status" -eq 0 ] || { echo "make_testdata.sh: a generator failed (see above)" >&2; exit 1; }
