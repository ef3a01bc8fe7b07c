"""The tsrt Python package: corpus goldens, zero-copy, threads, errors and result types.

Needs TSRT_TESTDATA (tools/make_testdata.sh's output); torch is used only to script small test
models, never by tsrt itself.
"""

import json
import os
import subprocess
import threading
import time
from typing import Dict, List

import numpy as np
import pytest

import tsrt

TESTDATA = os.environ.get("TSRT_TESTDATA", "")
CORPUS = os.path.join(TESTDATA, "corpus")


def read_manifest():
    path = os.path.join(CORPUS, "manifest.json")
    # A missing manifest is a broken setup, not an empty corpus: fail, never skip.
    assert os.path.isfile(path), f"no corpus manifest at {path}: run tools/make_testdata.sh"
    with open(path) as f:
        return json.load(f)


def parse_item(text, prefix=None):
    """One SPEC item (frontends/npy/spec.h's grammar) as the Python value a user would pass."""
    if text.endswith(".npy") and ":" not in text:
        return np.load(os.path.join(CORPUS, text))
    kind, _, rest = text.partition(":") if ":" in text else (prefix, "", text)
    if kind == "int":
        return int(rest)
    if kind == "float":
        return float(rest)
    if kind == "bool":
        assert rest in ("true", "false"), text
        return rest == "true"
    raise AssertionError(f"unknown spec item {text!r}")


def parse_spec(spec):
    if spec == "none":
        return None
    if spec.startswith("str:"):
        return spec[len("str:"):]
    for kind, make in (("tuple:", tuple), ("list:", list)):
        if spec.startswith(kind):
            body = spec[len(kind):]
            if not body:
                return make()
            items, prefix = [], None
            for text in body.split(","):
                if ":" in text:
                    prefix = text.partition(":")[0]
                items.append(parse_item(text, prefix))
            return make(items)
    return parse_item(spec)


def flatten(result, out):
    """The CLI's output order: tuples and lists in order, dict values, None skipped."""
    if result is None:
        return out
    if isinstance(result, (tuple, list)):
        for item in result:
            flatten(item, out)
    elif isinstance(result, dict):
        for item in result.values():
            flatten(item, out)
    elif isinstance(result, str):
        out.append(np.array(result))
    elif isinstance(result, bool):
        out.append(np.array(result, dtype=np.bool_))
    elif isinstance(result, int):
        out.append(np.array(result, dtype=np.int64))
    elif isinstance(result, float):
        out.append(np.array(result, dtype=np.float64))
    else:
        assert isinstance(result, np.ndarray), type(result)
        out.append(result)
    return out


MANIFEST = read_manifest() if os.path.isfile(os.path.join(CORPUS, "manifest.json")) else None


def test_manifest_present():
    assert read_manifest(), "the corpus manifest lists no models"


@pytest.mark.parametrize("case", MANIFEST or [], ids=[c["name"] for c in MANIFEST or []])
def test_corpus_model_matches_golden(case):
    m = tsrt.load(os.path.join(CORPUS, case["file"]))
    inputs = [parse_spec(s) for s in case["inputs"]]
    result = m.call(case.get("method", "forward"), *inputs)
    got = flatten(result, [])
    assert len(got) == len(case["outputs"]), f"{len(got)} outputs, expected {len(case['outputs'])}"
    for i, name in enumerate(case["outputs"]):
        expected = np.load(os.path.join(CORPUS, name))
        actual = np.asarray(got[i])
        assert actual.shape == expected.shape, f"output {i}: shape {actual.shape} != {expected.shape}"
        if expected.dtype.kind == "f":
            np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-5, err_msg=f"output {i}")
        else:
            assert actual.dtype == expected.dtype, f"output {i}: dtype {actual.dtype} != {expected.dtype}"
            np.testing.assert_array_equal(actual, expected, err_msg=f"output {i}")


def test_version_is_the_cli_version():
    cli = os.environ.get("TSRT_CLI")
    assert cli, "TSRT_CLI (the tsrt binary) is not set"
    out = subprocess.run([cli, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    assert out == "tsrt " + tsrt.__version__


# Small TorchScript models made by stock torch for the result-type and zero-copy checks.
@pytest.fixture(scope="module")
def scripted(tmp_path_factory):
    import torch  # the tests' reference only; tsrt never imports it

    class Results(torch.nn.Module):
        def forward(self, x: torch.Tensor, name: str, scale: float):
            d: Dict[str, torch.Tensor] = {"double": x * 2.0, "plus": x + scale}
            return d, name + "!", None, len(name), scale > 1.0

        @torch.jit.export
        def identity(self, x: torch.Tensor):
            return x

        @torch.jit.export
        def spin(self, x: torch.Tensor, n: int):
            for _ in range(n):
                x = x * 1.0001
            return x

        @torch.jit.export
        def total(self, xs: List[float], weights: Dict[str, float]) -> float:
            s = 0.0
            for v in xs:
                s += v
            return s * weights["w"]

    path = str(tmp_path_factory.mktemp("models") / "results.pt")
    torch.jit.save(torch.jit.script(Results()), path)
    return path


def test_dict_str_none_and_numbers(scripted):
    m = tsrt.load(scripted)
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    d, s, none, n, flag = m(x, "abc", 1.5)
    assert list(d.keys()) == ["double", "plus"]
    np.testing.assert_array_equal(d["double"], x * 2)
    np.testing.assert_array_equal(d["plus"], x + 1.5)
    assert s == "abc!" and none is None and n == 3 and flag is True
    assert sorted(m.methods()) == ["forward", "identity", "spin", "total"]
    assert m.call("total", [1, 2.5, 3], {"w": 2.0}) == pytest.approx(13.0)
    assert "forward" in m.info()


def test_torch_tensors_and_numpy_scalars(scripted):
    import torch

    m = tsrt.load(scripted)
    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    d, s, _, n, flag = m(t, "xy", np.float64(0.5))
    np.testing.assert_array_equal(d["plus"], t.numpy() + 0.5)
    assert (s, n, flag) == ("xy!", 2, False)
    y = m.call("identity", t)
    assert np.shares_memory(y, t.numpy()), "a torch tensor was copied"
    assert m.call("total", [np.int64(2), 1.0], {"w": np.float32(0.5)}) == pytest.approx(1.5)


def test_zero_copy_large_input(scripted):
    m = tsrt.load(scripted)
    x = np.random.default_rng(0).standard_normal((4096, 4096)).astype(np.float32)  # 64 MiB
    y = m.call("identity", x)
    assert np.shares_memory(x, y), "the input was copied"
    del x
    assert y.shape == (4096, 4096)  # y keeps the buffer alive
    # A layout tsrt cannot borrow (non-contiguous) is copied once, with the same values.
    z = np.arange(24, dtype=np.float32).reshape(4, 6)[:, ::2]
    w = m.call("identity", z)
    assert not np.shares_memory(z, w)
    np.testing.assert_array_equal(w, z)


def test_result_outlives_module():
    case = read_manifest()[0]
    m = tsrt.load(os.path.join(CORPUS, case["file"]))
    out = flatten(m.call(case.get("method", "forward"), *[parse_spec(s) for s in case["inputs"]]), [])
    expected = np.load(os.path.join(CORPUS, case["outputs"][0]))
    del m
    np.testing.assert_allclose(out[0], expected, rtol=1e-4, atol=1e-5)


def test_threads_share_one_module():
    case = next(c for c in read_manifest() if c["name"].startswith("bert_tiny"))
    m = tsrt.load(os.path.join(CORPUS, case["file"]))
    rng = np.random.default_rng(1)
    base = [parse_spec(s) for s in case["inputs"]]
    inputs = [[rng.integers(0, 2 if i else 100, size=a.shape).astype(a.dtype) for i, a in enumerate(base)]
              for _ in range(8)]
    serial = [flatten(m(*args), []) for args in inputs]
    results = [[None] * len(inputs) for _ in range(4)]
    errors = []

    def worker(t):
        try:
            for _ in range(3):
                for k, args in enumerate(inputs):
                    results[t][k] = flatten(m(*args), [])
        except Exception as e:  # noqa: BLE001 -- reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    for t in range(4):
        for k in range(len(inputs)):
            for a, b in zip(results[t][k], serial[k]):
                np.testing.assert_array_equal(a, b)


def test_gil_is_released_while_a_model_runs(scripted):
    m = tsrt.load(scripted)
    x = np.ones(1 << 20, np.float32)
    ticks, done = [], threading.Event()

    def ticker():  # needs the GIL for every tick
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    th = threading.Thread(target=ticker)
    th.start()
    try:
        for _ in range(5):  # a call long enough (tens of ms) to see ticks inside it
            start = time.perf_counter()
            m.call("spin", x, 200)
            end = time.perf_counter()
            if end - start > 0.02:
                break
    finally:
        done.set()
        th.join()
    assert end - start > 0.02, "the model ran too fast to tell"
    quarter = (end - start) / 4
    inside = [t for t in ticks if start + quarter < t < end - quarter]
    assert inside, "no other Python thread ran while forward ran: the GIL was held"


def test_errors_raise_tsrt_error(scripted):
    assert issubclass(tsrt.Error, Exception)
    with pytest.raises(tsrt.Error, match="no-such-file"):
        tsrt.load("/nonexistent/no-such-file.pt")
    with pytest.raises(tsrt.Error, match="no-such-pass"):
        tsrt.load(scripted, passes="dce,no-such-pass")
    with pytest.raises(tsrt.Error, match="bf16|fp32"):
        tsrt.load(scripted, precision="fp7")
    m = tsrt.load(scripted)
    with pytest.raises(tsrt.Error) as e:
        m(np.zeros(3, np.float32))  # forward needs 3 inputs
    assert str(e.value)
    with pytest.raises(tsrt.Error, match="no_such_method"):
        m.call("no_such_method", 1)
    with pytest.raises(tsrt.Error, match="complex"):
        m.call("identity", np.zeros(2, np.complex64))


def test_graph_and_passes(scripted):
    m = tsrt.load(scripted)
    text = m.graph("forward")
    assert text.startswith("graph(") and "aten::mul" in text
    assert m.graph("forward", format="dot").startswith("digraph")
    passes = tsrt.passes.list()
    assert passes and all(isinstance(n, str) and isinstance(d, str) and d for n, d in passes)
    names = [n for n, _ in passes]
    assert "dce" in names
    default = tsrt.passes.default()
    assert default and all(p in names for p in default if "(" not in p)  # fixpoint(...) groups others
    tsrt.load(scripted, passes="dce,cse")


GELU_PATTERN = """graph(%x : Tensor, %approximate : str):
  %r : Tensor = aten::gelu(%x, %approximate)
  return (%r)"""
GELU_TO_RELU = """graph(%x : Tensor, %approximate : str):
  %r : Tensor = aten::relu(%x)
  return (%r)"""
RELU_PATTERN = """graph(%x : Tensor):
  %r : Tensor = aten::relu(%x)
  return (%r)"""


@pytest.fixture(scope="module")
def gelu_relu(tmp_path_factory):
    import torch

    class GeluRelu(torch.nn.Module):
        def forward(self, x: torch.Tensor):
            return torch.nn.functional.gelu(x) + torch.relu(x)

    path = str(tmp_path_factory.mktemp("models") / "gelu_relu.pt")
    torch.jit.save(torch.jit.script(GeluRelu()), path)
    return path


def test_register_rewrite(gelu_relu):
    tsrt.passes.register_rewrite("test-gelu-to-relu", GELU_PATTERN, GELU_TO_RELU, "gelu becomes relu")
    tsrt.passes.register_rewrite("test-relu-to-relu", RELU_PATTERN, RELU_PATTERN)
    assert ("test-gelu-to-relu", "gelu becomes relu") in tsrt.passes.list()
    with pytest.raises(tsrt.Error, match="already registered"):
        tsrt.passes.register_rewrite("test-relu-to-relu", RELU_PATTERN, RELU_PATTERN)
    x = np.linspace(-3, 3, 24, dtype=np.float32).reshape(4, 6)
    relu = np.maximum(x, 0)
    plain = tsrt.load(gelu_relu, passes="default")(x)
    assert not np.allclose(plain, 2 * relu)  # gelu differs from relu near 0
    # relu -> relu keeps the outputs; gelu -> relu changes them to relu + relu.
    np.testing.assert_allclose(tsrt.load(gelu_relu, passes="default,test-relu-to-relu")(x), plain, rtol=1e-6)
    swapped = tsrt.load(gelu_relu, passes="default,test-gelu-to-relu")(x)
    np.testing.assert_allclose(swapped, 2 * relu, rtol=1e-6)
    reports = tsrt.run_pipeline(gelu_relu, "dce,test-gelu-to-relu,test-relu-to-relu")
    counts = {r["name"]: r["rewrites"] for r in reports}
    assert counts["test-gelu-to-relu"] == 1
    assert counts["test-relu-to-relu"] == 2  # the model's relu and the one that replaced gelu
    with pytest.raises(tsrt.Error):
        tsrt.load(gelu_relu, passes="default,no-such-pass")


def test_run_pipeline_reports(gelu_relu):
    reports = tsrt.run_pipeline(gelu_relu, "dce,cse", method="forward")
    assert [r["name"] for r in reports[:2]] == ["dce", "cse"]
    for r in reports:
        assert set(r) == {"name", "function", "round", "rewrites", "ms", "ir"}
        assert r["ms"] >= 0 and r["rewrites"] >= 0
        assert r["ir"].startswith("graph(") and "aten::gelu" in r["ir"]
    swapped = tsrt.run_pipeline(gelu_relu, "default")
    assert swapped and all(r["ir"].startswith("graph(") for r in swapped)
