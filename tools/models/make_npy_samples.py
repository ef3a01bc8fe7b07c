"""Writes .npy files the way numpy itself writes them (every dtype tsrt reads, 0-d, empty,
Fortran order, format 2.0, plus formats tsrt must reject) into DIR/npy/, with DIR/npy/samples.json
giving each readable file's dtype, shape and C-order values for frontends/npy/npy_test.cc.

    /usr/bin/python3 tools/models/make_npy_samples.py DIR
"""

import json
import os
import sys

import numpy as np


def readable_samples(rng):
    big = np.array([[2**62 + 7, -(2**62) - 3, 0], [1, -1, 2**31]], dtype=np.int64)
    return {
        "float32_2x3": rng.standard_normal((2, 3)).astype(np.float32),
        "float64_4": rng.standard_normal(4),
        "float16_5": rng.standard_normal(5).astype(np.float16),
        "int64_2x3": big,
        "int32_3": np.array([2**31 - 1, -(2**31), 5], dtype=np.int32),
        "int16_2x2": np.array([[-32768, 32767], [12, -7]], dtype=np.int16),
        "int8_4": np.array([-128, 127, 0, -5], dtype=np.int8),
        "uint8_2x2x2": rng.integers(0, 256, (2, 2, 2)).astype(np.uint8),
        "bool_3x2": rng.standard_normal((3, 2)) > 0,
        "scalar_float64": np.array(2.5),
        "scalar_int64": np.array(-42, dtype=np.int64),
        "scalar_bool": np.array(True),
        "empty_float32_0x3": np.zeros((0, 3), dtype=np.float32),
        "empty_int64_0": np.zeros((0,), dtype=np.int64),
        "fortran_float32_3x4": np.asfortranarray(rng.standard_normal((3, 4)).astype(np.float32)),
        "fortran_int64_2x3x4": np.asfortranarray(np.arange(24, dtype=np.int64).reshape(2, 3, 4)),
        "fortran_bool_2x3": np.asfortranarray(rng.standard_normal((2, 3)) > 0),
        "noncontiguous_float64_3x2": rng.standard_normal((2, 3)).T,  # numpy writes it as Fortran
        "dim1_float32_1x1x1": np.array([[[3.25]]], dtype=np.float32),
    }


def unsupported_samples(rng):
    return {
        "bad_bigendian_float32": rng.standard_normal(3).astype(">f4"),
        "bad_complex64": np.array([1 + 2j, 3 - 4j], dtype=np.complex64),
        "bad_uint16": np.array([1, 2], dtype=np.uint16),
        "bad_structured": np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]),
    }


def main():
    out = os.path.join(sys.argv[1], "npy")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    manifest = []
    for name, array in readable_samples(rng).items():
        np.save(os.path.join(out, name + ".npy"), array)
        manifest.append({"name": name, "file": name + ".npy", "dtype": str(array.dtype),
                         "shape": list(array.shape),
                         "fortran_order": bool(array.flags.f_contiguous and not array.flags.c_contiguous),
                         "values": np.asarray(array, order="C").reshape(-1).tolist()})
    # Format 2.0 (4-byte header length), which numpy uses for very long headers.
    v2 = rng.standard_normal((2, 2)).astype(np.float32)
    with open(os.path.join(out, "version2_float32_2x2.npy"), "wb") as f:
        np.lib.format.write_array(f, v2, version=(2, 0))
    manifest.append({"name": "version2_float32_2x2", "file": "version2_float32_2x2.npy",
                     "dtype": "float32", "shape": [2, 2], "fortran_order": False,
                     "values": v2.reshape(-1).tolist()})
    rejected = []
    for name, array in unsupported_samples(rng).items():
        np.save(os.path.join(out, name + ".npy"), array)
        rejected.append(name + ".npy")
    with open(os.path.join(out, "samples.json"), "w") as f:
        json.dump({"readable": manifest, "rejected": rejected}, f, indent=1)
    print(f"make_npy_samples: {len(manifest)} readable and {len(rejected)} rejected samples in {out}")


if __name__ == "__main__":
    main()
