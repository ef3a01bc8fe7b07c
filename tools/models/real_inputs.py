"""Golden inputs and stock-PyTorch outputs for the real-world `.pt` files other projects wrote
(shared/testdata/real, provenance in SOURCES.tsv), for tests/golden/real_files_test.cc.

Writes into --out:
  manifest.json  entries in the corpus manifest format (tools/models/corpus.py), except that
                 `file` is relative to shared/testdata/real and inputs/outputs to --out;
  refused.json   files tsrt must refuse, each with a substring its error must contain;
  *.npy          the inputs and the flattened outputs.

Input SPECs are those of frontends/npy/value_io.h, plus three forms for arguments that grammar
cannot express (the test parses them; tools/tsrt does not yet):
  tuple:/list: items may be any scalar SPEC too  e.g. tuple:float:1.5,float:2.25,int:3
  dict:KEY=a.npy,KEY=b.npy                       a Dict[str, Tensor]
  call:METHOD:SPEC;SPEC                          what the model's own METHOD returns for those
                                                 SPECs (objects of the model's classes)

Every entry is run on a freshly loaded module (some methods, e.g. mlverse `train`, mutate it),
after seeding torch's generator with its start-up default seed, so the golden is what a freshly
started libtorch process computes.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import flatten_outputs  # noqa: E402

# torch's CPU generator seed at process start (c10::detail::default_rng_seed_val).
DEFAULT_SEED = 67280421310721


class Call:
    """An argument made by calling another method of the same model (e.g. a class instance)."""

    def __init__(self, method, *args):
        self.method = method
        self.args = list(args)


def ints(*shape, high, low=0, seed=0):
    return torch.randint(low, high, shape, generator=torch.Generator().manual_seed(seed), dtype=torch.int64)


def floats(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def attention_mask(lengths, width):
    return torch.tensor([[1] * n + [0] * (width - n) for n in lengths], dtype=torch.int64)


def deepar_inputs(batch, seed):
    """gluonts DeepAR as DJL exports it: context 161 steps, prediction 4, 3 time features."""
    context, horizon = 161, 4
    g = torch.Generator().manual_seed(seed)
    target = torch.poisson(torch.full((batch, context), 5.0), generator=g)
    return [torch.zeros(batch, 1, dtype=torch.int64), torch.rand(batch, 1, generator=g),
            torch.rand(batch, context, 3, generator=g), target, torch.ones(batch, context),
            torch.rand(batch, horizon, 3, generator=g)]


# file -> [(entry name, method, inputs, description)]; a candidate without a golden stops the
# script unless UNRETURNABLE says why it has none.
CANDIDATES = {
    "tch-rs/foo.pt": [
        ("tchrs_foo", "forward", [floats(3, 4), floats(3, 4, seed=1)], "2*x + y + self.value"),
        ("tchrs_foo_broadcast", "forward", [floats(2, 1, 3), floats(4, 1, seed=1)], "broadcasting x and y"),
    ],
    "tch-rs/foo1.pt": [("tchrs_foo1", "forward", [floats(5), floats(5, seed=1)], "2*x + y")],
    "tch-rs/foo2.pt": [("tchrs_foo2", "forward", [floats(2, 3), floats(2, 3, seed=1)], "tuple (2*x + y, x - y)")],
    "tch-rs/foo3.pt": [
        ("tchrs_foo3", "forward", [floats(4, 3)], "product of the rows of x in a scripted loop"),
        ("tchrs_foo3_one_row", "forward", [floats(1, 5)], "a single row: the loop body never multiplies"),
    ],
    "tch-rs/foo4.pt": [("tchrs_foo4", "forward", [(1.5, 2.25, 3)], "Tuple[float, float, int] -> float")],
    "tch-rs/foo5.pt": [("tchrs_foo5", "forward", [["hello", "torch"]], "List[str] -> List[str]")],
    "tch-rs/foo6.pt": [("tchrs_foo6", "forward", [floats(2, 2)], "returns a TorchScriptClass object")],
    "tch-rs/foo7.pt": [
        ("tchrs_foo7_make_input_object", "make_input_object", [floats(3), floats(3, seed=1)],
         "returns an InputObject"),
        ("tchrs_foo7_add_them", "add_them", [Call("make_input_object", floats(3), floats(3, seed=1))],
         "data.foo + data.bar of an InputObject made by make_input_object"),
    ],
    "tch-rs/foo8.pt": [("tchrs_foo8_generate", "generate", [{"foo": floats(2, 2), "bar": ints(3, high=9)}],
                        "Dict[str, Tensor] -> (batch['foo'], batch['bar'])")],
    "torchsharp/exported.method.pt": [
        ("torchsharp_exported_forward", "forward", [floats(10), floats(10, seed=1)], "(x + y, x - y)"),
        ("torchsharp_exported_add_scalar", "add_scalar", [floats(10), 3], "x + int"),
        ("torchsharp_exported_predict", "predict", [floats(10)], "x + self.p"),
    ],
    "torchsharp/func.script.pt": [("torchsharp_func", "forward", [floats(4, 4), floats(4, 4, seed=1)], "x + y")],
    "torchsharp/linrelu.script.pt": [
        ("torchsharp_linrelu", "forward", [floats(3, 10)], "Sequential(Linear(10, 6), ReLU)"),
    ],
    "torchsharp/list_out.pt": [("torchsharp_list_out", "forward", [floats(3), floats(3, seed=1)], "[x + y, x - y]")],
    "torchsharp/tuple_out.pt": [("torchsharp_tuple_out", "forward", [floats(3), floats(3, seed=1)], "(x + y, x - y)")],
    "torchsharp/scripted.script.pt": [
        ("torchsharp_scripted", "forward", [floats(6)], "weight.mv(input) then Linear(2, 6)"),
    ],
    "elastic/e5_with_norm.pt": [
        ("elastic_e5_with_norm", "forward", [ints(2, 7, high=100), attention_mask([7, 4], 7)],
         "tiny E5 encoder: attention with padding mask, mean pooling, L2 norm"),
        ("elastic_e5_with_norm_single", "forward", [ints(1, 5, high=100, seed=3), attention_mask([5], 5)],
         "one unpadded sequence"),
    ],
    "elastic/supersimple_pytorch_model_it.pt": [
        ("elastic_supersimple", "forward", [ints(2, 6, high=100), attention_mask([6, 3], 6),
                                            torch.zeros(2, 6, dtype=torch.int64), ints(2, 6, high=6, seed=1)],
         "ones([batch, 2]) whatever the inputs"),
    ],
    "elastic/tiny_text_embedding.pt": [
        ("elastic_tiny_text_embedding", "forward", [torch.tensor([[101, 2023, 2003, 102]])],
         "manual_seed(hash(str(input_ids))) then rand([1, 100])"),
    ],
    "elastic/tiny_text_expansion.pt": [
        ("elastic_tiny_text_expansion", "forward", [torch.tensor([[3, 7, 1, 7, 12]])],
         "one-hot weights of the token ids (index_put_ in a loop)"),
        ("elastic_tiny_text_expansion_1d", "forward", [torch.tensor([4, 0, 9])], "1-d ids"),
    ],
    "misc/cb_traced_model.pt": [("misc_cb_traced", "forward", [floats(4, 10)], "traced Linear(10, 1)")],
    "misc/cb_scripted_model.pt": [("misc_cb_scripted", "forward", [floats(4, 10)], "scripted Linear(10, 1)")],
    "misc/djl_identity.pt": [("misc_djl_identity", "forward", [ints(2, 8, high=1000)], "returns its input")],
    "misc/djl_deepar.pt": [
        ("misc_djl_deepar", "forward", deepar_inputs(1, 0),
         "gluonts DeepAR: 2-layer LSTM, 100 negative-binomial sample paths (gamma + poisson) of 4 steps"),
    ],
    "misc/mlverse_linear.pt": [
        ("mlverse_linear_forward", "forward", [floats(3, 10)], "R torch nn_linear: branches on self.training"),
        ("mlverse_linear_evalforward", "evalforward", [floats(3, 10)], "linear"),
        ("mlverse_linear_trainforward", "trainforward", [floats(2, 10, seed=2)], "linear"),
        ("mlverse_linear_is_training", "is_training", [], "[self.training]"),
        ("mlverse_linear_train_default", "train", [None], "train(None) sets training and returns [True]"),
        ("mlverse_linear_train_false", "train", [[False]], "train([False])"),
        ("mlverse_linear_eval", "eval", [], "eval() returns [False]"),
    ],
    "demoapps/ios_mobilenet_quantized.pt": [
        ("demoapps_ios_mobilenet_quantized", "forward", [floats(1, 3, 224, 224)], "quantized MobileNetV2"),
    ],
}

# Files tsrt refuses by design (whatever stock torch does with them), with the error substring.
REFUSED_BY_DESIGN = {
    "elastic/malicious/malicious_file_reader.pt": "refused: the model calls aten::from_file",
    "elastic/malicious/malicious_reinterpret_tensor_oob_read.pt":
        "refused: the model calls inductor::_reinterpret_tensor",
    "demoapps/ios_mobilenet_quantized.pt": "custom class __torch__.torch.classes.quantized",
}

# Entries whose outputs are drawn from a random number generator (torch's stream cannot be
# reproduced): compared by dtype and shape only, never by value.
RANDOM_OUTPUTS = {
    "elastic_tiny_text_embedding": "manual_seed(hash(str(input_ids))) then rand",
    "misc_djl_deepar": "negative-binomial sample paths (gamma + poisson draws)",
}

# Entries stock torch's Python binding cannot return (objects of the model's own classes), so
# no golden exists; any other entry that fails to produce a golden stops this script.
UNRETURNABLE = {
    "tchrs_foo6": "returns an object of the model's class",
    "tchrs_foo7_make_input_object": "returns an object of the model's class",
}


def save(out_dir, name, array):
    np.save(os.path.join(out_dir, name), np.asarray(array, order="C"))
    return name


def scalar_spec(value):
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool:" + ("true" if value else "false")
    if isinstance(value, int):
        return f"int:{value}"
    if isinstance(value, float):
        return f"float:{value!r}"
    if isinstance(value, str):
        if any(c in value for c in ",;="):
            raise TypeError(f"string {value!r} cannot be written as an item SPEC")
        return "str:" + value
    return None


def to_spec(out_dir, stem, arg):
    """Returns the SPEC for one argument, saving tensors as .npy files."""
    if isinstance(arg, torch.Tensor):
        return save(out_dir, stem + ".npy", arg.numpy())
    simple = scalar_spec(arg)
    if simple is not None:
        return simple
    if isinstance(arg, (tuple, list)):
        items = [to_spec(out_dir, f"{stem}_{i}", item) for i, item in enumerate(arg)]
        if not items or any(s.startswith(("tuple:", "list:", "dict:", "call:")) for s in items):
            raise TypeError(f"{stem}: nested or empty sequences have no SPEC")
        return ("tuple:" if isinstance(arg, tuple) else "list:") + ",".join(items)
    if isinstance(arg, dict):
        items = []
        for key, value in arg.items():
            if not isinstance(key, str) or not isinstance(value, torch.Tensor):
                raise TypeError(f"{stem}: only Dict[str, Tensor] has a SPEC")
            items.append(f"{key}=" + save(out_dir, f"{stem}_{key}.npy", value.numpy()))
        return "dict:" + ",".join(items)
    if isinstance(arg, Call):
        specs = [to_spec(out_dir, f"{stem}_{i}", a) for i, a in enumerate(arg.args)]
        return f"call:{arg.method}:" + ";".join(specs)
    raise TypeError(f"{stem}: no SPEC for a {type(arg).__name__}")


class AddThemOfMadeObject(torch.nn.Module):
    """tch-rs foo7: add_them(make_input_object(foo, bar)) inside TorchScript, because torch's
    Python binding cannot hand an object of a loaded model's class back to Python."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, foo: torch.Tensor, bar: torch.Tensor) -> torch.Tensor:
        return self.model.add_them(self.model.make_input_object(foo, bar))


# (method, Call.method) -> scripted wrapper evaluating method(Call.method(*Call.args)).
CALL_WRAPPERS = {("add_them", "make_input_object"): AddThemOfMadeObject}


def first_line(error):
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


def run_entry(path, method, args):
    module = torch.jit.load(path)
    torch.manual_seed(DEFAULT_SEED)
    with torch.no_grad():
        if len(args) == 1 and isinstance(args[0], Call):
            wrapper = torch.jit.script(CALL_WRAPPERS[(method, args[0].method)](module))
            return wrapper(*args[0].args)
        return module._c._get_method(method)(*args)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", required=True, help="the shared folder holding testdata/real")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    real_dir = os.path.join(args.shared, "testdata", "real")
    os.makedirs(args.out, exist_ok=True)
    for stale in os.listdir(args.out):
        if stale.endswith(".npy"):
            os.remove(os.path.join(args.out, stale))

    files = sorted(os.path.relpath(os.path.join(d, f), real_dir)
                   for d, _, names in os.walk(real_dir) for f in names if f.endswith(".pt"))
    unknown = [f for f in files if f not in CANDIDATES and f not in REFUSED_BY_DESIGN]
    if unknown:
        sys.exit(f"real_inputs.py: no candidate inputs for {', '.join(unknown)}: add them to CANDIDATES")

    entries, refused, dropped = [], [], []
    for file in files:
        path = os.path.join(real_dir, file)
        if file in REFUSED_BY_DESIGN:
            refused.append({"file": file, "error": REFUSED_BY_DESIGN[file]})
            continue
        try:
            torch.jit.load(path)
        except Exception as e:
            # A refusal is checked against the reason tsrt gives, which must be stated here.
            sys.exit(f"real_inputs.py: stock torch cannot load {file} ({first_line(e)}): add it to "
                     "REFUSED_BY_DESIGN with the error substring tsrt must give")
        for name, method, inputs, description in CANDIDATES[file]:
            try:
                arrays = flatten_outputs(run_entry(path, method, inputs))
            except Exception as e:
                if name not in UNRETURNABLE:
                    sys.exit(f"real_inputs.py: no golden for {file} {method} ({name}): {first_line(e)}")
                dropped.append(f"{file} {method} ({name}): {UNRETURNABLE[name]}")
                continue
            if name in UNRETURNABLE:
                sys.exit(f"real_inputs.py: {name} now has a golden: remove it from UNRETURNABLE")
            specs = [to_spec(args.out, f"{name}.in{i}", arg) for i, arg in enumerate(inputs)]
            outputs = [save(args.out, f"{name}.out{i}.npy", a) for i, a in enumerate(arrays)]
            entries.append({"name": name, "file": file, "kind": "real", "method": method,
                            "inputs": specs, "outputs": outputs, "description": description,
                            "compare": "dtype_and_shape" if name in RANDOM_OUTPUTS else "values"})

    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(entries, f, indent=1)
    with open(os.path.join(args.out, "refused.json"), "w") as f:
        json.dump(refused, f, indent=1)
    print(f"real_inputs.py: {len(entries)} entries, {len(refused)} refused files -> {args.out}")
    for line in dropped:
        print("  no golden (UNRETURNABLE):", line)


if __name__ == "__main__":
    main()
