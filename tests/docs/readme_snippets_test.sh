#!/usr/bin/env bash
# Fails when a code line quoted in README's "Adding an op" or "Adding a pass" section is not,
# verbatim (indentation included), a line of the file the snippet names on its first line
# ("// kernels/softmax.cc"). Lines that are only "..." mark elisions and are not checked.
set -euo pipefail
readme=README.md
status=0
for section in "Adding an op" "Adding a pass"; do
  # The section's ```cpp blocks, each introduced by a @@ line.
  blocks=$(awk -v heading="## $section" '
    $0 == heading { inside = 1; next }
    /^## / { inside = 0 }
    inside && /^```cpp$/ { code = 1; print "@@"; next }
    inside && /^```$/ { code = 0; next }
    inside && code' "$readme")
  if [[ -z $blocks ]]; then
    echo "README.md: section '$section' quotes no \`\`\`cpp snippet" >&2
    status=1
    continue
  fi
  file=""
  checked=0
  while IFS= read -r line; do
    if [[ $line == "@@" ]]; then
      file=""
      continue
    fi
    if [[ -z $file ]]; then
      if [[ ! $line =~ ^//\ ([A-Za-z0-9_./-]+)$ || ! -f ${BASH_REMATCH[1]} ]]; then
        echo "README.md ($section): a snippet must start with '// <file in the tree>', not: $line" >&2
        status=1
        file="/dev/null"
        continue
      fi
      file=${BASH_REMATCH[1]}
      continue
    fi
    [[ -z ${line//[[:space:]]/} || $line =~ ^[[:space:]]*(//[[:space:]]*)?\.\.\.$ ]] && continue
    checked=$((checked + 1))
    if ! grep -qxF -- "$line" "$file"; then
      echo "README.md ($section): not a line of $file: $line" >&2
      status=1
    fi
  done <<< "$blocks"
  echo "$section: $checked quoted lines checked"
done
exit $status
