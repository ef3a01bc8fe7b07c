"""Golden cases for kernels/norms.cc: linalg_vector_norm, linalg_matrix_norm, linalg_norm,
frobenius_norm, norm_except_dim, _weight_norm and _weight_norm_interface."""
import golden
from golden import case, randn, randint
import torch

F32, F64 = torch.float32, torch.float64
INF = float("inf")


def tol(dt):
    return dict(rtol=1e-4, atol=1e-5) if dt == F32 else dict(rtol=1e-10, atol=1e-12)


def vector_norm_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        x = randn(3, 4, 5, dtype=dt)
        for ord_name, ord in (("2", 2), ("1", 1), ("0", 0), ("3", 3.0), ("half", 0.5), ("neg1", -1),
                              ("inf", INF), ("neginf", -INF)):
            c.append(case(f"vector_norm_ord{ord_name}_{n}", "aten::linalg_vector_norm",
                          [x, ord, None, False, None], **tol(dt)))
            c.append(case(f"vector_norm_ord{ord_name}_dim_{n}", "aten::linalg_vector_norm",
                          [x, ord, [1], True, None], **tol(dt)))
        c += [
            case(f"vector_norm_dims_{n}", "aten::linalg_vector_norm", [x, 2, [0, -1], False, None], **tol(dt)),
            case(f"vector_norm_empty_dim_list_{n}", "aten::linalg_vector_norm", [x, 2, [], False, None], **tol(dt)),
            case(f"vector_norm_empty_{n}", "aten::linalg_vector_norm", [randn(0, 3, dtype=dt), 2, None, False, None]),
            case(f"vector_norm_empty_dim_{n}", "aten::linalg_vector_norm",
                 [randn(0, 3, dtype=dt), 1, [0], False, None]),
            case(f"vector_norm_scalar_{n}", "aten::linalg_vector_norm", [randn((), dtype=dt), 2, None, False, None]),
            case(f"frobenius_norm_{n}", "aten::frobenius_norm", [x], **tol(dt)),
            case(f"frobenius_norm_dim_{n}", "aten::frobenius_norm.dim", [x, [1, 2], True], **tol(dt)),
            case(f"frobenius_norm_one_dim_{n}", "aten::frobenius_norm.dim", [x, [0], False], **tol(dt)),
        ]
    c += [
        case("vector_norm_dtype_f64", "aten::linalg_vector_norm", [randn(4, 5), 2, [1], False, torch.float64]),
        case("vector_norm_with_zeros", "aten::linalg_vector_norm",
             [torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]), -1, [1], False, None]),
        case("vector_norm_large", "aten::linalg_vector_norm", [randn(64, 1024), 2, [1], False, None]),
    ]
    return c


def matrix_norm_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        x = randn(2, 3, 4, dtype=dt)
        for ord_name, ord in (("1", 1), ("neg1", -1), ("inf", INF), ("neginf", -INF), ("2", 2), ("neg2", -2)):
            c.append(case(f"matrix_norm_ord{ord_name}_{n}", "aten::linalg_matrix_norm",
                          [x, ord, [-2, -1], False, None], **tol(dt)))
            c.append(case(f"matrix_norm_ord{ord_name}_keep_{n}", "aten::linalg_matrix_norm",
                          [x, ord, [2, 0], True, None], **tol(dt)))
        for ord in ("fro", "nuc"):
            c.append(case(f"matrix_norm_{ord}_{n}", "aten::linalg_matrix_norm.str_ord",
                          [x, ord, [-2, -1], False, None], **tol(dt)))
            c.append(case(f"matrix_norm_{ord}_keep_{n}", "aten::linalg_matrix_norm.str_ord",
                          [x, ord, [0, 2], True, None], **tol(dt)))
        m = randn(4, 5, dtype=dt)
        c += [
            case(f"linalg_norm_default_{n}", "aten::linalg_norm", [x, None, None, False, None], **tol(dt)),
            case(f"linalg_norm_vector_ord_{n}", "aten::linalg_norm",
                 [randn(6, dtype=dt), 3, None, False, None], **tol(dt)),
            case(f"linalg_norm_matrix_ord_{n}", "aten::linalg_norm", [m, INF, None, False, None], **tol(dt)),
            case(f"linalg_norm_matrix_2_{n}", "aten::linalg_norm", [m, 2, None, True, None], **tol(dt)),
            case(f"linalg_norm_dim1_{n}", "aten::linalg_norm", [x, None, [1], False, None], **tol(dt)),
            case(f"linalg_norm_dim2_{n}", "aten::linalg_norm", [x, None, [0, 1], True, None], **tol(dt)),
            case(f"linalg_norm_dim2_ord_{n}", "aten::linalg_norm", [x, -1, [1, 2], False, None], **tol(dt)),
            case(f"linalg_norm_str_{n}", "aten::linalg_norm.ord_str", [m, "nuc", None, False, None], **tol(dt)),
            case(f"linalg_norm_str_dim_{n}", "aten::linalg_norm.ord_str", [x, "fro", [0, 2], False, None], **tol(dt)),
        ]
    c += [
        case("matrix_norm_empty_batch", "aten::linalg_matrix_norm", [randn(0, 3, 3), 1, [-2, -1], False, None]),
        case("matrix_norm_dtype", "aten::linalg_matrix_norm.str_ord",
             [randn(3, 3), "fro", [-2, -1], False, torch.float64]),
    ]
    return c


def weight_norm_cases():
    c = []
    for dt in (F32, F64):
        n = str(dt).split(".")[1]
        v = randn(4, 3, 2, 2, dtype=dt)
        c += [
            case(f"weight_norm_dim0_{n}", "aten::_weight_norm", [v, randn(4, 1, 1, 1, dtype=dt), 0], **tol(dt)),
            case(f"weight_norm_last_{n}", "aten::_weight_norm", [v, randn(1, 1, 1, 2, dtype=dt), 3], **tol(dt)),
            case(f"weight_norm_middle_{n}", "aten::_weight_norm", [v, randn(1, 3, 1, 1, dtype=dt), 1], **tol(dt)),
            case(f"weight_norm_all_{n}", "aten::_weight_norm", [v, randn((), dtype=dt), -1], **tol(dt)),
            case(f"weight_norm_linear_{n}", "aten::_weight_norm",
                 [randn(5, 3, dtype=dt), randn(5, 1, dtype=dt), 0], **tol(dt)),
            case(f"norm_except_dim0_{n}", "aten::norm_except_dim", [v, 2, 0], **tol(dt)),
            case(f"norm_except_dim_last_{n}", "aten::norm_except_dim", [v, 2, 3], **tol(dt)),
            case(f"norm_except_dim_middle_p3_{n}", "aten::norm_except_dim", [v, 3, 1], **tol(dt)),
            case(f"norm_except_dim_all_{n}", "aten::norm_except_dim", [v, 2, -1], **tol(dt)),
            case(f"norm_except_dim_1d_{n}", "aten::norm_except_dim", [randn(4, dtype=dt), 2, 0], **tol(dt)),
            case(f"weight_norm_interface_{n}", "aten::_weight_norm_interface",
                 [v, randn(4, 1, 1, 1, dtype=dt), 0], **tol(dt)),
            case(f"weight_norm_interface_last_{n}", "aten::_weight_norm_interface",
                 [randn(3, 5, dtype=dt), randn(1, 5, dtype=dt), 1], **tol(dt)),
        ]
    return c


if __name__ == "__main__":
    golden.write_family("norms", vector_norm_cases() + matrix_norm_cases() + weight_norm_cases())
