"""Adaptive execution for small inputs: a whole query as one DuckDB query in one task.

Called by the planner (``Planner.collect_table``) and by the physical plan (``spark_plan``)
before they plan a query whose rows come to the driver. Spark's adaptive execution skips an
exchange whose child is one partition; here the same idea taken from the real sizes up front:
when every scan of the plan (and of its scalar subqueries) is a file, a local relation or a
range, and what they read together is at most ``spark.sql.adaptive.singleTask.maxInputBytes``
(Parquet DuckDB reads in place: the compressed chunks of the needed columns in the row groups
left after partition pruning, from the footers the driver already read; Parquet read into
Arrow tables first, as remote files are: those chunks' uncompressed bytes, since the tables
are in the task's memory together; other files: their bytes; local rows: their Arrow bytes;
a range: 8 bytes a row), the planner puts every scan in one partition,
so that aggregates, joins, sorts, windows and limits need no exchange and no broadcast job,
and scalar subqueries become subqueries of the same DuckDB query instead of jobs of their
own. The task's DuckDB gets every idle worker's thread (``Planner._threads``) and keeps the
worker's memory limit and spill directory (``resources``); on Lambda the function's vCPUs.

Plans whose answer depends on how rows are partitioned never run this way: a repartition
or ``coalesce``, a sort within partitions, Python functions over partitions or groups
(``mapInPandas``, ``applyInPandas``, pandas aggregates), partition-seeded or
partition-numbered expressions (``rand``, ``spark_partition_id``, …), and cached
DataFrames (an RDD of unknown size).
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..catalyst.window_plans import Window
from .expr_sql import column
from .fragment import _names

# plan nodes that give the same rows in one partition as in many
_NODES = (lp.SubqueryAlias, lp.Project, lp.Filter, lp.Aggregate, lp.Join, lp.Sort, lp.Limit,
          lp.Union, lp.BroadcastHint, Window, lp.FileRelation, lp.LocalRelation,
          lp.RangeRelation)
# functions whose values depend on the partition a row is in
PARTITION_DEPENDENT = {"rand", "randn", "random", "uniform", "randstr", "spark_partition_id",
                       "monotonically_increasing_id", "uuid", "shuffle", "input_file_name",
                       "input_file_block_start", "input_file_block_length"}


def input_bytes(plan: lp.Plan) -> int | None:
    """What the scans of ``plan`` and of its subqueries read, in bytes; None when the plan
    cannot run as one task (see the module doc)."""
    total = 0
    for p in plan.walk():
        if not isinstance(p, _NODES) or (isinstance(p, lp.Sort) and not p.is_global):
            return None
        if isinstance(p, lp.Aggregate):
            from .python_agg import has_pandas_agg
            if has_pandas_agg(p):
                return None
        for e in p.expressions():
            for n in e.walk():
                if isinstance(n, ex.Call) and n.fn in PARTITION_DEPENDENT:
                    return None
                if isinstance(n, ex.SubqueryExpr):
                    inner = input_bytes(n.plan)
                    if inner is None:
                        return None
                    total += inner
        if isinstance(p, lp.FileRelation):
            total += p.source.value.read_bytes(p.attrs, p.filters)
        elif isinstance(p, lp.LocalRelation):
            total += p.data.value.nbytes
        elif isinstance(p, lp.RangeRelation):
            total += 8 * len(range(p.start, p.end, p.step or 1))
    return total


def one_task_input(session, plan: lp.Plan) -> int | None:
    """What ``plan`` reads, in bytes, when it runs as one task (adaptive execution on, and its
    input at most ``spark.sql.adaptive.singleTask.maxInputBytes``; 0: never); else None."""
    limit = session.single_task_bytes
    if limit <= 0:
        return None
    size = input_bytes(plan)
    return size if size is not None and size <= limit else None


def runs_in_one_task(session, plan: lp.Plan) -> bool:
    """Whether ``plan`` runs as one task (``one_task_input``)."""
    return one_task_input(session, plan) is not None


def subquery_sql(planner, e: ex.SubqueryExpr) -> str | None:
    """A scalar subquery as a subquery of the one task's SQL (its scans become inputs of
    whichever fragment's SQL reads them: ``Planner.subquery_inputs``); None when the planner
    is not planning one task: then it is collected first (``Planner._scalar_subquery``).
    DuckDB raises on more than one row, as Spark does (``runtime_errors``), and gives NULL
    for none."""
    if not planner.one_task:
        return None
    f = planner.fragment(e.plan)
    planner.subquery_inputs.update(f.inputs)
    return f"(SELECT {column(f.attrs[0].expr_id)} FROM ({f.sql}) AS sq{next(_names)})"
