#!/bin/bash
# C++ users outside Bazel: lays out an install prefix from the built libtsrt.so and headers
# (with cpp/lay_out_prefix.sh, as tools/install_cpp.sh does), then, in $TEST_TMPDIR, outside
# the workspace, builds cpp/example with Debian's CMake via find_package(tsrt) and a one-file
# program with pkg-config, and runs the CMake one on bert_tiny against stock PyTorch's outputs.
set -euo pipefail

runfiles=${TEST_SRCDIR:?}/${TEST_WORKSPACE:-tsrt}
corpus=${TSRT_TESTDATA:?run with --test_env=TSRT_TESTDATA=/work/main/build/testdata}/corpus
prefix=$TEST_TMPDIR/prefix
work=$TEST_TMPDIR/consumer

"$runfiles/cpp/lay_out_prefix.sh" "$runfiles/cpp/libtsrt.so" "$runfiles" "$runfiles/cpp" "$prefix"

# The layout install_cpp.sh promises.
for f in lib/libtsrt.so include/tsrt/runtime/module.h include/tsrt/runtime/tensor.h \
         lib/cmake/tsrt/tsrtConfig.cmake lib/pkgconfig/tsrt.pc; do
  [[ -f $prefix/$f ]] || { echo "FAIL: $prefix/$f missing"; exit 1; }
done

# A copy of the example, so nothing of the workspace or runfiles is on the include path.
mkdir -p "$work/src"
cp "$runfiles/cpp/example/CMakeLists.txt" "$runfiles/cpp/example/main.cc" "$work/src/"
/usr/bin/cmake -S "$work/src" -B "$work/build" -DCMAKE_CXX_COMPILER=/usr/bin/g++ \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release > "$work/configure.log" ||
  { cat "$work/configure.log"; echo "FAIL: cmake configure"; exit 1; }
/usr/bin/cmake --build "$work/build" -j 2 || { echo "FAIL: cmake build"; exit 1; }

model=$corpus/bert_tiny_traced
"$work/build/tsrt_consumer" "$model.pt" "$model.in0.npy" "$model.in1.npy" "$model.out0.npy" "$model.out1.npy" |
  tee "$work/run.log"
grep -q '^OK: ' "$work/run.log" || { echo "FAIL: consumer output"; exit 1; }

# The check must be able to fail: a wrong expected output is reported.
if "$work/build/tsrt_consumer" "$model.pt" "$model.in0.npy" "$model.in1.npy" "$model.out0.npy" \
     "$model.out0.npy" > /dev/null 2>&1; then
  echo "FAIL: consumer accepted a wrong expected output"
  exit 1
fi

# pkg-config: the same program with one g++ line.
PKG_CONFIG_PATH=$prefix/lib/pkgconfig /usr/bin/g++ -std=c++17 -O1 "$work/src/main.cc" -o "$work/pc_consumer" \
  $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs tsrt)
"$work/pc_consumer" "$model.pt" "$model.in0.npy" "$model.in1.npy" "$model.out0.npy" "$model.out1.npy" | grep -q '^OK: '
echo "PASS"
