"""CPython's own parse of TorchScript source, printed in tsrt's S-expression form.

module_dump(source) returns what tsrt::script::ast::dump(const Module&) must print for the
same file, so parser_test.cc can compare tsrt's parser against Python's `ast` module. The
conventions mirror tsrt's AST: `-<number>` is folded into the literal, `a and b and c` and
comparison chains nest to the left, `a[i, j]` has two indices, class bodies are sorted into
parameters, buffers, attributes and methods, and `import` lines are dropped.
"""
import ast

BINARY = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}
COMPARE = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}
UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not"}


def quote(text):
    out = '"'
    for byte in text.encode("utf-8"):
        c = chr(byte)
        if c in '"\\':
            out += "\\" + c
        elif c == "\n":
            out += "\\n"
        elif byte < 0x20 or byte == 0x7F:
            out += "\\x%02x" % byte
        else:
            out += c
    # Bytes >= 0x80 were appended one per char; turn them back into the UTF-8 text.
    return out.encode("latin-1").decode("utf-8") + '"'


def fmt_float(value):
    text = "%.17g" % value
    if not any(ch in text for ch in ".eEni"):
        text += "."
    return text


def opt(node):
    return "_" if node is None else expr(node)


def is_number(node):
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def fold_neg(node):
    """-<number> becomes a number, as tsrt's parser folds it."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = fold_neg(node.operand)
        if is_number(operand):
            return ast.Constant(value=-operand.value)
        return ast.UnaryOp(op=node.op, operand=operand)
    return node


def indices(node):
    s = node.slice
    # An unparenthesised tuple `a[i, j]` is several indices; `a[(i, j)]`, `a[()]` one tuple.
    if isinstance(s, ast.Tuple) and s.elts and s.col_offset == s.elts[0].col_offset:
        return s.elts
    return [s]


def expr(node):
    node = fold_neg(node)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant):
        v = node.value
        if v is None:
            return "None"
        if v is True:
            return "True"
        if v is False:
            return "False"
        if v is Ellipsis:
            return "..."
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return fmt_float(v)
        if isinstance(v, str):
            return quote(v)
        raise ValueError("constant %r" % (v,))
    if isinstance(node, ast.Attribute):
        return "(. %s %s)" % (expr(node.value), node.attr)
    if isinstance(node, ast.Subscript):
        return "([] %s)" % " ".join([expr(node.value)] + [expr(i) for i in indices(node)])
    if isinstance(node, ast.Slice):
        return "(: %s %s %s)" % (opt(node.lower), opt(node.upper), opt(node.step))
    if isinstance(node, ast.Call):
        parts = [expr(node.func)] + [expr(a) for a in node.args]
        parts += ["(kw %s %s)" % (k.arg, expr(k.value)) for k in node.keywords]
        return "(call %s)" % " ".join(parts)
    if isinstance(node, ast.UnaryOp):
        return "(%s %s)" % (UNARY[type(node.op)], expr(node.operand))
    if isinstance(node, ast.BinOp):
        return "(%s %s %s)" % (BINARY[type(node.op)], expr(node.left), expr(node.right))
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        out = expr(node.values[0])
        for value in node.values[1:]:
            out = "(%s %s %s)" % (op, out, expr(value))
        return out
    if isinstance(node, ast.Compare):
        out = expr(node.left)
        for op, right in zip(node.ops, node.comparators):
            out = "(%s %s %s)" % (COMPARE[type(op)], out, expr(right))
        return out
    if isinstance(node, ast.IfExp):
        return "(if %s %s %s)" % (expr(node.test), expr(node.body), expr(node.orelse))
    if isinstance(node, ast.List):
        return "(%s)" % " ".join(["list"] + [expr(e) for e in node.elts])
    if isinstance(node, ast.Tuple):
        return "(%s)" % " ".join(["tuple"] + [expr(e) for e in node.elts])
    if isinstance(node, ast.Dict):
        pairs = ["(%s %s)" % (expr(k), expr(v)) for k, v in zip(node.keys, node.values)]
        return "(%s)" % " ".join(["dict"] + pairs)
    if isinstance(node, (ast.ListComp, ast.DictComp)):
        (gen,) = node.generators
        cond = "_" if not gen.ifs else expr(gen.ifs[0])
        if isinstance(node, ast.ListComp):
            return "(listcomp %s %s %s %s)" % (expr(node.elt), expr(gen.target), expr(gen.iter),
                                               cond)
        return "(dictcomp %s %s %s %s %s)" % (expr(node.key), expr(node.value),
                                              expr(gen.target), expr(gen.iter), cond)
    raise ValueError("unsupported expression %s" % ast.dump(node))


def block(stmts):
    return "(%s)" % " ".join(["block"] + [stmt(s) for s in stmts])


def function(node):
    out = "(def " + node.name
    for decorator in node.decorator_list:
        out += " (@ %s)" % expr(decorator)
    args = node.args.args
    defaults = [None] * (len(args) - len(node.args.defaults)) + list(node.args.defaults)
    params = ["(%s %s %s)" % (a.arg, opt(a.annotation), opt(d)) for a, d in zip(args, defaults)]
    out += " (%s)" % " ".join(["params"] + params)
    return out + " %s %s)" % (opt(node.returns), block(node.body))


def stmt(node):
    if isinstance(node, ast.Expr):
        return "(expr %s)" % expr(node.value)
    if isinstance(node, ast.Assign):
        return "(= %s)" % " ".join([expr(t) for t in node.targets] + [expr(node.value)])
    if isinstance(node, ast.AnnAssign):
        return "(= %s %s (type %s))" % (expr(node.target), opt(node.value),
                                        expr(node.annotation))
    if isinstance(node, ast.AugAssign):
        return "(%s= %s %s)" % (BINARY[type(node.op)], expr(node.target), expr(node.value))
    if isinstance(node, ast.If):
        return "(if %s %s %s)" % (expr(node.test), block(node.body), block(node.orelse))
    if isinstance(node, ast.For):
        return "(for %s %s %s)" % (expr(node.target), expr(node.iter), block(node.body))
    if isinstance(node, ast.While):
        return "(while %s %s)" % (expr(node.test), block(node.body))
    if isinstance(node, ast.Return):
        return "(return %s)" % opt(node.value)
    if isinstance(node, ast.Pass):
        return "(pass)"
    if isinstance(node, ast.Break):
        return "(break)"
    if isinstance(node, ast.Continue):
        return "(continue)"
    if isinstance(node, ast.Raise):
        return "(raise %s)" % opt(node.exc)
    if isinstance(node, ast.Assert):
        return "(assert %s %s)" % (expr(node.test), opt(node.msg))
    if isinstance(node, ast.With):
        items = ["(%s %s)" % (expr(i.context_expr), opt(i.optional_vars)) for i in node.items]
        return "(with %s %s)" % (" ".join(items), block(node.body))
    if isinstance(node, ast.Delete):
        return "(%s)" % " ".join(["del"] + [expr(t) for t in node.targets])
    if isinstance(node, ast.FunctionDef):
        return function(node)
    raise ValueError("unsupported statement %s" % ast.dump(node))


def class_dump(node):
    params, buffers, attrs, methods = [], [], [], []
    hooks = {"__forward_pre_hooks__": [], "__forward_hooks__": []}
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            methods.append(function(item))
        elif isinstance(item, ast.Pass):
            pass
        elif isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant):
            pass  # docstring
        elif isinstance(item, ast.AnnAssign):
            attrs.append("(attr %s %s %s)" % (quote(item.target.id), expr(item.annotation),
                                              opt(item.value)))
        elif isinstance(item, ast.Assign):
            (target,) = item.targets
            if isinstance(target, ast.Name) and target.id in ("__parameters__", "__buffers__"):
                names = [e.value for e in item.value.elts]
                (params if target.id == "__parameters__" else buffers).extend(names)
            elif isinstance(target, ast.Name) and target.id in hooks:
                hooks[target.id].extend(e.value for e in item.value.elts)
            elif isinstance(target, ast.Name):
                attrs.append("(attr %s _ %s)" % (quote(target.id), expr(item.value)))
            else:  # __annotations__["0"] = T
                attrs.append("(attr %s %s _)" % (quote(target.slice.value), expr(item.value)))
        else:
            raise ValueError("unsupported class member %s" % ast.dump(item))
    out = "(class %s (%s)" % (node.name, " ".join(["bases"] + [expr(b) for b in node.bases]))
    out += " (%s)" % " ".join(["parameters"] + params)
    out += " (%s)" % " ".join(["buffers"] + buffers)
    for key, label in (("__forward_pre_hooks__", "forward_pre_hooks"),
                       ("__forward_hooks__", "forward_hooks")):
        if hooks[key]:
            out += " (%s)" % " ".join([label] + hooks[key])
    return " ".join([out] + attrs + methods) + ")"


def module_dump(source):
    tree = ast.parse(source)
    version, classes, functions, others = [], [], [], []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ClassDef):
            classes.append(class_dump(node))
        elif isinstance(node, ast.FunctionDef):
            functions.append(function(node))
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id == "op_version_set"):
            version.append("op_version_set %d" % node.value.value)
        else:
            others.append(stmt(node))
    return "".join(line + "\n" for line in version + classes + functions + others)
