"""Models for loader gaps seen in real files (issue 18), written with stock PyTorch into
OUT/loader_gaps/ in the corpus manifest format (tools/models/corpus.py), for
tests/golden/loader_gaps_test.cc.

- Tensor default arguments: torch prints a non-literal default as `state: Tensor=CONSTANTS.c0`
  (Silero VAD's recurrent state); each model runs with the default left out and supplied, and
  calls a method that has such a default from inside the module (the default bound at the call).
- Numbers annotated as tensors: tracing records `x.size(0)` as a tensor and prints
  `torch.arange(annotate(number, n))`, `int(t)` for eye/linspace/slice; scripting converts a
  0-d tensor given for an int/float/Scalar argument implicitly (`annotate(int, n)`, printed for
  aten::IntImplicit/FloatImplicit/ScalarImplicit), and the tensor keeps its other uses.
- float16/bfloat16 tensors as data: parameters stored as HalfStorage/BFloat16Storage, `.to`
  both ways, elementwise ops and activations in the 16-bit dtypes (float16 outputs are written
  as float16 .npy; bfloat16 results are returned as float32, which numpy can hold).
"""

import os
import re
import sys
import zipfile
from typing import List, Tuple, Union

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


class TracedSizes(torch.nn.Module):
    def forward(self, x):
        return (torch.arange(x.size(0)), torch.linspace(0, 1, x.size(1)), torch.eye(x.size(1)),
                x[:, : x.size(1) - 1], torch.arange(x.size(0) * 2, dtype=torch.float32) * x.size(1))


class TensorsForScalars(torch.nn.Module):
    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]:
        n = (x[0] > 0).sum()
        total = x.abs().sum()
        return (torch.eye(n), x[:n], x.narrow(0, 0, n), torch.linspace(x.min(), x.max(), 5),
                x.new_zeros(n), torch.arange(n), torch.arange(total), torch.full([2], x.max()),
                torch.zeros(2).add(n))


class HalfData(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.w16 = torch.nn.Parameter(torch.randn(4).half())
        self.register_buffer("wb16", torch.randn(4).bfloat16())

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
        h = x.to(torch.float16)
        y = h * self.w16 + 0.5
        z = torch.where(y > 0, y, -y) / 3
        b = x.to(torch.bfloat16)
        g = torch.relu(b * self.wb16 - 0.25) + torch.sigmoid(b)
        return y, z, g.float(), y.float() + g.to(torch.float32)


class TypeTupleIsinstance(torch.nn.Module):
    """torchvision's check_roi_boxes_shape: `isinstance(boxes, (list, tuple))` on a Union value
    (torch prints the type tuple with its bare `list`/`tuple`), and sorting a List[Tensor]."""

    def rows(self, boxes: Union[Tensor, List[Tensor]]) -> int:
        if isinstance(boxes, (list, tuple)):
            return len(boxes)
        return int(boxes.size(0))

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        parts = [x[2:3].sum(), x[0:1].sum(), x[1:2].sum()]
        n = self.rows(parts) + self.rows(x)
        ordered = sorted(parts)
        parts.sort(reverse=True)
        return x * n, torch.stack(ordered), torch.stack(parts)


def without_annotations(out_dir, src, dst):
    """A copy of the saved file `src` whose code passes the tensors bare (`torch.eye(n)`, not
    `torch.eye(annotate(int, n))`): torch's own loader then converts them in schema matching,
    the path hand-edited or third-party-written code takes. Debug records (byte offsets into
    the old code) are left out."""
    bare = re.compile(r"(?<!\[)annotate\((?:int|float|number), (\w+)\)")  # list items never convert
    with zipfile.ZipFile(os.path.join(out_dir, src)) as zin, \
            zipfile.ZipFile(os.path.join(out_dir, dst), "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            if info.filename.endswith(".debug_pkl"):
                continue
            data = zin.read(info.filename)
            if info.filename.endswith(".py"):
                data = bare.sub(r"\1", data.decode()).encode()
            zout.writestr(info, data)
    return dst


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

    traced = torch.jit.trace(TracedSizes(), torch.randn(3, 4, generator=generator(4)))
    corpus.add_model("traced_sizes", traced, "traced", [torch.randn(3, 4, generator=generator(5))],
                     "sizes recorded as tensors feeding arange/linspace/eye/slice")
    corpus.add_model("tensors_for_scalars", torch.jit.script(TensorsForScalars()), "scripted",
                     [torch.randn(4, 3, generator=generator(6))], "0-d tensors for int/float/Scalar arguments")

    bare = without_annotations(out, "tensors_for_scalars.pt", "tensors_for_scalars_bare.pt")
    corpus.add("tensors_for_scalars_bare", bare, "scripted", [torch.randn(4, 3, generator=generator(6))],
               "0-d tensors passed bare for int/float/Scalar arguments (implicit conversion)")
    corpus.add_model("half_data", torch.jit.script(HalfData()), "scripted",
                     [torch.randn(3, 4, generator=generator(7)) * 4], "float16/bfloat16 parameters and ops")

    corpus.add_model("type_tuple_isinstance", torch.jit.script(TypeTupleIsinstance()), "scripted",
                     [torch.randn(4, 3, generator=generator(8))],
                     "isinstance(x, (list, tuple)) on a Union argument; sort/sorted of a List[Tensor]")
    corpus.write_manifest()


if __name__ == "__main__":
    main()
