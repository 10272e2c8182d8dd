"""Evaluating a parsed XPath 1.0 expression (``spark_xpath.compile_path``) over a document:
axes, node tests and predicates (positions counted backwards on the reverse axes), the core
function library, and comparisons (a node-set compares by any of its nodes' values)."""

from __future__ import annotations

import math
import operator

from .spark_xpath import (XPathError, compile_path, parse_document, string_value, to_bool,
                          to_number, to_string)

_REVERSE = {"parent", "ancestor", "ancestor-or-self", "preceding-sibling", "preceding"}
_COMPARE = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}


def evaluate(xml: str, path: str):
    """The value of XPath ``path`` over the document ``xml``: a list of nodes (a node-set), a
    string, a float or a bool."""
    root = parse_document(xml)
    return _eval(compile_path(path), root, 1, 1, root)


def _descendants(n):
    for c in n.children:
        yield c
        yield from _descendants(c)


def _ancestors(n):
    while n.parent is not None:
        n = n.parent
        yield n


def _axis(axis: str, n, root):
    if axis == "child":
        return list(n.children)
    if axis == "attribute":
        return list(n.attrs)
    if axis == "self":
        return [n]
    if axis == "parent":
        return [n.parent] if n.parent is not None else []
    if axis == "descendant":
        return list(_descendants(n))
    if axis == "descendant-or-self":
        return [n] + list(_descendants(n))
    if axis == "ancestor":
        return list(_ancestors(n))
    if axis == "ancestor-or-self":
        return [n] + list(_ancestors(n))
    if axis in ("following-sibling", "preceding-sibling"):
        if n.parent is None or n.kind == "attribute":
            return []
        sib = n.parent.children
        i = next(k for k, c in enumerate(sib) if c is n)
        return sib[i + 1:] if axis == "following-sibling" else sib[:i][::-1]
    if axis in ("following", "preceding"):
        up = {id(a) for a in _ancestors(n)}
        nodes = [d for d in _descendants(root) if id(d) not in up and d is not n]
        if axis == "following":
            inside = {id(d) for d in _descendants(n)}
            return [d for d in nodes if d.order > n.order and id(d) not in inside]
        return [d for d in nodes if d.order < n.order][::-1]
    raise XPathError(f"Unsupported XPath axis '{axis}'")


def _matches(test, n, axis: str) -> bool:
    kind, val = test
    if kind == "type":
        return val == "node" or (val == "text" and n.kind == "text")
    principal = "attribute" if axis == "attribute" else "element"
    if n.kind != principal:
        return False
    return val == "*" or val.endswith(":*") or n.name == val.split(":")[-1]


def _filter(nodes: list, preds, root) -> list:
    for pred in preds:
        size, kept = len(nodes), []
        for pos, n in enumerate(nodes, 1):
            v = _eval(pred, n, pos, size, root)
            if (pos == v) if isinstance(v, float) else to_bool(v):
                kept.append(n)
        nodes = kept
    return nodes


def _in_order(nodes) -> list:
    seen, out = set(), []
    for n in nodes:
        if id(n) not in seen:
            seen.add(id(n))
            out.append(n)
    return sorted(out, key=lambda n: n.order)


def _steps(start: list, steps, root) -> list:
    nodes = start
    for axis, test, preds in steps:
        out = []
        for n in nodes:
            found = [c for c in _axis(axis, n, root) if _matches(test, c, axis)]
            out.extend(_filter(found, preds, root))   # reverse axes: nearest first
        nodes = _in_order(out)
    return nodes


def _compare(op: str, a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        if isinstance(a, list) and isinstance(b, list):
            right = [string_value(y) for y in b]
            return any(_compare(op, string_value(x), y) for x in a for y in right)
        if isinstance(a, list):
            if isinstance(b, bool):
                return _compare(op, to_bool(a), b)
            return any(_compare(op, string_value(x), b) for x in a)
        if isinstance(a, bool):
            return _compare(op, a, to_bool(b))
        return any(_compare(op, a, string_value(y)) for y in b)
    if op in ("=", "!="):
        if isinstance(a, bool) or isinstance(b, bool):
            return _COMPARE[op](to_bool(a), to_bool(b))
        if isinstance(a, float) or isinstance(b, float):
            return _COMPARE[op](to_number(a), to_number(b))
        return _COMPARE[op](to_string(a), to_string(b))
    return _COMPARE[op](to_number(a), to_number(b))


def _arith(op: str, x: float, y: float) -> float:
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "mul":
        return x * y
    if op == "div":
        if y == 0:
            return math.nan if x == 0 or math.isnan(x) else math.copysign(math.inf, x) * (
                math.copysign(1, y))
        return x / y
    return math.fmod(x, y) if y != 0 else math.nan


def _eval(e, node, pos: int, size: int, root):
    kind = e[0]
    if kind in ("num", "lit"):
        return e[1]
    if kind == "root":
        return [root]
    if kind == "neg":
        return -to_number(_eval(e[1], node, pos, size, root))
    if kind == "filter":
        v = _eval(e[1], node, pos, size, root)
        if not isinstance(v, list):
            raise XPathError("A predicate applies to a node-set only")
        return _filter(v, e[2], root)
    if kind == "path":
        start = [node] if e[1] is None else _eval(e[1], node, pos, size, root)
        if not isinstance(start, list):
            raise XPathError("A path step applies to a node-set only")
        return _steps(start, e[2], root) if e[2] else start
    if kind == "bin":
        op, left, right = e[1], e[2], e[3]
        if op == "or":
            return to_bool(_eval(left, node, pos, size, root)) or \
                to_bool(_eval(right, node, pos, size, root))
        if op == "and":
            return to_bool(_eval(left, node, pos, size, root)) and \
                to_bool(_eval(right, node, pos, size, root))
        a, b = _eval(left, node, pos, size, root), _eval(right, node, pos, size, root)
        if op == "|":
            if not (isinstance(a, list) and isinstance(b, list)):
                raise XPathError("'|' joins node-sets only")
            return _in_order(a + b)
        if op in _COMPARE:
            return _compare(op, a, b)
        return _arith(op, to_number(a), to_number(b))
    if kind == "call":
        return _call(e[1], [lambda x=x: _eval(x, node, pos, size, root) for x in e[2]],
                     node, pos, size)
    raise XPathError(f"Unsupported XPath expression {kind}")


def _call(name: str, args: list, node, pos: int, size: int):
    vals = [a() for a in args]
    n = len(vals)
    ctx_str = (lambda: to_string(vals[0])) if n else (lambda: string_value(node))
    if name == "last":
        return float(size)
    if name == "position":
        return float(pos)
    if name == "count":
        return float(len(vals[0]))
    if name in ("name", "local-name"):
        target = (vals[0][0] if vals[0] else None) if n else node
        return target.name or "" if target is not None else ""
    if name == "string":
        return ctx_str()
    if name == "concat":
        return "".join(to_string(v) for v in vals)
    if name == "starts-with":
        return to_string(vals[0]).startswith(to_string(vals[1]))
    if name == "contains":
        return to_string(vals[1]) in to_string(vals[0])
    if name in ("substring-before", "substring-after"):
        s, t = to_string(vals[0]), to_string(vals[1])
        i = s.find(t)
        if i < 0:
            return ""
        return s[:i] if name == "substring-before" else s[i + len(t):]
    if name == "substring":
        s = to_string(vals[0])
        start = _round(to_number(vals[1]))
        end = start + _round(to_number(vals[2])) if n > 2 else math.inf
        return "".join(ch for i, ch in enumerate(s, 1) if start <= i < end)
    if name == "string-length":
        return float(len(ctx_str()))
    if name == "normalize-space":
        return " ".join(ctx_str().split())
    if name == "translate":
        s, src, dst = (to_string(v) for v in vals)
        table = {}
        for i, ch in enumerate(src):
            table.setdefault(ord(ch), dst[i] if i < len(dst) else None)
        return s.translate(table)
    if name == "not":
        return not to_bool(vals[0])
    if name in ("true", "false"):
        return name == "true"
    if name == "boolean":
        return to_bool(vals[0])
    if name == "number":
        return to_number(vals[0]) if n else to_number(string_value(node))
    if name == "sum":
        return float(sum(to_number(string_value(x)) for x in vals[0]))
    if name in ("floor", "ceiling", "round"):
        x = to_number(vals[0])
        if math.isnan(x) or math.isinf(x):
            return x
        return float({"floor": math.floor, "ceiling": math.ceil, "round": _round}[name](x))
    raise XPathError(f"Unknown XPath function '{name}()'")


def _round(x: float) -> float:
    return x if math.isnan(x) or math.isinf(x) else float(math.floor(x + 0.5))
