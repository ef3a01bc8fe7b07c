"""Traced and scripted models built from the tensor ops real models use around their layers
(masking, top-k, gathers, concatenation and splitting, cumulative and clamped arithmetic)."""

from typing import List, Tuple

import torch


class Postprocess(torch.nn.Module):
    """Classifier-style post-processing, traced."""

    def forward(self, logits, mask):
        masked = logits.masked_fill(mask == 0, -1e4)
        probs = torch.softmax(masked, dim=-1)
        top_values, top_indices = torch.topk(probs, k=3, dim=-1)
        picked = torch.gather(logits, 1, top_indices)
        best = probs.argmax(dim=-1, keepdim=True)
        clipped = torch.where(logits > 0, logits.clamp(max=1.5), logits.exp() - 1)
        running = torch.cumsum(clipped, dim=1)
        halves = torch.chunk(running, 2, dim=1)
        joined = torch.cat([halves[1], halves[0]], dim=1).reshape(-1)
        normed = (logits - logits.mean(dim=1, keepdim=True)) / (logits.std(dim=1, keepdim=True) + 1e-5)
        return top_values, top_indices, picked, best, joined, normed.pow(2).sqrt()


class SplitAndIndex(torch.nn.Module):
    """Scripted: list-returning ops and advanced indexing."""

    def forward(self, x: torch.Tensor, index: torch.Tensor) -> Tuple[List[torch.Tensor], torch.Tensor, torch.Tensor]:
        parts = torch.split(x, [1, 2], dim=0)
        rows = x.index_select(0, index)
        x2 = x.clone()
        x2[0] = x2[0] * -1.0
        x2[:, 1:3] = 0.0
        return list(parts), rows, x2[index]


def add_to_corpus(corpus):
    torch.manual_seed(6)
    logits = torch.randn(4, 8)
    mask = (torch.rand(4, 8) > 0.3).to(torch.int64)
    mask[:, 0] = 1
    traced = torch.jit.trace(Postprocess(), (logits, mask))
    corpus.add_model("ops_postprocess_traced", traced, "traced", [logits, mask],
                     "masked_fill, softmax, topk, gather, argmax, where, clamp, cumsum, chunk, cat, reshape, std")
    corpus.add_model("ops_split_index_scripted", torch.jit.script(SplitAndIndex()), "scripted",
                     [torch.rand(3, 4), torch.tensor([2, 0, 2])],
                     "split with sizes (List[Tensor] output), index_select, in-place slice assignment, tensor indexing")
