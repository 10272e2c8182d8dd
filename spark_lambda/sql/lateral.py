"""``DataFrame.lateralJoin``: each left row joined with what the right side gives for it, the
right side reading the left row through ``Column.outer()``, rewritten into ordinary plans
before analysis (as Spark decorrelates lateral subqueries):

- no outer column: a plain join;
- a generator of the left row (``spark.tvf.explode(F.col("items").outer())``, then selects
  and filters over its columns): the generator evaluated on the left rows themselves (for a
  left join too: as in Spark, a row whose collection is empty or NULL gives no row);
- a query of another DataFrame whose filters compare its columns with outer ones (``where(
  F.col("o.k") == F.col("c.k").outer())``), under selects, an ``orderBy`` and a ``limit``:
  the filters become the join condition, a select of aggregates (``select(F.count("*"))``)
  an aggregate grouped by the compared columns that gives every left row its one row (a count
  0 where nothing matched), and ``orderBy().limit(n)`` the first ``n`` rows of each
  correlated key by ``row_number()`` (only equalities may correlate a limited or aggregated
  query).
"""

from __future__ import annotations

import itertools

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column
from .errors import AnalysisException

_JOIN_TYPES = {"inner": "inner", "cross": "inner", "left": "left", "leftouter": "left",
               "left_outer": "left"}
_FLIP = {"=": "=", "<=>": "<=>", "<": ">", ">": "<", "<=": ">=", ">=": "<="}
_keys = itertools.count()


def lateral_join(left, right, on, how):
    """The DataFrame of ``left.lateralJoin(right, on, how)``."""
    kind = _JOIN_TYPES.get((how or "inner").lower().replace(" ", ""))
    if kind is None:
        raise AnalysisException(
            f"Unsupported join type '{how}'. A lateral join supports: 'inner', 'cross', "
            f"'left', 'leftouter', 'left_outer'.", "UNSUPPORTED_JOIN_TYPE", sqlState="0A000")
    plan = right._plan
    if not ex.has_outer_columns(plan):
        if on is None and kind == "inner":
            return left.crossJoin(right)
        from . import functions as F
        return left.join(right, F.lit(True) if on is None else on, kind)
    chain, bottom = _unary_chain(plan)
    if _is_one_row(bottom):
        return _generate(left, chain, on, kind)
    return _correlated(left, chain, bottom, on, kind)


def _unary_chain(plan) -> tuple:
    """The selects, filters, sorts, limits and aliases on top of ``plan`` (outermost first)
    and the plan under them."""
    chain = []
    while isinstance(plan, (lp.Project, lp.Filter, lp.Sort, lp.Limit, lp.SubqueryAlias)) \
            and ex.has_outer_columns(plan):
        chain.append(plan)
        plan = plan.child
    return chain, plan


def _is_one_row(plan) -> bool:
    return isinstance(plan, lp.LocalRelation) and [a.name for a in plan.attrs] == ["__one_row"]


def _plain(e: ex.Expr) -> ex.Expr:
    """``e`` with ``Column.outer()`` taken off: the left side's columns."""
    return e.transform_up(lambda n: n.child if isinstance(n, ex.OuterColumn) else n)


def _has_outer(e: ex.Expr) -> bool:
    return any(isinstance(n, ex.OuterColumn) for n in e.walk())


def _unsupported(what: str) -> AnalysisException:
    return AnalysisException(f"This lateral join is not supported: {what}.",
                             "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY", sqlState="0A000")


# --- a generator of the left row ------------------------------------------------------------
def _generate(left, chain: list, on, kind: str):
    if on is not None and kind == "left":
        raise _unsupported("a left join with a condition over a table function")
    plan = left._plan
    keep = tuple(plan.output)
    for node in reversed(chain):
        if isinstance(node, lp.Project):
            plan = lp.Project(keep + tuple(_plain(e) for e in node.exprs), plan)
        elif isinstance(node, lp.Filter):
            plan = lp.Filter(_plain(node.condition), plan)
        else:
            raise _unsupported(f"a {type(node).__name__} over a table function")
    out = left._with_plan(plan)
    return out.where(on) if on is not None else out


# --- a correlated query of another DataFrame ------------------------------------------------
def _correlated(left, chain: list, bottom, on, kind: str):
    from . import functions as F
    from .window import Window
    limit = sort = None
    i = 0
    if i < len(chain) and isinstance(chain[i], lp.Limit):
        limit, i = chain[i].n, i + 1
        if i < len(chain) and isinstance(chain[i], lp.Sort) and chain[i].is_global:
            sort, i = chain[i].orders, i + 1
    rest = chain[i:]
    if any(isinstance(n, (lp.Sort, lp.Limit)) for n in rest):
        raise _unsupported("orderBy or limit must be the last steps of the lateral side")
    keys: list = []      # (inner expression, operator, outer expression, key column name)
    added: list = []     # key names the projections above the filters must carry
    after: list = []     # the selects and filters over a one-row aggregate, run after the join
    plan, one_row = _decorrelate(rest, bottom, keys, added, left.sparkSession._analyze, after)
    if ex.has_outer_columns(plan):
        raise _unsupported("outer columns may appear only in the filters, selects, orderBy "
                           "and limit over the lateral side's DataFrame (not in a join, a "
                           "union or an aggregate)")
    inner = left._with_plan(plan)
    key_names = [k[3] for k in keys]
    if limit is not None:
        if any(op != "=" for _, op, _, _ in keys):
            raise _unsupported("a limited lateral side correlated by other than equalities")
        order = Window.partitionBy(*key_names).orderBy(
            *([Column(o) for o in sort] if sort else key_names))
        rn = "__lateral_row"
        inner = inner.withColumn(rn, F.row_number().over(order)) \
            .where(F.col(rn) <= limit).drop(rn)
    cond = None
    resolve = left.sparkSession._analyzer.resolve
    for inner_e, op, outer_e, name in keys:
        c = Column(ex.UnresolvedFunc(op, (inner[name].expr,
                                          resolve(outer_e, left._plan.output))))
        cond = c if cond is None else cond & c
    if on is not None:
        cond = on if cond is None else cond & on
    if one_row:   # no matching rows still make the aggregate's one row (count 0)
        joined = left.join(inner, cond, "left").select(
            *[Column(a) for a in left._plan.output],
            *[_no_rows_value(inner, a) for a in inner._plan.output]).drop(*key_names)
        for node in reversed(after):
            if isinstance(node, lp.Filter):
                joined = joined.where(Column(node.condition))
            elif isinstance(node, lp.Project):
                joined = joined.select(*[Column(a) for a in left._plan.output],
                                       *[Column(e) for e in node.exprs])
        return joined
    joined = left.join(inner, cond, kind) if cond is not None else left.crossJoin(inner)
    return joined.drop(*[inner[n] for n in key_names])


def _decorrelate(nodes: list, plan, keys: list, added: list, analyze, after: list) -> tuple:
    """``plan`` under ``nodes`` (outermost first) rebuilt without their outer columns: each
    correlated filter conjunct becomes a key (its inner side a column carried up through
    the selects) in ``keys`` and ``added``; a select of aggregates (one row) becomes an
    aggregate grouped by the keys, the nodes above it left in ``after`` (they run once the
    left rows have their aggregate row). Also whether it was one (``one_row``)."""
    one_row = False
    for node in reversed(nodes):
        if one_row:
            if _has_outer_node(node):
                raise _unsupported("outer columns above the lateral side's aggregate")
            after.insert(0, node)
            continue
        if isinstance(node, lp.Filter):
            kept, new = [], []
            for c in _conjuncts(node.condition):
                if not _has_outer(c):
                    kept.append(c)
                    continue
                name = f"__lateral_key{next(_keys)}"
                keys.append(_correlation(c) + (name,))
                new.append((name, keys[-1][0]))
            plan = lp.Filter(_and(kept), plan) if kept else plan
            if new:   # the compared values as columns, carried up to the join
                plan = lp.Project((ex.UnresolvedStar(),) +
                                  tuple(ex.Alias(e, n) for n, e in new), plan)
                added += new
        elif isinstance(node, lp.Project):
            if any(_has_outer(e) for e in node.exprs):
                raise _unsupported("outer columns in the lateral side's select list")
            names = tuple(ex.UnresolvedAttr((n,)) for n, _ in added)
            if added and not one_row and isinstance(analyze(lp.Project(node.exprs, plan)),
                                                    lp.Aggregate):
                if any(op != "=" for _, op, _, _ in keys):
                    raise _unsupported("an aggregated lateral side correlated by other than "
                                       "equalities")
                plan, one_row = lp.Aggregate(names, tuple(node.exprs) + names, plan), True
            else:
                plan = lp.Project(tuple(node.exprs) + names, plan)
        elif isinstance(node, lp.SubqueryAlias):
            plan = lp.SubqueryAlias(node.alias, plan)
    return plan, one_row


def _has_outer_node(node) -> bool:
    return any(_has_outer(e) for e in node.expressions())


def _no_rows_value(inner, attr) -> Column:
    """An aggregate's column after a left join: a count where no row matched is 0."""
    from . import functions as F
    counts = {ex.to_attr(e).expr_id for p in inner._plan.walk()
              if isinstance(p, lp.Aggregate) for e in p.aggs
              if isinstance(e, ex.Alias) and isinstance(e.child, ex.AggCall) and
              e.child.fn in ("count", "count_if")}
    if attr.expr_id in counts:
        return F.coalesce(Column(attr), F.lit(0)).alias(attr.name)
    return Column(attr)


def _conjuncts(e: ex.Expr) -> list:
    if isinstance(e, ex.UnresolvedFunc) and e.name.lower() == "and":
        return _conjuncts(e.args[0]) + _conjuncts(e.args[1])
    return [e]


def _and(conds: list) -> ex.Expr:
    out = conds[0]
    for c in conds[1:]:
        out = ex.UnresolvedFunc("and", (out, c))
    return out


def _correlation(c: ex.Expr) -> tuple:
    """``(inner side, operator, outer side)`` of a correlated comparison."""
    if isinstance(c, ex.UnresolvedFunc) and c.name in _FLIP and len(c.args) == 2:
        a, b = c.args
        if _has_outer(b) and not _has_outer(a) and _only_outer(b):
            return a, c.name, _plain(b)
        if _has_outer(a) and not _has_outer(b) and _only_outer(a):
            return b, _FLIP[c.name], _plain(a)
    raise _unsupported(f"the condition {ex.expr_name(_plain(c))} must compare the lateral "
                       f"side's columns with outer columns")


def _only_outer(e: ex.Expr) -> bool:
    """Whether every column ``e`` reads is an outer one."""
    inner = [n for n in _plain_walk(e) if isinstance(n, (ex.UnresolvedAttr, ex.Attr))]
    return not inner


def _plain_walk(e: ex.Expr):
    if isinstance(e, ex.OuterColumn):
        return
    yield e
    for c in e.children():
        yield from _plain_walk(c)
