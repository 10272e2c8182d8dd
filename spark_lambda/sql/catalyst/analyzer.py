"""The analyzer: unresolved plan → resolved plan (names → attribute ids, Spark types).

Called by ``DataFrame`` on every transformation (so errors surface before any task runs, as in
Spark) and by ``spark.sql``. Children are analyzed first; then the node's own expressions are
resolved against its children's output, case-insensitively. A name that is not found in the
plan is looked up in the enclosing queries (a correlated subquery's ``OuterRef``); if it is
nowhere, ``AnalysisException`` names it and lists the columns that exist.

``HAVING`` and ``ORDER BY`` may name aggregates or columns that the node below does not output:
they are added to that node as hidden columns and projected away above (``add_missing``). A
join on names keeps each side's key as a hidden column, reachable by qualifier or by the side's
DataFrame column (``hidden_columns.py``).
"""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import BooleanType, IntegerType
from . import coercion as co
from . import expressions as ex
from . import plans as lp
from .cast_rules import check_binary_cast
from .function_registry import resolve_function
from .lambdas import bind_lambdas
from .generators import expand_generators, nested_field, struct_star
from .literals import literal_type
from .naming import auto_name
from .partition_ids import DIRECT_PID, direct_partition_id
from .struct_updates import expand_update_fields
from .subqueries import typed_in
from .fresh_ids import reinstance
from .hidden_columns import (add_missing, check_grouping, expose_used, hidden_output,
                             produced_below)


class _Unresolved(Exception):
    """A name not found among the given attributes (caught where a fallback exists)."""

    def __init__(self, name: str, attrs: list):
        self.name, self.attrs = name, attrs


def unresolved_column_error(name: str, attrs: list) -> AnalysisException:
    """Spark's UNRESOLVED_COLUMN error, listing the columns that exist."""
    names = ", ".join(f"`{'.'.join(a.qualifier[-1:] + (a.name,))}`" for a in attrs)
    return AnalysisException(
        f"A column, variable, or function parameter with name `{name}` cannot be resolved. "
        f"Did you mean one of the following? [{names}].",
        "UNRESOLVED_COLUMN.WITH_SUGGESTION", {"objectName": f"`{name}`",
                                              "proposal": names}, "42703")


class Analyzer:
    """Resolves plans against a catalog of temporary views (``lookup(name) -> Plan``)."""

    def __init__(self, lookup_view):
        self.lookup_view = lookup_view
        self._hidden: tuple = ()    # the hidden columns of the node being resolved's children
        self._below: tuple = ()     # that node's children

    # --- plans ------------------------------------------------------------------------------
    def analyze_top(self, plan: lp.Plan) -> lp.Plan:
        """The resolved plan of a DataFrame or a query, marked so that a plan built on it
        later (``df.union(other)``, ``df.select(...)``) does not resolve it again: building
        a frame of n steps resolves each step once, not n times."""
        plan = self.analyze(plan)
        object.__setattr__(plan, "_resolved", True)
        return plan

    def analyze(self, plan: lp.Plan, outer: tuple = ()) -> lp.Plan:
        """The resolved plan; ``outer`` holds the output of enclosing queries."""
        if getattr(plan, "_resolved", False):
            return plan
        if isinstance(plan, lp.UnresolvedRelation):
            view = self.lookup_view(plan.name)
            return lp.SubqueryAlias(plan.name.split(".")[-1], reinstance(view))
        kids = plan.children()
        if kids:
            plan = plan.with_children([self.analyze(k, outer) for k in kids])
        return self.resolve_node(plan, outer)

    def resolve_node(self, plan: lp.Plan, outer: tuple = ()) -> lp.Plan:
        """``plan`` resolved, its children being resolved already."""
        handler = getattr(self, "_" + type(plan).__name__.lower(), None)
        if handler is None:
            return plan
        saved = self._hidden, self._below
        self._below = plan.children()
        self._hidden = tuple(h for k in self._below for h in hidden_output(k))
        try:
            new = handler(plan, outer)
            hidden = self._hidden       # a handler may reach further down (ORDER BY)
        finally:
            self._hidden, self._below = saved
        return expose_used(new, hidden) if hidden else new

    def _project(self, p: lp.Project, outer):
        exprs = self._expand(p.exprs, p.child.output)
        exprs = expand_generators(exprs, lambda e: self.resolve(e, p.child.output, outer))
        exprs = tuple(ex.named(self.resolve(e, p.child.output, outer)) for e in exprs)
        from .window_plans import extract_windows, has_window
        if any(has_window(e) for e in exprs):
            return extract_windows(exprs, p.child)
        if any(isinstance(n, ex.AggCall) for e in exprs for n in e.walk()):
            return self._aggregate(lp.Aggregate((), exprs, p.child), outer)
        return lp.Project(exprs, p.child)

    def _filter(self, p: lp.Filter, outer):
        child = p.child
        try:
            cond = self.resolve(p.condition, child.output, outer, strict=True)
            if not _has_agg(cond):
                return lp.Filter(_boolean(cond), child)
        except _Unresolved as e:
            if not isinstance(child, lp.Aggregate):
                raise unresolved_column_error(e.name, e.attrs) from None
        if not isinstance(child, lp.Aggregate):
            raise AnalysisException("Aggregate functions are not allowed in WHERE.",
                                    "INVALID_WHERE_CONDITION")
        cond = self.resolve(p.condition, child.output, outer, fallback=child.child.output)
        (cond,), new_child = add_missing([cond], child)
        return lp.Project(tuple(child.output), lp.Filter(_boolean(cond), new_child))

    def _sort(self, p: lp.Sort, outer):
        child = p.child
        try:
            orders = tuple(self.resolve(o, child.output, outer, strict=True) for o in p.orders)
            if not any(_has_agg(o) for o in orders):
                return lp.Sort(orders, child, p.is_global)
        except _Unresolved as e:
            if not isinstance(child, (lp.Aggregate, lp.Project)):
                raise unresolved_column_error(e.name, e.attrs) from None
        if not isinstance(child, (lp.Aggregate, lp.Project)):
            raise AnalysisException("Aggregate functions are not allowed in ORDER BY here.")
        self._hidden += hidden_output(child.child)
        orders = [self.resolve(o, child.output, outer, fallback=child.child.output)
                  for o in p.orders]
        orders, new_child = add_missing(orders, child)
        return lp.Project(tuple(child.output), lp.Sort(tuple(orders), new_child, p.is_global))

    def _aggregate(self, p: lp.Aggregate, outer):
        attrs = p.child.output
        groups = tuple(self.resolve(g, attrs, outer) for g in p.groups)
        aggs = self._expand(p.aggs, attrs)
        aggs = tuple(ex.named(self.resolve(a, attrs, outer)) for a in aggs)
        check_grouping(groups, aggs)
        return lp.Aggregate(groups, aggs, p.child)

    def _join(self, p: lp.Join, outer):
        left_ids = {a.expr_id for a in p.left.output}
        right = p.right
        if left_ids & {a.expr_id for a in right.output}:
            right = reinstance(right)
        cond = None
        if p.condition is not None:
            cond = _boolean(self.resolve(p.condition, p.left.output + right.output, outer))
        return lp.Join(p.left, right, p.how, cond)

    def _usingjoin(self, p, outer):
        from .using_join import resolve_using_join
        if {a.expr_id for a in p.left.output} & {a.expr_id for a in p.right.output}:
            p = dataclasses.replace(p, right=reinstance(p.right))
        return resolve_using_join(self, p, outer)

    def _unresolvedtablefunc(self, p, outer):
        from .udtf_plans import resolve_table_func
        return resolve_table_func(self, p, outer)

    def _distinct(self, p: lp.Distinct, outer):
        out = tuple(p.child.output)
        return lp.Aggregate(out, out, p.child)

    def _union(self, p: lp.Union, outer):
        outs = [c.output for c in p.inputs]
        width = len(outs[0])
        for out in outs[1:]:
            if len(out) != width:
                raise AnalysisException(
                    f"Union can only be performed on inputs with the same number of columns, "
                    f"but the first input has {width} columns and another has "
                    f"{len(out)} columns.", "NUM_COLUMNS_MISMATCH")
        types = [co.common_type_of([out[i].dtype for out in outs]) for i in range(width)]
        inputs = []
        for c, out in zip(p.inputs, outs):
            if all(a.dtype == t for a, t in zip(out, types)):
                inputs.append(c)
                continue
            exprs = tuple(a if a.dtype == t else ex.Alias(ex.Cast(a, t), a.name)
                          for a, t in zip(out, types))
            inputs.append(lp.Project(exprs, c))
        return lp.Union(tuple(inputs))

    def _repartition(self, p: lp.Repartition, outer):
        if len(p.exprs) == 1 and getattr(p.exprs[0], "name", None) == DIRECT_PID:
            pid = self.resolve(p.exprs[0].args[0], p.child.output, outer)
            return dataclasses.replace(p, exprs=(direct_partition_id(pid),))
        return dataclasses.replace(p, exprs=tuple(self.resolve(e, p.child.output, outer)
                                                  for e in p.exprs))

    # --- expressions ------------------------------------------------------------------------
    def _expand(self, exprs, attrs) -> list:
        out = []
        for e in exprs:
            if isinstance(e, ex.UnresolvedStar) and e.attrs is not None:     # df["*"]
                out.extend(self._bound(a, attrs, None, ()) for a in e.attrs)
            elif isinstance(e, ex.UnresolvedStar):
                seen = {a.expr_id for a in attrs}
                hidden = [a for a in self._hidden if a.expr_id not in seen]
                chosen = [a for a in (attrs if e.qualifier is None else hidden + list(attrs))
                          if e.qualifier is None or
                          (a.qualifier and a.qualifier[-1].lower() == e.qualifier.lower())]
                if not chosen and e.qualifier is not None:
                    chosen = struct_star(e.qualifier, lambda prefix: _match(prefix, attrs))
                if not chosen and e.qualifier is not None:
                    raise AnalysisException(f"Cannot resolve {e.qualifier}.* given input "
                                            f"columns {[a.name for a in attrs]}.",
                                            "CANNOT_RESOLVE_STAR_EXPAND")
                out.extend(chosen)
            else:
                out.append(e)
        return out

    def resolve(self, e: ex.Expr, attrs: list, outer: tuple = (), strict: bool = False,
                fallback: list | None = None) -> ex.Expr:
        """``e`` with every name bound to an attribute and every call typed."""
        e = self._outer_columns(e, outer)

        def fn(n):
            if isinstance(n, ex.UnresolvedAttr):
                return self._lookup(n.parts, attrs, fallback, outer, strict)
            if isinstance(n, ex.Attr):
                return self._bound(n, attrs, fallback, outer)
            if isinstance(n, ex.Lit) and n.data_type is None:
                return ex.Lit(n.value, literal_type(n.value))
            if isinstance(n, ex.UnresolvedFunc) and n.name.lower() in self.__dict__.get("udfs", {}):
                return self.udfs[n.name.lower()]._expr(n.args)  # spark.udf.register
            if isinstance(n, ex.UnresolvedFunc):
                args = n.args
                if n.name.lower() == "count" and args and isinstance(args[0], ex.UnresolvedStar):
                    args = (ex.Lit(1, IntegerType()),)
                elif any(isinstance(a, ex.UnresolvedStar) for a in args):   # hash(*), ...
                    args = tuple(self._expand(args, attrs))
                args = bind_lambdas(n.name, args, lambda body: self.resolve(
                    body, attrs, outer, strict, fallback))
                return resolve_function(n.name, args, n.distinct)
            if isinstance(n, ex.CaseWhen) and n.data_type is None:
                return _case_when(n)
            if isinstance(n, ex.Cast) and n.ansi and not n.implicit:
                check_binary_cast(auto_name(n), n.child.dtype, n.to)
            if isinstance(n, ex.UpdateFields):
                return expand_update_fields(n)
            if isinstance(n, ex.SubqueryExpr) and not getattr(n.plan, "_analyzed", False):
                return self._subquery(n, attrs, outer)
            return n
        return e.transform_up(fn)

    def _outer_columns(self, e: ex.Expr, outer: tuple) -> ex.Expr:
        """``Column.outer()`` references bound to the enclosing queries' columns."""
        def fn(n):
            if not isinstance(n, ex.OuterColumn):
                return n
            c = n.child
            for scope in outer:
                found = _match(c.parts, scope) if isinstance(c, ex.UnresolvedAttr) else next(
                    (x for x in scope if isinstance(c, ex.Attr) and x.expr_id == c.expr_id),
                    None)
                if found is not None:
                    return ex.OuterRef(found)
            name = ".".join(c.parts) if isinstance(c, ex.UnresolvedAttr) else ex.expr_name(c)
            if not outer:
                raise AnalysisException(
                    f"The outer column `{name}` is used outside a subquery: use the DataFrame "
                    f"it is in with .scalar(), .exists() or Column.isin inside another "
                    f"DataFrame's expression.", "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION")
            raise unresolved_column_error(name, [a for scope in outer for a in scope])
        if not any(isinstance(n, ex.OuterColumn) for n in e.walk()):
            return e
        return e.transform_up(fn)

    def _subquery(self, n: ex.SubqueryExpr, attrs, outer):
        plan = self.analyze(n.plan, (attrs,) + outer)
        object.__setattr__(plan, "_analyzed", True)
        value = n.value
        if n.kind == "in":
            value, plan = typed_in(value, plan)
        return ex.SubqueryExpr(n.kind, plan, value)

    def _lookup(self, parts: tuple, attrs, fallback, outer, strict):
        found = _match(parts, attrs)
        if found is None and fallback:
            found = _match(parts, fallback)
        if found is None and len(parts) > 1:        # a side's key of a join on names
            found = _match(parts, self._hidden)
        if found is not None:
            return found
        for scope in outer:
            found = _match(parts, scope)
            if found is not None:
                return ex.OuterRef(found)
        found = nested_field(parts, lambda prefix: _match(prefix, attrs))
        if found is not None:
            return found
        name = ".".join(parts)
        if strict:
            raise _Unresolved(name, list(attrs))
        raise unresolved_column_error(name, list(attrs))

    def _bound(self, a: ex.Attr, attrs, fallback, outer):
        for scope in (attrs, fallback or (), self._hidden):
            for x in scope:
                if x.expr_id == a.expr_id:     # a DataFrame's column: reachable as itself
                    return dataclasses.replace(x, qualified_only=a.qualified_only)
        for scope in outer:
            for x in scope:
                if x.expr_id == a.expr_id:
                    return ex.OuterRef(x)
        # a column of another DataFrame: Spark resolves it by name when that is unambiguous,
        # not when the DataFrame is below without that column in reach (a semi join's right)
        found = _match((a.name,), attrs)
        if found is not None and not produced_below(a.expr_id, self._below):
            return found
        same = ": attribute(s) with the same name appear in the operation" if found else ""
        raise AnalysisException(
            f"Resolved attribute(s) \"{a.name}\" missing from {[x.name for x in attrs]} in "
            f"operator{same}.", "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_"
            + ("APPEAR_IN_OPERATION" if found else "MISSING_FROM_INPUT"))


def _match(parts: tuple, attrs: list):
    name = parts[-1].lower()
    qual = [p.lower() for p in parts[:-1]]
    hits = [a for a in attrs if a.name.lower() == name and (
        (not qual and not a.qualified_only) or
        (qual and a.qualifier and [q.lower() for q in a.qualifier[-len(qual):]] == qual))]
    ids = {a.expr_id for a in hits}
    if len(ids) > 1:
        raise AnalysisException(
            f"Reference `{'.'.join(parts)}` is ambiguous, could be: "
            f"[{', '.join('`' + '.'.join(a.qualifier[-1:] + (a.name,)) + '`' for a in hits)}].",
            "AMBIGUOUS_REFERENCE", {"name": f"`{'.'.join(parts)}`"}, "42704")
    return hits[0] if hits else None


def _has_agg(e: ex.Expr) -> bool:
    return any(isinstance(n, ex.AggCall) for n in e.walk())


def _boolean(cond: ex.Expr) -> ex.Expr:
    if not isinstance(cond.dtype, BooleanType):
        if cond.dtype.simpleString() == "void":
            return ex.Lit(None, BooleanType())
        raise AnalysisException(
            f"Filter expression has type \"{cond.dtype.simpleString().upper()}\", not BOOLEAN.",
            "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN")
    return cond


def _case_when(n: ex.CaseWhen) -> ex.CaseWhen:
    values = [v for _, v in n.branches] + ([n.otherwise] if n.otherwise is not None else [])
    t = co.common_type_of([v.dtype for v in values])
    if t is None:
        raise AnalysisException("CASE WHEN branches have incompatible types: "
                                + ", ".join(v.dtype.simpleString() for v in values),
                                "DATATYPE_MISMATCH.DATA_DIFF_TYPES")
    branches = tuple((_boolean(c), co.cast_to(v, t)) for c, v in n.branches)
    other = co.cast_to(n.otherwise, t) if n.otherwise is not None else None
    return ex.CaseWhen(branches, other, t)
