"""tsrt from Python: load TorchScript archives and run them with tsrt's interpreter.

    import numpy as np, tsrt
    m = tsrt.load("model.pt", passes="default", threads=2, precision="fp32")
    out = m(np.ones((2, 3), np.float32))   # numpy in, numpy out (tuples, lists, dicts mirrored)
    for r in tsrt.run_pipeline("model.pt", "default"):   # what each pass did
        print(r["name"], r["rewrites"], r["ms"])
"""

from tsrt._tsrt import Error, Module, __version__, load, run_pipeline
from tsrt import passes

__all__ = ["Error", "Module", "__version__", "load", "passes", "run_pipeline"]
