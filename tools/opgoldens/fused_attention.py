"""Golden cases for tsrt::attention (kernels/fused_attention.cc), the fused self-attention core.

torch has no such op: the expected outputs come from the unfused composition that the
fuse-attention pass replaces, written with torch's own ops exactly as HF BERT traces it:
    scores = torch.matmul(q, k.transpose(-1, -2)) / divisor   (BERT: divisor = sqrt(head_dim))
             or * scale                                        (cases without a divisor)
    probs = torch.softmax(scores + mask, dim=-1)
    out = torch.matmul(probs, v)
The kernel is called with scale = 1 / divisor. Cases cover BERT-base's shape, HF's two additive
masks ((1 - m) * -10000.0 and (1 - m) * finfo(float32).min), masks broadcast from every rank,
sequence length != head size, different query/key lengths, batch broadcasting, large scores,
rows masked with -inf (NaN as torch gives), and dtypes the fast path leaves to the composition.
Non-contiguous layouts of the same values are made by the C++ test (kernels/fused_attention_test.cc).

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/fused_attention.py OUT
"""
import json
import math
import os
import sys

import torch

import golden
from golden import randn

OP = "tsrt::attention"
HEADS_LAST_OP = "tsrt::attention_heads_last"
# Cases also run through tsrt::attention_heads_last: the same result with its last batch dim
# moved after the query dim (what BERT's permute(0, 2, 1, 3) makes), contiguous.
HEADS_LAST_CASES = ["bert_base_seq128", "bert_finfo_min_mask", "seq_not_head_dim", "mask_per_query", "rank3",
                    "batch_broadcast", "inf_mask_rows", "float64"]


def reference(q, k, v, mask, scale, divisor=None):
    scores = torch.matmul(q, k.transpose(-1, -2))
    scores = scores / divisor if divisor is not None else scores * scale
    if mask is not None:
        scores = scores + mask
    return torch.matmul(torch.softmax(scores, dim=-1), v)


def hf_mask(batch, seq, keep, minimum):
    """HF's extended attention mask: [batch, 1, 1, seq], 0 where attended, `minimum` elsewhere."""
    attend = torch.zeros(batch, seq)
    for b, n in enumerate(keep):
        attend[b, :n] = 1
    return (1.0 - attend[:, None, None, :]) * minimum


def cases():
    torch.manual_seed(7)
    c = []  # (name, [q, k, v, mask, scale], divisor or None)

    def bert(name, batch, heads, seq, dim, mask):
        q, k, v = randn(batch, heads, seq, dim), randn(batch, heads, seq, dim), randn(batch, heads, seq, dim)
        c.append((name, [q, k, v, mask, 1.0 / math.sqrt(dim)], math.sqrt(dim)))

    f32_min = torch.finfo(torch.float32).min
    bert("bert_base_seq128", 1, 12, 128, 64, hf_mask(1, 128, [100], -10000.0))
    bert("bert_finfo_min_mask", 2, 4, 24, 16, hf_mask(2, 24, [24, 9], f32_min))
    bert("bert_minus_10000_mask", 2, 4, 24, 16, hf_mask(2, 24, [5, 17], -10000.0))
    bert("bert_tiny_seq14", 1, 4, 14, 16, hf_mask(1, 14, [14], f32_min))
    bert("seq_not_head_dim", 2, 3, 7, 16, hf_mask(2, 7, [7, 3], -10000.0))
    bert("no_mask", 2, 3, 9, 8, None)

    q, k, v = randn(2, 3, 5, 8), randn(2, 3, 6, 8), randn(2, 3, 6, 8)
    for name, mask in [("mask_full", randn(2, 3, 5, 6)), ("mask_per_head_row", randn(1, 3, 1, 6)),
                       ("mask_per_query", randn(2, 1, 5, 6)), ("mask_2d", randn(5, 6)), ("mask_1d", randn(6)),
                       ("mask_scalar", randn(()))]:
        c.append((name, [q, k, v, mask, 0.35], None))
    c.append(("kv_longer_than_q", [randn(1, 2, 3, 8), randn(1, 2, 11, 8), randn(1, 2, 11, 5), randn(11), 0.5], None))
    c.append(("q_longer_than_kv", [randn(1, 2, 11, 4), randn(1, 2, 3, 4), randn(1, 2, 3, 6), None, 0.5], None))
    c.append(("rank3", [randn(3, 5, 8), randn(3, 5, 8), randn(3, 5, 8), randn(3, 1, 5), 0.25], None))
    c.append(("rank2", [randn(5, 8), randn(6, 8), randn(6, 3), None, 0.25], None))
    c.append(("batch_broadcast", [randn(2, 3, 4, 8), randn(1, 3, 6, 8), randn(2, 1, 6, 5), None, 0.3], None))
    c.append(("large_scores", [randn(2, 2, 9, 8) * 30, randn(2, 2, 9, 8) * 30, randn(2, 2, 9, 8), None, 1.0], None))
    row_masked = torch.zeros(4, 6)
    row_masked[1] = float("-inf")
    row_masked[2, 3:] = float("-inf")
    c.append(("inf_mask_rows", [randn(1, 2, 4, 8), randn(1, 2, 6, 8), randn(1, 2, 6, 8), row_masked, 0.3], None))
    # Left to the unfused composition: float64, and a mask that widens the batch.
    c.append(("float64", [randn(2, 2, 5, 4, dtype=torch.float64), randn(2, 2, 5, 4, dtype=torch.float64),
                          randn(2, 2, 5, 4, dtype=torch.float64), randn(5, 5, dtype=torch.float64), 0.5], None))
    c.append(("mask_widens_batch", [randn(2, 5, 4), randn(2, 5, 4), randn(2, 5, 4), randn(3, 1, 5, 5), 0.5], None))
    return c


def main(out_root):
    folder = os.path.join(out_root, "ops", "fused_attention")
    os.makedirs(folder, exist_ok=True)
    entries = []
    for name, args, divisor in cases():
        expected = reference(*args, divisor=divisor)
        variants = [(name, OP, expected)]
        if name in HEADS_LAST_CASES:
            variants.append(("heads_last_" + name, HEADS_LAST_OP, expected.transpose(-3, -2).contiguous()))
        for case_name, op, out in variants:
            w = golden._Writer(folder, case_name)
            double = out.dtype == torch.float64
            entries.append({"name": case_name, "op": op, "rtol": 1e-9 if double else 1e-4,
                            "atol": 1e-10 if double else 1e-5, "args": [w.encode(a) for a in args],
                            "outputs": [w.encode(out)]})
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump(entries, f, indent=1)
    print(f"fused_attention: {len(entries)} golden cases")


if __name__ == "__main__":
    main(sys.argv[1])
