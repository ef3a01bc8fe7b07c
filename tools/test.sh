#!/usr/bin/env bash
# The README's test command: set up, generate test data, build everything, run every test
# (plus the concurrency and stress tests under ThreadSanitizer, and the stress, limits and fuzz
# regression tests under ASan), and close with one "N passed, M failed" line.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh || exit 1
testdata="$root/build/testdata"
echo "== generating test models and golden outputs with stock PyTorch"
tools/make_testdata.sh "$testdata" || exit 1
shared=$(cd "$root/../shared" 2>/dev/null && pwd || true)
# Tests read goldens and shared files through these paths, which Bazel cannot see as inputs:
# --nocache_test_results makes every run execute every test instead of replaying a stale PASS.
test_env=(--test_env=TSRT_TESTDATA="$testdata" --test_env=TSRT_SHARED="$shared" --test_env=TSRT_ROOT="$root"
          --nocache_test_results)
log=$(mktemp)

echo "== bazel test //..."
bazel test //... "${test_env[@]}" --test_summary=short 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

echo "== bazel test --config=tsan //tests/runtime:concurrency_test //tests/runtime:stress_test"
bazel test --config=tsan //tests/runtime:concurrency_test //tests/runtime:stress_test "${test_env[@]}" --test_summary=short 2>&1 | tee -a "$log"
tsan_status=${PIPESTATUS[0]}

# The stress test, the limits and the fuzz regression inputs under ASan + UBSan.
asan_targets=(//tests/runtime:stress_test //tests/runtime:limits_test //tests/fuzz:all)
echo "== bazel test --config=asan ${asan_targets[*]}"
bazel test --config=asan "${asan_targets[@]}" "${test_env[@]}" --test_summary=short 2>&1 | tee -a "$log"
asan_status=${PIPESTATUS[0]}

# Each test target counts once however many stages ran it: failed if it failed in any stage.
failed_targets=$(grep -oE "^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD)" "$log" | awk '{print $1}' | sort -u)
passed_targets=$(grep -oE "^//[^ ]+ +PASSED" "$log" | awk '{print $1}' | sort -u)
passed=$(comm -23 <(echo "$passed_targets" | sed '/^$/d') <(echo "$failed_targets" | sed '/^$/d') | wc -l)
failed=$(echo "$failed_targets" | sed '/^$/d' | wc -l)
rm -f "$log"

# ---- fuzz stage (tests/fuzz): clang/libFuzzer build, then 60 s per target; one test in the summary.
echo "== tests/fuzz/run_fuzzers.sh 60"
if TSRT_TESTDATA="$testdata" TSRT_SHARED="$shared" tests/fuzz/run_fuzzers.sh 60; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
# ---- end fuzz stage
if [ "$status" -ne 0 ] || [ "$tsan_status" -ne 0 ] || [ "$asan_status" -ne 0 ]; then
  [ "$failed" -gt 0 ] || failed=1
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
