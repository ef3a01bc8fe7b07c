"""Golden cases for kernels/pixel_shuffle.cc: pixel_shuffle and pixel_unshuffle with factors 1-3,
extra batch dims, unbatched and integer inputs; channel_shuffle and native_channel_shuffle on
3-, 4- and 5-d inputs with several group counts."""
import torch

import golden
from golden import case, randn, randint


def cases():
    c = []
    ps, pu = "aten::pixel_shuffle", "aten::pixel_unshuffle"
    c.append(case("shuffle_2", ps, [randn(2, 8, 3, 5), 2]))
    c.append(case("shuffle_3", ps, [randn(1, 18, 4, 3), 3]))
    c.append(case("shuffle_1", ps, [randn(1, 3, 4, 3), 1]))
    c.append(case("shuffle_unbatched", ps, [randn(12, 2, 3), 2]))
    c.append(case("shuffle_extra_batch", ps, [randn(2, 3, 4, 2, 2), 2]))
    c.append(case("shuffle_int", ps, [randint(0, 100, (1, 9, 2, 2)), 3]))
    c.append(case("shuffle_f64", ps, [randn(1, 4, 3, 3, dtype=torch.float64), 2]))
    c.append(case("unshuffle_2", pu, [randn(2, 2, 6, 10), 2]))
    c.append(case("unshuffle_3", pu, [randn(1, 3, 9, 6), 3]))
    c.append(case("unshuffle_unbatched", pu, [randn(3, 4, 4), 2]))
    c.append(case("unshuffle_extra_batch", pu, [randn(2, 3, 2, 4, 6), 2]))
    c.append(case("unshuffle_int", pu, [randint(0, 100, (1, 2, 4, 4), dtype=torch.int32), 2]))
    for op in ("aten::channel_shuffle", "aten::native_channel_shuffle"):
        n = op.split("::")[1]
        c.append(case(f"{n}_4d", op, [randn(2, 12, 3, 3), 3]))
        c.append(case(f"{n}_3d", op, [randn(2, 6, 5), 2]))
        c.append(case(f"{n}_5d", op, [randn(1, 8, 2, 3, 2), 4]))
        c.append(case(f"{n}_one_group", op, [randn(1, 6, 2, 2), 1]))
        c.append(case(f"{n}_all_groups", op, [randn(1, 6, 2, 2), 6]))
    c.append(case("channel_shuffle_int", "aten::channel_shuffle", [randint(0, 9, (1, 4, 2, 2)), 2]))
    return c


if __name__ == "__main__":
    golden.write_family("pixel_shuffle", cases())
