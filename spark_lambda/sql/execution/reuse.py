"""Subplans computed once in a one-task query (Spark's ``ReuseExchange`` and
``ReuseSubquery``, for the one DuckDB query a small plan becomes: ``one_task``).

A query that names the same relation twice (a common table expression read by the query and
by its scalar subquery, as TPC-H q15's ``revenue0``) holds two copies of its plan, alike but
for their attribute ids. Planned as one task, the first copy's SQL becomes a materialized
common table expression of the task's query and every copy reads it, renaming its columns
to the copy's ids, so DuckDB computes it once.

Two subplans are the same (``same_computation``) when they have the same node types, fields
and expressions throughout, attribute ids numbered in order of appearance, and the very same
sources (files, local rows, RDDs are compared by identity). Only subplans with an aggregate,
a join or a window are shared: a scan or a filter over one costs DuckDB less than
materializing it; and none calling a Python function (which may give other values each
time it is called, as ``asNondeterministic`` declares) or reading a column of an enclosing
query (a correlated subquery: its rows depend on where it stands).
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


class _Keys:
    """Numbers for plans and expressions, equal when they are the same (see the module doc):
    each distinct description gets the next number (so a node's description holds its
    children's numbers, and no long tuple is ever hashed). ``shape`` erases attribute ids and
    is kept per object: a cheap first sieve; ``canonical`` numbers them in order of
    appearance within the subplan."""

    def __init__(self):
        self.table: dict = {}
        self.shapes: dict = {}   # id(object) → its shape's number

    def shape(self, v) -> int:
        """``v``'s number with attribute ids erased."""
        return self._key(v, None)

    def canonical(self, plan: lp.Plan) -> int:
        """``plan``'s number with attribute ids numbered in order of appearance."""
        return self._key(plan, {})

    def _key(self, v, ids):
        if isinstance(v, lp.Opaque):
            return self._number(("opaque", id(v.value)))
        if isinstance(v, DataType):
            return self._number(("type", repr(v)))
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            if ids is None and id(v) in self.shapes:
                return self.shapes[id(v)]
            parts = [type(v).__name__]
            for f in dataclasses.fields(v):
                x = getattr(v, f.name)
                if f.name == "expr_id":
                    parts.append(-1 if ids is None else ids.setdefault(x, len(ids)))
                else:
                    parts.append(self._key(x, ids))
            k = self._number(tuple(parts))
            if ids is None:
                self.shapes[id(v)] = k
            return k
        if isinstance(v, (tuple, list)):
            return self._number(("seq",) + tuple(self._key(x, ids) for x in v))
        if isinstance(v, _VALUES):
            return self._number((type(v).__name__, repr(v)))
        return self._number(("object", id(v)))   # anything else: only itself is the same

    def _number(self, description: tuple) -> int:
        return self.table.setdefault(description, len(self.table))


def same_computation(a: lp.Plan, b: lp.Plan) -> bool:
    """Whether two plans compute the same rows in the same way, attribute ids aside."""
    keys = _Keys()
    return keys.canonical(a) == keys.canonical(b)


def _inner_plans(plan: lp.Plan) -> list:
    """The plans of the subqueries in ``plan``'s own expressions."""
    return [n.plan for e in plan.expressions() for n in e.walk()
            if isinstance(n, ex.SubqueryExpr)]


def _sharable(plan: lp.Plan, memo: dict) -> tuple:
    """``(has an aggregate, join or window, calls a Python function or reads an enclosing
    query's column)`` of ``plan`` and every plan under it, subqueries included; kept in
    ``memo`` for every plan seen."""
    if id(plan) in memo:
        return memo[id(plan)]
    worth = isinstance(plan, _WORTH)
    bound = any(isinstance(n, (PythonUDF, ex.OuterRef)) for e in plan.expressions()
                for n in e.walk())
    for c in list(plan.children()) + _inner_plans(plan):
        w, b = _sharable(c, memo)
        worth, bound = worth or w, bound or b
    memo[id(plan)] = (worth, bound)
    return worth, bound


def shared_subplans(plan: lp.Plan) -> dict:
    """``id(subplan) → key`` for each occurrence of a subplan worth sharing that occurs more
    than once (the outermost ones: nothing inside a shared subplan is shared again)."""
    flags: dict = {}
    _sharable(plan, flags)
    keys = _Keys()
    nodes: dict = {}

    def collect(p):
        nodes[id(p)] = p
        for c in list(p.children()) + _inner_plans(p):
            collect(c)
    collect(plan)
    shapes: dict = {}
    for i, p in nodes.items():
        if flags[i] == (True, False):
            shapes.setdefault(keys.shape(p), []).append(p)
    group_of = {id(p): group for group in shapes.values() if len(group) > 1 for p in group}
    canonical, counts = {}, {}

    def key(p) -> int:
        # a group's canonical keys are numbered when the walk first meets one of its members
        # (each walks its whole subplan): never for those inside an already shared subplan,
        # so nested copies (a chain of unions or joins) are not numbered once per level
        if id(p) not in canonical:
            for q in group_of[id(p)]:
                canonical[id(q)] = k = keys.canonical(q)
                counts[k] = counts.get(k, 0) + 1
        return canonical[id(p)]
    shared = {}

    def visit(p):
        if id(p) in group_of and counts[key(p)] > 1:
            shared[id(p)] = canonical[id(p)]
            return
        for c in list(p.children()) + _inner_plans(p):
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
