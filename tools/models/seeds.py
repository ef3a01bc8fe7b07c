"""The TorchScript tutorial's examples (seeds): MyCell, MyDecisionGate, MyModule, scripted code
calling traced code and back, and MyRNNLoop."""

import torch


class MyCell(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x, h):
        new_h = torch.tanh(self.linear(x) + h)
        return new_h, new_h


class MyDecisionGate(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        else:
            return -x


class MyGatedCell(torch.nn.Module):
    """The tutorial's MyCell with a scripted gate: tracing keeps the gate's `if`."""

    def __init__(self, gate):
        super().__init__()
        self.dg = gate
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x, h):
        new_h = torch.tanh(self.dg(self.linear(x)) + h)
        return new_h, new_h


class MyModule(torch.nn.Module):
    def __init__(self, n, m):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.rand(n, m))

    def forward(self, input):
        if input.sum() > 0:
            output = self.weight.mv(input)
        else:
            output = self.weight + input
        return output


class MyRNNLoop(torch.nn.Module):
    """Scripted loop around a traced cell (which itself holds a scripted gate)."""

    def __init__(self):
        super().__init__()
        gate = torch.jit.script(MyDecisionGate())
        self.cell = torch.jit.trace(MyGatedCell(gate), (torch.rand(3, 4), torch.rand(3, 4)))

    def forward(self, xs):
        h, y = torch.zeros(3, 4), torch.zeros(3, 4)
        for i in range(xs.size(0)):
            y, h = self.cell(xs[i], h)
        return y, h


class WrapRNN(torch.nn.Module):
    """Traced module calling the scripted loop: the loop survives tracing."""

    def __init__(self):
        super().__init__()
        self.loop = torch.jit.script(MyRNNLoop())

    def forward(self, xs):
        y, h = self.loop(xs)
        return torch.relu(y)


def _foo_traced(x, y):
    return 2 * x + y


def add_to_corpus(corpus):
    torch.manual_seed(1)
    x, h = torch.rand(3, 4), torch.rand(3, 4)
    corpus.add_model("seed_my_cell_traced", torch.jit.trace(MyCell(), (x, h)), "traced", [x, h],
                     "tutorial MyCell: linear + tanh, returns (new_h, new_h)")

    gate_file = corpus.save_model("seed_decision_gate_scripted", torch.jit.script(MyDecisionGate()))
    corpus.add("seed_decision_gate_pos", gate_file, "scripted", [torch.rand(3, 4) + 0.1],
               "scripted MyDecisionGate, `if x.sum() > 0` taken")
    corpus.add("seed_decision_gate_neg", gate_file, "scripted", [-torch.rand(3, 4) - 0.1],
               "scripted MyDecisionGate, else branch (-x)")

    module_file = corpus.save_model("seed_my_module_scripted", torch.jit.script(MyModule(10, 20)))
    corpus.add("seed_my_module_mv", module_file, "scripted", [torch.rand(20)],
               "tutorial MyModule: weight.mv(input) branch")
    corpus.add("seed_my_module_add", module_file, "scripted", [-torch.rand(20)],
               "tutorial MyModule: weight + input branch (broadcast)")

    gate = torch.jit.script(MyDecisionGate())
    gated = torch.jit.trace(MyGatedCell(gate), (torch.rand(3, 4), torch.rand(3, 4)))
    corpus.add_model("seed_gated_cell_mixed", gated, "mixed", [torch.rand(3, 4) - 0.5, torch.rand(3, 4)],
                     "traced MyCell calling a scripted MyDecisionGate submodule")

    traced_foo = torch.jit.trace(_foo_traced, (torch.rand(3), torch.rand(3)))

    @torch.jit.script
    def bar(x):
        return traced_foo(x, x)

    corpus.add_model("seed_script_fn_calls_traced_fn", bar, "mixed", [torch.rand(3)],
                     "scripted function calling a traced function, saved as a function")

    @torch.jit.script
    def foo(x, y):
        if x.max() > y.max():
            r = x
        else:
            r = y
        return r

    def bar2(x, y, z):
        return foo(x, y) + z

    example = (torch.rand(3), torch.rand(3), torch.rand(3))
    traced_bar = torch.jit.trace(bar2, example)
    bar_file = corpus.save_model("seed_traced_fn_calls_script_fn", traced_bar)
    a, b, c = torch.rand(3), torch.rand(3), torch.rand(3)
    corpus.add("seed_traced_fn_calls_script_fn_x", bar_file, "mixed", [a + 1.0, b, c],
               "traced function calling scripted foo: x.max() > y.max() branch")
    corpus.add("seed_traced_fn_calls_script_fn_y", bar_file, "mixed", [a, b + 1.0, c],
               "traced function calling scripted foo: else branch (same file)")

    rnn_loop = torch.jit.script(MyRNNLoop())
    corpus.add_model("seed_rnn_loop_scripted", rnn_loop, "mixed", [torch.rand(5, 3, 4) - 0.3],
                     "MyRNNLoop: scripted `for i in range(xs.size(0))` around a traced cell with a scripted gate")

    wrapped = torch.jit.trace(WrapRNN(), (torch.rand(10, 3, 4),))
    wrap_file = corpus.save_model("seed_wrap_rnn_traced", wrapped)
    corpus.add("seed_wrap_rnn_traced", wrap_file, "mixed", [torch.rand(10, 3, 4) - 0.3],
               "traced WrapRNN calling the scripted loop, run at the traced length 10")
    corpus.add("seed_wrap_rnn_traced_len6", wrap_file, "mixed", [torch.rand(6, 3, 4) - 0.3],
               "traced WrapRNN at length 6: the scripted loop kept its trip count dynamic")
