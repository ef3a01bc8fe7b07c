#!/usr/bin/env bash
# Builds tsrt's libFuzzer targets with clang (--config=fuzz), seeds them from the real and corpus
# archives, fuzzes each for SECONDS (two at a time), and prints per target: executions, exec/s and
# any crash/timeout/OOM input found, which is also copied into tests/fuzz/regressions/<target>/
# so that it stays a regression test. Exits non-zero if any target found one.
# Usage: run_fuzzers.sh SECONDS [TARGET...]   (targets: archive_fuzz unpickle_fuzz parser_libfuzzer
# load_run_fuzz; default all). Env: TSRT_FUZZ_WORK (corpora, logs, crash files; default
# build/fuzz), TSRT_FUZZ_JOBS (targets at once, default 2).
set -uo pipefail
seconds=${1:?usage: run_fuzzers.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${TSRT_FUZZ_WORK:-$root/build/fuzz}
jobs=${TSRT_FUZZ_JOBS:-2}

declare -A labels=(
  [archive_fuzz]=//frontends/archive:archive_fuzz
  [unpickle_fuzz]=//frontends/pickle:unpickle_fuzz
  [parser_libfuzzer]=//frontends/script:parser_libfuzzer
  [load_run_fuzz]=//tests/fuzz:load_run_fuzz
)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(archive_fuzz unpickle_fuzz parser_libfuzzer load_run_fuzz)
build_labels=()
for t in "${targets[@]}"; do
  [ -n "${labels[$t]:-}" ] || { echo "run_fuzzers: unknown target $t" >&2; exit 2; }
  build_labels+=("${labels[$t]}")
done

# The clang toolchain lives in its own output base (one per checkout, like Bazel's default) so
# gcc builds on the main server keep theirs; its server exits when idle.
output_base="$HOME/.cache/tsrt-fuzz/$(printf '%s' "$root" | md5sum | cut -c1-12)"
bazel_fuzz=(bazel --output_base="$output_base" --max_idle_secs=120)
echo "== run_fuzzers: building ${targets[*]} with --config=fuzz"
build_start=$SECONDS
# ld.gold warns once per ASan check symbol on every link: noise, filtered out.
# --symlink_prefix=/: leave the checkout's bazel-* links to the normal build (pointing them at
# this output base would make the next `bazel test //...` walk into it).
"${bazel_fuzz[@]}" build --config=fuzz --symlink_prefix=/ "${build_labels[@]}" 2>&1 | grep --line-buffered -v "Cannot export local symbol"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "run_fuzzers: build failed" >&2; exit 1; }
echo "run_fuzzers: build took $((SECONDS - build_start)) s"
bin=$("${bazel_fuzz[@]}" info --config=fuzz bazel-bin 2>/dev/null)

mkdir -p "$work"
# Seeds are rebuilt each run into their own folder; the grown corpus ($work/corpus) is kept from
# run to run (libFuzzer reads every folder given and writes new inputs only into the first), so
# what one run found interesting starts the next.
tests/fuzz/make_seeds.sh "$work/seeds" || exit 1

# Per-target libFuzzer flags and ASAN_OPTIONS (none today: load_run_fuzz checks leaks too, since
# the importer's class <-> method cycle was fixed; see tests/runtime:lifetime_test).
declare -A extra_flags=()
declare -A asan_options=()

# One target: fuzzes into its corpus folder, writes crash-/timeout-/oom- files to artifacts/<t>/.
fuzz_one() {
  local t=$1 path=${labels[$1]#//}
  local binary="$bin/${path%%:*}/${path##*:}"
  rm -rf "$work/artifacts/$t"
  mkdir -p "$work/artifacts/$t" "$work/corpus/$t"
  OMP_NUM_THREADS=1 ASAN_OPTIONS="${asan_options[$t]:-}" "$binary" "$work/corpus/$t" "$work/seeds/$t" \
    -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" ${extra_flags[$t]:-} >"$work/$t.log" 2>&1
  echo $? >"$work/$t.rc"
}

running=0
for t in "${targets[@]}"; do
  echo "run_fuzzers: fuzzing $t for $seconds s"
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

found=0
printf '%-18s %12s %8s  %s\n' target executions exec/s finding
for t in "${targets[@]}"; do
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t.log" | tail -1)
  artifacts=$(find "$work/artifacts/$t" -type f | sort | tr '\n' ' ')
  finding=none
  if [ "$(cat "$work/$t.rc")" -ne 0 ] || [ -n "$artifacts" ]; then
    found=1
    finding="FOUND (exit $(cat "$work/$t.rc")): ${artifacts:-no artifact, see $work/$t.log}"
    # A finding becomes a regression input of the checkout (replayed by tests/fuzz:all under
    # ASan on every run from now on); commit it with the fix.
    for a in $artifacts; do cp "$a" "tests/fuzz/regressions/$t/$(basename "$a")"; done
  fi
  printf '%-18s %12s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$finding"
done
[ "$found" -eq 0 ] || echo "run_fuzzers: a fuzzer found a failing input; logs in $work/*.log"
exit "$found"
