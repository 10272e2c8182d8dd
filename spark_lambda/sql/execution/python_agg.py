"""Grouped-aggregate pandas UDFs (``Series → scalar``) in ``groupBy().agg``.

DuckDB cannot call a Python aggregate, so such an ``Aggregate`` runs differently from the
others: each map task computes the grouping keys and every UDF argument in SQL, the rows are
shuffled by hash(keys) (one partition without keys), and each reduce task splits its rows by
key and calls every UDF once per group on pandas Series. The resulting table (keys and one
column per UDF) is the input of a fragment that computes the ``agg`` expressions over it.
Every aggregate of the ``agg`` must be such a UDF, as in PySpark.
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst.udf_expr import PandasAggCall
from ..errors import AnalysisException
from .arrow_io import arrow_schema, arrow_type, from_ipc, to_ipc
from .aggregate import result_columns, strip_alias
from .expr_sql import column
from .fragment import Fragment, _select


def has_pandas_agg(p) -> bool:
    """Whether an ``Aggregate`` computes a grouped-aggregate pandas UDF."""
    return any(isinstance(n, PandasAggCall) for a in p.aggs for n in a.walk())


def plan_pandas_aggregate(planner, p):
    """The fragment computing ``p`` (see the module doc)."""
    w = planner.w
    groups = [strip_alias(g) for g in p.groups]
    calls = []
    for a in p.aggs:
        for n in a.walk():
            if isinstance(n, ex.AggCall) and n not in calls:
                if not isinstance(n, PandasAggCall):
                    raise AnalysisException(
                        "[INVALID_PANDAS_UDF_PLACEMENT] The group aggregate pandas UDF cannot "
                        "be invoked together with as other, non-pandas aggregate functions.",
                        "INVALID_PANDAS_UDF_PLACEMENT")
                calls.append(n)
    group_attrs = [ex.Attr(f"g{i}", g.dtype, True) for i, g in enumerate(groups)]
    call_attrs = [ex.Attr(f"a{i}", c.dtype, True) for i, c in enumerate(calls)]
    arg_cols = [[f"_arg{i}_{j}" for j in range(len(c.args))] for i, c in enumerate(calls)]
    child = planner.fragment(p.child)
    select = [f"{w.sql(g)} AS {column(a.expr_id)}" for g, a in zip(groups, group_attrs)]
    select += [f"{w.sql(x)} AS \"{name}\"" for c, names in zip(calls, arg_cols)
               for x, name in zip(c.args, names)]
    rows = Fragment(_select(select or ["1 AS \"_one\""], child.sql), group_attrs, child.inputs,
                    child.broadcasts)
    keys = [column(a.expr_id) for a in group_attrs]
    n = planner.session.shuffle_partitions if keys else 1
    shuffled = planner.exchange(rows, keys or None, n)
    task = PandasAggTask([f"_{a.expr_id}" for a in group_attrs],
                         [(c.ref.func, names) for c, names in zip(calls, arg_cols)],
                         arrow_schema(group_attrs + call_attrs), bool(keys))
    rdd = planner._run(shuffled).mapPartitions(task)
    src = planner._source(rdd, group_attrs + call_attrs)
    outs = result_columns(w, p, groups, group_attrs, calls, call_attrs)
    return Fragment(_select(outs, src.sql), p.output, src.inputs)


class PandasAggTask:
    """Reduce side: every UDF once per group of the partition's rows."""

    def __init__(self, key_cols, udfs, schema, keyed):
        self.key_cols, self.udfs, self.schema, self.keyed = key_cols, udfs, schema, keyed

    def __call__(self, records):
        import pyarrow as pa
        from ..pandas_ops import require_pandas
        from .python_exec import _call, split_groups
        require_pandas()
        tables = [from_ipc(r[1]) for r in records]
        tables = [t for t in tables if t.num_rows] or tables[:1]
        if not tables:
            yield ("out", to_ipc(self.schema.empty_table()))
            return
        table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
        groups = split_groups(table, self.key_cols) if self.keyed else [table]
        columns = {name: [] for name in self.schema.names}
        for g in groups:
            for k in self.key_cols:
                columns[k].append(g.column(k)[0].as_py())
            for (func, names), out in zip(self.udfs, self.schema.names[len(self.key_cols):]):
                value = _call(func, *[g.column(c).to_pandas() for c in names])
                columns[out].append(value.item() if hasattr(value, "item") else value)
        yield ("out", to_ipc(pa.table({f.name: pa.array(columns[f.name], f.type)
                                       for f in self.schema})))


__all__ = ["has_pandas_agg", "plan_pandas_aggregate", "arrow_type"]
