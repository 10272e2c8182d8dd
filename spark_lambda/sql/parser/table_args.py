"""Table arguments of table functions in SQL text: ``TABLE(t) PARTITION BY k ORDER BY v``,
``TABLE(t) PARTITION BY (a, b) ORDER BY (c DESC, d)``, ``TABLE(t) WITH SINGLE PARTITION``
(``DISTRIBUTE BY`` and ``SORT BY`` too); and the table function calls holding them
(``table_function``).

sqlglot has no grammar for the clauses after ``TABLE(...)``; ``table_arg_text`` rewrites
them, before parsing, into a second argument of ``TABLE`` that it does parse: a scalar
subquery selecting the partition keys (or the marker column ``__single_partition``) and
ordered by the sort keys, ``TABLE((t), (SELECT k ORDER BY v))``. ``table_arg_keys`` reads
that subquery back.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r"\bTABLE\s*\(", re.I)
_CLAUSE = re.compile(r"\s*(WITH\s+SINGLE\s+PARTITION\b|(?:PARTITION|DISTRIBUTE)\s+BY\b|"
                     r"(?:ORDER|SORT)\s+BY\b)", re.I)
SINGLE = "__single_partition"


def _in_string(text: str, pos: int) -> bool:
    return text.count("'", 0, pos) % 2 == 1


def _scan(text: str, start: int):
    """``(index, character, depth)`` from ``start`` on, outside quoted text; the depth of
    parentheses counts those opened since ``start`` (a closing one before it is opened)."""
    depth, quote = 0, None
    for i in range(start, len(text)):
        c = text[i]
        if quote:
            quote = None if c == quote else quote
            continue
        if c in "'\"`":
            quote = c
            continue
        if c == ")":
            depth -= 1
        yield i, c, depth
        if c == "(":
            depth += 1


def _close(text: str, start: int) -> int:
    """The index of the parenthesis closing the one at ``start`` (strings skipped)."""
    for i, c, depth in _scan(text, start):
        if c == ")" and depth == 0:
            return i
    return len(text) - 1


def _item_end(text: str, start: int) -> int:
    """Where a clause's single expression ends: a top-level comma or closing parenthesis, or
    the next clause keyword."""
    for i, c, depth in _scan(text, start):
        if depth < 0 or (depth == 0 and (c == "," or (
                _CLAUSE.match(text, i) and text[i - 1:i].isspace()))):
            return i
    return len(text)


def _clause_value(text: str, j: int) -> tuple[str, int]:
    k = len(text) - len(text[j:].lstrip())
    if text[k:k + 1] == "(":
        end = _close(text, k)
        return text[k + 1:end], end + 1
    end = _item_end(text, k)
    return text[k:end].strip(), end


def table_arg_text(text: str) -> str:
    """``text`` with each ``TABLE(...)`` followed by partitioning clauses rewritten (see the
    module doc); other text unchanged."""
    pos = 0
    while True:
        m = _TABLE.search(text, pos)
        if m is None:
            return text
        if _in_string(text, m.start()):
            pos = m.end()
            continue
        end = _close(text, m.end() - 1)
        j, parts, orders, single = end + 1, None, None, False
        while True:
            c = _CLAUSE.match(text, j)
            if c is None:
                break
            word = c.group(1).split()[0].upper()
            if word == "WITH":
                single, j = True, c.end()
                continue
            value, j = _clause_value(text, c.end())
            if word in ("PARTITION", "DISTRIBUTE"):
                parts = value
            else:
                orders = value
        if not (parts or orders or single):
            pos = end + 1
            continue
        inner = text[m.end():end].strip()
        keys = f"(SELECT {parts if parts else f'NULL AS {SINGLE}'}" + \
            (f" ORDER BY {orders}" if orders else "") + ")"
        new = f"TABLE(({inner}), {keys})"
        text = text[:m.start()] + new + text[j:]
        pos = m.start() + len(new)


def table_arg_keys(node, expr, sort_key) -> tuple:
    """``(partition expressions, sort orders, single)`` of a rewritten ``TABLE`` call's
    second argument ``node`` (a subquery), converted by ``expr`` and ``sort_key``."""
    select = node.this
    items = select.expressions
    single = len(items) == 1 and items[0].alias_or_name == SINGLE
    parts = () if single else tuple(expr(e) for e in items)
    order = select.args.get("order")
    orders = tuple(sort_key(o) for o in order.expressions) if order is not None else ()
    return parts, orders, single


def table_function(conv, call, alias, ctes, lateral=None):
    """A table function call in FROM (``f(1, x => 2)``, ``f(TABLE(t))``) or after ``LATERAL``
    (``lateral`` is the plan on its left), converted by the parser's converter ``conv``;
    ``AS a(c1, c2)`` names it."""
    from sqlglot import exp

    from ..catalyst.udtf_plans import TableSpec, table_func_call
    args, kwargs = [], []
    for a in call.expressions:
        if isinstance(a, exp.Kwarg):
            kwargs.append((a.this.name, conv.expr(a.expression, ctes)))
        elif isinstance(a, exp.Anonymous) and a.name.upper() == "TABLE":
            inner = a.expressions[0]
            inner = inner.this if isinstance(inner, exp.Paren) else inner
            plan = conv.query(inner, ctes) if isinstance(inner, (exp.Select, exp.Subquery)) \
                else conv.relation(exp.to_table(inner.sql(dialect="spark")), ctes)
            keys = table_arg_keys(a.expressions[1], lambda e: conv.expr(e, ctes),
                                  lambda o: conv.sort_key(o, ctes)) \
                if len(a.expressions) > 1 else ((), (), False)
            args.append(TableSpec(plan, *keys))
        else:
            args.append(conv.expr(a, ctes))
    columns = tuple(c.name for c in alias.args.get("columns") or []) if alias else ()
    name = alias.name if alias is not None else ""
    return table_func_call(call.name, None, tuple(args), tuple(kwargs), lateral, columns, name)
