"""Scripted modules exercising every kind of TorchScript control flow and value the interpreter
must handle: loops, break/continue, early return, Optional, containers, strings, scalars and
module attributes."""

from typing import Dict, List, Optional, Tuple

import torch

from corpus import ListArg, TupleArg


class ForRange(torch.nn.Module):
    def forward(self, x: torch.Tensor, n: int) -> torch.Tensor:
        acc = torch.zeros_like(x)
        for i in range(n):
            acc = acc + x * i
        for i in range(2, 8, 3):  # start/stop/step form
            acc = acc - i
        return acc


class ForList(torch.nn.Module):
    def forward(self, xs: List[torch.Tensor], scale: float) -> Tuple[torch.Tensor, int]:
        total = torch.zeros_like(xs[0])
        for x in xs:
            total = total + x * scale
        count = 0
        for k in [3, 1, 4, 1, 5]:
            count += k
        for i, x in enumerate(xs):
            total = total + i * x.sum()
        return total, count


class WhileBreakContinue(torch.nn.Module):
    def forward(self, x: torch.Tensor, limit: int) -> Tuple[torch.Tensor, int, int]:
        i = 0
        skipped = 0
        y = x.clone()
        while True:
            i += 1
            if i % 3 == 0:
                skipped += 1
                continue
            if i > limit:
                break
            y = y * 0.5 + i
        steps = 0
        while y.abs().max() > 1.0 and steps < 100:
            y = y / 2
            steps += 1
        return y, skipped, steps


class EarlyReturn(torch.nn.Module):
    def forward(self, x: torch.Tensor, mode: int) -> torch.Tensor:
        if mode == 0:
            return x.relu()
        for i in range(mode):
            if x.sum() > 100.0 * i:
                return x * float(i)
        if mode > 5:
            return -x
        return x + 1


class OptionalArgs(torch.nn.Module):
    def forward(self, x: torch.Tensor, bias: Optional[torch.Tensor], k: Optional[int]) -> torch.Tensor:
        y = x * 2
        if bias is not None:
            y = y + bias
        repeat = 1 if k is None else k
        for _ in range(repeat):
            y = y.tanh()
        b = bias if bias is not None else torch.ones_like(x)
        return y + b.mean()


class Containers(torch.nn.Module):
    def forward(self, x: torch.Tensor, pair: Tuple[torch.Tensor, torch.Tensor]) -> Tuple[List[torch.Tensor], int, List[int], torch.Tensor]:
        parts: List[torch.Tensor] = []
        for i in range(3):
            parts.append(x * i)
        parts.insert(0, pair[0])
        popped = parts.pop()
        a, b = pair
        table: Dict[str, torch.Tensor] = {"a": a, "b": b}
        table["c"] = a * b
        keys = list(table.keys())
        total = torch.zeros_like(a)
        for key, value in table.items():
            if key != "b":
                total = total + value
        fallback = table.get("missing", popped)
        counts: Dict[int, int] = {}
        for n in [1, 2, 2, 3, 3, 3]:
            counts[n] = counts.get(n, 0) + 1
        sizes = [len(parts), len(keys), counts[3], len(counts)]
        sizes.sort()
        nested = [[1, 2], [3]]
        return parts[1:] + [total, fallback, parts[-1]], len(nested[0]) + nested[1][0], sizes, torch.stack(parts).sum(0)


class Strings(torch.nn.Module):
    def forward(self, x: torch.Tensor, name: str, n: int) -> Tuple[int, bool, torch.Tensor, int]:
        label = f"{name}-{n}"
        described = "{} has {} items".format(name, n)
        joined = label + ":" + described
        words = described.split(" ")
        same = label.startswith(name) and name in joined and name.upper() != name
        scale = float(len(joined)) + float(len(words))
        piece = joined[0:3]
        return len(joined), same, x * scale, len(piece) + ord(piece[0])


class ScalarBranches(torch.nn.Module):
    def forward(self, x: torch.Tensor, n: int, f: float, flag: bool) -> Tuple[torch.Tensor, float, int, bool]:
        if flag and n > 2:
            y = x * n
        elif f < 0.5 or not flag:
            y = x + f
        else:
            y = x - 1
        g = f * 2.0 if n % 2 == 0 else f / 3.0
        m = n // 2 + n % 3 - int(f) if n != 0 else -1
        positive = bool(x.sum() > 0) != flag
        return y, g, m, positive


class ModuleAttributes(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.repeats: int = 3
        self.gain: float = 0.25
        self.offsets: List[int] = [1, -2, 3]
        self.enabled: bool = True
        self.register_buffer("shift", torch.arange(4, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, int]:
        y = x
        for _ in range(self.repeats):
            y = y * self.gain + self.shift
        for o in self.offsets:
            y = y + o
        if self.enabled:
            y = -y
        return y, len(self.offsets) + self.repeats


class ForkWait(torch.nn.Module):
    """torch.jit.fork / wait: printed as a nested closure and fork(closure)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        fut = torch.jit.fork(torch.relu, x * 2)
        y = torch.tanh(x)
        return torch.jit.wait(fut) + y


def add_to_corpus(corpus):
    torch.manual_seed(2)

    def script_file(stem, module):
        return corpus.save_model(stem, torch.jit.script(module))

    f = script_file("cf_for_range", ForRange())
    corpus.add("cf_for_range", f, "scripted", [torch.rand(2, 3), 4], "for over range(n), range(a, b, step)")

    f = script_file("cf_for_list", ForList())
    corpus.add("cf_for_list", f, "scripted", [ListArg(torch.rand(2, 2), torch.rand(2, 2), torch.rand(2, 2)), 0.5],
               "for over a List[Tensor] argument, a list literal, enumerate; returns (Tensor, int)")

    f = script_file("cf_while_break_continue", WhileBreakContinue())
    corpus.add("cf_while_break_continue", f, "scripted", [torch.randn(3, 3) * 10, 7],
               "while True with continue/break, while on a tensor condition")

    f = script_file("cf_early_return", EarlyReturn())
    x = torch.randn(4)
    corpus.add("cf_early_return_mode0", f, "scripted", [x, 0], "early return at the first if")
    corpus.add("cf_early_return_loop", f, "scripted", [x.abs() + 1, 3], "return from inside a for loop")
    corpus.add("cf_early_return_fallthrough", f, "scripted", [-x.abs() - 1, 7], "loop finishes, later return")

    f = script_file("cf_optional_args", OptionalArgs())
    x = torch.rand(2, 3)
    corpus.add("cf_optional_none", f, "scripted", [x, None, None], "Optional[Tensor]/Optional[int] given None")
    corpus.add("cf_optional_values", f, "scripted", [x, torch.rand(2, 3), 3], "Optional[Tensor]/Optional[int] given values")

    f = script_file("cf_containers", Containers())
    corpus.add("cf_containers", f, "scripted", [torch.rand(2), TupleArg(torch.rand(2), torch.rand(2))],
               "List append/insert/pop/slice/concat/sort, Tuple unpack, Dict set/get/keys/items, nested lists")

    f = script_file("cf_strings", Strings())
    corpus.add("cf_strings", f, "scripted", [torch.rand(3), "tsrt", 12],
               "f-string, str.format, concatenation, split, startswith, in, upper, slicing, ord, len")

    f = script_file("cf_scalar_branches", ScalarBranches())
    x = torch.rand(3)
    corpus.add("cf_scalar_branches_a", f, "scripted", [x, 4, 0.75, True], "int/float/bool branching: first branch")
    corpus.add("cf_scalar_branches_b", f, "scripted", [x, 3, 0.25, False], "int/float/bool branching: elif branch")
    corpus.add("cf_scalar_branches_c", f, "scripted", [x, 1, 2.5, True], "int/float/bool branching: else branch")

    f = script_file("cf_module_attributes", ModuleAttributes())
    corpus.add("cf_module_attributes", f, "scripted", [torch.rand(4)],
               "module attributes read at run time: int, float, List[int], bool, buffer")

    f = script_file("cf_fork_wait", ForkWait())
    corpus.add("cf_fork_wait", f, "scripted", [torch.randn(3, 4)], "torch.jit.fork/wait (a nested closure)")
