#!/usr/bin/env bash
# Generates everything the tests read (never committed): kernel golden cases and the model
# corpus with stock-PyTorch outputs, into the folder given (default build/testdata).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/testdata}
mkdir -p "$out"
for script in "$root"/tools/opgoldens/*.py; do
  name=$(basename "$script" .py)
  case $name in golden | golden_*) continue ;; esac  # shared modules, not families
  PYTHONPATH="$root/tools/opgoldens" /usr/bin/python3 "$script" "$out"
done
/usr/bin/python3 "$root/tools/models/make_npy_samples.py" "$out"
/usr/bin/python3 "$root/frontends/pickle/testdata/dump_params.py" "$out"
if [ -f "$root/tools/models/make_corpus.py" ]; then
  /usr/bin/python3 "$root/tools/models/make_corpus.py" --out "$out/corpus" --tiny-only
fi
/usr/bin/python3 "$root/frontends/script/testdata/extract_code.py" "$out"
/usr/bin/python3 "$root/tools/models/real_inputs.py" --shared "$root/../shared" --out "$out/real"
/usr/bin/python3 "$root/tools/models/loader_gaps.py" "$out"
/usr/bin/python3 "$root/tools/models/cli_cases.py" "$out"
/usr/bin/python3 "$root/tools/models/lazy_ops.py" "$out"
/usr/bin/python3 "$root/tools/models/torchvision_zoo.py" --ci --out "$out/zoo"
/usr/bin/python3 "$root/tools/models/mobile_models.py" "$out"
