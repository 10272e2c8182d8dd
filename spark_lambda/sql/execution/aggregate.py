"""Planning an ``Aggregate``: partial aggregate per task → hash(keys) exchange → final.

When every aggregate has a partial form (sum, count, min, max, avg) each map task groups its
rows first and only the partial states cross the shuffle; otherwise the rows themselves are
shuffled by the grouping keys and aggregated once. Without keys everything goes to one
partition (which, for no rows at all, still yields the single row SQL requires). A child of
one partition (after adaptive coalescing) is aggregated where it is, with no exchange.
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from .expr_sql import column
from .function_sql import aggregate_sql, split_aggregate


def strip_alias(e):
    """An expression without its top ``Alias``."""
    return e.child if isinstance(e, ex.Alias) else e


def key_sql(w, g) -> str:
    """A grouping key's SQL; a floating-point key normalised as Spark does (-0.0 is 0.0, so
    both fall in one group whose key reads 0.0 whichever row came first)."""
    from ..types import DoubleType, FloatType
    if isinstance(g.dtype, (DoubleType, FloatType)):
        zero = "DOUBLE" if isinstance(g.dtype, DoubleType) else "FLOAT"
        return f"({w.sql(g)} + CAST(0 AS {zero}))"
    return w.sql(g)


def result_columns(w, p, groups: list, group_attrs: list, calls: list, call_attrs: list) -> list:
    """The SELECT list of ``p``'s outputs over a relation of the grouping keys (as
    ``group_attrs``) and the aggregates' results (as ``call_attrs``)."""
    replace = {g: a for g, a in zip(groups, group_attrs)}
    replace.update({c: a for c, a in zip(calls, call_attrs)})

    def fn(e):
        if e in replace:
            return replace[e]
        return e.map_children(fn)
    return [f"{w.sql(fn(strip_alias(a)))} AS {column(ex.to_attr(a).expr_id)}" for a in p.aggs]


def plan_aggregate(planner, p: lp.Aggregate):
    """The fragment computing ``p`` (see the module doc)."""
    from .fragment import Fragment, _select
    w = planner.w
    child = planner.fragment(p.child)
    groups = [strip_alias(g) for g in p.groups]
    group_attrs = [ex.Attr(f"g{i}", g.dtype, True) for i, g in enumerate(groups)]
    calls: list = []
    for a in p.aggs:
        for n in a.walk():
            if isinstance(n, ex.AggCall) and n not in calls:
                calls.append(n)
    call_attrs = [ex.Attr(f"a{i}", c.dtype, True) for i, c in enumerate(calls)]
    n = planner.session.shuffle_partitions if groups else 1
    group_cols = [column(a.expr_id) for a in group_attrs]
    by = f" GROUP BY {', '.join(group_cols)}" if groups else ""
    splits = [split_aggregate(w, c, f"_s{a.expr_id}") for c, a in zip(calls, call_attrs)]
    key_select = [f"{key_sql(w, g)} AS {col}" for g, col in zip(groups, group_cols)]
    complete_cols = group_cols + [f"{aggregate_sql(w, c)} AS {column(a.expr_id)}"
                                  for c, a in zip(calls, call_attrs)]
    outs = result_columns(w, p, groups, group_attrs, calls, call_attrs)
    rows = Fragment(_select(["*"] + key_select, child.sql), child.attrs, child.inputs,
                    child.broadcasts)
    if planner.partitions(child) == 1:   # one task sees every row: it aggregates them all
        return Fragment(_select(outs, _select(complete_cols, rows.sql, by)), p.output,
                        rows.inputs, rows.broadcasts)
    if all(s is not None for s in splits):
        partial_cols = key_select + [f"{sql} AS {name}" for s in splits for sql, name in s[0]]
        pby = f" GROUP BY {', '.join(key_sql(w, g) for g in groups)}" if groups else ""
        partial = Fragment(_select(partial_cols, child.sql, pby), group_attrs, child.inputs,
                           child.broadcasts)
        shuffled = planner.exchange(partial, group_cols or None, n, coalesce=True)
        final_cols = group_cols + [f"{s[1]} AS {column(a.expr_id)}"
                                   for s, a in zip(splits, call_attrs)]
        final = _select(final_cols, shuffled.sql, by)
    else:
        shuffled = planner.exchange(rows, group_cols or None, n, coalesce=True)
        final = _select(complete_cols, shuffled.sql, by)
    return Fragment(_select(outs, final), p.output, shuffled.inputs)
