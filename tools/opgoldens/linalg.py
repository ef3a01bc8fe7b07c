"""Golden cases for kernels/linalg.cc: einsum (ellipsis, diagonals, traces, broadcasting,
implicit output), outer/ger, cross/linalg_cross, inverse and determinant."""
import golden
from golden import case, randn, randint
import torch

F32, F64 = torch.float32, torch.float64


def einsum_cases():
    eq = [
        ("matmul", "ij,jk->ik", [(3, 4), (4, 5)]),
        ("bmm", "bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
        ("implicit", "ij,jk", [(3, 4), (4, 2)]),
        ("implicit_sorted", "ba", [(3, 4)]),
        ("transpose", "ij->ji", [(3, 4)]),
        ("trace", "ii->", [(4, 4)]),
        ("diagonal", "ii->i", [(4, 4)]),
        ("batch_diagonal", "bii->bi", [(2, 3, 3)]),
        ("sum_all", "ijk->", [(2, 3, 4)]),
        ("sum_dim", "ijk->ik", [(2, 3, 4)]),
        ("outer", "i,j->ij", [(3,), (4,)]),
        ("dot", "i,i->", [(5,), (5,)]),
        ("hadamard", "ij,ij->ij", [(3, 4), (3, 4)]),
        ("ellipsis_matmul", "...ij,...jk->...ik", [(2, 3, 4, 5), (2, 3, 5, 2)]),
        ("ellipsis_broadcast", "...ij,...jk->...ik", [(2, 1, 4, 5), (3, 5, 2)]),
        ("ellipsis_implicit", "...ij,jk", [(2, 3, 4), (4, 5)]),
        ("ellipsis_middle", "i...j->j...i", [(2, 3, 4, 5)]),
        ("ellipsis_sum", "b...->b", [(2, 3, 4)]),
        ("attention_scores", "bhqd,bhkd->bhqk", [(2, 3, 4, 8), (2, 3, 5, 8)]),
        ("attention_apply", "bhqk,bhkd->bqhd", [(2, 3, 4, 5), (2, 3, 5, 8)]),
        ("three_operands", "ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)]),
        ("bilinear", "bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
        ("repeated_across", "iij,jk->ik", [(3, 3, 4), (4, 2)]),
        ("broadcast_size1", "ij,ij->ij", [(1, 4), (3, 4)]),
        ("scalar_operand", ",ij->ij", [(), (3, 4)]),
        ("uppercase", "Ab,bC->AC", [(2, 3), (3, 4)]),
        ("spaces", "ij, jk -> ik", [(2, 3), (3, 4)]),
        ("empty_batch", "bij,bjk->bik", [(0, 3, 4), (0, 4, 5)]),
        ("empty_contraction", "ij,jk->ik", [(3, 0), (0, 4)]),
        ("large_contraction", "ij,jk->ik", [(16, 512), (512, 8)]),
    ]
    c = []
    for name, equation, shapes in eq:
        for dt in (F32, F64):
            n = "f32" if dt == F32 else "f64"
            tol = dict(rtol=1e-4, atol=1e-4) if dt == F32 else dict(rtol=1e-10, atol=1e-10)
            c.append(case(f"einsum_{name}_{n}", "aten::einsum",
                          [equation, [torch.randn(s).to(dt) for s in shapes], None], **tol))
    c.append(case("einsum_int64", "aten::einsum",
                  ["ij,jk->ik", [randint(-5, 5, (3, 4)), randint(-5, 5, (4, 2))], None]))
    return c


def cross_outer_cases():
    c = []
    for dt in (F32, F64, torch.int64):
        n = str(dt).split(".")[1]
        mk = (lambda *s: randint(-9, 9, s)) if dt == torch.int64 else (lambda *s: randn(*s, dtype=dt))
        c += [
            case(f"outer_{n}", "aten::outer", [mk(3), mk(4)]),
            case(f"ger_{n}", "aten::ger", [mk(5), mk(2)]),
            case(f"cross_{n}", "aten::cross", [mk(4, 3), mk(4, 3), 1]),
            case(f"cross_default_dim_{n}", "aten::cross", [mk(3, 5), mk(3, 5), None]),
            case(f"linalg_cross_{n}", "aten::linalg_cross", [mk(2, 4, 3), mk(2, 4, 3), -1]),
            case(f"linalg_cross_dim0_{n}", "aten::linalg_cross", [mk(3, 4), mk(3, 4), 0]),
            case(f"linalg_cross_broadcast_{n}", "aten::linalg_cross", [mk(2, 1, 3), mk(1, 4, 3), -1]),
        ]
    c += [
        case("outer_empty", "aten::outer", [randn(0), randn(3)]),
        case("outer_mixed", "aten::outer", [randint(0, 5, (3,)), randn(2)]),
        case("linalg_cross_empty", "aten::linalg_cross", [randn(0, 3), randn(0, 3), -1]),
    ]
    return c


def well_conditioned(*shape, dtype):
    n = shape[-1]
    return (randn(*shape, dtype=dtype) + 3 * torch.eye(n, dtype=dtype)).to(dtype)


def inverse_det_cases():
    c = []
    for dt in (F32, F64):
        n = "f32" if dt == F32 else "f64"
        tol = dict(rtol=1e-4, atol=1e-5) if dt == F32 else dict(rtol=1e-9, atol=1e-10)
        c += [
            case(f"linalg_inv_{n}", "aten::linalg_inv", [well_conditioned(4, 4, dtype=dt)], **tol),
            case(f"linalg_inv_batch_{n}", "aten::linalg_inv", [well_conditioned(2, 3, 5, 5, dtype=dt)], **tol),
            case(f"inverse_{n}", "aten::inverse", [well_conditioned(3, 3, dtype=dt)], **tol),
            case(f"inverse_1x1_{n}", "aten::inverse", [well_conditioned(2, 1, 1, dtype=dt)], **tol),
            case(f"linalg_inv_ex_{n}", "aten::linalg_inv_ex", [well_conditioned(2, 4, 4, dtype=dt), False], **tol),
            case(f"linalg_det_{n}", "aten::linalg_det", [randn(4, 4, dtype=dt)], **tol),
            case(f"linalg_det_batch_{n}", "aten::linalg_det", [randn(2, 3, 3, 3, dtype=dt)], **tol),
            case(f"det_{n}", "aten::det", [randn(5, 5, dtype=dt)], **tol),
            case(f"det_1x1_{n}", "aten::det", [randn(3, 1, 1, dtype=dt)], **tol),
            case(f"det_permutation_{n}", "aten::det",
                 [torch.tensor([[0., 1., 0.], [0., 0., 1.], [1., 0., 0.]], dtype=dt)]),
            case(f"det_singular_{n}", "aten::det", [torch.tensor([[1., 2.], [2., 4.]], dtype=dt)], **tol),
            case(f"det_empty_batch_{n}", "aten::det", [randn(0, 3, 3, dtype=dt)]),
            case(f"det_0x0_{n}", "aten::det", [randn(2, 0, 0, dtype=dt)]),
            case(f"inv_empty_{n}", "aten::linalg_inv", [randn(0, 2, 2, dtype=dt)]),
            case(f"solve_{n}", "aten::linalg_solve", [well_conditioned(4, 4, dtype=dt), randn(4, 3, dtype=dt), True],
                 **tol),
            case(f"solve_vector_{n}", "aten::linalg_solve",
                 [well_conditioned(4, 4, dtype=dt), randn(4, dtype=dt), True], **tol),
            case(f"solve_batch_vector_{n}", "aten::linalg_solve",
                 [well_conditioned(2, 3, 3, dtype=dt), randn(2, 3, dtype=dt), True], **tol),
            case(f"solve_broadcast_{n}", "aten::linalg_solve",
                 [well_conditioned(2, 1, 3, 3, dtype=dt), randn(4, 3, 2, dtype=dt), True], **tol),
            case(f"solve_right_{n}", "aten::linalg_solve",
                 [well_conditioned(3, 3, dtype=dt), randn(2, 3, dtype=dt), False], **tol),
            case(f"slogdet_{n}", "aten::linalg_slogdet", [randn(2, 4, 4, dtype=dt)], **tol),
            case(f"slogdet_singular_{n}", "aten::linalg_slogdet", [torch.tensor([[1., 2.], [2., 4.]], dtype=dt)]),
            case(f"logdet_{n}", "aten::logdet", [well_conditioned(3, 3, 3, dtype=dt)], **tol),
            case(f"logdet_negative_{n}", "aten::logdet", [torch.tensor([[0., 1.], [1., 0.]], dtype=dt)]),
        ]
    return c


def tensordot_trace_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        tol = dict(rtol=1e-4, atol=1e-5) if dt == F32 else dict(rtol=1e-10, atol=1e-10)
        mk = lambda *s: randn(*s, dtype=dt)
        c += [
            case(f"tensordot_{n}", "aten::tensordot", [mk(3, 4, 5), mk(4, 5, 6), [1, 2], [0, 1]], **tol),
            case(f"tensordot_swapped_{n}", "aten::tensordot", [mk(3, 4, 5), mk(5, 2, 4), [1, 2], [2, 0]], **tol),
            case(f"tensordot_none_{n}", "aten::tensordot", [mk(2, 3), mk(4), [], []], **tol),
            case(f"tensordot_broadcast_one_{n}", "aten::tensordot", [mk(3, 1), mk(4, 2), [1], [0]], **tol),
            case(f"inner_{n}", "aten::inner", [mk(2, 3, 4), mk(5, 4)], **tol),
            case(f"inner_scalar_{n}", "aten::inner", [mk(()), mk(3)], **tol),
            case(f"trace_{n}", "aten::trace", [mk(4, 6)], **tol),
        ]
    c += [
        case("trace_int", "aten::trace", [randint(-5, 5, (3, 3))]),
        case("trace_int32", "aten::trace", [randint(-5, 5, (3, 4), torch.int32)]),
        case("tensordot_int", "aten::tensordot", [randint(-5, 5, (3, 4)), randint(-5, 5, (4, 2)), [1], [0]]),
    ]
    return c


if __name__ == "__main__":
    golden.write_family("linalg", einsum_cases() + cross_outer_cases() + inverse_det_cases() + tensordot_trace_cases())
