#!/usr/bin/env bash
# BERT-base (seq 128, batch 1) and ResNet-18 (1x3x224x224, batch 1) forward latency of tsrt next
# to stock libtorch 1.13 and ONNX Runtime, all on the same weights with 2 threads.
#
#   bash bench/run.sh
#
# Makes whatever is missing (the traced BERT-base corpus files in build/bert, the ONNX exports
# and ResNet-18 files in build/bench, onnxruntime-node in build/bench/node_modules), builds
# //tools/tsrt and //tools/reference:reference_runner, then runs every runtime once per round,
# round-robin (the order rotates each round), each run in its own process under
# /usr/bin/time for its peak RSS. Prints one table per model (bench/report.py); the raw
# results stay in build/bench/results.jsonl.
#
# Environment overrides (defaults in brackets):
#   ROUNDS [5] rounds; WARMUP [2] untimed and ITERS [10] timed forwards per run;
#   THREADS [2]; MODELS ["bert bert_1x32 bert_1x512 bert_8x128 resnet18"] (bert is 1x128); ORT_VERSION [1.30.0] onnxruntime-node to install;
#   RESULTS [build/bench/results.jsonl]; BUILD [1] (0: time the binaries already in bazel-bin).
# The timings mean something only on an otherwise idle machine: OpenMP-style worker threads
# that lose their core to another process stall every parallel region, so a second busy
# process can slow a 2-thread run several times over. Each run records how many cores'
# worth of CPU other processes used meanwhile, and the tables print it.
# Not part of the test suite: it measures, it asserts nothing (ORT's outputs are compared with
# stock PyTorch's and the difference printed; `tsrt compare` checks tsrt's).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-2}
ITERS=${ITERS:-10}
THREADS=${THREADS:-2}
MODELS=${MODELS:-"bert bert_1x32 bert_1x512 bert_8x128 resnet18"}
ORT_VERSION=${ORT_VERSION:-1.30.0}
BERT_DIR=$REPO/build/bert
BENCH_DIR=$REPO/build/bench
RESULTS=${RESULTS:-$BENCH_DIR/results.jsonl}
PYTHON=/usr/bin/python3

log() { echo "bench: $*" >&2; }

apt_install() {
  log "installing $* with apt-get"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- tools -------------------------------------------------------------------------------
[[ -x /usr/bin/time ]] || apt_install time
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

# --- assets ------------------------------------------------------------------------------
BERT=$BERT_DIR/traced_bert_seq128
for f in "$BERT.pt" "$BERT.in0.npy" "$BERT.in1.npy" "$BERT.out0.npy" "$BERT.out1.npy"; do
  if [[ ! -f $f ]]; then
    log "$f missing: making the corpus with BERT-base (about a minute, ~900 MB)"
    "$PYTHON" tools/models/make_corpus.py --out "$BERT_DIR" --bert-base
    break
  fi
done
RESNET=$BENCH_DIR/resnet18_224
export_if_missing() {  # GROUP FILE...: runs export_onnx.py --only GROUP unless all FILEs exist
  local group=$1 f
  shift
  for f in "$@"; do
    if [[ ! -f $f ]]; then
      log "$f missing: exporting $group"
      "$PYTHON" bench/export_onnx.py --bert-dir "$BERT_DIR" --out "$BENCH_DIR" --only "$group"
      return
    fi
  done
}
export_if_missing bert "$BENCH_DIR/bert_seq128.onnx"
export_if_missing resnet18 "$RESNET.pt" "$RESNET.onnx" "$RESNET.in0.npy" "$RESNET.out0.npy"
for model in $MODELS; do
  if [[ $model == bert_*x* ]]; then
    export_if_missing shapes "$BENCH_DIR/$model.onnx" "$BENCH_DIR/$model.in0.npy" "$BENCH_DIR/$model.out1.npy"
  fi
done

# onnxruntime-node ships libonnxruntime.so and its binding in bin/; its install script only
# fetches the CUDA 12 provider's libraries from outside the npm registry, hence --ignore-scripts.
ORT_BIN=$BENCH_DIR/node_modules/onnxruntime-node/bin/napi-v6/linux/x64
if [[ ! -f $ORT_BIN/onnxruntime_binding.node ]]; then
  log "installing onnxruntime-node@$ORT_VERSION into $BENCH_DIR/node_modules"
  npm install --prefix "$BENCH_DIR" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "onnxruntime-node@$ORT_VERSION" >&2
fi
export NODE_PATH=$BENCH_DIR/node_modules
ORT_LABEL="ONNX Runtime $(node -p "require('onnxruntime-node/package.json').version")"

# --- binaries ----------------------------------------------------------------------------
if [[ ${BUILD:-1} != 0 ]]; then
  log "building //tools/tsrt and //tools/reference:reference_runner"
  bazel build //tools/tsrt //tools/reference:reference_runner //bench:gemm_rate 2>&1 | tail -n 2 >&2
fi
# Private copies: a build started elsewhere during the runs must not swap the binaries under us.
mkdir -p "$BENCH_DIR/bin"
cp -f bazel-bin/tools/tsrt/tsrt bazel-bin/tools/reference/reference_runner bazel-bin/bench/gemm_rate "$BENCH_DIR/bin/"
TSRT=$BENCH_DIR/bin/tsrt
REFERENCE=$BENCH_DIR/bin/reference_runner

# --- runs --------------------------------------------------------------------------------
# busy_seconds: CPU seconds all cores have spent busy since boot (from /proc/stat, USER_HZ 100).
busy_seconds() {
  awk '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / 100; exit }' /proc/stat
}

# run_one MODEL RUNTIME ROUND ENV... -- COMMAND...: one process, its JSON line, peak RSS and
# the CPU that other processes used meanwhile ("other_cores": all cores' busy time less the
# run's own, per second of the run) appended to $RESULTS as one record (or the error it died
# with).
run_one() {
  local model=$1 runtime=$2 round=$3
  shift 3
  local env_vars=()
  while [[ $1 != -- ]]; do env_vars+=("$1"); shift; done
  shift
  local out err usage busy_before busy_after
  out=$(mktemp) err=$(mktemp) usage=$(mktemp)
  busy_before=$(busy_seconds)
  if env "${env_vars[@]}" /usr/bin/time -f '%M %U %S %e' -o "$usage" "$@" >"$out" 2>"$err"; then
    busy_after=$(busy_seconds)
    "$PYTHON" - "$model" "$runtime" "$round" "$out" "$usage" "$busy_before" "$busy_after" \
      >>"$RESULTS" <<'EOF'
import json, sys
model, runtime, round_, out, usage, busy_before, busy_after = sys.argv[1:]
result = json.loads(open(out).read().strip().splitlines()[-1])
rss_kb, user_s, system_s, wall_s = open(usage).read().split()[-4:]
others_s = float(busy_after) - float(busy_before) - float(user_s) - float(system_s)
print(json.dumps({"model": model, "runtime": runtime, "round": int(round_),
                  "peak_rss_kb": int(rss_kb), "wall_s": float(wall_s),
                  "other_cores": max(0.0, others_s) / max(float(wall_s), 0.01),
                  "result": result}))
EOF
    log "  $runtime: $(tail -n 1 "$out")"
  else
    local message
    message=$(grep -v '^Command exited' "$err" | tail -n 1)
    log "  $runtime: FAILED: $message"
    "$PYTHON" -c 'import json, sys; print(json.dumps({"model": sys.argv[1], "runtime": sys.argv[2],
"round": int(sys.argv[3]), "error": sys.argv[4]}))' "$model" "$runtime" "$round" "$message" >>"$RESULTS"
  fi
  rm -f "$out" "$err" "$usage"
}

# The runtimes of one model, one per line: LABEL|ENV (space-separated, or -)|COMMAND.
runtimes_for() {
  local model=$1 pt onnx inputs checks
  case $model in
    bert)
      pt=$BERT.pt onnx=$BENCH_DIR/bert_seq128.onnx
      inputs="--input $BERT.in0.npy --input $BERT.in1.npy"
      checks="--check $BERT.out0.npy --check $BERT.out1.npy" ;;
    bert_*x*)
      local stem=$BENCH_DIR/$model
      pt=$BERT.pt onnx=$stem.onnx
      inputs="--input $stem.in0.npy --input $stem.in1.npy"
      checks="--check $stem.out0.npy --check $stem.out1.npy" ;;
    resnet18)
      pt=$RESNET.pt onnx=$RESNET.onnx
      inputs="--input $RESNET.in0.npy"
      checks="--check $RESNET.out0.npy" ;;
    *) log "unknown model $model (known: bert bert_BxS resnet18)"; exit 2 ;;
  esac
  local counts="--threads $THREADS --warmup $WARMUP --iters $ITERS"
  echo "tsrt (--passes default)|-|$TSRT bench $pt $inputs $counts --json --passes default"
  # The unoptimised graph next to `default` shows what the passes buy (BERT 1x128 and ResNet).
  [[ $model == bert_*x* ]] || echo "tsrt (--passes none)|-|$TSRT bench $pt $inputs $counts --json --passes none"
  echo "libtorch 1.13 (stock)|-|$REFERENCE $pt $inputs $counts"
  # Debian's libtorch calls OpenBLAS, whose own threads fight libtorch's OpenMP threads.
  echo "libtorch 1.13, OPENBLAS_NUM_THREADS=1|OPENBLAS_NUM_THREADS=1|$REFERENCE $pt $inputs $counts"
  echo "$ORT_LABEL|-|node $REPO/bench/ort_bench.js $onnx $inputs $counts $checks"
}

mkdir -p "$(dirname "$RESULTS")"
: >"$RESULTS"
log "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
if awk '{ exit !($1 >= 1.0) }' /proc/loadavg; then
  log "WARNING: the machine is busy (1-minute load >= 1 on $(nproc) cores): expect inflated, noisy times"
fi
# The GEMM rate tsrt's matmul path reaches (BERT-base's linear shapes), before and after the
# runs: the report's "share of the GEMM floor" divides FLOPs by the better of the two.
gemm_rate() {
  "$BENCH_DIR/bin/gemm_rate" --threads "$THREADS" --seconds 3 |
    "$PYTHON" -c 'import json, sys; r = json.load(sys.stdin); print(json.dumps({"model": "gemm", "result": r}))' >>"$RESULTS"
  log "  fp32 GEMM rate: $(tail -n 1 "$RESULTS")"
}
gemm_rate
# The weights' bytes (every tensor record of the traced BERT-base) for the peak-RSS target.
"$PYTHON" - "$BERT.pt" >>"$RESULTS" <<'EOF'
import json, sys, zipfile
records = zipfile.ZipFile(sys.argv[1]).infolist()
data = sum(r.file_size for r in records if "/data/" in r.filename)
print(json.dumps({"model": "weights", "result": {"bytes": data}}))
EOF
for model in $MODELS; do
  mapfile -t runtimes < <(runtimes_for "$model")
  count=${#runtimes[@]}
  for ((round = 1; round <= ROUNDS; round++)); do
    log "$model: round $round of $ROUNDS"
    for ((i = 0; i < count; i++)); do
      # Rotate the starting runtime each round so no runtime always runs right after another.
      IFS='|' read -r label env_spec command <<<"${runtimes[(i + round - 1) % count]}"
      env_vars=()
      [[ $env_spec == - ]] || read -r -a env_vars <<<"$env_spec"
      read -r -a argv <<<"$command"
      run_one "$model" "$label" "$round" "${env_vars[@]}" -- "${argv[@]}"
    done
  done
done
gemm_rate
log "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "tsrt benchmark on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "$THREADS threads, $ROUNDS rounds x ($WARMUP warmup + $ITERS timed) forwards a runtime"
"$PYTHON" bench/report.py "$RESULTS"
