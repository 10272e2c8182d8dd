"""Physical planning: an optimized logical plan → RDDs of Arrow tables, with the exchanges.

Called by ``DataFrame`` actions. A ``Fragment`` is the SQL of one stage so far (a SELECT over
named inputs) plus those inputs: partitioned ones (RDDs of ``(name, ipc)`` records, all with
the same partitioning) and broadcast tables. Narrow operators (project, filter, a join against
a broadcast) wrap the SQL; where an operator needs a distribution its child does not have, an
exchange ends the child's stage and starts a new fragment (Spark's ``EnsureRequirements``):

=====================  ==========================================================
aggregate              partial aggregate → hash(keys) → final (one partition if no keys)
equi-join              broadcast the small side (``spark.sql.autoBroadcastJoinThreshold``
                       or ``F.broadcast``; never the preserved side of an outer join),
                       else hash both sides to ``spark.sql.shuffle.partitions``
non-equi join          broadcast a side (nested loop)
orderBy                sample → range bounds → range partition → local sort
                       (``range_sort``)
orderBy().limit(k)     top-k per task → one partition → sort / limit (no exchange, and
                       for orderBy no sampling, when the child is one partition already)
small input            one task: every scan in one partition, so none of the above
                       exchanges or broadcasts, scalar subqueries inline (``one_task``)
repartition(n[, e])    hash(e) or round robin; coalesce(n): no shuffle; by range or by a
                       partition id the rows carry (``repartition``)
union                  the children's partitions side by side
=====================  ==========================================================
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from .adaptive import read_exchanges
from .expr_sql import ExprSql, column
from .fragment import Fragment, _names, _select
from .stage_records import RangeTable, Rename, Retag, Tag
from .task import FragmentTask

# a one-task query reading less than this runs on one DuckDB thread
_SERIAL_BYTES = 4 << 20


class Planner:
    """Turns plans into RDDs for one session (its context and settings)."""

    def __init__(self, session):
        self.session = session
        self.sc = session.sparkContext
        self.w = ExprSql(self._scalar_subquery)
        self.exchanges: dict = {}   # input name → (shuffle id, partitions, may coalesce)
        self.readers: dict = {}     # shuffle id → the exchange's reduce side (``read_exchanges``)
        self.trail: list = []       # the plans being planned, innermost last
        self.made: list = []        # ("exchange", id(plan), shuffle id) / ("broadcast", id(plan),
        #                             rows, bytes), in the order made (``sql_metrics``)
        self.count_scan = None      # (id(plan), scan RDD) → the RDD counting what it read
        self.computing: dict = {}   # shuffle id → wait() of its map stage's job, started
        #                             when the exchange is made (``exchange``)
        self.one_task = False       # planning a plan that runs as one task (``one_task``)
        self.one_task_bytes = None  # what that plan reads, in bytes
        self.subquery_inputs: dict = {}   # name → RDD of the scalar subqueries' scans when
        #                                   they are part of the one task's query
        self.reuse = None           # the one task's subplans computed once (``reuse``)
        self.last_one_task = False  # whether ``result_rdd``'s last plan runs as one task
        from functools import partial
        from .python_udf import udf_call_sql
        from .one_task import subquery_sql
        self.w.udf_sql = partial(udf_call_sql, self.w)
        self.w.subquery_sql = partial(subquery_sql, self)

    # --- entry points -----------------------------------------------------------------------
    def rdd(self, plan: lp.Plan):
        """An RDD of ``("out", ipc)`` records: the plan's rows, columns named by attribute id."""
        return self._run(self.fragment(plan))

    def result_rdd(self, plan: lp.Plan):
        """``rdd(plan)`` for rows that go to the driver: a plan of small input is one task
        (``one_task``)."""
        from .one_task import one_task_input
        from .reuse import Reuse
        outer = self.one_task, self.one_task_bytes, self.reuse
        if not self.one_task:
            self.one_task_bytes = one_task_input(self.session, plan)
            self.one_task = self.one_task_bytes is not None
            self.reuse = Reuse(plan) if self.one_task else None
        try:
            rdd = self.rdd(plan)
            self.last_one_task = self.one_task   # the outermost call's, set last
            return rdd
        finally:
            self.one_task, self.one_task_bytes, self.reuse = outer

    def collect_table(self, plan: lp.Plan, batch_rows: int | None = None):
        """The plan's rows as one Arrow table on the driver (``result_rdd``); with
        ``batch_rows``, each partition's rows in chunks of that many (not as the tasks'
        queries chunked them)."""
        from .engine_bridge import run_partitions
        rdd = self.result_rdd(plan)
        in_driver = self.last_one_task and not getattr(self.w, "udfs", None) and \
            self.session.in_driver
        return _as_table(plan, run_partitions(self.sc, rdd, in_driver), batch_rows)

    # --- fragments --------------------------------------------------------------------------
    def fragment(self, plan: lp.Plan) -> Fragment:
        """The fragment computing ``plan``."""
        reused = self.reuse and self.reuse.fragment(self, plan)
        if reused:
            return reused
        method = getattr(self, "_" + type(plan).__name__.lower())
        self.trail.append(id(plan))
        try:
            return method(plan)
        finally:
            self.trail.pop()

    def task_fragment(self, frag: Fragment) -> Fragment:
        """``frag`` as its tasks run it: with the common table expressions it reads declared
        (``reuse``) and, among its inputs, those of its scalar subqueries (one task)."""
        inputs = dict(frag.inputs)
        sql = frag.sql
        if self.reuse:
            sql, ctes = self.reuse.with_ctes(sql)
            inputs.update((n, r) for f in ctes for n, r in f.inputs.items())
        inputs.update((n, r) for n, r in self.subquery_inputs.items() if f'"{n}"' in sql)
        return Fragment(sql, frag.attrs, inputs, frag.broadcasts)

    def _run(self, frag: Fragment, exchange=None):
        frag = self.task_fragment(frag)
        inputs = frag.inputs
        names = list(inputs)
        rdds = [inputs[n] for n in names]
        base = rdds[0] if len(rdds) == 1 else self.sc.union(rdds)
        if self.one_task and base.getNumPartitions() > 1:
            base = base.coalesce(1)
        empty = {}
        broadcasts = {n: b.resolve() if isinstance(b, PendingBroadcast) else b
                      for n, b in frag.broadcasts.items()}
        xs = [self.exchanges.get(n) for n in names]
        self._await_maps([x[0] for x in xs if x])
        if xs and all(xs):
            base, empty = read_exchanges(self.session, base, names, xs, self.readers)
        task = FragmentTask(frag.sql, names, broadcasts, exchange,
                            self._threads(base, frag.sql), empty, dict(getattr(self.w, "udfs", {})))
        return base.mapPartitionsWithIndex(task)

    def _threads(self, base, sql: str) -> int | None:
        """DuckDB threads per task: ``spark.sql.duckdb.threads``, else one when the task
        computes an aggregate that depends on the order of its rows (``first``, ``last``,
        ``collect_list``…: several threads would interleave the partition's rows), else, on
        local workers, the idle workers' share when the stage has fewer tasks than workers
        (None: the executor decides, as ``resources`` does on Lambda); one for a one-task
        query of little input."""
        from .engine_bridge import local_slots
        from .function_sql_aggregate import reads_rows_in_order
        if self.session.task_threads:
            return self.session.task_threads
        if reads_rows_in_order(sql):
            return 1
        if self.one_task and self.one_task_bytes < _SERIAL_BYTES:
            return 1   # nothing for a second thread to share, and rows come in one order
        slots = local_slots(self.sc)
        if not slots:
            return None
        return max(1, slots // max(1, base.getNumPartitions()))

    def partitions(self, frag: Fragment) -> int:
        """How many tasks would run ``frag``: its inputs' partitions, after adaptive
        coalescing (so the map stages it reads run now)."""
        return self._run(frag).getNumPartitions()

    def _source(self, rdd, attrs) -> Fragment:
        name = f"in{next(_names)}"
        tagged = rdd.map(Retag(name))
        return Fragment(f'SELECT * FROM "{name}"', list(attrs), {name: tagged})

    def exchange(self, frag: Fragment, keys: list | None, n: int,
                 coalesce: bool = False, route=None) -> Fragment:
        """A new fragment reading ``frag`` after a shuffle of Arrow blocks by
        ``hash(keys) % n`` (round robin without keys; by ``route``, SQL → SQL adding the
        partition as ``__pid``, when given); with ``coalesce``, small adjacent reduce
        partitions may be read together (adaptive execution). Its map stage starts now, in
        a job of its own, and runs while planning goes on."""
        from .engine_bridge import arrow_exchange, shuffle_id, start_map_stages
        name = f"x{next(_names)}"
        mapped = self._run(frag, (keys, n) if route is None else (keys, n, route))
        shuffled = arrow_exchange(mapped, n)
        self.computing[shuffle_id(shuffled)] = start_map_stages(self.sc, shuffled)
        self.exchanges[name] = (shuffle_id(shuffled), n, coalesce)
        self.readers[shuffle_id(shuffled)] = shuffled
        self.made.append(("exchange", self.trail[-1] if self.trail else None, shuffle_id(shuffled)))
        tagged = shuffled.mapPartitions(Tag(name, n), preservesPartitioning=True)
        return Fragment(f'SELECT * FROM "{name}"', list(frag.attrs), {name: tagged})

    def broadcast(self, plan: lp.Plan, frag: Fragment | None = None) -> tuple:
        """Plan ``plan`` (or take its fragment ``frag``) and start the job collecting its
        table (it runs while planning goes on); the name tasks read it by and its
        ``PendingBroadcast``, resolved by the fragment that reads it when its tasks are made
        (``_run``)."""
        return f"b{next(_names)}", PendingBroadcast(self, plan, frag)

    def _await_maps(self, shuffle_ids: list) -> None:
        """Wait for the map stages of these shuffles started ahead (``exchange``), raising
        their errors, so that no second job runs them again."""
        for sid in shuffle_ids:
            if sid in self.computing:
                self.computing.pop(sid)()

    def exchange_bytes(self, frag: Fragment) -> int:
        """Run the map stage of the one exchange ``frag`` reads (if not run yet); the bytes
        its map tasks wrote (Arrow blocks, as the shuffle stores them)."""
        from .engine_bridge import map_statuses
        (name, rdd), = frag.inputs.items()
        sid = self.exchanges[name][0]
        self._await_maps([sid])
        return sum(s["offsets"][-1] for s in map_statuses(self.sc, rdd, [sid])[sid] if s)

    # --- leaves -----------------------------------------------------------------------------
    def _localrelation(self, p: lp.LocalRelation) -> Fragment:
        from .arrow_io import to_ipc
        table = p.data.value.rename_columns([f"_{a.expr_id}" for a in p.attrs])
        n = max(1, min(p.slices, max(1, table.num_rows)))
        size = -(-table.num_rows // n) if table.num_rows else 0
        chunks = [to_ipc(table.slice(i * size, size)) for i in range(n)] if size else \
            [to_ipc(table)]
        return self._source(self.sc.parallelize(chunks, len(chunks)), p.attrs)

    def _rangerelation(self, p: lp.RangeRelation) -> Fragment:
        from .sources import range_slices
        rdd = self.sc.parallelize(range_slices(p), p.slices).map(RangeTable(p.attr.expr_id))
        return self._source(rdd, [p.attr])

    def _filerelation(self, p: lp.FileRelation) -> Fragment:
        rdd = p.source.value.scan_rdd(self.sc, p.attrs, p.filters, self.one_task)
        if self.count_scan is not None:
            rdd = self.count_scan(id(p), rdd)
        return self._source(rdd, p.attrs)

    def _rddrelation(self, p: lp.RddRelation) -> Fragment:
        rdd = p.rdd.value.map(Rename([f"_{a.expr_id}" for a in p.attrs]))
        return self._source(rdd, p.attrs)

    # --- narrow -----------------------------------------------------------------------------
    def _subqueryalias(self, p):
        return self.fragment(p.child)

    _broadcasthint = _subqueryalias

    def _project(self, p: lp.Project) -> Fragment:
        f = self.fragment(p.child)
        cols = [f"{self.w.sql(e)} AS {column(ex.to_attr(e).expr_id)}" for e in p.exprs]
        return Fragment(_select(cols, f.sql), p.output, f.inputs, f.broadcasts)

    def _filter(self, p: lp.Filter) -> Fragment:
        f = self.fragment(p.child)
        return Fragment(_select(["*"], f.sql, f" WHERE {self.w.sql(p.condition)}"), f.attrs,
                        f.inputs, f.broadcasts)

    # --- wide -------------------------------------------------------------------------------
    def _aggregate(self, p: lp.Aggregate) -> Fragment:
        from .aggregate import plan_aggregate
        from .python_agg import has_pandas_agg, plan_pandas_aggregate
        if has_pandas_agg(p):
            return plan_pandas_aggregate(self, p)
        return plan_aggregate(self, p)

    def _window(self, p) -> Fragment:
        from .window_exec import plan_window
        return plan_window(self, p)

    def _mapinbatches(self, p) -> Fragment:
        from .python_exec import plan_map_in_batches
        return plan_map_in_batches(self, p)

    def _flatmapgroups(self, p) -> Fragment:
        from .python_exec import plan_flat_map_groups
        return plan_flat_map_groups(self, p)

    def _flatmapcogroups(self, p) -> Fragment:
        from .python_exec import plan_flat_map_cogroups
        return plan_flat_map_cogroups(self, p)

    def _nearestjoin(self, p) -> Fragment:
        from .nearest_join import plan_nearest_join
        return plan_nearest_join(self, p)

    def _pythontablefunc(self, p) -> Fragment:
        from .python_udtf_plan import plan_python_table_func
        return plan_python_table_func(self, p)

    def _join(self, p: lp.Join) -> Fragment:
        from .join import plan_join
        return plan_join(self, p)

    def _sort(self, p: lp.Sort, limit: int | None = None) -> Fragment:
        f = self.fragment(p.child)
        order = " ORDER BY " + ", ".join(self.w.sql(o) for o in p.orders)
        tail = order + (f" LIMIT {limit}" if limit is not None else "")
        if not p.is_global:
            return Fragment(_select(["*"], f.sql, tail), f.attrs, f.inputs, f.broadcasts)
        if limit is None:
            from .range_sort import plan_range_sort
            return plan_range_sort(self, f, p.orders)
        f = Fragment(_select(["*"], f.sql, tail), f.attrs, f.inputs, f.broadcasts)
        if self.partitions(f) == 1:   # already one partition: no exchange to gather it
            return f
        g = self.exchange(f, None, 1)
        return Fragment(_select(["*"], g.sql, tail), g.attrs, g.inputs)

    def _limit(self, p: lp.Limit) -> Fragment:
        if isinstance(p.child, lp.Sort) and p.child.is_global:
            return self._sort(p.child, p.n)
        f = self.fragment(p.child)
        local = Fragment(_select(["*"], f.sql, f" LIMIT {p.n}"), f.attrs, f.inputs, f.broadcasts)
        if self.partitions(local) == 1:
            return local
        g = self.exchange(local, None, 1)
        return Fragment(_select(["*"], g.sql, f" LIMIT {p.n}"), g.attrs, g.inputs)

    def _union(self, p: lp.Union) -> Fragment:
        rdds = []
        for c in p.inputs:
            f = self.fragment(c)
            cols = [f"{column(a.expr_id)} AS {column(o.expr_id)}"
                    for a, o in zip(f.attrs, p.output)]
            rdds.append(self._run(Fragment(_select(cols, f.sql), p.output, f.inputs,
                                           f.broadcasts)))
        return self._source(self.sc.union(rdds), p.output)

    def _repartition(self, p: lp.Repartition) -> Fragment:
        from .repartition import plan_repartition
        return plan_repartition(self, p)

    # --- subqueries -------------------------------------------------------------------------
    def _scalar_subquery(self, e: ex.SubqueryExpr):
        from .runtime_errors import too_many_rows
        table = self.collect_table(e.plan)
        if table.num_rows > 1:
            raise too_many_rows()
        if table.num_rows == 0:
            return None
        return table.column(0)[0].as_py()


def _as_table(plan: lp.Plan, records: list, batch_rows: int | None = None):
    """The ``("out", ipc)`` records of ``plan``'s job as one Arrow table (each record's rows
    rechunked by ``batch_rows``, when given)."""
    from .arrow_io import arrow_schema, from_ipc
    import pyarrow as pa
    tables = [from_ipc(ipc) for _, ipc in records]
    if batch_rows:
        tables = [pa.Table.from_batches(t.combine_chunks().to_batches(batch_rows), t.schema)
                  for t in tables]
    tables = [t for t in tables if t.num_rows] or tables[:1]
    if not tables:
        return arrow_schema(plan.output).empty_table()
    return pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 \
        else tables[0]


class PendingBroadcast:
    """A broadcast table whose collecting job runs while planning goes on: ``resolve()``
    waits for the job (raising its error), broadcasts the table and records it in
    ``Planner.made``; the fragment running over it resolves it before its tasks exist."""

    def __init__(self, planner, plan: lp.Plan, frag: Fragment | None = None):
        from .engine_bridge import start_partitions
        self.planner, self.plan = planner, plan
        rdd = planner.rdd(plan) if frag is None else planner._run(frag)
        self.wait = start_partitions(planner.sc, rdd)
        self.broadcast = None

    def resolve(self):
        """The ``Broadcast`` of the table's IPC stream (the job waited for once)."""
        if self.broadcast is None:
            from .arrow_io import to_ipc
            table = _as_table(self.plan, self.wait())
            ipc = to_ipc(table)
            self.planner.made.append(("broadcast", id(self.plan), table.num_rows, len(ipc)))
            self.broadcast = self.planner.sc.broadcast(ipc)
        return self.broadcast
