"""Golden cases for kernels/embedding_bag.cc: embedding_bag, embedding_bag.padding_idx and
_embedding_bag in sum, mean and max modes, with empty bags, include_last_offset,
per_sample_weights, padding indices and int32 indices. All four outputs are compared.
(padding_idx together with include_last_offset is left out: torch 1.13's CPU kernel corrupts
its heap on that combination.)"""
import golden
from golden import case, randn, randint
import torch

F32, F64 = torch.float32, torch.float64


def cases():
    c = []
    idx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
    off = torch.tensor([0, 4, 4, 6])
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        w = randn(10, 3, dtype=dt)
        for mode, mname in ((0, "sum"), (1, "mean"), (2, "max")):
            c += [
                case(f"embedding_bag_{mname}_{n}", "aten::embedding_bag",
                     [w, idx, off, False, mode, False, None, False]),
                case(f"embedding_bag_{mname}_last_offset_{n}", "aten::embedding_bag",
                     [w, idx, torch.tensor([0, 3, 3, 8]), False, mode, False, None, True]),
                case(f"embedding_bag_{mname}_padding_{n}", "aten::embedding_bag.padding_idx",
                     [w, idx, off, False, mode, False, None, False, 4]),
                case(f"embedding_bag_{mname}_negative_padding_{n}", "aten::embedding_bag.padding_idx",
                     [w, idx, off, False, mode, False, None, False, -1]),
                case(f"embedding_bag_{mname}_int32_{n}", "aten::embedding_bag",
                     [w, idx.int(), off.int(), False, mode, False, None, False]),
                case(f"_embedding_bag_{mname}_{n}", "aten::_embedding_bag",
                     [w, idx, off, False, mode, False, None, False, -1]),
                case(f"embedding_bag_{mname}_one_bag_{n}", "aten::embedding_bag",
                     [randn(50, 16, dtype=dt), randint(0, 50, (40,)), torch.tensor([0]), False, mode, False, None,
                      False]),
            ]
        c += [
            case(f"embedding_bag_weights_{n}", "aten::embedding_bag",
                 [w, idx, off, False, 0, False, randn(8, dtype=dt), False]),
            case(f"embedding_bag_weights_last_{n}", "aten::embedding_bag",
                 [w, idx, torch.tensor([0, 2, 8]), False, 0, False, randn(8, dtype=dt), True]),
            case(f"embedding_bag_no_indices_{n}", "aten::embedding_bag",
                 [w, torch.tensor([], dtype=torch.int64), torch.tensor([0, 0]), False, 1, False, None, False]),
        ]
    return c


if __name__ == "__main__":
    golden.write_family("embedding_bag", cases())
