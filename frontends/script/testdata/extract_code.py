"""Collects TorchScript source for the parser tests into OUT/script/.

Copies every code/**/*.py entry of the real archives under $TSRT_SHARED/testdata/real (or
../shared next to the repo), of the model corpus in OUT/corpus (if already generated), and of
archives that stock torch writes here from small scripted and traced models covering the
printed language: loops, break/continue, dicts, lists, tuples, Optional, string formatting,
NamedTuple, enums, interfaces, script classes, with, fork, hooks, submodules and a BERT-like
traced stack. Files are named <archive>/<path under code/>; next to each, <file>.sexp holds
CPython's parse of it in tsrt's dump format (see ast_golden.py). OUT/script/MANIFEST lists them.

Usage: /usr/bin/python3 extract_code.py OUT
"""
import enum
import os
import sys
import tempfile
import zipfile
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ast_golden  # noqa: E402


def copy_code(archive_path, label, out_dir, manifest):
    with zipfile.ZipFile(archive_path) as archive:
        for name in archive.namelist():
            parts = name.split("/")
            if len(parts) < 3 or parts[1] != "code" or not name.endswith(".py"):
                continue
            rel = os.path.join(label, *parts[2:])
            dest = os.path.join(out_dir, rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            source = archive.read(name)
            with open(dest, "wb") as f:
                f.write(source)
            # CPython's parse in tsrt's dump format, for parser_test to compare against.
            with open(dest + ".sexp", "w", encoding="utf-8") as f:
                f.write(ast_golden.module_dump(source.decode("utf-8")))
            manifest.append(rel)


class Point(NamedTuple):
    x: torch.Tensor
    y: int


class Color(enum.Enum):
    RED = 1
    GREEN = 2


@torch.jit.interface
class Doubler(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pass


class Double(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 2


class Control(torch.nn.Module):
    """Loops, branches, containers, strings, optionals and exceptions."""

    limit: int

    def __init__(self):
        super().__init__()
        self.limit = 5
        self.scale = torch.nn.Parameter(torch.ones(3))
        self.register_buffer("offset", torch.zeros(3))
        self.inner = Double()
        self.table = {"a": 1, "b": 2}
        self.layers = torch.nn.ModuleList([Double(), Double()])
        self.doubler: Doubler = Double()

    def forward(self, x: torch.Tensor, n: int = 3, scale: Optional[float] = None,
                name: str = "it's \"q\"\n") -> Tuple[torch.Tensor, List[int], Dict[str, int]]:
        total = 0
        items: List[int] = []
        i = 0
        while i < n:
            i += 1
            if i == 2:
                continue
            if i > self.limit:
                break
            items.append(i * 2 // 3 % 7 - 8)
        for k in range(n):
            total = total + k << 1 | 3 & 2 ^ 1
        for key, value in self.table.items():
            total += value
        d: Dict[str, int] = {"x": total, name: len(items)}
        if scale is not None:
            x = x * scale
        elif n < 0:
            raise ValueError("negative n: {}".format(n))
        else:
            x = -x
        assert n >= 0, "n must be >= 0"
        for layer in self.layers:
            x = layer(x)
        x = self.doubler.forward(x)
        y = x[1:, None, ..., ::2] if x.dim() > 1 else x[-1:]
        y = self.inner(y) + self.scale.sum() + self.offset[0]
        msg = f"{n} items {items}"
        print(msg, n not in items, not bool(n), -1.5e-3, 0x1F, True and (n is None or n != 1))
        squares = [k * k for k in items]
        p = Point(y, len(squares))
        return p.x, items, d

    @torch.jit.export
    def helper(self, a: int, b: int = -9223372036854775807 - 1) -> int:
        c = Color.RED
        if c == Color.GREEN:
            return a
        return a + b

    @torch.jit.export
    def tuples(self, pts: List[Tuple[int, float]]) -> Tuple[()]:
        for a, b in pts:
            print(a, b)
        return ()


@torch.jit.script
class Counter(object):
    def __init__(self, start: int):
        self.count = start
        self.names: List[str] = []

    def bump(self, by: int = 1) -> int:
        self.count += by
        return self.count


class Features(torch.nn.Module):
    """NamedTuple, Enum, interface, script class, with, fork, isinstance, comprehensions."""

    doubler: Doubler

    def __init__(self):
        super().__init__()
        self.doubler = Double()
        self.const = 3

    def forward(self, x: torch.Tensor, c: Color, opt: Optional[torch.Tensor] = None) -> Point:
        cnt = Counter(2)
        cnt.bump(3)
        if c == Color.RED:
            x = x + 1
        if opt is not None:
            x = x + opt
        with torch.no_grad():
            y = x.masked_fill(x > 0, float("-inf"))
        fut = torch.jit.fork(torch.relu, x)
        z = torch.jit.wait(fut)
        a: Any = z
        if isinstance(a, torch.Tensor):
            z = z + 1
        d = {k: v for k, v in [("a", 1)]}
        s = "{} and {}".format(cnt.count, len(d))
        w = [i for i in range(3)]
        return Point(self.doubler(x) + y + z, len(s) + len(w) + self.const)


class Hooked(torch.nn.Module):
    """Forward hooks, Sequential (`__annotations__["0"]`), __getstate__/__setstate__."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.ones(2))
        self.seq = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2))
        self.names = ["a", "b"]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.seq(x) * self.w

    @torch.jit.export
    def __getstate__(self) -> Tuple[List[str], bool]:
        return (self.names, self.training)

    @torch.jit.export
    def __setstate__(self, state: Tuple[List[str], bool]) -> None:
        self.names = state[0]
        self.training = state[1]


def pre_hook(module, inputs: Tuple[torch.Tensor]) -> Tuple[torch.Tensor]:
    return (inputs[0] + 1,)


def post_hook(module, inputs: Tuple[torch.Tensor], output: torch.Tensor) -> torch.Tensor:
    return output * 2


def traced_function(x, y):
    z = x.view(-1)[1:3] + y.sum(dim=0, keepdim=True)
    return z.clamp(min=0.5), x.shape[0]


class Attention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q = torch.nn.Linear(8, 8)
        self.k = torch.nn.Linear(8, 8)
        self.norm = torch.nn.LayerNorm(8, eps=1e-12)

    def forward(self, x, mask):
        scores = torch.matmul(self.q(x), self.k(x).transpose(-1, -2)) / 8 ** 0.5
        scores = scores + (1.0 - mask[:, None, None, :]) * -10000.0
        return self.norm(torch.nn.functional.gelu(torch.softmax(scores, -1) @ x) + x)


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.ModuleList([Attention(), Attention()])

    def forward(self, x, mask):
        for layer in self.layer:
            x = layer(x, mask)
        return x, x[:, 0]


def save_generated(out_dir, manifest):
    with tempfile.TemporaryDirectory() as tmp:
        def save(label, module):
            path = os.path.join(tmp, label + ".pt")
            torch.jit.save(module, path)
            copy_code(path, "gen_" + label, out_dir, manifest)

        save("control", torch.jit.script(Control()))
        x = torch.randn(2, 4, 8)
        mask = torch.ones(2, 4)
        save("bert_like", torch.jit.trace(Encoder(), (x, mask)))
        save("scripted_bert_like", torch.jit.script(Encoder()))
        save("features", torch.jit.script(Features()))
        hooked = Hooked()
        hooked.register_forward_pre_hook(pre_hook)
        hooked.register_forward_hook(post_hook)
        save("hooked", torch.jit.script(hooked))
        save("traced_function",
             torch.jit.trace(traced_function, (torch.randn(4, 2), torch.randn(3, 2))))


def main():
    out_dir = os.path.join(sys.argv[1], "script")
    os.makedirs(out_dir, exist_ok=True)
    manifest = []
    shared = os.environ.get("TSRT_SHARED") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared")
    real = os.path.join(shared, "testdata", "real")
    for root, _, files in sorted(os.walk(real)):
        for name in sorted(files):
            if not name.endswith(".pt"):
                continue
            path = os.path.join(root, name)
            label = os.path.relpath(path, real).replace("/", "_")[:-3]
            try:
                copy_code(path, label, out_dir, manifest)
            except zipfile.BadZipFile:
                pass  # not a zip: nothing to parse
    # The model corpus tools/make_testdata.sh writes before this script (when present).
    corpus = os.path.join(sys.argv[1], "corpus")
    if os.path.isdir(corpus):
        for name in sorted(os.listdir(corpus)):
            if name.endswith(".pt"):
                copy_code(os.path.join(corpus, name), "corpus_" + name[:-3], out_dir, manifest)
    save_generated(out_dir, manifest)
    with open(os.path.join(out_dir, "MANIFEST"), "w") as f:
        f.write("".join(line + "\n" for line in sorted(manifest)))


if __name__ == "__main__":
    main()
