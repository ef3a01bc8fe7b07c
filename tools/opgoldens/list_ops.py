"""Golden cases for TorchScript's list ops, computed by TorchScript itself (see
golden_scripted.py). Mutating ops also record the list after the call ("args_after").

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/list_ops.py OUT
"""
import torch

from golden_scripted import scripted, write_scripted_family


def cases():
    out = []
    ints, floats = [3, -1, 4, 1, -5, 9, 2], [2.5, -1.0, 0.25, 7.0]
    strs, bools = ["pear", "apple", "fig", "apple"], [True, False, True]
    samples = {"int": ints, "float": floats, "str": strs, "bool": bools}
    for t, xs in samples.items():
        out.append(scripted(f"len_{t}", "aten::len.t", [xs]))
        out.append(scripted(f"getitem_{t}", "aten::__getitem__.t", [xs, 1]))
        out.append(scripted(f"getitem_negative_{t}", "aten::__getitem__.t", [xs, -1]))
        out.append(scripted(f"set_item_{t}", "aten::_set_item.t", [xs, -2, xs[0]]))
        out.append(scripted(f"append_{t}", "aten::append.t", [xs, xs[1]]))
        out.append(scripted(f"extend_{t}", "aten::extend.t", [xs, xs[:2]]))
        out.append(scripted(f"insert_{t}", "aten::insert.t", [xs, 1, xs[2]]))
        out.append(scripted(f"pop_{t}", "aten::pop.t", [xs, -1]))
        out.append(scripted(f"pop_front_{t}", "aten::pop.t", [xs, 0]))
        out.append(scripted(f"clear_{t}", "aten::clear.t", [xs]))
        out.append(scripted(f"reverse_{t}", "aten::reverse.t", [xs]))
        out.append(scripted(f"add_{t}", "aten::add.t", [xs, xs[::-1]]))
        out.append(scripted(f"mul_left_{t}", "aten::mul.left_t", [xs, 2], expr="a0 * a1"))
        out.append(scripted(f"mul_right_{t}", "aten::mul.right_", [3, xs[:2]], expr="a0 * a1"))
        out.append(scripted(f"list_copy_{t}", "aten::list.t", [xs], expr="list(a0)"))
        out.append(scripted(f"copy_{t}", "aten::copy.t", [xs], expr="a0.copy()"))
        out.append(scripted(f"remove_{t}", f"aten::remove.{t}", [xs, xs[2]]))
        out.append(scripted(f"count_{t}", f"aten::count.{t}", [xs, xs[0]]))
        out.append(scripted(f"index_{t}", f"aten::index.list_{t}", [xs, xs[2]], expr="a0.index(a1)"))
        out.append(scripted(f"sort_{t}", f"aten::sort.{t}", [xs, False], expr="a0.sort(reverse=a1)"))
        out.append(scripted(f"sort_reverse_{t}", f"aten::sort.{t}", [xs, True], expr="a0.sort(reverse=a1)"))
        out.append(scripted(f"sorted_{t}", f"aten::sorted.{t}", [xs], expr="sorted(a0)"))
        out.append(scripted(f"eq_{t}_list", f"aten::eq.{t}_list", [xs, list(xs)], expr="a0 == a1"))
        out.append(scripted(f"eq_{t}_list_differs", f"aten::eq.{t}_list", [xs, xs[:-1]], expr="a0 == a1"))
        out.append(scripted(f"ne_{t}_list", f"aten::ne.{t}_list", [xs, xs[::-1]], expr="a0 != a1"))
        if t != "bool":
            out.append(scripted(f"contains_{t}", f"aten::__contains__.{t}_list", [xs, xs[1]], expr="a1 in a0"))
            out.append(scripted(f"contains_not_{t}", f"aten::__contains__.{t}_list", [xs[1:], xs[0] if t != "str" else "kiwi"],
                                expr="a1 in a0"))
        if t != "str":
            out.append(scripted(f"sum_{t}", f"aten::sum.{t}", [xs], expr="sum(a0)"))
            out.append(scripted(f"all_{t}", f"aten::all.{t}", [xs], expr="all(a0)"))
            out.append(scripted(f"min_self_{t}", f"prim::min.self_{t}", [xs], expr="min(a0)"))
            out.append(scripted(f"max_self_{t}", f"prim::max.self_{t}", [xs], expr="max(a0)"))
            out.append(scripted(f"min_{t}_list", f"prim::min.{t}_list", [xs, xs[:2]], expr="min(a0, a1)"))
            out.append(scripted(f"max_{t}_list", f"prim::max.{t}_list", [xs, xs[:2]], expr="max(a0, a1)"))
        out.append(scripted(f"any_{t}", f"aten::any.{t}", [xs], expr="any(a0)"))
    for t, xs in samples.items():
        out.append(scripted(f"delete_{t}", "aten::Delete.t", [xs, -2], expr="torch.ops.aten.Delete(a0, a1)"))
        out.append(scripted(f"select_{t}", "aten::select.t", [xs, 1], expr="torch.ops.aten.select(a0, a1)"))
        out.append(scripted(f"add_inplace_{t}", "aten::add_.t", [xs, xs[:2]], expr="torch.ops.aten.add_(a0, a1)"))
        out.append(scripted(f"mul_inplace_{t}", "aten::mul_.t", [xs, 2], expr="torch.ops.aten.mul_(a0, a1)"))
    # Tensor elements compare by the value of `==` (one element each), not by identity.
    scalars = [torch.tensor([1.0]), torch.tensor([3.0]), torch.tensor([3.0])]
    out.append(scripted("count_tensor", "aten::count.Tensor", [scalars, torch.tensor([3.0])]))
    out.append(scripted("index_tensor", "aten::index.list_Tensor", [scalars, torch.tensor([3.0])],
                        expr="a0.index(a1)"))
    out.append(scripted("remove_tensor", "aten::remove.Tensor", [scalars, torch.tensor([3.0])]))
    pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
    out.append(scripted("sort_tuples", "aten::sort.any", [pairs, False], expr="a0.sort(reverse=a1)"))
    out.append(scripted("sort_tuples_reverse", "aten::sort.any", [pairs, True], expr="a0.sort(reverse=a1)"))
    out.append(scripted("sorted_tuples", "aten::sorted.any", [pairs], expr="sorted(a0)"))
    out.append(scripted("rangelist", "prim::rangelist", [4], expr="torch.ops.prim.rangelist(a0)"))
    out.append(scripted("all_int_zero", "aten::all.int", [[1, 0, 2]], expr="all(a0)"))
    out.append(scripted("any_str_empty", "aten::any.str", [["", ""]], expr="any(a0)"))
    out.append(scripted("insert_past_end", "aten::insert.t", [[1, 2], 10, 7]))
    out.append(scripted("insert_before_start", "aten::insert.t", [[1, 2], -10, 7]))
    out.append(scripted("insert_negative", "aten::insert.t", [[1, 2, 3], -1, 7]))
    out.append(scripted("sort_stable_reverse", "aten::sort.float", [[1.0, 2.0, 1.0, 3.0], True],
                        expr="a0.sort(reverse=a1)"))
    out.append(scripted("len_empty", "aten::len.t", [[]], types=["List[int]"]))
    out.append(scripted("len_tensor", "aten::len.Tensor", [torch.zeros(3, 2)], expr="len(a0)"))
    out.append(scripted("getitem_tensor", "aten::__getitem__.t", [[torch.ones(2), torch.zeros(3)], 1]))
    out.append(scripted("append_tensor", "aten::append.t", [[torch.ones(2)], torch.zeros(3)]))
    nested = [[1, 2], [3], []]
    out.append(scripted("getitem_nested", "aten::__getitem__.t", [nested, 0]))
    out.append(scripted("append_nested", "aten::append.t", [nested, [4, 5]]))
    out.append(scripted("add_nested", "aten::add.t", [nested, nested]))
    # Slices: Python's rules for None bounds, negative and out-of-range indices and steps.
    xs = list(range(10))
    slices = [(None, None, 1), (2, None, 1), (None, 3, 1), (-3, None, 1), (1, -1, 2), (8, 2, -2),
              (None, None, -1), (20, None, 1), (-20, 3, 1), (5, 2, 1), (None, None, 3), (-1, -20, -3)]
    for i, (start, end, step) in enumerate(slices):
        out.append(scripted(f"slice_{i}", "aten::slice.t", [xs, start, end, step],
                            types=["List[int]", "Optional[int]", "Optional[int]", "int"]))
    return out


if __name__ == "__main__":
    write_scripted_family("list_ops", cases())
