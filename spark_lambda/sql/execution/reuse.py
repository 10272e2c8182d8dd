"""Subplans computed once in a one-task query (Spark's ``ReuseExchange`` and
``ReuseSubquery``, for the one DuckDB query a small plan becomes: ``one_task``).

A query that names the same relation twice (a common table expression read by the query and
by its scalar subquery, as TPC-H q15's ``revenue0``) holds two copies of its plan, alike but
for their attribute ids. Planned as one task, the first copy's SQL becomes a materialized
common table expression of the task's query and every copy reads it, renaming its columns
to the copy's ids, so DuckDB computes it once.

Two subplans are the same when ``canonical_key`` says so: the same node types, fields and
expressions throughout, attribute ids numbered in order of appearance, and the very same
sources (files, local rows, RDDs are compared by identity). Only subplans with an aggregate,
a join or a window are shared: a scan or a filter over one costs DuckDB less than
materializing it; and none calling a Python function (which may give other values each
time it is called, as ``asNondeterministic`` declares).
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..catalyst.udf_expr import PythonUDF
from ..catalyst.window_plans import Window
from ..types import DataType
from .expr_sql import column
from .fragment import Fragment, _names

_WORTH = (lp.Aggregate, lp.Join, Window)
_VALUES = (str, int, float, bool, bytes, type(None), decimal.Decimal, datetime.date,
           datetime.datetime, datetime.time, datetime.timedelta)


def canonical_key(plan: lp.Plan) -> tuple:
    """A hashable description of ``plan`` equal for plans computing the same rows in the
    same way, attribute ids aside (see the module doc)."""
    ids: dict = {}

    def key(v):
        if isinstance(v, lp.Opaque):
            return ("opaque", id(v.value))
        if isinstance(v, DataType):
            return ("type", repr(v))
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            parts = [type(v).__name__]
            for f in dataclasses.fields(v):
                x = getattr(v, f.name)
                parts.append(("id", ids.setdefault(x, len(ids))) if f.name == "expr_id"
                             else key(x))
            return tuple(parts)
        if isinstance(v, (tuple, list)):
            return ("seq",) + tuple(key(x) for x in v)
        if isinstance(v, _VALUES):
            return (type(v).__name__, repr(v))
        return ("object", id(v))   # anything else: only itself is the same
    return key(plan)


def _subplans(plan: lp.Plan):
    """``plan`` and every plan under it, subqueries' plans included, parents first."""
    yield plan
    for e in plan.expressions():
        for n in e.walk():
            if isinstance(n, ex.SubqueryExpr):
                yield from _subplans(n.plan)
    for c in plan.children():
        yield from _subplans(c)


def _calls_python(plan: lp.Plan) -> bool:
    return any(isinstance(n, PythonUDF) for p in _subplans(plan) for e in p.expressions()
               for n in e.walk())


def shared_subplans(plan: lp.Plan) -> dict:
    """``id(subplan) → key`` for each occurrence of a subplan worth sharing that occurs more
    than once (the outermost ones: nothing inside a shared subplan is shared again)."""
    keys = {}
    counts: dict = {}
    for p in _subplans(plan):
        if any(isinstance(q, _WORTH) for q in p.walk()) and not _calls_python(p):
            keys[id(p)] = k = canonical_key(p)
            counts[k] = counts.get(k, 0) + 1
    shared = {}

    def visit(p):
        k = keys.get(id(p))
        if k is not None and counts[k] > 1:
            shared[id(p)] = k
            return
        for e in p.expressions():
            for n in e.walk():
                if isinstance(n, ex.SubqueryExpr):
                    visit(n.plan)
        for c in p.children():
            visit(c)
    visit(plan)
    return shared


class Reuse:
    """The common table expressions of one task's query: made by the first copy of a shared
    subplan planned (``fragment``), read by every copy, declared before the query
    (``with_ctes``)."""

    def __init__(self, plan: lp.Plan):
        self.shared = shared_subplans(plan)
        self.made: dict = {}     # key → (name, the first copy's output attributes)
        self.bodies: dict = {}   # name → the first copy's fragment

    def fragment(self, planner, plan: lp.Plan) -> Fragment | None:
        """The fragment reading ``plan``'s table when ``plan`` is shared; else None."""
        k = self.shared.get(id(plan))
        if k is None:
            return None
        if k not in self.made:
            del self.shared[id(plan)]   # plan this copy itself
            f = planner.fragment(plan)
            name = f"cte{next(_names)}"
            self.made[k] = (name, list(f.attrs))
            self.bodies[name] = f
        name, attrs = self.made[k]
        cols = [f"{column(a.expr_id)} AS {column(o.expr_id)}" for a, o in zip(attrs, plan.output)]
        return Fragment(f'SELECT {", ".join(cols)} FROM "{name}"', list(plan.output))

    def with_ctes(self, sql: str) -> tuple:
        """``(sql with the common table expressions it reads declared first, their
        fragments)``."""
        used, todo = [], [n for n in self.bodies if f'"{n}"' in sql]
        while todo:
            n = todo.pop()
            if n not in used:
                used.append(n)
                todo += [m for m in self.bodies if f'"{m}"' in self.bodies[n].sql]
        if not used:
            return sql, []
        order = [n for n in self.bodies if n in used]   # made inner ones first
        ctes = ", ".join(f'"{n}" AS MATERIALIZED ({self.bodies[n].sql})' for n in order)
        return f"WITH {ctes} {sql}", [self.bodies[n] for n in order]
