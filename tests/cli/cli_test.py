"""Runs the real `tsrt` binary as a user would and checks what it prints and writes against
stock torch (the cases and torch's results come from tools/models/cli_cases.py, in
$TSRT_TESTDATA/cli):

- `run --output-dir`: every leaf flattened as the CLI contract says (dicts in insertion order,
  str as 0-d unicode arrays, None skipped), dtypes and values as torch's, and outputs.json;
- `run` without --output-dir: the result printed exactly as Python prints torch's result;
- `--version`, `passes`, `--help` (the README's synopsis is the binary's help), unknown pass
  names, a torch.save file, input mistakes named by index and name, list: specs, bench
  --method and --profile;
- `compare`: inputs as libtorch received them, and which side failed (the other still runs).

    cli_test.py TSRT_BINARY README REFERENCE_RUNNER
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np

TSRT = os.path.abspath(sys.argv[1])
README = os.path.abspath(sys.argv[2])
REFERENCE = os.path.abspath(sys.argv[3])
DATA = os.path.join(os.environ.get("TSRT_TESTDATA", "build/testdata"), "cli")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def tsrt(*args):
    p = subprocess.run([TSRT, *args], cwd=DATA, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def expect_error(args, *needles):
    """A failure: non-zero exit, one line on stderr holding every needle."""
    rc, out, err = tsrt(*args)
    name = " ".join(args)
    check(rc != 0, f"{name}: expected a failure, exit code {rc}")
    check(err.count("\n") == 1 and err.startswith("tsrt: error: "), f"{name}: not one error line: {err!r}")
    for needle in needles:
        check(needle in err, f"{name}: {needle!r} not in {err!r}")


def same_json(got, want, where="outputs.json"):
    if isinstance(want, float) or isinstance(got, float):
        ok = isinstance(got, (int, float)) and isinstance(want, (int, float)) and np.isclose(got, want, rtol=1e-6)
        check(ok, f"{where}: {got!r} != {want!r}")
    elif isinstance(want, dict):
        check(isinstance(got, dict) and set(got) == set(want), f"{where}: keys {got!r} != {want!r}")
        if isinstance(got, dict):
            for k in want:
                if k in got:
                    same_json(got[k], want[k], f"{where}.{k}")
    elif isinstance(want, list):
        check(isinstance(got, list) and len(got) == len(want), f"{where}: {got!r} != {want!r}")
        if isinstance(got, list):
            for i, (g, w) in enumerate(zip(got, want)):
                same_json(g, w, f"{where}[{i}]")
    else:
        check(got == want and type(got) == type(want), f"{where}: {got!r} != {want!r}")


def run_case(case):
    name = case["name"]
    inputs = [a for spec in case["inputs"] for a in ("--input", spec)]
    expected = os.path.join(DATA, name, "expected")
    with tempfile.TemporaryDirectory() as out:
        rc, _, err = tsrt("run", case["model"], *inputs, "--output-dir", out)
        check(rc == 0, f"{name}: run --output-dir failed: {err}")
        if rc != 0:
            return
        want_files = sorted(f for f in os.listdir(expected) if f.endswith(".npy"))
        got_files = sorted(f for f in os.listdir(out) if f.endswith(".npy"))
        check(got_files == want_files, f"{name}: files {got_files} != {want_files}")
        for f in want_files:
            if f not in got_files:
                continue
            got, want = np.load(os.path.join(out, f)), np.load(os.path.join(expected, f))
            check(got.dtype == want.dtype and got.shape == want.shape,
                  f"{name}/{f}: {got.dtype}{got.shape} != torch's {want.dtype}{want.shape}")
            if got.dtype != want.dtype or got.shape != want.shape:
                continue
            if want.dtype.kind == "f":
                ok = np.allclose(got, want, rtol=1e-4, atol=1e-5, equal_nan=True)
            else:
                ok = np.array_equal(got, want)
            check(ok, f"{name}/{f}: values differ from torch's: {got!r} vs {want!r}")
        with open(os.path.join(out, "outputs.json")) as g, open(os.path.join(expected, "outputs.json")) as w:
            same_json(json.load(g), json.load(w), f"{name}/outputs.json")
    # Without --output-dir: printed as Python prints torch's result, then one line per leaf.
    rc, stdout, err = tsrt("run", case["model"], *inputs)
    with open(os.path.join(DATA, name, "repr.txt")) as f:
        want_repr = f.read()
    check(rc == 0 and stdout.startswith(want_repr + "\n"),
          f"{name}: printed result differs from torch's repr:\n{stdout}\n--- torch:\n{want_repr}\n{err}")


def main():
    with open(os.path.join(DATA, "cases.json")) as f:
        cases = json.load(f)
    for case in cases:
        run_case(case)

    # A str leaf is a 0-d unicode array, as numpy writes np.array(text).
    with tempfile.TemporaryDirectory() as out:
        tsrt("run", "str_out/model.pt", "--input", "x.npy", "--output-dir", out)
        text = np.load(os.path.join(out, "output_0.npy"))
        check(text.shape == () and text.dtype == np.dtype("<U13") and str(text) == "h\u00e9llo w\u00f6rld \u2713",
              f"str leaf: {text.dtype} {text!r}")
        empty = np.load(os.path.join(out, "output_2.npy"))
        check(empty.dtype == np.dtype("<U1") and str(empty) == "", f"empty str leaf: {empty.dtype} {empty!r}")

    rc, out, _ = tsrt("--version")
    check(rc == 0 and out.startswith("tsrt ") and out.count("\n") == 1, f"--version: {rc} {out!r}")

    rc, out, _ = tsrt("passes")
    check(rc == 0 and "\n  dce " in out and "unused" in out and "\ndefault: inline," in out, f"passes: {out!r}")

    # The README's synopsis is the binary's own help.
    rc, out, _ = tsrt("--help")
    with open(README) as f:
        readme = f.read()
    for line in out.splitlines():
        check(line.rstrip() in readme, f"README lacks this line of `tsrt --help`: {line!r}")
    rc, out, _ = tsrt("run", "--help")
    check("--passes TEXT=default" in out and "--method TEXT=forward" in out, f"run --help shows no defaults: {out}")

    expect_error(["run", "dict_out/model.pt", "--input", "x.npy", "--passes", "inline,nosuch"],
                 "unknown pass 'nosuch'", "known: ", "dce")
    expect_error(["graph", "dict_out/model.pt", "--print-after", "nosuch"], "unknown pass 'nosuch'", "dce")
    expect_error(["bench", "dict_out/model.pt", "--input", "x.npy", "--passes", "nosuch"], "unknown pass 'nosuch'")

    message = "this is a torch.save file, not TorchScript: save with torch.jit.save / torch.jit.trace"
    for saved in ("saved_module.pt", "saved_state_dict.pt", "saved_legacy.pt"):
        expect_error(["run", saved, "--input", "x.npy"], saved, message)
        expect_error(["info", saved], message)

    expect_error(["run", "embed/model.pt", "--input", "ids_float.npy"],
                 "input 0 'input_ids': expected int64", "got float64")
    expect_error(["run", "embed/model.pt", "--input", "int:3"], "input 0 'input_ids': expected Tensor, got int")
    expect_error(["run", "embed/model.pt", "--input", "ids.npy", "--input", "ids.npy"],
                 "takes 1 input after self, 2 given", "forward(self, input_ids: Tensor) -> Tensor")
    expect_error(["run", "list_in/model.pt", "--input", "x6.npy", "--input", "list:int:2,3",
                  "--input", "list:int:1,float:2"],
                 "input 2 'scales'", "one kind")
    expect_error(["run", "list_in/model.pt", "--input", "x6.npy", "--input", "list:float:2,3", "--input", "list:"],
                 "input 1 'sizes': expected List[int]")
    expect_error(["run", "list_in/model.pt", "--input", "x6.npy", "--input", "list:int:2,x", "--input", "list:"],
                 "'x' is not an integer")

    rc, out, err = tsrt("bench", "nested/model.pt", "--method", "twice", "--input", "x.npy", "--iters", "2",
                        "--warmup", "0", "--json")
    check(rc == 0 and "median_ms" in out, f"bench --method twice: {rc} {out} {err}")
    expect_error(["bench", "nested/model.pt", "--method", "nosuch", "--input", "x.npy"], "no method 'nosuch'")
    rc, out, err = tsrt("bench", "--profile", "nested/model.pt", "--input", "x.npy", "--iters", "1", "--warmup", "0")
    check(rc == 0 and "aten::" in out, f"bench --profile MODEL (the model must stay the MODEL): {rc} {out} {err}")
    with tempfile.TemporaryDirectory() as out_dir:
        trace = os.path.join(out_dir, "trace.json")
        rc, out, err = tsrt("bench", "nested/model.pt", "--profile", trace, "--input", "x.npy", "--iters", "1")
        check(rc == 0 and os.path.exists(trace), f"bench --profile FILE.json: {rc} {err}")

    rc, out, err = tsrt("compare", "list_in/model.pt", "--input", "x6.npy", "--input", "list:int:2,3",
                        "--input", "list:", "--reference", REFERENCE)
    check(rc == 0 and "inputs, as stock libtorch received them:" in out and "input 2 'scales': List[float] []" in out
          and "outputs match" in out, f"compare with list: inputs: {rc} {out} {err}")
    for name in ("str_out", "dict_nested", "none_out"):
        rc, out, err = tsrt("compare", f"{name}/model.pt", "--input", "x.npy", "--reference", REFERENCE)
        check(rc == 0 and "outputs match" in out, f"compare {name}: {rc} {out} {err}")
    with tempfile.TemporaryDirectory() as tmp:
        failing = os.path.join(tmp, "failing_reference.sh")
        with open(failing, "w") as f:
            f.write("#!/bin/sh\necho 'reference_runner: boom' >&2\nexit 3\n")
        os.chmod(failing, 0o755)
        expect_error(["compare", "nested/model.pt", "--input", "x.npy", "--reference", failing],
                     "stock libtorch failed (reference runner exit code 3): boom; tsrt ran it (6 outputs)")
        rc, out, err = tsrt("compare", "nested/model.pt", "--input", "x.npy", "--reference", failing)
        check("reference_runner:" not in err and "output_5   float32[4, 3]" in out,
              f"compare, reference failing: {out} {err}")
    expect_error(["compare", "embed/model.pt", "--input", "ids_float.npy", "--reference", "/bin/true"],
                 "tsrt failed (stock libtorch ran it): input 0 'input_ids': expected int64")

    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print(f"cli_test: {len(cases)} run cases and every command-line check passed")


if __name__ == "__main__":
    main()
