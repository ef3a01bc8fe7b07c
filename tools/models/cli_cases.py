"""Models and files for the command-line tests (tests/cli/cli_test.py), made with stock torch:
scripted models that return dicts, strings, None and nested tuples, one that takes lists, one
with an embedding (input dtype errors), results that exercise torch's tensor printing, and
files written by torch.save (not TorchScript). For each run case, torch's own result is saved
beside the model, flattened as the CLI contract says (README, "Command line"): OUT/cli/<case>/
output_<j>.npy, outputs.json in tsrt's schema, and repr.txt (what Python prints for it).

    /usr/bin/python3 tools/models/cli_cases.py OUT     # writes OUT/cli/
"""

import json
import os
import sys
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch


class DictOut(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        out: Dict[str, torch.Tensor] = {}
        out["zeta"] = x + 1  # insertion order is not sorted order
        out["alpha"] = x * 2
        out["mid"] = x.sum()
        out["zeta"] = x - 1  # reassigning keeps the key's first position
        return out


class DictNested(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Tuple[Dict[int, float], Dict[str, List[torch.Tensor]]]:
        scores: Dict[int, float] = {}
        scores[7] = 0.5
        scores[-2] = 2.0
        lists: Dict[str, List[torch.Tensor]] = {"boxes": [x, x * 3], "labels": [x.argmax(dim=1)]}
        return scores, lists


class StrOut(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Tuple[str, torch.Tensor, str]:
        return "h\u00e9llo w\u00f6rld \u2713", x * 2, ""


class NoneOut(torch.nn.Module):
    # googlenet / inception in eval return (logits, None, None)-like tuples.
    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, Optional[torch.Tensor], torch.Tensor]:
        aux: Optional[torch.Tensor] = None
        if x.sum() > 1e9:
            aux = x
        return x.relu(), aux, x + 1


class Nested(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Tuple[Tuple[torch.Tensor, Tuple[int, float]], bool, List[torch.Tensor]]:
        return (x.tanh(), (x.size(0), 2.5)), bool(x.sum() > 0), [x, x.t()]

    @torch.jit.export
    def twice(self, x: torch.Tensor) -> torch.Tensor:  # for `bench --method`
        return x * 2


class ListIn(torch.nn.Module):
    def forward(self, x: torch.Tensor, sizes: List[int], scales: List[float]) -> Tuple[torch.Tensor, int, float]:
        total = 0.0
        for s in scales:
            total += s
        return x.reshape(sizes) * total, len(sizes), total


class EmptyListIn(torch.nn.Module):
    def forward(self, dims: List[int]) -> Tuple[int, List[int]]:
        out: List[int] = []
        for d in dims:
            out.append(d * 2)
        return len(dims), out


class Embed(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(10, 4)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.emb(input_ids)


class Printing(torch.nn.Module):
    # One tensor per formatting branch of torch's printer.
    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor,
                                                  torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor,
                                                  torch.Tensor, torch.Tensor]:
        big = torch.arange(2400, dtype=torch.float32).reshape(40, 60) / 7.0
        return (x,                                   # fixed, 4 decimals
                x * 1e-5,                            # scientific (small values)
                torch.arange(6.0),                   # whole floats: "0., 1., ..."
                (x * 100).to(torch.int32),           # ints, dtype suffix
                x > 0,                               # bools
                x.double(),                          # float64 suffix
                big,                                 # summarised (> 1000 elements)
                torch.zeros(0, 3),                   # empty, size suffix
                x.sum(),                             # 0-d
                torch.arange(2000).reshape(2, 10, 100))  # summarised 3-d int64


class Identity(torch.nn.Module):
    # Returns its inputs: torch's printer on values no op produced (nan, inf, wide ranges, dtypes).
    def forward(self, a: torch.Tensor, b: torch.Tensor, c: torch.Tensor, d: torch.Tensor, e: torch.Tensor,
                f: torch.Tensor, g: torch.Tensor, h: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor,
                                                                             torch.Tensor, torch.Tensor, torch.Tensor,
                                                                             torch.Tensor, torch.Tensor]:
        return a, b, c, d, e, f, g, h


def printing_values():
    return [torch.tensor([float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 1.5]),
            torch.tensor([1e10, -3.0, 2.0]),
            torch.tensor([[1e-7, 1.0], [123456.0, -2.5]], dtype=torch.float64),
            torch.randn(100) * 1000,
            torch.tensor([-128, 0, 127], dtype=torch.int8),
            torch.tensor([[0, 255]], dtype=torch.uint8),
            torch.randn(2, 3).to(torch.float16),
            torch.tensor(7, dtype=torch.int32)]


def flatten(value, leaves, path=""):
    """The contract's leaves and tsrt's outputs.json node for one value."""
    if value is None:
        return {"kind": "none"}
    if isinstance(value, torch.Tensor):
        leaves.append(value.detach().numpy())
        return {"kind": "tensor", "index": len(leaves) - 1, "file": f"output_{len(leaves) - 1}.npy",
                "dtype": str(value.dtype).replace("torch.", ""), "shape": list(value.shape)}
    if isinstance(value, (tuple, list)):
        return {"kind": "tuple" if isinstance(value, tuple) else "list",
                "items": [flatten(v, leaves) for v in value]}
    if isinstance(value, dict):
        return {"kind": "dict", "items": [{"key": k, "value": flatten(v, leaves)} for k, v in value.items()]}
    if isinstance(value, bool):
        kind, array = "bool", np.array(value)
    elif isinstance(value, int):
        kind, array = "int", np.array(value, dtype=np.int64)
    elif isinstance(value, float):
        kind, array = "float", np.array(value, dtype=np.float64)
    elif isinstance(value, str):
        kind, array = "str", np.array(value)
    else:
        raise TypeError(type(value))
    leaves.append(array)
    return {"kind": kind, "index": len(leaves) - 1, "file": f"output_{len(leaves) - 1}.npy", "value": value}


def save_run_case(root, name, module, args, specs, cases):
    """Scripts `module`, runs it on `args` in stock torch and saves what tsrt must reproduce."""
    folder = os.path.join(root, name)
    os.makedirs(folder, exist_ok=True)
    scripted = torch.jit.script(module.eval())
    scripted.save(os.path.join(folder, "model.pt"))
    with torch.no_grad():
        result = scripted(*args)
    leaves = []
    structure = flatten(result, leaves)
    expected = os.path.join(folder, "expected")
    os.makedirs(expected, exist_ok=True)
    for j, leaf in enumerate(leaves):
        np.save(os.path.join(expected, f"output_{j}.npy"), leaf)
    with open(os.path.join(expected, "outputs.json"), "w") as f:
        json.dump({"format": "tsrt-outputs/1", "outputs": len(leaves), "result": structure}, f, indent=2)
    with open(os.path.join(folder, "repr.txt"), "w") as f:
        f.write(repr(result))
    cases.append({"name": name, "model": f"{name}/model.pt", "inputs": specs})


def main(out):
    torch.manual_seed(0)
    root = os.path.join(out, "cli")
    os.makedirs(root, exist_ok=True)
    cases = []
    x = torch.randn(3, 4)
    np.save(os.path.join(root, "x.npy"), x.numpy())
    np.save(os.path.join(root, "x6.npy"), x.reshape(-1)[:6].numpy().copy())
    ids = torch.tensor([[1, 4, 9, 0]])
    np.save(os.path.join(root, "ids.npy"), ids.numpy())
    np.save(os.path.join(root, "ids_float.npy"), ids.numpy().astype(np.float64))
    x_spec = ["x.npy"]
    save_run_case(root, "dict_out", DictOut(), [x], x_spec, cases)
    save_run_case(root, "dict_nested", DictNested(), [x], x_spec, cases)
    save_run_case(root, "str_out", StrOut(), [x], x_spec, cases)
    save_run_case(root, "none_out", NoneOut(), [x], x_spec, cases)
    save_run_case(root, "nested", Nested(), [x], x_spec, cases)
    x6 = x.reshape(-1)[:6].clone()
    save_run_case(root, "list_in", ListIn(), [x6, [2, 3], [0.5, 1.5]],
                  ["x6.npy", "list:int:2,3", "list:float:0.5,float:1.5"], cases)
    save_run_case(root, "list_in_int_scales", ListIn(), [x6, [3, 2], [1.0, 2.0]],
                  ["x6.npy", "list:int:3,2", "list:int:1,2"], cases)
    save_run_case(root, "list_in_empty_scales", ListIn(), [x6, [6], []], ["x6.npy", "list:int:6", "list:"], cases)
    save_run_case(root, "empty_list", EmptyListIn(), [[]], ["list:"], cases)
    save_run_case(root, "embed", Embed(), [ids], ["ids.npy"], cases)
    save_run_case(root, "printing", Printing(), [x], x_spec, cases)
    values = printing_values()
    for i, v in enumerate(values):
        np.save(os.path.join(root, f"print_{i}.npy"), v.numpy())
    save_run_case(root, "printing_values", Identity(), values, [f"print_{i}.npy" for i in range(len(values))], cases)

    # torch.save files: not TorchScript.
    linear = torch.nn.Linear(3, 2)
    torch.save(linear, os.path.join(root, "saved_module.pt"))
    torch.save(linear.state_dict(), os.path.join(root, "saved_state_dict.pt"))
    torch.save(linear.state_dict(), os.path.join(root, "saved_legacy.pt"), _use_new_zipfile_serialization=False)

    with open(os.path.join(root, "cases.json"), "w") as f:
        json.dump(cases, f, indent=2)
    print(f"cli cases: {len(cases)} run cases and 3 torch.save files in {root}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/testdata")
