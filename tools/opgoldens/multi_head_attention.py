"""Golden cases for kernels/multi_head_attention.cc: aten::_native_multi_head_attention with
self-attention (one q/k/v tensor) and separate q, k, v; need_weights on and off, averaged or per
head; key padding masks (mask_type 1) and full score masks (mask_type 2); float32 and float64."""
import golden
from golden import case, randn
import torch

F32, F64 = torch.float32, torch.float64


def cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        tol = dict(rtol=1e-4, atol=1e-5) if dt == F32 else dict(rtol=1e-9, atol=1e-10)
        B, T, D, H = 2, 5, 8, 2
        x = randn(B, T, D, dtype=dt)
        w, b = randn(3 * D, D, dtype=dt) * 0.3, randn(3 * D, dtype=dt)
        pw, pb = randn(D, D, dtype=dt) * 0.3, randn(D, dtype=dt)
        padding = torch.zeros(B, T, dtype=torch.bool)
        padding[0, 3:] = True
        padding[1, 4] = True
        full = torch.rand(B, H, T, T) > 0.7
        full[..., 0] = False  # no fully masked row here (those give NaN, checked below)
        c += [
            case(f"mha_self_{n}", "aten::_native_multi_head_attention",
                 [x, x, x, D, H, w, b, pw, pb, None, True, True, None], **tol),
            case(f"mha_self_no_weights_{n}", "aten::_native_multi_head_attention",
                 [x, x, x, D, H, w, b, pw, pb, None, False, True, None], **tol),
            case(f"mha_per_head_{n}", "aten::_native_multi_head_attention",
                 [x, x, x, D, H, w, b, pw, pb, None, True, False, None], **tol),
            case(f"mha_separate_{n}", "aten::_native_multi_head_attention",
                 [x, randn(B, T, D, dtype=dt), randn(B, T, D, dtype=dt), D, H, w, b, pw, pb, None, True, True, None],
                 **tol),
            case(f"mha_padding_mask_{n}", "aten::_native_multi_head_attention",
                 [x, x, x, D, H, w, b, pw, pb, padding, True, True, 1], **tol),
            case(f"mha_full_mask_{n}", "aten::_native_multi_head_attention",
                 [x, x, x, D, H, w, b, pw, pb, full, True, False, 2], **tol),
            case(f"mha_four_heads_{n}", "aten::_native_multi_head_attention",
                 [randn(1, 7, 16, dtype=dt), randn(1, 7, 16, dtype=dt), randn(1, 7, 16, dtype=dt), 16, 4,
                  randn(48, 16, dtype=dt) * 0.3, randn(48, dtype=dt), randn(16, 16, dtype=dt) * 0.3,
                  randn(16, dtype=dt),
                  None, True, True, None], **tol),
        ]
    x = randn(2, 3, 4)
    all_padded = torch.tensor([[True, True, True], [False, True, False]])
    c.append(case("mha_fully_masked_row", "aten::_native_multi_head_attention",
                  [x, x, x, 4, 1, randn(12, 4), randn(12), randn(4, 4), randn(4), all_padded, True, True, 1]))
    return c


if __name__ == "__main__":
    golden.write_family("multi_head_attention", cases())
