#!/usr/bin/env python3
"""Expected facts for the archive and pickle tests, computed by stock PyTorch.

Usage: dump_params.py OUT_DIR

Writes OUT_DIR/frontends/expected.json with, for every real file listed in
$TSRT_SHARED/testdata/real/SOURCES.tsv (default: <repo>/../shared) and for a few models
generated here into OUT_DIR/frontends/generated/:
  - the zip layout as Python's zipfile reads it (prefix, entries, sizes, CRCs, methods, version);
  - every parameter and buffer as torch.jit.load sees it (shape, stride, offset, dtype, values);
  - tensor constants (constants.pkl) as found in the loaded graphs;
  - for generated models, typed container attributes and their TorchScript types;
  - plain values pickled by Python's pickle module (values.pkl) for opcode decoding.
"""
import json
import os
import pickle
import pickletools
import sys
import typing
import warnings
import zipfile

import torch

MAX_VALUES = 4096  # element values are dumped for tensors up to this size, sums for all

DTYPE_NAMES = {
    torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
    torch.bfloat16: "bfloat16", torch.int64: "int64", torch.int32: "int32",
    torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool",
}


def tensor_facts(t):
    flat = t.detach().reshape(-1).to(torch.float64)
    facts = {
        "shape": list(t.shape),
        "stride": list(t.stride()),
        "offset": t.storage_offset(),
        "dtype": DTYPE_NAMES.get(t.dtype, str(t.dtype)),
        "sum": float(flat.sum()) if t.numel() else 0.0,
    }
    if t.numel() <= MAX_VALUES:
        facts["values"] = flat.tolist()
    return facts


def zip_facts(path):
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        prefix = infos[0].filename.split("/")[0] + "/"
        entries = [{"name": i.filename[len(prefix):], "size": i.file_size, "crc": i.CRC,
                    "method": i.compress_type} for i in infos]
        names = [e["name"] for e in entries]
        record = ".data/version" if ".data/version" in names else "version"
        version = int(z.read(prefix + record).decode().strip())
        pickle_globals = sorted({arg.replace(" ", ".") for op, arg, _ in
                                 pickletools.genops(z.read(prefix + "data.pkl"))
                                 if op.name == "GLOBAL"})
    return {"prefix": prefix, "entries": entries, "version": version, "globals": pickle_globals}


def graph_tensor_constants(module):
    """Tensor constants (constants.pkl) of every method, as shapes and values."""
    found = []
    seen = set()

    def visit_block(block):
        for node in block.nodes():
            if node.kind() == "prim::Constant" and node.output().type().kind() == "TensorType":
                t = node.t("value")
                key = (t.data_ptr(), tuple(t.shape), tuple(t.stride()), t.storage_offset())
                if key not in seen:
                    seen.add(key)
                    found.append(tensor_facts(t))
            for sub in node.blocks():
                visit_block(sub)

    for _, m in module.named_modules():
        for name in m._c._method_names():
            visit_block(m._c._get_method(name).graph)
    return found


def load_facts(path):
    facts = {}
    try:
        m = torch.jit.load(path, map_location="cpu")
    except Exception as e:  # recorded: the test then only checks the archive layer
        lines = [line for line in str(e).splitlines() if line.strip()]
        facts["load_error"] = lines[0] if lines else type(e).__name__
        return facts
    tensors = {}
    for name, t in list(m.named_parameters()) + list(m.named_buffers()):
        tensors[name] = tensor_facts(t)
    facts["tensors"] = tensors
    facts["constants"] = graph_tensor_constants(m)
    return facts


# ---- generated models: features the real files lack ----

class Leaf(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 3)

    def forward(self, x):
        return self.lin(x)


class Features(torch.nn.Module):
    ids: typing.List[int]
    scales: typing.List[float]
    flags: typing.List[bool]
    table: typing.Dict[str, float]
    nested: typing.Dict[str, typing.List[int]]
    tensors: typing.List[torch.Tensor]
    maybe: typing.Optional[int]

    def __init__(self):
        super().__init__()
        self.shared = Leaf()
        self.again = self.shared  # the same submodule twice: one object, referenced twice
        self.register_buffer("window", torch.arange(24.0).reshape(4, 6)[1:, 2:5])
        self.register_buffer("transposed", torch.arange(6.0).reshape(2, 3).t())
        self.register_buffer("f16", torch.linspace(-2, 2, 7).half())
        self.register_buffer("bf16", torch.linspace(-1, 3, 5).bfloat16())
        self.register_buffer("f64", torch.linspace(0, 1, 3).double())
        self.register_buffer("long", torch.arange(-3, 5))
        self.register_buffer("int32", torch.arange(10, 14, dtype=torch.int32))
        self.register_buffer("int16", torch.arange(-2, 2, dtype=torch.int16))
        self.register_buffer("int8", torch.arange(-4, 4, dtype=torch.int8))
        self.register_buffer("uint8", torch.arange(250, 256, dtype=torch.uint8))
        self.register_buffer("mask", torch.tensor([True, False, True]))
        self.register_buffer("scalar", torch.tensor(2.5))
        self.register_buffer("empty", torch.zeros(0, 3))
        self.ids = [1, -2, 300000, 2**40]
        self.scales = [0.5, -1.25]
        self.flags = [True, False]
        self.table = {"a": 1.5, "b": -2.0}
        self.nested = {"x": [1, 2], "y": []}
        self.tensors = [torch.ones(2), torch.zeros(1, 2)]
        self.maybe = None
        self.dev = torch.device("cpu")
        self.name = "features"

    def forward(self, x):
        y = torch.nn.functional.gelu(self.shared(x)) + self.again(x)  # gelu: file version 10
        return y * self.window.sum() + torch.tensor([1.0, 2.0, 3.0])


class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 2)

    def forward(self, x):
        return self.lin(x)


def with_constants(x):
    return x * torch.tensor([1.5, -2.0, 3.0]) + torch.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])[:, 1]


def relocate_to_cuda(src, dst):
    """Rewrites a saved model as if its storages had been saved on cuda:0 (torch writes the
    location into each persistent id). Python's zipfile does not pad entries, so records end
    up unaligned, which the loader must also handle."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("/data.pkl"):
                old = b"X\x03\x00\x00\x00cpu"
                assert old in data
                data = data.replace(old, b"X\x06\x00\x00\x00cuda:0")
            zout.writestr(info, data, compress_type=info.compress_type)


def type_str(annotation):
    return str(annotation).replace("typing.", "").replace("torch.Tensor", "Tensor")


def generate(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    models = {}

    features = torch.jit.script(Features())
    path = os.path.join(out_dir, "features.pt")
    features.save(path)
    attrs = {}
    for name, annotation in Features.__annotations__.items():
        value = getattr(features, name)
        if name == "tensors":
            value = [tensor_facts(t) for t in value]
        attrs[name] = {"type": type_str(annotation), "value": value}
    attrs["dev"] = {"type": "Device", "value": str(features.dev)}
    attrs["name"] = {"type": "str", "value": features.name}
    models["features.pt"] = {"attrs": attrs}

    small = torch.jit.script(Small())
    small_path = os.path.join(out_dir, "small.pt")
    small.save(small_path)
    relocate_to_cuda(small_path, os.path.join(out_dir, "cuda_location.pt"))
    models["small.pt"] = {}
    models["cuda_location.pt"] = {}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tensor constants in a trace are the point here
        traced = torch.jit.trace(with_constants, torch.ones(2, 3))
    traced.save(os.path.join(out_dir, "traced_constants.pt"))
    models["traced_constants.pt"] = {}
    return models


def plain_pickles(out_dir):
    """Values pickled by Python's own pickle (protocol 2), for the scalar opcodes' decoding."""
    values = [0, 1, -1, 255, 256, 65535, 65536, -129, 2**31 - 1, -2**31, 2**31, 2**40, -2**40,
              2**63 - 1, -2**63, 0.0, -0.0, 1.5, -2.25e-300, 1.7976931348623157e308, "",
              "h\u00e9llo \u4e16\u754c", True, False, None, [], [1, [2, "x"]], {"a": 1, "b": [1.5]},
              (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)]
    with open(os.path.join(out_dir, "values.pkl"), "wb") as f:
        pickle.dump(values, f, protocol=2)
    return {"values.pkl": values}


def legacy_save(out_dir):
    """torch.save's legacy (non-zip) format, whose storage ids have 6 fields (the 6th, a view's
    metadata, is None as torch 1.13 writes it). The file is a row of pickles (magic number,
    protocol, sys info, the object, the storage keys) followed by each storage's raw bytes after
    an 8-byte element count; it is split into the object's pickle (legacy_main.pkl) and one
    legacy_storage_<key>.bin per storage for the unpickle test."""
    import io
    g = torch.Generator().manual_seed(3)
    base = torch.randn(4, 6, generator=g)
    obj = {"f16": torch.randn(5, generator=g).half(), "bf16": torch.randn(3, 2, generator=g).bfloat16(),
           "slice": base[1:3, 2:5], "whole": base, "ints": torch.arange(7)}
    buf = io.BytesIO()
    torch.save(obj, buf, _use_new_zipfile_serialization=False)
    data = buf.getvalue()
    stream = io.BytesIO(data)
    for _ in range(3):  # magic number, protocol version, sys info
        pickle.load(stream)
    start = stream.tell()
    end = next(pos for op, _, pos in pickletools.genops(data[start:]) if op.name == "STOP") + start + 1
    with open(os.path.join(out_dir, "legacy_main.pkl"), "wb") as f:
        f.write(data[start:end])
    # Each storage's element size, from the storage type its persistent id names.
    element_sizes = {}

    class IdReader(pickle.Unpickler):
        def find_class(self, module, name):
            if name == "_rebuild_tensor_v2":
                return lambda *args: None
            return super().find_class(module, name)

        def persistent_load(self, pid):
            assert len(pid) == 6 and pid[5] is None, pid
            element_sizes[pid[2]] = pid[1]().element_size()
            return None

    IdReader(io.BytesIO(data[start:end])).load()
    for stale in os.listdir(out_dir):  # keys are addresses: earlier runs' files never match
        if stale.startswith("legacy_storage_"):
            os.remove(os.path.join(out_dir, stale))
    stream.seek(end)
    keys = pickle.load(stream)
    pos = stream.tell()
    for key in keys:
        numel = int.from_bytes(data[pos:pos + 8], "little")
        pos += 8
        nbytes = numel * element_sizes[key]
        with open(os.path.join(out_dir, f"legacy_storage_{key}.bin"), "wb") as f:
            f.write(data[pos:pos + nbytes])
        pos += nbytes
    assert pos == len(data), "legacy_save: unexpected trailing bytes"
    return {"legacy_main.pkl": {name: tensor_facts(t) for name, t in obj.items()}}


def main():
    out = os.path.join(sys.argv[1], "frontends")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    shared = os.environ.get("TSRT_SHARED") or os.path.join(repo, "..", "shared")
    real_dir = os.path.join(shared, "testdata", "real")
    files = []
    with open(os.path.join(real_dir, "SOURCES.tsv")) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    for row in rows:
        path = os.path.join(real_dir, row[0])
        entry = {"path": row[0], "real": True}
        entry.update(zip_facts(path))
        entry.update(load_facts(path))
        files.append(entry)
    gen_dir = os.path.join(out, "generated")
    for name, extra in generate(gen_dir).items():
        path = os.path.join(gen_dir, name)
        entry = {"path": name, "real": False}
        entry.update(zip_facts(path))
        entry.update(load_facts(path))
        entry.update(extra)
        files.append(entry)
    pickles = plain_pickles(gen_dir)
    pickles.update(legacy_save(gen_dir))
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"files": files, "pickles": pickles}, f, indent=1)


if __name__ == "__main__":
    main()
