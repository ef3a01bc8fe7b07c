#!/usr/bin/env bash
# Builds the fuzzers' seed corpora in OUT (never committed): the real and corpus .pt archives for
# archive_fuzz and load_run_fuzz, their pickles (data.pkl, constants.pkl) for unpickle_fuzz, and
# their code/*.py for parser_libfuzzer, plus the checked-in regression inputs. Archives over
# 1 MiB are left out to keep exec/s high.
# Usage: make_seeds.sh OUT   (reads $TSRT_SHARED/testdata/real, $TSRT_TESTDATA/corpus and loader_gaps)
set -euo pipefail
out=${1:?usage: make_seeds.sh OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${TSRT_SHARED:-$root/../shared}
testdata=${TSRT_TESTDATA:-$root/build/testdata}

rm -rf "$out"
mkdir -p "$out"/{archive_fuzz,load_run_fuzz,unpickle_fuzz,parser_libfuzzer}
# loader_gaps (tools/models/loader_gaps.py): tensor defaults (CONSTANTS.cN), numbers annotated
# as tensors. Legacy 6-field storage ids (view metadata) are seeded by regressions/unpickle_fuzz.
mapfile -t archives < <(find "$shared/testdata/real" "$testdata/corpus" "$testdata/loader_gaps" "$testdata/mobile" -name '*.pt' \
                          -size -1024k 2>/dev/null | sort)
[ ${#archives[@]} -gt 0 ] || { echo "make_seeds: no .pt files under $shared/testdata/real or $testdata/corpus" >&2; exit 1; }
for i in "${!archives[@]}"; do
  cp "${archives[$i]}" "$out/archive_fuzz/$i.pt"
  cp "${archives[$i]}" "$out/load_run_fuzz/$i.pt"
done

# Entries are named by content hash so repeated pickles and sources collapse into one seed.
/usr/bin/python3 - "$out" "${archives[@]}" <<'PY'
import hashlib, os, sys, zipfile
out, archives = sys.argv[1], sys.argv[2:]
for path in archives:
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith((".pkl",)):
                    folder = "unpickle_fuzz"
                elif "/code/" in name and name.endswith(".py"):
                    folder = "parser_libfuzzer"
                else:
                    continue
                data = z.read(name)
                if len(data) > (1 << 20):
                    continue
                with open(os.path.join(out, folder, hashlib.sha1(data).hexdigest()), "wb") as f:
                    f.write(data)
    except zipfile.BadZipFile:
        print(f"make_seeds: skipping {path}: not a zip", file=sys.stderr)
PY
# Past findings (tests/fuzz/regressions) seed their target too, so the fuzzer starts near them.
for target in archive_fuzz load_run_fuzz unpickle_fuzz parser_libfuzzer; do
  for f in "$root/tests/fuzz/regressions/$target"/*; do
    [ -f "$f" ] && cp "$f" "$out/$target/regression_$(basename "$f")"
  done
done
for target in archive_fuzz load_run_fuzz unpickle_fuzz parser_libfuzzer; do
  echo "make_seeds: $target: $(ls "$out/$target" | wc -l) seeds"
done
