"""Planning a Python UDTF call (``catalyst/udtf_plans.PythonTableFunc``): the child's
fragment computes the argument columns; with ``partitionBy`` its rows are shuffled by hash of
the keys and each task sorts them by the keys and the ``orderBy`` keys, with
``withSinglePartition`` they all go to one task; then each task runs the UDTF over its rows
(``python_udtf.UdtfTask``, ``python_udtf_arrow.ArrowUdtfTask`` for ``arrow_udtf``).
"""

from __future__ import annotations

from .expr_sql import column
from .fragment import Fragment, _select
from .python_udtf import UdtfTask, _ids
from .python_udtf_arrow import ArrowUdtfTask


def plan_python_table_func(planner, p):
    """The fragment reading the UDTF's rows (see the module doc)."""
    f = planner.fragment(p.child)
    if p.partition:
        f = planner.exchange(f, [column(k.expr_id) for k in p.partition],
                             planner.session.shuffle_partitions)
    elif p.single and planner.partitions(f) != 1:
        f = planner.exchange(f, None, 1)
    keys = [column(k.expr_id) for k in p.partition] + [planner.w.sql(o) for o in p.orders]
    if keys:
        f = Fragment(_select(["*"], f.sql, " ORDER BY " + ", ".join(keys)), f.attrs, f.inputs,
                     f.broadcasts)
    udtf = p.udtf.value
    if udtf.evalType == 302 and p.keep:
        from ..errors import AnalysisException
        raise AnalysisException(f"The Arrow-native UDTF '{p.name}' takes a table argument or "
                                "constant arguments; LATERAL is not supported yet.",
                                "UNSUPPORTED_FEATURE.LATERAL_ARROW_UDTF")
    kind = ArrowUdtfTask if udtf.evalType == 302 else UdtfTask
    task = kind(udtf.func, udtf.use_arrow, _ids(p.args), p.kwargs, p.table_pos,
                _ids(p.table), [a.name for a in p.table], _ids(p.keep), _ids(p.partition),
                list(p.keep) + list(p.attrs), not p.table and not p.keep,
                p.result.value if p.result is not None else None)
    return planner._source(planner._run(f).mapPartitions(task), p.output)
