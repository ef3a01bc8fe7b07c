#!/usr/bin/env bash
# Runs python/tests under Debian's pytest against the package assembled from the runfiles, as
# tools/install_python.sh lays it out (tsrt/*.py next to _tsrt.so). pytest's exit status is the
# test's: any failed test fails it.
set -euo pipefail
runfiles="${TEST_SRCDIR:?}/${TEST_WORKSPACE:-tsrt}"
package="${TEST_TMPDIR:?}/pkg/tsrt"
mkdir -p "$package"
cp -f "$runfiles"/python/tsrt/*.py "$package/"
cp -f "$runfiles/python/_tsrt.so" "$package/_tsrt.so"
export TSRT_CLI="$runfiles/tools/tsrt/tsrt"
export TSRT_DASK_SWEEP="$runfiles/examples/dask_sweep.py"
export PYTHONPATH="$TEST_TMPDIR/pkg"
cd "$TEST_TMPDIR"
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider --basetemp="$TEST_TMPDIR/pytest" \
  "$runfiles/python/tests"
