"""XPath 1.0 over an XML document, as Spark's ``xpath*`` functions evaluate it (the JDK's
``javax.xml.xpath``): location paths on every axis but ``namespace``, predicates, the core
function library, node-set comparisons by string value, and the number and string rules
(``number('x')`` is NaN, ``string(3.0)`` is ``3``).

This module reads the document (``xml.etree``; its text, including whitespace between
elements, becomes text nodes), parses the expression and holds XPath's conversions
(``string_value``, ``to_number``, ``to_string``, ``to_bool``); ``spark_xpath_eval`` evaluates.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache


class XPathError(ValueError):
    """A malformed XML document or XPath expression."""


class Node:
    """One node of the document: ``kind`` is root, element, text or attribute."""
    __slots__ = ("kind", "name", "value", "children", "attrs", "parent", "order")

    def __init__(self, kind, name=None, value=None, parent=None):
        self.kind, self.name, self.value, self.parent = kind, name, value, parent
        self.children, self.attrs, self.order = [], [], 0


def parse_document(xml: str) -> Node:
    """The document's root node (its text nodes and attributes in document order)."""
    import xml.etree.ElementTree as ET
    try:
        top = ET.fromstring(xml)
    except ET.ParseError as e:
        raise XPathError(f"Invalid XML document: {e}") from None
    root = Node("root")
    counter = [0]

    def number(n):
        counter[0] += 1
        n.order = counter[0]
        return n

    def build(el, parent):
        name = el.tag.split("}", 1)[-1] if isinstance(el.tag, str) else ""
        node = number(Node("element", name, parent=parent))
        parent.children.append(node)
        node.attrs = [number(Node("attribute", k.split("}", 1)[-1], v, node))
                      for k, v in el.attrib.items()]
        if el.text:
            node.children.append(number(Node("text", value=el.text, parent=node)))
        for child in el:
            build(child, node)
            if child.tail:
                node.children.append(number(Node("text", value=child.tail, parent=node)))
    build(top, root)
    return root


def string_value(node: Node) -> str:
    """The XPath string value of a node: its text, or all its descendants' text."""
    if node.kind in ("text", "attribute"):
        return node.value
    return "".join(string_value(c) for c in node.children)


def to_number(v) -> float:
    """XPath ``number()``."""
    if isinstance(v, list):
        v = to_string(v)
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, float):
        return v
    s = v.strip()
    return float(s) if re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", s) else math.nan


def to_string(v) -> str:
    """XPath ``string()``."""
    if isinstance(v, list):
        return string_value(v[0]) if v else ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return str(int(v)) if v == int(v) else repr(v)
    return v


def to_bool(v) -> bool:
    """XPath ``boolean()``."""
    if isinstance(v, float):
        return not (v == 0 or math.isnan(v))
    return bool(v)


_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|(\"[^\"]*\"|'[^']*')|(//|::|\.\.|!=|<=|>="
                    r"|[/()\[\]@,|.=<>+*-])|(\$?[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?))")
_NODE_TYPES = {"text", "node", "comment", "processing-instruction"}
_OPERATOR_NAMES = {"and", "or", "div", "mod"}


def _tokens(path: str) -> list:
    out, i = [], 0
    path = path.rstrip()
    while i < len(path):
        m = _TOKEN.match(path, i)
        if not m or m.end() == i:
            raise XPathError(f"Invalid XPath '{path}': unexpected text at {i}")
        num, lit, op, name = m.groups()
        prev = out[-1] if out else None
        # '*' and and/or/div/mod are operators after an operand (XPath 1.0, 3.7)
        after_operand = prev is not None and prev[0] in ("num", "lit", "name") or \
            prev in (("op", ")"), ("op", "]"), ("op", "."), ("op", ".."), ("op", "*"))
        if num is not None:
            out.append(("num", float(num)))
        elif lit is not None:
            out.append(("lit", lit[1:-1]))
        elif op == "*" and after_operand and prev != ("op", "@") and prev != ("op", "::"):
            out.append(("op", "mul"))
        elif op is not None:
            out.append(("op", op))
        elif name in _OPERATOR_NAMES and after_operand:
            out.append(("op", name))
        else:
            out.append(("name", name))
        i = m.end()
    return out


class _Parser:
    def __init__(self, path: str):
        self.path, self.t, self.i = path, _tokens(path), 0

    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else (None, None)

    def take(self, op=None):
        tok = self.peek()
        if op is not None and tok != ("op", op):
            raise XPathError(f"Invalid XPath '{self.path}': expected '{op}'")
        self.i += 1
        return tok

    def binary(self, ops, sub):
        left = sub()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            left = ("bin", op, left, sub())
        return left

    def expr(self):
        return self.binary({"or"}, lambda: self.binary({"and"}, lambda: self.binary(
            {"=", "!="}, lambda: self.binary({"<", "<=", ">", ">="}, lambda: self.binary(
                {"+", "-"}, lambda: self.binary({"mul", "div", "mod"}, self.unary))))))

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        return self.binary({"|"}, self.path_expr)

    def path_expr(self):
        kind, val = self.peek()
        if kind in ("num", "lit") or (kind == "op" and val == "(") or (
                kind == "name" and self.peek(1) == ("op", "(") and val not in _NODE_TYPES):
            node = self.primary()
            preds = self.predicates()
            if preds:
                node = ("filter", node, preds)
            if self.peek() in (("op", "/"), ("op", "//")):
                return ("path", node, self.relative())
            return node
        if self.peek() in (("op", "/"), ("op", "//")):
            k2, v2 = self.peek(1)
            if self.peek() == ("op", "/") and not (k2 == "name" or v2 in (".", "..", "@", "*")):
                self.take()
                return ("path", ("root",), [])
            return ("path", ("root",), self.relative())
        return ("path", None, self.relative(first=True))

    def relative(self, first=False):
        steps = []
        while True:
            if not first or steps:
                sep = self.peek()
                if sep == ("op", "//"):
                    steps.append(("descendant-or-self", ("type", "node"), []))
                elif sep != ("op", "/"):
                    return steps
                self.take()
            steps.append(self.step())

    def step(self):
        if self.peek() == ("op", "."):
            self.take()
            return ("self", ("type", "node"), [])
        if self.peek() == ("op", ".."):
            self.take()
            return ("parent", ("type", "node"), [])
        axis = "child"
        if self.peek() == ("op", "@"):
            self.take()
            axis = "attribute"
        elif self.peek()[0] == "name" and self.peek(1) == ("op", "::"):
            axis = self.take()[1]
            self.take("::")
        kind, val = self.take()
        if kind == "name" and val in _NODE_TYPES and self.peek() == ("op", "("):
            self.take("(")
            self.take(")")
            test = ("type", val)
        elif kind == "name" or (kind, val) == ("op", "*"):
            test = ("name", val)
        else:
            raise XPathError(f"Invalid XPath '{self.path}': expected a step")
        return (axis, test, self.predicates())

    def predicates(self):
        out = []
        while self.peek() == ("op", "["):
            self.take()
            out.append(self.expr())
            self.take("]")
        return out

    def primary(self):
        kind, val = self.take()
        if kind in ("num", "lit"):
            return (kind, val)
        if (kind, val) == ("op", "("):
            inner = self.expr()
            self.take(")")
            return inner
        self.take("(")
        args = []
        while self.peek() != ("op", ")"):
            args.append(self.expr())
            if self.peek() == ("op", ","):
                self.take()
            elif self.peek() != ("op", ")"):
                raise XPathError(f"Invalid XPath '{self.path}': expected ',' or ')'")
        self.take(")")
        return ("call", val, args)


@lru_cache(maxsize=256)
def compile_path(path: str):
    """The parsed expression (cached: a column's path is usually one constant)."""
    p = _Parser(path)
    if not p.t:
        raise XPathError("Invalid XPath '': the expression is empty")
    tree = p.expr()
    if p.i != len(p.t):
        raise XPathError(f"Invalid XPath '{path}': unexpected '{p.peek()[1]}'")
    return tree

