"""Golden cases for kernels/losses.cc: smooth_l1_loss (beta incl. 0, every reduction) and
binary_cross_entropy_with_logits (weight, pos_weight, large logits, every reduction)."""
import golden
from golden import case, randn
import torch


def cases():
    c = []
    x, t = randn(4, 5) * 2, randn(4, 5)
    logits, target = randn(3, 4) * 3, torch.rand(3, 4)
    big = torch.tensor([[-80.0, -20.0, 0.0, 20.0, 80.0]])
    for red in (0, 1, 2):
        for beta in (1.0, 0.5, 0.0):
            c.append(case(f"smooth_l1_r{red}_b{beta}", "aten::smooth_l1_loss", [x, t, red, beta]))
        c += [
            case(f"bce_logits_r{red}", "aten::binary_cross_entropy_with_logits", [logits, target, None, None, red]),
            case(f"bce_logits_weight_r{red}", "aten::binary_cross_entropy_with_logits",
                 [logits, target, torch.rand(4), None, red]),
            case(f"bce_logits_pos_weight_r{red}", "aten::binary_cross_entropy_with_logits",
                 [logits, target, None, torch.rand(4) * 3, red]),
            case(f"bce_logits_both_r{red}", "aten::binary_cross_entropy_with_logits",
                 [logits, target, torch.rand(3, 4), torch.rand(4) * 3, red]),
            case(f"bce_logits_large_r{red}", "aten::binary_cross_entropy_with_logits",
                 [big, torch.tensor([[0.0, 1.0, 0.5, 0.0, 1.0]]), None, None, red]),
        ]
    c.append(case("smooth_l1_f64", "aten::smooth_l1_loss", [x.double(), t.double(), 1, 1.0]))
    return c


if __name__ == "__main__":
    golden.write_family("losses", cases())
