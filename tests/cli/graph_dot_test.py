"""`tsrt graph --format dot` is diffable and draws regions (README, "Command line"):

- the same model printed by two processes gives the same bytes, with ids n0, n1, ... (no addresses);
- `--subgraph input0.3:hidden_states` on BERT tiny draws its second layer: one attention, two
  add+layer_norms, one linear+gelu, none of the first layer's nodes;
- `--match` on the second layer's self-attention code/ file draws only nodes from that file;
- a region keeps the full picture's ids; a region that selects nothing is one error line.

    graph_dot_test.py TSRT_BINARY
"""

import os
import re
import subprocess
import sys

TSRT = os.path.abspath(sys.argv[1])
BERT = os.path.join(os.environ.get("TSRT_TESTDATA", "build/testdata"), "corpus", "bert_tiny_traced.pt")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def tsrt(*args):
    p = subprocess.run([TSRT, *args], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def drawn_nodes(dot):
    """{id: label} of the op nodes (boxes) a dot picture draws."""
    return dict(re.findall(r'^\s*(n\d+) \[label="([^"]*)"\];$', dot, re.M))


def kinds(nodes):
    return [label.split("\\n")[0] for label in nodes.values()]


def main():
    rc, full, err = tsrt("graph", BERT, "--format", "dot")
    check(rc == 0, f"graph --format dot: {rc} {err}")
    rc, again, _ = tsrt("graph", BERT, "--format", "dot")
    check(full == again, "two processes printed different dot output")
    check("0x" not in full, "dot output holds an address")
    nodes = drawn_nodes(full)
    check(len(nodes) > 50, f"BERT tiny draws only {len(nodes)} nodes")
    full_kinds = kinds(nodes)
    check(full_kinds.count("tsrt::attention_heads_last") == 2, f"expected 2 attentions: {full_kinds}")

    rc, layer, err = tsrt("graph", BERT, "--format", "dot", "--subgraph", "input0.3:hidden_states")
    check(rc == 0, f"--subgraph: {rc} {err}")
    layer_nodes = drawn_nodes(layer)
    layer_kinds = kinds(layer_nodes)
    check(layer_kinds.count("tsrt::attention_heads_last") == 1, f"--subgraph attentions: {layer_kinds}")
    check(layer_kinds.count("tsrt::add_layer_norm") == 2, f"--subgraph add_layer_norms: {layer_kinds}")
    check(layer_kinds.count("tsrt::linear_gelu") == 1, f"--subgraph linear_gelus: {layer_kinds}")
    check(all(nodes.get(i) == label for i, label in layer_nodes.items()), "--subgraph changed ids or labels")
    check(not any("%key_layer\\n" in label for label in layer_nodes.values()), "--subgraph drew layer 0")
    check('label="%input0.3"' in layer, "the layer's input is not drawn as a stub")

    rc, attention, err = tsrt("graph", BERT, "--format", "dot", "--match", "modeling_bert/___torch_mangle_38")
    check(rc == 0, f"--match: {rc} {err}")
    matched = drawn_nodes(attention)
    check(len(matched) >= 10, f"--match drew {len(matched)} nodes")
    check(all("___torch_mangle_38.py" in label for label in matched.values()), f"--match drew others: {matched}")
    check(kinds(matched).count("tsrt::attention_heads_last") == 1, f"--match attentions: {kinds(matched)}")
    rc, wider, _ = tsrt("graph", BERT, "--format", "dot", "--match", "modeling_bert/___torch_mangle_38",
                        "--context", "1")
    check(rc == 0 and set(matched) < set(drawn_nodes(wider)), "--context 1 did not add neighbours")

    rc, text, _ = tsrt("graph", BERT, "--subgraph", "input0.3:hidden_states")
    check(rc == 0 and "tsrt::attention_heads_last" in text and "%key_layer :" not in text,
          f"text --subgraph: {text[:300]}")

    for args, needle in [(["--match", "no such thing"], "select no node"),
                         (["--subgraph", "input0.3:nosuch"], "no value named %nosuch"),
                         (["--subgraph", "input0.3"], "FROM:TO"),
                         (["--match", "("], "bad regular expression")]:
        rc, _, err = tsrt("graph", BERT, *args)
        check(rc != 0 and err.count("\n") == 1 and needle in err, f"{args}: {rc} {err!r}")

    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)
    print("graph_dot_test: all checks passed")


main()
