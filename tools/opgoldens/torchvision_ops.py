"""Golden cases for kernels/torchvision_ops.cc, from torchvision's own registered ops
(torch.ops.torchvision.*): nms, roi_align, roi_pool, ps_roi_align, ps_roi_pool, deform_conv2d.
"""
import golden
from golden import case, randn
import torch
import torchvision  # noqa: F401  (registers the torchvision:: ops)


def boxes(n, size=20.0, dtype=torch.float32):
    xy = torch.rand(n, 2) * size
    wh = torch.rand(n, 2) * size / 2 + 0.5
    return torch.cat([xy, xy + wh], dim=1).to(dtype)


def rois(k, batch, size, dtype=torch.float32):
    b = torch.randint(0, batch, (k, 1)).to(torch.float32)
    return torch.cat([b, boxes(k, size)], dim=1).to(dtype)


def nms_cases():
    out = []
    for n, thr in [(50, 0.5), (200, 0.3), (30, 0.0), (30, 1.0)]:
        out.append(case(f"nms_{n}_{thr}", "torchvision::nms", [boxes(n), torch.rand(n), thr]))
    # Tied scores: torchvision keeps the earlier box of a tie (a stable descending sort).
    b = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [0, 0, 10, 10], [20, 20, 30, 30], [21, 21, 31, 31.]])
    out.append(case("nms_ties", "torchvision::nms", [b, torch.tensor([0.9, 0.9, 0.9, 0.5, 0.5]), 0.5]))
    # Identical boxes: IoU exactly 1, and a threshold hit exactly (IoU 0.5 is not > 0.5).
    half = torch.tensor([[0, 0, 2, 1], [1, 0, 3, 1], [0, 0, 2, 1.]])
    out.append(case("nms_threshold_equal", "torchvision::nms", [half, torch.tensor([3., 2., 1.]), 1 / 3]))
    out.append(case("nms_empty", "torchvision::nms", [torch.zeros(0, 4), torch.zeros(0), 0.5]))
    out.append(case("nms_f64", "torchvision::nms", [boxes(60, dtype=torch.float64), torch.rand(60).double(), 0.4]))
    return out


def pooling_cases():
    out = []
    x = randn(2, 8, 12, 10)
    r = rois(6, 2, 16)
    for aligned in (False, True):
        for ratio in (-1, 2):
            for scale in (1.0, 0.5):
                out.append(case(f"roi_align_{aligned}_{ratio}_{scale}", "torchvision::roi_align",
                                [x, r, scale, 3, 4, ratio, aligned]))
    # rois reaching outside the image, and a degenerate one.
    edge = torch.tensor([[0, -4, -3, 5, 6], [1, 8, 9, 30, 25], [0, 3, 3, 3, 3.]])
    out.append(case("roi_align_edges", "torchvision::roi_align", [x, edge, 1.0, 2, 2, -1, False]))
    out.append(case("roi_align_edges_aligned", "torchvision::roi_align", [x, edge, 1.0, 2, 2, 3, True]))
    out.append(case("roi_align_f64", "torchvision::roi_align", [x.double(), r.double(), 0.5, 2, 2, -1, True],
                    rtol=1e-9))
    for scale in (1.0, 0.5):
        out.append(case(f"roi_pool_{scale}", "torchvision::roi_pool", [x, r, scale, 3, 2]))
    out.append(case("roi_pool_edges", "torchvision::roi_pool", [x, edge, 1.0, 2, 2]))
    xp = randn(2, 12, 9, 11)
    for ratio in (-1, 2):
        out.append(case(f"ps_roi_align_{ratio}", "torchvision::ps_roi_align", [xp, rois(5, 2, 12), 1.0, 2, 3, ratio]))
    out.append(case("ps_roi_pool", "torchvision::ps_roi_pool", [xp, rois(5, 2, 12), 0.75, 3, 2]))
    return out


def deform_cases():
    out = []
    configs = [  # (B, C, H, W, OC, kh, kw, stride, pad, dil, groups, offset_groups, use_mask)
        (2, 4, 7, 8, 6, 3, 3, 1, 1, 1, 1, 1, True),
        (1, 4, 9, 7, 4, 3, 2, 2, 1, 1, 2, 2, True),
        (2, 6, 8, 8, 3, 3, 3, 1, 2, 2, 1, 3, False),
        (1, 2, 5, 5, 2, 1, 1, 1, 0, 1, 1, 1, True),
    ]
    for i, (B, C, H, W, OC, kh, kw, s, p, d, g, og, use_mask) in enumerate(configs):
        oh = (H + 2 * p - (d * (kh - 1) + 1)) // s + 1
        ow = (W + 2 * p - (d * (kw - 1) + 1)) // s + 1
        x = randn(B, C, H, W)
        w = randn(OC, C // g, kh, kw)
        offset = randn(B, 2 * og * kh * kw, oh, ow) * 2
        mask = torch.rand(B, og * kh * kw, oh, ow) if use_mask else torch.zeros(B, 1)
        bias = randn(OC)
        out.append(case(f"deform_conv2d_{i}", "torchvision::deform_conv2d",
                        [x, w, offset, mask, bias, s, s, p, p, d, d, g, og, use_mask]))
    return out


if __name__ == "__main__":
    golden.write_family("torchvision_ops", nms_cases() + pooling_cases() + deform_cases())
