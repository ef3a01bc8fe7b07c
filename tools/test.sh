#!/usr/bin/env bash
# The README's test command: set up, generate test data, build everything, run every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
testdata="$root/build/testdata"
tools/make_testdata.sh "$testdata"
shared=$(cd "$root/../shared" 2>/dev/null && pwd || true)
bazel build //...
bazel test //... \
  --test_env=TSRT_TESTDATA="$testdata" \
  --test_env=TSRT_SHARED="$shared" \
  --test_env=TSRT_ROOT="$root" \
  --test_summary=short
