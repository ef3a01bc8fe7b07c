"""Writes one corpus entry: the saved TorchScript file, its inputs as CLI SPECs and the outputs
stock PyTorch computes when it runs the *reloaded* file (what libtorch and tsrt will load)."""

import json
import os

import numpy as np
import torch


class TupleArg:
    """A Tuple[Tensor, ...] argument, passed on the CLI as `tuple:a.npy,b.npy`."""

    def __init__(self, *tensors):
        self.tensors = list(tensors)


class ListArg:
    """A List[Tensor] argument, passed on the CLI as `list:a.npy,b.npy`."""

    def __init__(self, *tensors):
        self.tensors = list(tensors)


def _save_array(out_dir, file_name, array):
    # asarray, not ascontiguousarray: the latter turns 0-d arrays into shape (1,).
    np.save(os.path.join(out_dir, file_name), np.asarray(array, order="C"))
    return file_name


def _spec_and_value(out_dir, stem, arg):
    """Returns (CLI SPEC, Python value to call the module with)."""
    if isinstance(arg, torch.Tensor):
        return _save_array(out_dir, stem + ".npy", arg.numpy()), arg
    if isinstance(arg, (TupleArg, ListArg)):
        files = [_save_array(out_dir, f"{stem}_{i}.npy", t.numpy()) for i, t in enumerate(arg.tensors)]
        kind = "tuple" if isinstance(arg, TupleArg) else "list"
        value = tuple(arg.tensors) if kind == "tuple" else list(arg.tensors)
        return f"{kind}:" + ",".join(files), value
    if arg is None:
        return "none", None
    if isinstance(arg, bool):  # before int: bool is an int in Python
        return "bool:" + ("true" if arg else "false"), arg
    if isinstance(arg, int):
        return f"int:{arg}", arg
    if isinstance(arg, float):
        return f"float:{arg!r}", arg
    if isinstance(arg, str):
        return "str:" + arg, arg
    raise TypeError(f"unsupported corpus input {type(arg).__name__}")


def flatten_outputs(result):
    """Depth-first flattening of a TorchScript result into numpy arrays (the manifest contract)."""
    if isinstance(result, torch.Tensor):
        return [result.detach().contiguous().numpy()]
    if isinstance(result, (tuple, list)):
        arrays = []
        for item in result:
            arrays.extend(flatten_outputs(item))
        return arrays
    if isinstance(result, dict):  # values in insertion order, as the CLI writes them
        return flatten_outputs(list(result.values()))
    if result is None:  # takes no index
        return []
    if isinstance(result, str):  # a 0-d unicode array
        return [np.array(result)]
    if isinstance(result, bool):
        return [np.array(result, dtype=np.bool_)]
    if isinstance(result, int):
        return [np.array(result, dtype=np.int64)]
    if isinstance(result, float):
        return [np.array(result, dtype=np.float64)]
    raise TypeError(f"cannot write a {type(result).__name__} output as .npy")


class Corpus:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.entries = []
        os.makedirs(out_dir, exist_ok=True)

    def save_model(self, file_stem, module):
        """Saves a traced/scripted module or function; returns its file name."""
        file_name = file_stem + ".pt"
        torch.jit.save(module, os.path.join(self.out_dir, file_name))
        return file_name

    def add(self, name, module_file, kind, inputs, description, method="forward"):
        """Adds an entry running `method` of the saved file `module_file` on `inputs`."""
        assert kind in ("traced", "scripted", "mixed"), kind
        assert all(e["name"] != name for e in self.entries), f"duplicate corpus entry {name}"
        specs, values = [], []
        for i, arg in enumerate(inputs):
            spec, value = _spec_and_value(self.out_dir, f"{name}.in{i}", arg)
            specs.append(spec)
            values.append(value)
        loaded = torch.jit.load(os.path.join(self.out_dir, module_file))
        loaded.eval()
        with torch.no_grad():
            result = getattr(loaded, method)(*values)
        outputs = [_save_array(self.out_dir, f"{name}.out{i}.npy", array)
                   for i, array in enumerate(flatten_outputs(result))]
        self.entries.append({"name": name, "file": module_file, "kind": kind, "method": method,
                             "inputs": specs, "outputs": outputs, "description": description})

    def add_model(self, name, module, kind, inputs, description, method="forward"):
        """Saves `module` as `<name>.pt` and adds the entry running it."""
        self.add(name, self.save_model(name, module), kind, inputs, description, method)

    def write_manifest(self):
        path = os.path.join(self.out_dir, "manifest.json")
        with open(path, "w") as f:
            json.dump(self.entries, f, indent=1)
        return path
