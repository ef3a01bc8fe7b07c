#!/usr/bin/env python3
"""A sweep of corpus cases (model + inputs) x pass pipelines on a dask.distributed cluster.

    python3 examples/dask_sweep.py --corpus build/testdata/corpus \\
        --case small_convnet_traced --case gru_traced --pipeline default --pipeline none

Each task runs one case under one pipeline and times it; each (case, pipeline) is pinned to one
worker, which loads the model once and keeps it for the tasks after (a per-process cache), so
the table's ms is the run, not the load. Results are gathered into one table on stdout, with the largest
difference from the case's golden outputs. Without --scheduler a LocalCluster of 2
single-threaded worker processes runs the sweep; with --scheduler ADDRESS (from
`dask scheduler`, workers started by `dask worker ADDRESS`) the sweep runs there: the workers
need `import tsrt` and the same corpus path.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

# Per worker process: (model path, pipeline) -> tsrt.Module, loaded on first use.
_MODULES = {}


def _module(path, pipeline):
    import tsrt

    key = (path, pipeline)
    if key not in _MODULES:
        _MODULES[key] = tsrt.load(path, passes=pipeline)
    return _MODULES[key]


def _item(corpus, text, kind=None):
    """One input as the corpus manifest spells it (frontends/npy/spec.h): NAME.npy or KIND:VALUE."""
    if text == "none":
        return None
    if text.endswith(".npy") and ":" not in text:
        return np.load(os.path.join(corpus, text))
    if ":" in text:
        kind, _, text = text.partition(":")
    if kind in ("list", "tuple"):
        items, prefix = [], None
        for part in text.split(",") if text else []:
            prefix = part.partition(":")[0] if ":" in part else prefix
            items.append(_item(corpus, part, prefix))
        return items if kind == "list" else tuple(items)
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        return text == "true"
    if kind == "str":
        return text
    raise ValueError(f"input {text!r}: unsupported in this example")


def _flatten(result, out):
    if result is None:
        return out
    if isinstance(result, (tuple, list)):
        for r in result:
            _flatten(r, out)
    elif isinstance(result, dict):
        for r in result.values():
            _flatten(r, out)
    else:
        out.append(np.asarray(result))
    return out


def run_case(corpus, case, pipeline, repeats):
    """One task: runs `case` under `pipeline` on this worker; returns one table row."""
    path = os.path.join(corpus, case["file"])
    loads_before = len(_MODULES)
    m = _module(path, pipeline)
    inputs = [_item(corpus, s) for s in case["inputs"]]
    method = case.get("method", "forward")
    m.call(method, *inputs)  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeats):
        result = m.call(method, *inputs)
    ms = (time.perf_counter() - t0) * 1000 / repeats
    diff = 0.0
    got = _flatten(result, [])
    for i, name in enumerate(case.get("outputs", [])):
        expected = np.load(os.path.join(corpus, name))
        if i < len(got) and expected.dtype.kind in "fiub" and got[i].shape == expected.shape:
            diff = max(diff, float(np.max(np.abs(got[i].astype(np.float64) - expected), initial=0.0)))
        else:
            diff = float("inf")
    return {
        "case": case["name"],
        "model": case["file"],
        "pipeline": pipeline,
        "worker": os.getpid(),
        "loaded": len(_MODULES) > loads_before,
        "ms": ms,
        "max_abs_diff": diff,
    }


def format_table(rows):
    header = ["case", "model", "pipeline", "worker", "loaded", "ms", "max_abs_diff"]
    cells = [header] + [
        [r["case"], r["model"], r["pipeline"], str(r["worker"]), "yes" if r["loaded"] else "no", f"{r['ms']:.3f}",
         f"{r['max_abs_diff']:.3g}"]
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="directory with manifest.json (tools/make_testdata.sh)")
    parser.add_argument("--case", action="append", required=True, help="a manifest case name (repeatable)")
    parser.add_argument("--pipeline", action="append", required=True, help="a pass pipeline (repeatable)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per task")
    parser.add_argument("--rounds", type=int, default=1, help="times the whole grid is submitted")
    parser.add_argument("--scheduler", help="a dask scheduler address; default: a local cluster of 2 workers")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    with open(os.path.join(args.corpus, "manifest.json")) as f:
        manifest = {c["name"]: c for c in json.load(f)}
    missing = [c for c in args.case if c not in manifest]
    if missing:
        parser.error(f"no such cases in the manifest: {', '.join(missing)}")
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        # The tasks must come from an importable module, not __main__: cloudpickle would ship a
        # __main__ function by value with a fresh copy of _MODULES each time, so nothing would be
        # cached. upload_file makes this file importable on every worker.
        client.upload_file(os.path.abspath(__file__))
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import dask_sweep

        # Each (case, pipeline) is pinned to one worker, spread round-robin: its later rounds run
        # where its module is already loaded instead of wherever the scheduler has room.
        client.wait_for_workers(1)
        workers = sorted(client.scheduler_info()["workers"])
        keys = [(name, pipeline) for pipeline in args.pipeline for name in args.case]
        home = {key: workers[i % len(workers)] for i, key in enumerate(keys)}
        futures = [
            client.submit(dask_sweep.run_case, args.corpus, manifest[name], pipeline, args.repeats, pure=False,
                          workers=[home[(name, pipeline)]])
            for _ in range(args.rounds)
            for name, pipeline in keys
        ]
        rows = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
