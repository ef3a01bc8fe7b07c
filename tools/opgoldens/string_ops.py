"""Golden cases for TorchScript's str ops and value printing, computed by TorchScript itself
(see golden_scripted.py).

aten::format is vararg, which the standard runner's call_op cannot pass, so its cases go to a
second file, format_cases.json: {"name", "args": [format string, values...], "expected": str}.

Usage: PYTHONPATH=tools/opgoldens python3 tools/opgoldens/string_ops.py OUT
"""
import json
import os
import sys

import torch

import golden
from golden_scripted import scripted, write_scripted_family


def cases():
    out = []
    # str() of every kind of value, with torch's float printing.
    for i, x in enumerate([0.1, 1.0, 2.5, 1e20, 1e16, 123456789012345678.0, 1e-5, 1e-4, 100.0, -0.0,
                           1 / 3, 12345678.9, 9.2e18, 1e19, -3.75, 5e-324, 1e300]):
        out.append(scripted(f"str_float_{i}", "aten::str", [x], expr="str(a0)"))
    for i, x in enumerate([0, -17, 9223372036854775807]):
        out.append(scripted(f"str_int_{i}", "aten::str", [x], expr="str(a0)"))
    out.append(scripted("str_bool", "aten::str", [False], expr="str(a0)"))
    out.append(scripted("str_none", "aten::str", [None], types=["Optional[int]"], expr="str(a0)"))
    out.append(scripted("str_int_list", "aten::str", [[1, -2, 3]], expr="str(a0)"))
    out.append(scripted("str_float_list", "aten::str", [[1.0, 2.5, 0.1]], expr="str(a0)"))
    out.append(scripted("str_str_list", "aten::str", [["x", "y z"]], expr="str(a0)"))
    out.append(scripted("str_nested_list", "aten::str", [[[1], [2, 3], []]], expr="str(a0)"))
    out.append(scripted("str_empty_list", "aten::str", [[]], types=["List[int]"], expr="str(a0)"))
    out.append(scripted("str_tuple", "aten::str", [(1, "a", 2.0, True)], expr="str(a0)"))
    out.append(scripted("str_tuple_1", "aten::str", [(7,)], expr="str(a0)"))

    text = "  Hello, World of TorchScript  "
    out.append(scripted("len", "aten::len.str", [text]))
    out.append(scripted("len_empty", "aten::len.str", [""]))
    for i, idx in enumerate([0, 4, -1, -5]):
        out.append(scripted(f"getitem_{i}", "aten::__getitem__.str", ["hello", idx], expr="a0[a1]"))
    out.append(scripted("add", "aten::add.str", ["foo", "bar"], expr="a0 + a1"))
    for i, (start, end) in enumerate([(1, 4), (None, 3), (-3, None), (2, -1), (10, None), (-10, 2), (4, 1)]):
        out.append(scripted(f"slice_{i}", "aten::slice.str", ["abcdefg", start, end, 1],
                            types=["str", "Optional[int]", "Optional[int]", "int"], expr="a0[a1:a2]"))
    out.append(scripted("list_of_chars", "aten::list", ["abc"], expr="list(a0)"))
    for op in ["lower", "upper", "swapcase", "capitalize", "title", "strip", "lstrip", "rstrip",
               "isdigit", "isspace", "isalpha", "isalnum", "isupper", "islower", "istitle",
               "isidentifier", "isprintable", "isdecimal", "isnumeric"]:
        for i, s in enumerate([text, "hello world", "HELLO", "123", " \t\n", "", "Abc Def", "ab_12", "a1!"]):
            if op.endswith("strip"):  # the default `chars`, passed explicitly
                out.append(scripted(f"{op}_{i}", f"aten::{op}", [s, " \n\t\f\v"], expr=f"a0.{op}(a1)"))
            else:
                out.append(scripted(f"{op}_{i}", f"aten::{op}", [s], expr=f"a0.{op}()"))
    for i, (s, chars) in enumerate([("xxhixx", "x"), ("abcba", "ab"), ("  a  ", " ")]):
        for op in ["strip", "lstrip", "rstrip"]:
            out.append(scripted(f"{op}_chars_{i}", f"aten::{op}", [s, chars], expr=f"a0.{op}(a1)"))
    for i, (s, sep, mx) in enumerate([("a,b,,c", ",", -1), ("a,b,,c", ",", 2), ("a--b--c", "--", -1),
                                      ("abc", "x", -1), (",a,", ",", -1)]):
        out.append(scripted(f"split_{i}", "aten::split.str", [s, sep, mx], expr="a0.split(a1, a2)"))
        out.append(scripted(f"rsplit_{i}", "aten::rsplit", [s, sep, mx], expr="a0.rsplit(a1, a2)"))
    for i, s in enumerate(["  a b\t c\n", "", "   ", "one"]):
        out.append(scripted(f"split_whitespace_{i}", "aten::split.str", [s, None, -1],
                            types=["str", "Optional[str]", "int"], expr="a0.split(a1, a2)"))
    for i, s in enumerate(["a\nb\r\nc\rd", "a\n\nb\n", "", "x"]):
        out.append(scripted(f"splitlines_{i}", "aten::splitlines", [s, False], expr="a0.splitlines(a1)"))
        out.append(scripted(f"splitlines_keepends_{i}", "aten::splitlines", [s, True], expr="a0.splitlines(a1)"))
    out.append(scripted("join", "aten::join", [", ", ["a", "b", "c"]], expr="a0.join(a1)"))
    out.append(scripted("join_empty", "aten::join", ["-", []], types=["str", "List[str]"], expr="a0.join(a1)"))
    hay = "abcabcab"
    ranges = [(0, -1), (1, -1), (2, 5), (-4, -1), (0, -2), (3, 100), (6, 2)]
    for op in ["find", "rfind", "count", "startswith", "endswith"]:
        # (No empty substring for count: torch's count loops forever on it.)
        for sub in ["ab", "c", "x"] + ([""] if op != "count" else []):
            for i, (start, end) in enumerate(ranges):
                out.append(scripted(f"{op}_{sub or 'empty'}_{i}", f"aten::{op}", [hay, sub, start, end],
                                    expr=f"a0.{op}(a1, a2, a3)"))
    out.append(scripted("index_str", "aten::index.str", [hay, "ca", 0, -1], expr="a0.index(a1, a2, a3)"))
    for i, (s, old, new, mx) in enumerate([("aaaa", "a", "b", -1), ("aaaa", "aa", "b", -1), ("aaaa", "a", "bc", 2),
                                           ("abc", "x", "y", -1)]):  # (no empty `old`: torch loops forever on it)
        out.append(scripted(f"replace_{i}", "aten::replace", [s, old, new, mx], expr="a0.replace(a1, a2, a3)"))
    for i, (s, sep) in enumerate([("a=b=c", "="), ("abc", "="), ("k: v", ": ")]):
        out.append(scripted(f"partition_{i}", "aten::partition", [s, sep], expr="a0.partition(a1)"))
        out.append(scripted(f"rpartition_{i}", "aten::rpartition", [s, sep], expr="a0.rpartition(a1)"))
    for i, (s, width) in enumerate([("ab", 5), ("ab", 6), ("abc", 6), ("abc", 2), ("", 3)]):
        for op in ["center", "ljust", "rjust"]:
            out.append(scripted(f"{op}_{i}", f"aten::{op}", [s, width, "*"], expr=f"a0.{op}(a1, a2)"))
    for i, (s, width) in enumerate([("42", 5), ("-42", 5), ("+7", 4), ("abc", 2)]):
        out.append(scripted(f"zfill_{i}", "aten::zfill", [s, width], expr="a0.zfill(a1)"))
    for i, (s, tab) in enumerate([("a\tbc\td", 4), ("\t", 8), ("ab\tc", 0)]):
        out.append(scripted(f"expandtabs_{i}", "aten::expandtabs", [s, tab], expr="a0.expandtabs(a1)"))
    for i, v in enumerate([0, 5, -10, 255]):
        out.append(scripted(f"bin_{i}", "aten::bin", [v], expr="bin(a0)"))
    for i, v in enumerate([0, 255, -4096]):
        out.append(scripted(f"hex_{i}", "aten::hex", [v], expr="hex(a0)"))
        out.append(scripted(f"oct_{i}", "aten::oct", [v], expr="oct(a0)"))
    out.append(scripted("rindex_str", "aten::rindex", [hay, "ab", 0, -1], expr="a0.rindex(a1, a2, a3)"))
    out.append(scripted("chr", "aten::chr", [65], expr="chr(a0)"))
    out.append(scripted("ord", "aten::ord", ["z"], expr="ord(a0)"))
    return out


FORMAT_CASES = [
    ("no_placeholders", ["plain text"], ["str"]),
    ("int_float", ["{} and {}", 3, 2.5], ["str", "int", "float"]),
    ("integral_float", ["x={}", 1.0], ["str", "float"]),
    ("repeating_float", ["{}", 0.1], ["str", "float"]),
    ("bool_str", ["{}/{}", True, "s"], ["str", "bool", "str"]),
    ("list", ["shape {}", [2, 3]], ["str", "List[int]"]),
    ("float_list", ["{}", [1.0, 0.5]], ["str", "List[float]"]),
    ("extra_args", ["{}", 1, 2], ["str", "int", "int"]),
    ("braces", ["{} {{}} {}", 1, 2, 3], ["str", "int", "int", "int"]),
    ("tuple", ["t={}", (1, "a")], ["str", "Tuple[int, str]"]),
]


def format_cases(out_root):
    entries = []
    for name, args, types in FORMAT_CASES:
        params = ", ".join(f"a{i}: {t}" for i, t in enumerate(types))
        call = "a0.format(" + ", ".join(f"a{i}" for i in range(1, len(args))) + ")"
        fn = torch.jit.CompilationUnit(f"def f({params}):\n    return {call}\n").f
        assert any(n.kind() == "aten::format" for n in fn.graph.nodes()), name
        w = golden._Writer(os.path.join(out_root, "ops", "string_ops"), name)
        entries.append({"name": name, "args": [w.encode(a) for a in args], "expected": fn(*args)})
    with open(os.path.join(out_root, "ops", "string_ops", "format_cases.json"), "w") as f:
        json.dump(entries, f, indent=1, allow_nan=False)
    print(f"string_ops: {len(entries)} format cases")


if __name__ == "__main__":
    write_scripted_family("string_ops", cases())
    format_cases(sys.argv[1])
