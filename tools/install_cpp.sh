#!/bin/bash
# Installs tsrt for C++ users outside Bazel: builds //cpp:libtsrt.so and lays out
#   PREFIX/lib/libtsrt.so, PREFIX/include/tsrt/..., PREFIX/lib/cmake/tsrt/, PREFIX/lib/pkgconfig/tsrt.pc
# so that CMake's find_package(tsrt) (target tsrt::tsrt) or `pkg-config --cflags --libs tsrt` work.
# Usage: tools/install_cpp.sh [PREFIX]   (default /usr/local; run as root for system prefixes)
set -euo pipefail
prefix=${1:-/usr/local}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bazel build //cpp:libtsrt.so
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
cpp/lay_out_prefix.sh "$(bazel info bazel-bin)/cpp/libtsrt.so" "$root" "$root/cpp" "$prefix"
