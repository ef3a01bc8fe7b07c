"""Golden cases for kernels/distance.cc: cdist on both of torch's paths (direct, and the
matrix-product form for p=2 with more than 25 rows or compute_mode=1), _cdist_forward,
_euclidean_dist, pairwise_distance and cosine_similarity."""
import golden
from golden import case, randn, randint
import torch

F32, F64 = torch.float32, torch.float64
INF = float("inf")


def tol(dt):
    return dict(rtol=1e-4, atol=1e-5) if dt == F32 else dict(rtol=1e-10, atol=1e-12)


def cdist_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        a, b = randn(5, 3, dtype=dt), randn(4, 3, dtype=dt)
        for pn, p in (("2", 2.0), ("1", 1.0), ("0", 0.0), ("inf", INF), ("3", 3.0), ("half", 0.5)):
            c.append(case(f"cdist_p{pn}_{n}", "aten::cdist", [a, b, p, None], **tol(dt)))
        c += [
            case(f"cdist_batch_{n}", "aten::cdist",
                 [randn(2, 5, 4, dtype=dt), randn(2, 6, 4, dtype=dt), 2.0, None], **tol(dt)),
            case(f"cdist_batch_broadcast_{n}", "aten::cdist",
                 [randn(2, 1, 5, 4, dtype=dt), randn(3, 6, 4, dtype=dt), 1.0, None], **tol(dt)),
            # More than 25 rows: torch's matrix-product path (its rounding is what must match).
            case(f"cdist_mm_path_{n}", "aten::cdist", [randn(30, 8, dtype=dt), randn(20, 8, dtype=dt), 2.0, None],
                 rtol=1e-4, atol=1e-4),
            case(f"cdist_mm_forced_{n}", "aten::cdist", [a, b, 2.0, 1], rtol=1e-4, atol=1e-4),
            case(f"cdist_mm_refused_{n}", "aten::cdist",
                 [randn(30, 8, dtype=dt), randn(27, 8, dtype=dt), 2.0, 2], **tol(dt)),
            case(f"cdist_large_p1_{n}", "aten::cdist",
                 [randn(40, 8, dtype=dt), randn(30, 8, dtype=dt), 1.0, None], **tol(dt)),
            case(f"cdist_forward_{n}", "aten::_cdist_forward", [a, b, 2.0, None], **tol(dt)),
            case(f"euclidean_dist_{n}", "aten::_euclidean_dist", [a, b], rtol=1e-4, atol=1e-4),
            case(f"cdist_empty_rows_{n}", "aten::cdist", [randn(0, 3, dtype=dt), b, 2.0, None]),
            case(f"cdist_empty_cols_{n}", "aten::cdist", [randn(5, 0, dtype=dt), randn(4, 0, dtype=dt), 2.0, None]),
            case(f"cdist_empty_batch_{n}", "aten::cdist",
                 [randn(0, 5, 3, dtype=dt), randn(0, 4, 3, dtype=dt), 1.0, None]),
        ]
    return c


def pairwise_cosine_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        a, b = randn(4, 6, dtype=dt), randn(4, 6, dtype=dt)
        c += [
            case(f"pairwise_distance_{n}", "aten::pairwise_distance", [a, b, 2.0, 1e-6, False], **tol(dt)),
            case(f"pairwise_distance_p1_keep_{n}", "aten::pairwise_distance", [a, b, 1.0, 1e-6, True], **tol(dt)),
            case(f"pairwise_distance_inf_{n}", "aten::pairwise_distance", [a, b, INF, 1e-6, False], **tol(dt)),
            case(f"pairwise_distance_p3_{n}", "aten::pairwise_distance", [a, b, 3.0, 0.0, False], **tol(dt)),
            case(f"pairwise_distance_broadcast_{n}", "aten::pairwise_distance",
                 [a, randn(6, dtype=dt), 2.0, 1e-6, False], **tol(dt)),
            case(f"pairwise_distance_1d_{n}", "aten::pairwise_distance",
                 [randn(6, dtype=dt), randn(6, dtype=dt), 2.0, 1e-6, False], **tol(dt)),
            case(f"cosine_similarity_{n}", "aten::cosine_similarity", [a, b, 1, 1e-8], **tol(dt)),
            case(f"cosine_similarity_dim0_{n}", "aten::cosine_similarity", [a, b, 0, 1e-8], **tol(dt)),
            case(f"cosine_similarity_broadcast_{n}", "aten::cosine_similarity",
                 [randn(2, 1, 5, dtype=dt), randn(3, 5, dtype=dt), -1, 1e-8], **tol(dt)),
            case(f"cosine_similarity_zero_{n}", "aten::cosine_similarity",
                 [torch.zeros(2, 3, dtype=dt), randn(2, 3, dtype=dt), 1, 1e-8], **tol(dt)),
            case(f"cosine_similarity_empty_{n}", "aten::cosine_similarity",
                 [randn(0, 3, dtype=dt), randn(0, 3, dtype=dt), 1, 1e-8]),
        ]
    return c


if __name__ == "__main__":
    golden.write_family("distance", cdist_cases() + pairwise_cosine_cases())
