#!/bin/bash
# Lays out an install prefix for C++ users outside Bazel:
#   PREFIX/lib/libtsrt.so
#   PREFIX/include/tsrt/...           runtime/module.h and exactly the tree headers it includes
#   PREFIX/lib/cmake/tsrt/tsrtConfig.cmake   find_package(tsrt) -> tsrt::tsrt
#   PREFIX/lib/pkgconfig/tsrt.pc
# Shared by tools/install_cpp.sh and //cpp:consumer_test, so the test checks the real layout.
# Usage: lay_out_prefix.sh SO_FILE HEADER_ROOT CPP_DIR PREFIX
#   HEADER_ROOT: where the tree's headers are (the workspace, or the test's runfiles)
#   CPP_DIR: where tsrtConfig.cmake and tsrt.pc.in are
set -euo pipefail
so=$1 header_root=$2 cpp_dir=$3 prefix=$4

mkdir -p "$prefix/lib/cmake/tsrt" "$prefix/lib/pkgconfig" "$prefix/include/tsrt"
install -m 755 "$so" "$prefix/lib/libtsrt.so"

# The headers a consumer needs: the closure of quoted #includes from the public entry points
# (system headers, in <>, come from the consumer's system: abseil, the C++ library).
declare -A seen=()
queue=(runtime/module.h runtime/error.h)
while ((${#queue[@]})); do
  header=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${seen[$header]:-} ]] && continue
  seen[$header]=1
  [[ -f $header_root/$header ]] || { echo "lay_out_prefix: $header not found under $header_root" >&2; exit 1; }
  mkdir -p "$prefix/include/tsrt/$(dirname "$header")"
  install -m 644 "$header_root/$header" "$prefix/include/tsrt/$header"
  while read -r included; do
    queue+=("$included")
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$header_root/$header")
done

install -m 644 "$cpp_dir/tsrtConfig.cmake" "$prefix/lib/cmake/tsrt/tsrtConfig.cmake"
sed "s|@PREFIX@|$prefix|g" "$cpp_dir/tsrt.pc.in" > "$prefix/lib/pkgconfig/tsrt.pc"
echo "lay_out_prefix: installed libtsrt.so and ${#seen[@]} headers into $prefix"
