"""Golden cases for kernels/losses.cc: smooth_l1_loss (beta incl. 0, every reduction),
binary_cross_entropy_with_logits (weight, pos_weight, large logits), cross_entropy_loss (class
indices incl. ignored and N-D, probabilities, weights) and nll_loss/nll_loss_nd/nll_loss2d."""
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
    scores, labels = randn(5, 4), torch.tensor([0, 3, 1, 1, 2])
    maps, map_labels = randn(2, 3, 4, 2), torch.randint(0, 3, (2, 4, 2), generator=torch.Generator().manual_seed(3))
    ignored = torch.tensor([0, -100, 1, -100, 2])
    for red in (0, 1, 2):
        c += [
            case(f"cross_entropy_r{red}", "aten::cross_entropy_loss", [scores, labels, None, red, -100, 0.0]),
            case(f"cross_entropy_weight_r{red}", "aten::cross_entropy_loss",
                 [scores, labels, torch.rand(4), red, -100, 0.0]),
            case(f"cross_entropy_ignore_r{red}", "aten::cross_entropy_loss",
                 [scores, ignored, torch.rand(4), red, -100, 0.0]),
            case(f"cross_entropy_nd_r{red}", "aten::cross_entropy_loss", [maps, map_labels, None, red, -100, 0.0]),
            case(f"cross_entropy_probs_r{red}", "aten::cross_entropy_loss",
                 [scores, torch.softmax(randn(5, 4), 1), torch.rand(4), red, -100, 0.0]),
            case(f"nll_loss_r{red}", "aten::nll_loss", [scores, labels, None, red, 1]),
            case(f"nll_loss_nd_r{red}", "aten::nll_loss_nd", [maps, map_labels, torch.rand(3), red, -100]),
            case(f"nll_loss2d_r{red}", "aten::nll_loss2d", [maps, map_labels, None, red, 0]),
        ]
    c.append(case("cross_entropy_1d", "aten::cross_entropy_loss", [randn(4), torch.tensor(2), None, 1, -100, 0.0]))
    c.append(case("cross_entropy_f64", "aten::cross_entropy_loss", [scores.double(), labels, None, 1, -100, 0.0]))
    for red in (0, 1, 2):
        c.append(case(f"l1_loss_r{red}", "aten::l1_loss", [x, t, red]))
    c.append(case("l1_loss_broadcast", "aten::l1_loss", [x, randn(5), 0]))
    c.append(case("smooth_l1_f64", "aten::smooth_l1_loss", [x.double(), t.double(), 1, 1.0]))
    return c


if __name__ == "__main__":
    golden.write_family("losses", cases())
