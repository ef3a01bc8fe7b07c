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
test_env=(--test_env=TSRT_TESTDATA="$testdata" --test_env=TSRT_SHARED="$shared" --test_env=TSRT_ROOT="$root")
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

passed=$(grep -cE "^//[^ ]+ +(\(cached\) )?PASSED" "$log")
failed=$(grep -cE "^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD)" "$log")
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
