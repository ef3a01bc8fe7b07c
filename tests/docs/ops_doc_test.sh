#!/usr/bin/env bash
# Fails when docs/ops.md differs from what the kernel and pass registries generate.
set -euo pipefail
generated=$(mktemp)
tools/docs/gen_ops_doc > "$generated"
if ! diff -u docs/ops.md "$generated"; then
  echo "docs/ops.md is stale: run 'bazel run //tools/docs:gen_ops_doc > docs/ops.md'" >&2
  exit 1
fi
echo "docs/ops.md is current"
