"""Operator trees read back from ``explain()`` text (ours or Spark's), for comparing shapes.

A tree line is its drawing prefix (``+- ``, ``:- ``, ``:  ``, three spaces per level) and an
operator; the shape keeps the operator's name (``FileScan``, ``Exchange hashpartitioning``,
``BroadcastHashJoin Inner``) and drops what legitimately differs between runs and engines:
expression ids, ``plan_id``, paths, partition counts, whole-stage ids ``*(n)``.
"""

from __future__ import annotations

import re

SECTION = re.compile(r"^== (.+) ==$", re.M)
_PREFIX = re.compile(r"^((?:[: ] {2}|[+:]- )*)(.*)$")
_JOIN_TYPE = re.compile(r"\b(Inner|LeftOuter|RightOuter|FullOuter|LeftSemi|LeftAnti|Cross|"
                        r"ExistenceJoin)\b")


def sections(text: str) -> dict:
    """``{"Physical Plan": text, ...}`` of an explain output."""
    parts = SECTION.split(text)
    return {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}


def op_name(line: str) -> str:
    """The operator a tree line shows, with the kind that matters for the shape."""
    line = re.sub(r"^\*\(\d+\) ", "", line.strip()).lstrip("'")
    name = re.split(r"[ (\[]", line, maxsplit=1)[0]
    if name == "Exchange":
        kind = re.match(r"Exchange (\w+)", line)
        return f"Exchange {kind.group(1) if kind else ''}".strip()
    if name.endswith("Join") or name == "CartesianProduct":
        m = _JOIN_TYPE.search(line)
        return f"{name} {m.group(1)}" if m else name
    return name


def tree(text: str) -> tuple:
    """``(name, children)`` of a drawn tree (the first line is the root)."""
    stack: list = []
    root = None
    for raw in text.splitlines():
        if not raw.strip():
            break
        prefix, rest = _PREFIX.match(raw).groups()
        depth = len(prefix) // 3
        node = (op_name(rest), [])
        if root is None:
            root = node
        else:
            while len(stack) < depth:   # a subquery is drawn one level further in
                stack.append(stack[-1])
            stack[depth - 1][1].append(node)
        del stack[depth:]
        stack.append(node)
    return root


def without(node: tuple, drop) -> list:
    """``node``'s tree with the operators ``drop(name, parent)`` rejects spliced out (their
    children take their place); a list, since a dropped root leaves its children."""
    kids = [k for c in node[1] for k in _without(c, node[0], drop)]
    return [(node[0], kids)]


def _without(node, parent, drop):
    kids = [k for c in node[1] for k in _without(c, node[0], drop)]
    return kids if drop(node[0], parent) else [(node[0], kids)]


def render(nodes: list, depth: int = 0) -> str:
    """An indented listing of shapes (readable assertion failures)."""
    return "\n".join("  " * depth + n + ("\n" + render(k, depth + 1) if k else "")
                     for n, k in nodes)
