"""examples/dask_sweep.py on a LocalCluster of 2 worker processes: 2 corpus models x 2 pipelines."""

import os
import subprocess
import sys

TESTDATA = os.environ.get("TSRT_TESTDATA", "")
CORPUS = os.path.join(TESTDATA, "corpus")
SWEEP = os.environ.get("TSRT_DASK_SWEEP", "")
CASES = ["small_convnet_traced", "seed_decision_gate_pos"]
PIPELINES = ["default", "none"]


def test_dask_sweep_table():
    assert os.path.isfile(SWEEP), f"TSRT_DASK_SWEEP ({SWEEP!r}) is not examples/dask_sweep.py"
    assert os.path.isfile(os.path.join(CORPUS, "manifest.json")), "no corpus: run tools/make_testdata.sh"
    cmd = [sys.executable, SWEEP, "--corpus", CORPUS, "--rounds", "2", "--repeats", "1"]
    for c in CASES:
        cmd += ["--case", c]
    for p in PIPELINES:
        cmd += ["--pipeline", p]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600).stdout
    lines = out.strip().splitlines()
    header = lines[0].split()
    assert header == ["case", "model", "pipeline", "worker", "loaded", "ms", "max_abs_diff"], lines[0]
    rows = [dict(zip(header, line.split())) for line in lines[1:]]
    assert len(rows) == 2 * len(CASES) * len(PIPELINES)  # every task of both rounds
    assert {(r["case"], r["pipeline"]) for r in rows} == {(c, p) for c in CASES for p in PIPELINES}
    for r in rows:
        assert float(r["ms"]) >= 0
        assert float(r["max_abs_diff"]) <= 1e-4, r  # matches the golden outputs
    # Each worker process loads each (model, pipeline) at most once and reuses it afterwards.
    loads = {}
    for r in rows:
        key = (r["worker"], r["model"], r["pipeline"])
        loads[key] = loads.get(key, 0) + (r["loaded"] == "yes")
    # (rows are in submission order, not execution order: a worker may run a later round first)
    assert all(n == 1 for n in loads.values()), loads
    assert len(rows) > len(loads)  # some tasks reused a cached module
