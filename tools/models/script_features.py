"""Scripted TorchScript features beyond plain control flow: TorchScript classes, exported
methods other than forward, ModuleList/Sequential containers, untaken raise/assert, and
tensor <-> scalar conversions (item, int(), tolist, torch.tensor)."""

from typing import List, Tuple

import torch


@torch.jit.script
class Accumulator:
    def __init__(self, scale: float):
        self.scale = scale
        self.items: List[torch.Tensor] = []

    def add(self, x: torch.Tensor) -> None:
        self.items.append(x * self.scale)

    def total(self) -> torch.Tensor:
        return torch.stack(self.items).sum(0)


class UsesScriptClass(torch.nn.Module):
    def forward(self, x: torch.Tensor, steps: int) -> Tuple[torch.Tensor, int]:
        acc = Accumulator(0.5)
        for i in range(steps):
            acc.add(x + i)
        return acc.total(), len(acc.items)


class ExportedMethod(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(3, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)

    @torch.jit.export
    def predict(self, x: torch.Tensor, offset: int) -> Tuple[torch.Tensor, torch.Tensor, int]:
        scores = self.forward(x)
        return scores.argmax(dim=1) + offset, scores.softmax(dim=1), offset + 1


class ModuleContainers(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(4, 4) for _ in range(3)])
        self.head = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(4, 2), torch.nn.Sigmoid())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(x) * (i + 1)
        return self.head(x)


class ChecksAndConversions(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, float, int, List[float], bool]:
        if x.dim() != 2:
            raise ValueError("expected a 2-D input")
        assert x.size(1) == 3, "expected 3 columns"
        total = float(x.sum().item())
        index = int(x.argmax())
        first_row: List[float] = x[0].tolist()
        packed = torch.tensor([total, float(index)], dtype=torch.float64)
        return packed * 2, total, index, first_row, bool(x.max() > 0.5)


def add_to_corpus(corpus):
    torch.manual_seed(5)

    def script_file(stem, module):
        return corpus.save_model(stem, torch.jit.script(module))

    f = script_file("sf_script_class", UsesScriptClass())
    corpus.add("sf_script_class", f, "scripted", [torch.rand(2, 2), 4],
               "TorchScript class with a List[Tensor] attribute, constructed and mutated in forward")
    f = script_file("sf_exported_method", ExportedMethod())
    x = torch.rand(4, 3)
    corpus.add("sf_exported_forward", f, "scripted", [x], "module's forward (also called by predict)")
    corpus.add("sf_exported_predict", f, "scripted", [x, 10],
               "@torch.jit.export method `predict` calling self.forward", method="predict")
    f = script_file("sf_module_containers", ModuleContainers())
    corpus.add("sf_module_containers", f, "scripted", [torch.rand(3, 4)],
               "enumerate over nn.ModuleList (unrolled), nn.Sequential submodule")
    f = script_file("sf_checks_conversions", ChecksAndConversions())
    corpus.add("sf_checks_conversions", f, "scripted", [torch.rand(2, 3)],
               "untaken raise and assert, item(), int(tensor), tolist(), torch.tensor(list), bool(tensor)")
