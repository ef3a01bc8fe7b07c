"""Golden cases for TorchScript's dict ops, computed by TorchScript itself (see
golden_scripted.py). Dicts are encoded as {"dict": [[key, value], ...]}; the standard runner
(tests/op_golden) reads them and checks "args_after", the arguments after a mutating op.

Tensor keys hash by identity in torch, which a file cannot express: those ops are checked in C++.

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/dict_ops.py OUT
"""
import torch

from golden_scripted import scripted, write_scripted_family


def cases():
    out = []
    samples = {
        "str": ({"b": 2, "a": 1, "c": 3}, "a", "zz"),
        "int": ({10: 1.5, -3: 2.5, 7: 0.25}, -3, 99),
        "float": ({0.5: "x", 2.0: "y"}, 2.0, 3.5),
        "bool": ({True: [1, 2], False: [3]}, False, None),
    }
    for k, (d, present, absent) in samples.items():
        some_value = next(iter(d.values()))
        out.append(scripted(f"getitem_{k}", f"aten::__getitem__.Dict_{k}", [d, present], expr="a0[a1]"))
        out.append(scripted(f"set_item_new_{k}", f"aten::_set_item.{k}", [d, absent if absent is not None else present, some_value],
                            expr="torch.ops.aten._set_item(a0, a1, a2)"))
        out.append(scripted(f"set_item_existing_{k}", f"aten::_set_item.{k}", [d, present, some_value],
                            expr="torch.ops.aten._set_item(a0, a1, a2)"))
        out.append(scripted(f"get_{k}", f"aten::get.{k}", [d, present], expr="a0.get(a1)"))
        out.append(scripted(f"get_default_{k}", f"aten::get.default_{k}", [d, present, some_value],
                            expr="a0.get(a1, a2)"))
        out.append(scripted(f"keys_{k}", f"aten::keys.{k}", [d], expr="a0.keys()"))
        out.append(scripted(f"values_{k}", f"aten::values.{k}", [d], expr="a0.values()"))
        out.append(scripted(f"items_{k}", f"aten::items.{k}", [d], expr="a0.items()"))
        out.append(scripted(f"len_{k}", f"aten::len.Dict_{k}", [d], expr="len(a0)"))
        out.append(scripted(f"contains_{k}", f"aten::__contains__.{k}", [d, present], expr="a1 in a0"))
        out.append(scripted(f"pop_{k}", f"aten::pop.Dict_{k}", [d, present], expr="a0.pop(a1)"))
        out.append(scripted(f"pop_default_{k}", f"aten::pop.Dict_default_{k}", [d, present, some_value],
                            expr="a0.pop(a1, a2)"))
        out.append(scripted(f"popitem_{k}", f"aten::popitem.{k}", [d], expr="a0.popitem()"))
        out.append(scripted(f"clear_{k}", f"aten::clear.{k}", [d], expr="a0.clear()"))
        out.append(scripted(f"setdefault_existing_{k}", f"aten::setdefault.{k}", [d, present, some_value],
                            expr="a0.setdefault(a1, a2)"))
        out.append(scripted(f"update_{k}", f"aten::update.{k}", [d, dict(reversed(list(d.items())))],
                            expr="a0.update(a1)"))
        out.append(scripted(f"delete_{k}", f"aten::Delete.Dict_{k}", [d, present], expr="torch.ops.aten.Delete(a0, a1)"))
        out.append(scripted(f"copy_{k}", f"aten::copy.Dict_{k}", [d], expr="a0.copy()"))
        out.append(scripted(f"dict_copy_{k}", f"aten::dict.Dict_{k}", [d], expr="dict(a0)"))
        out.append(scripted(f"dict_from_pairs_{k}", f"aten::dict.{k}", [list(d.items())], expr="torch.ops.aten.dict(a0)"))
        if absent is not None:
            out.append(scripted(f"get_missing_{k}", f"aten::get.{k}", [d, absent], expr="a0.get(a1)"))
            out.append(scripted(f"get_default_missing_{k}", f"aten::get.default_{k}", [d, absent, some_value],
                                expr="a0.get(a1, a2)"))
            out.append(scripted(f"contains_missing_{k}", f"aten::__contains__.{k}", [d, absent], expr="a1 in a0"))
            out.append(scripted(f"pop_default_missing_{k}", f"aten::pop.Dict_default_{k}", [d, absent, some_value],
                                expr="a0.pop(a1, a2)"))
            out.append(scripted(f"setdefault_new_{k}", f"aten::setdefault.{k}", [d, absent, some_value],
                                expr="a0.setdefault(a1, a2)"))
    out.append(scripted("tensor_values", "aten::__getitem__.Dict_str", [{"w": torch.ones(2, 3), "b": torch.zeros(3)}, "b"],
                        expr="a0[a1]"))
    out.append(scripted("dict_pairs_duplicate_keys", "aten::dict.str", [[("a", 1), ("b", 2), ("a", 3)]], expr="torch.ops.aten.dict(a0)"))
    out.append(scripted("update_overlapping", "aten::update.str", [{"a": 1, "b": 2}, {"b": 20, "c": 30}],
                        expr="a0.update(a1)"))
    out.append(scripted("set_item_keeps_order", "aten::_set_item.str", [{"a": 1, "b": 2}, "a", 5],
                        expr="torch.ops.aten._set_item(a0, a1, a2)"))
    out.append(scripted("empty_dict", "aten::dict", [], expr="torch.ops.aten.dict()"))
    out.append(scripted("str_of_dict", "aten::str", [{"a": [1.0, 2.5], "b": []}], expr="str(a0)"))
    out.append(scripted("str_of_int_dict", "aten::str", [{1: "x", 2: "y"}], expr="str(a0)"))
    return out


if __name__ == "__main__":
    write_scripted_family("dict_ops", cases())
