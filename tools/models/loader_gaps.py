"""Models for loader gaps seen in real files (issue 18), written with stock PyTorch into
OUT/loader_gaps/ in the corpus manifest format (tools/models/corpus.py), for
tests/golden/loader_gaps_test.cc.

- Tensor default arguments: torch prints a non-literal default as `state: Tensor=CONSTANTS.c0`
  (Silero VAD's recurrent state); each model runs with the default left out and supplied, and
  calls a method that has such a default from inside the module (the default bound at the call).
"""

import os
import sys
from typing import Tuple

import torch
from torch import Tensor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import Corpus  # noqa: E402


class RecurrentState(torch.nn.Module):
    """Silero-VAD-like: the state input defaults to a tensor constant."""

    def __init__(self):
        super().__init__()
        self.cell = torch.nn.Linear(6, 4)

    def forward(self, x: Tensor, state: Tensor = torch.full((2, 2), 0.25)) -> Tuple[Tensor, Tensor]:
        h = torch.tanh(self.cell(torch.cat([x, state.reshape(1, 4).expand(x.size(0), 4)[:, :2]], 1)))
        return h, state + h.mean()


class InnerDefault(torch.nn.Module):
    """A helper method with tensor defaults, called from forward without them."""

    def step(self, x: Tensor, bias: Tensor = torch.arange(3.0) - 1.0, scale: float = 2.0) -> Tensor:
        return x * scale + bias

    def forward(self, x: Tensor) -> Tensor:
        return self.step(x) + self.step(x, torch.ones(3))


def generator(seed):
    return torch.Generator().manual_seed(seed)


def main():
    out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else "build/testdata", "loader_gaps")
    corpus = Corpus(out)
    torch.manual_seed(0)

    recurrent = corpus.save_model("default_state", torch.jit.script(RecurrentState().eval()))
    x = torch.randn(3, 4, generator=generator(1))
    state = torch.randn(2, 2, generator=generator(2))
    corpus.add("default_state_omitted", recurrent, "scripted", [x], "tensor default CONSTANTS.c0 left out")
    corpus.add("default_state_given", recurrent, "scripted", [x, state], "tensor default supplied")
    corpus.add_model("inner_default", torch.jit.script(InnerDefault()), "scripted",
                     [torch.randn(2, 3, generator=generator(3))], "method call binding a tensor default")

    corpus.write_manifest()


if __name__ == "__main__":
    main()
