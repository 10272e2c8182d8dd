"""The physical plan the planner will run, in Spark's operators (``== Physical Plan ==``).

Built from the optimized logical plan by the same decisions ``planner.py`` takes (the join
side to broadcast: ``join.broadcast_side``; two-step aggregates: ``has_partial_form``; which
operators end a stage), without running anything. Every exchange here is a shuffle the engine
writes (Arrow blocks, hash/range/single partitioning); every ``*(n)`` is one stage's DuckDB query
(the analogue of Spark's whole-stage code generation); a broadcast side is its own job.
Where the engine does the work differently from Spark it says so by the operator's name: a join
over hash-partitioned sides is ``ShuffledHashJoin`` (DuckDB's hash join), not Spark's
``SortMergeJoin``; windows sort inside DuckDB, so no ``Sort`` is printed below a ``Window``.
A query the planner runs as one task (``one_task``: small input) has no exchange and no
broadcast: its joins are ``ShuffledHashJoin`` over children already in one partition, its
aggregates one ``HashAggregate`` each, its scalar subqueries part of the same query.
"""

from __future__ import annotations

import itertools

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..catalyst.explain import JOIN_TYPES, Shown, attr_text, expr_text, exprs_text
from ..catalyst.generators import NONDETERMINISTIC
from .function_sql import has_partial_form
from .join import broadcast_side, equi_keys

# operators that end the stage below them (their children are separate DuckDB queries)
BOUNDARIES = {"Exchange", "BroadcastExchange", "AdaptiveSparkPlan", "TakeOrderedAndProject",
              "InMemoryTableScan", "InMemoryRelation"}


def _residual(p: lp.Join, lk: list, rk: list) -> str:
    """``, (cond)`` for the join condition's conjuncts besides the equi-join keys."""
    pairs = list(zip(lk, rk))
    rest = [c for c in (ex.split_conjuncts(p.condition) if p.condition is not None else [])
            if not (isinstance(c, ex.Call) and c.fn == "=" and
                    (tuple(c.args) in pairs or tuple(reversed(c.args)) in pairs))]
    if not rest:
        return ""
    cond = rest[0]
    for c in rest[1:]:
        cond = ex.Call("and", (cond, c))
    return f", {expr_text(cond)}"


def _ids(es) -> str:
    return "[" + ",".join(expr_text(e) for e in es) + "]"


class SparkPlanBuilder:
    """Physical plan of one optimized logical plan, under a session's settings."""

    def __init__(self, session, made: dict | None = None, one_task: bool | None = None):
        self.session = session
        self.one_task = one_task   # None: decided by ``build`` (``one_task.runs_in_one_task``)
        self.plan_ids = itertools.count(1)
        self.trail: list = []   # ids of the logical plans being built, innermost last
        # id(logical plan) → the nodes standing for the exchanges the planner makes while
        # planning it (Exchange, TakeOrderedAndProject), in order; ("broadcast", id) → the
        # BroadcastExchange of that plan (``sql_metrics`` gives them the measured values)
        self.made: dict = {} if made is None else made

    def _made(self, key, node: Shown) -> Shown:
        self.made.setdefault(key, []).append(node)
        return node

    def build(self, plan: lp.Plan) -> Shown:
        """The physical tree, with stage ids and the adaptive wrapper when it applies."""
        if self.one_task is None:
            from .one_task import runs_in_one_task
            self.one_task = runs_in_one_task(self.session, plan)
        root = self.node(plan)
        _number_stages(root)
        if self.session.adaptive_coalesce and any(n.name.endswith("Exchange")
                                                  for n in root.walk()):
            root = Shown("AdaptiveSparkPlan", "isFinalPlan=false", [root], output=root.output)
        return root

    def node(self, p: lp.Plan) -> Shown:
        """The physical node of ``p`` (and its subtree), with its scalar subqueries."""
        method = getattr(self, "_" + type(p).__name__.lower(), None)
        self.trail.append(id(p))
        try:
            if method is None:
                from ..catalyst.explain import logical_line
                name, args = logical_line(p)
                node = Shown(name, args, [self.node(c) for c in p.children()], output=p.output)
            else:
                node = method(p)
        finally:
            self.trail.pop()
        subs = [n for e in p.expressions() for n in e.walk()
                if isinstance(n, ex.SubqueryExpr) and n.kind == "scalar"]
        for s in dict.fromkeys(subs):
            node.inner.append(Shown("Subquery", f"subquery#{next(self.plan_ids)}, "
                                    f"[id=#{next(self.plan_ids)}]",
                                    [SparkPlanBuilder(self.session, self.made,
                                                      self.one_task or None).build(s.plan)]))
        return node

    def exchange(self, child: Shown, keys, n: int, origin: str = "ENSURE_REQUIREMENTS",
                 ordering=None) -> Shown:
        """An ``Exchange``: hash by ``keys``, by range of ``ordering``, or to one partition;
        none (``child``) in a plan run as one task."""
        if self.one_task:
            return child
        if ordering is not None:
            how = f"rangepartitioning({', '.join(expr_text(o) for o in ordering)}, {n})"
        elif keys:
            how = f"hashpartitioning({', '.join(expr_text(k) for k in keys)}, {n})"
        elif n == 1:
            how = "SinglePartition"
        else:
            how = f"RoundRobinPartitioning({n})"
        return self._made(self.trail[-1], Shown(
            "Exchange", f"{how}, {origin}, [plan_id={next(self.plan_ids)}]", [child],
            output=child.output))

    # --- leaves -----------------------------------------------------------------------------
    def _filerelation(self, p: lp.FileRelation) -> Shown:
        src = p.source.value
        urls = [f.url if "://" in f.url or f.url.startswith("file:") else "file:" + f.url
                for f in src.files]
        parts = set(getattr(src, "partition_columns", []))
        data_filters = [f for f in p.filters
                        if not ex.references(f) <= {a.expr_id for a in p.attrs
                                                    if a.name in parts}]
        part_filters = [f for f in p.filters if f not in data_filters]
        fmt = src.format
        schema = ",".join(f"{a.name}:{a.dtype.simpleString()}" for a in p.attrs
                          if a.name not in parts)
        shown = ", ".join(urls[:2]) + (", ..." if len(urls) > 2 else "")
        args = (f"{_ids(p.attrs)} Batched: true, DataFilters: {exprs_text(data_filters)}, "
                f"Format: {fmt.capitalize()}, Location: InMemoryFileIndex({len(urls)} paths)"
                f"[{shown}], PartitionFilters: {exprs_text(part_filters)}, "
                f"PushedFilters: [], ReadSchema: struct<{schema}>")
        return self._made(("scan", id(p)), Shown(f"FileScan {fmt}", args, output=p.attrs))

    def _localrelation(self, p: lp.LocalRelation) -> Shown:
        return Shown("LocalTableScan", exprs_text(p.attrs), output=p.attrs)

    def _rddrelation(self, p: lp.RddRelation) -> Shown:
        cached = getattr(p.rdd, "cached_plan", None)
        if cached is None:
            return Shown("Scan", f"ExistingRDD{_ids(p.attrs)}", output=p.attrs)
        from ..catalyst.optimizer import optimize
        from ...rdd.storagelevel import StorageLevel
        level = self.session.__dict__.get("_storage_levels", {}).get(
            cached, StorageLevel.MEMORY_AND_DISK_DESER)
        attrs = exprs_text(p.attrs)
        kept = Shown("InMemoryRelation", f"{attrs}, {_level_text(level)}",
                     [self.node(optimize(cached))], output=p.attrs)
        return Shown("InMemoryTableScan", attrs, [kept], output=p.attrs)

    def _rangerelation(self, p: lp.RangeRelation) -> Shown:
        return Shown("Range", f"({p.start}, {p.end}, step={p.step}, splits={p.slices})",
                     output=[p.attr])

    # --- narrow -----------------------------------------------------------------------------
    def _subqueryalias(self, p) -> Shown:
        return self.node(p.child)

    _broadcasthint = _subqueryalias

    def _project(self, p: lp.Project) -> Shown:
        child = self.node(p.child)
        gens = [e for e in p.exprs
                if any(isinstance(n, ex.Call) and n.fn.startswith(("explode", "posexplode"))
                       and n.fn in NONDETERMINISTIC for n in e.walk())]
        if gens:
            kept = [e for e in p.exprs if e not in gens]
            calls = [n for e in gens for n in e.walk() if isinstance(n, ex.Call)]
            outer = str(any(c.fn.endswith("_outer") for c in calls)).lower()
            gen = Shown("Generate", f"{expr_text(calls[0])}, {exprs_text(kept)}, {outer}, "
                        f"{exprs_text([ex.to_attr(e) for e in gens])}", [child],
                        output=p.output)
            if all(isinstance(e, ex.Attr) for e in kept):
                return gen
            child = gen
        return Shown("Project", exprs_text(p.exprs), [child], output=p.output)

    def _filter(self, p: lp.Filter) -> Shown:
        return Shown("Filter", expr_text(p.condition), [self.node(p.child)], output=p.output)

    # --- wide -------------------------------------------------------------------------------
    def _aggregate(self, p: lp.Aggregate) -> Shown:
        from .aggregate import strip_alias
        from .python_agg import has_pandas_agg
        child = self.node(p.child)
        groups = [strip_alias(g) for g in p.groups]
        n = self.session.shuffle_partitions if groups else 1
        calls = list(dict.fromkeys(x for a in p.aggs for x in a.walk()
                                   if isinstance(x, ex.AggCall)))
        keys = exprs_text(groups)
        outputs = exprs_text([ex.to_attr(a) for a in p.aggs])
        final = f"functions={exprs_text(calls)}, output={outputs}"
        if has_pandas_agg(p):
            return Shown("AggregateInPandas", f"{keys}, {exprs_text(p.aggs)}",
                         [self.exchange(child, groups, n)], output=p.output)
        if all(has_partial_form(c) for c in calls) and not self.one_task:
            partial = [f"partial_{expr_text(c)}" for c in calls]
            child = Shown("HashAggregate", f"(keys={keys}, functions=[{', '.join(partial)}])",
                          [child], output=child.output, tight=True)
        return Shown("HashAggregate", f"(keys={keys}, {final})",
                     [self.exchange(child, groups, n)], output=p.output, tight=True)

    def _join(self, p: lp.Join) -> Shown:
        lk, rk = equi_keys(p)
        side = None if self.one_task and lk else broadcast_side(self.session, p, lk)
        left, right = self.node(p.left), self.node(p.right)
        how = JOIN_TYPES[p.how] if not (p.how == "cross" and p.condition is not None) \
            else "Inner"
        cond = expr_text(p.condition) if p.condition is not None else None
        if side is not None:
            build = "BuildRight" if side == "right" else "BuildLeft"
            keys = ", ".join(expr_text(k) for k in (rk if side == "right" else lk))
            mode = f"HashedRelationBroadcastMode(List({keys}),false)" if lk else \
                "IdentityBroadcastMode"
            built = right if side == "right" else left
            shown = built if self.one_task else self._made(("broadcast", id(p.right if side == "right" else p.left)),
                               Shown("BroadcastExchange", f"{mode}, [plan_id="
                                     f"{next(self.plan_ids)}]", [built], output=built.output))
            left, right = (left, shown) if side == "right" else (shown, right)
            if lk:
                return Shown("BroadcastHashJoin", f"{exprs_text(lk)}, {exprs_text(rk)}, {how}, "
                             f"{build}{_residual(p, lk, rk)}, false", [left, right],
                             output=p.output)
            return Shown("BroadcastNestedLoopJoin", f"{build}, {how}" +
                         (f", {cond}" if cond else ""), [left, right], output=p.output)
        n = self.session.shuffle_partitions if lk else 1
        left = self.exchange(left, lk, n)
        right = self.exchange(right, rk, n)
        return Shown("ShuffledHashJoin", f"{exprs_text(lk)}, {exprs_text(rk)}, {how}, "
                     f"BuildRight{_residual(p, lk, rk)}", [left, right], output=p.output)

    def _sort(self, p: lp.Sort) -> Shown:
        child = self.node(p.child)
        if p.is_global:
            n = max(1, self.session.shuffle_partitions)
            child = self.exchange(child, None, n, ordering=p.orders)
        return Shown("Sort", f"{exprs_text(p.orders)}, {str(p.is_global).lower()}, 0", [child],
                     output=p.output)

    def _limit(self, p: lp.Limit) -> Shown:
        if isinstance(p.child, lp.Sort) and p.child.is_global:
            child = self.node(p.child.child)
            return self._made(id(p), Shown(
                "TakeOrderedAndProject",
                f"(limit={p.n}, orderBy={_ids(p.child.orders)}, output={_ids(p.output)})",
                [child], output=p.output, tight=True))
        local = Shown("LocalLimit", str(p.n), [self.node(p.child)], output=p.output)
        return Shown("GlobalLimit", f"{p.n}, 0", [self.exchange(local, None, 1)],
                     output=p.output)

    def _union(self, p: lp.Union) -> Shown:
        return Shown("Union", "", [self.node(c) for c in p.inputs], output=p.output)

    def _repartition(self, p: lp.Repartition) -> Shown:
        child = self.node(p.child)
        if not p.shuffle:
            return Shown("Coalesce", str(p.n), [child], output=p.output)
        origin = "REPARTITION_BY_COL" if p.coalesce else "REPARTITION_BY_NUM"
        if p.exprs and all(isinstance(e, ex.SortOrder) for e in p.exprs):
            return self.exchange(child, None, p.n, origin, ordering=list(p.exprs))
        return self.exchange(child, list(p.exprs), p.n, origin)

    def _window(self, p) -> Shown:
        orders = p.exprs[0].child.orders if p.exprs else ()
        n = self.session.shuffle_partitions if p.partition else 1
        child = self.exchange(self.node(p.child), list(p.partition), n)
        return Shown("Window", f"{exprs_text(p.exprs)}, {exprs_text(p.partition)}, "
                     f"{exprs_text(orders)}", [child], output=p.output)

    def _mapinbatches(self, p) -> Shown:
        from ..catalyst.explain import python_node_name
        return Shown(python_node_name(p), exprs_text(p.attrs), [self.node(p.child)],
                     output=p.output)

    def _flatmapgroups(self, p) -> Shown:
        n = self.session.shuffle_partitions if p.keys else 1
        child = self.exchange(self.node(p.child), list(p.keys), n)
        return Shown("FlatMapGroupsInPandas", f"{exprs_text(p.keys)}, {exprs_text(p.attrs)}",
                     [child], output=p.output)

    def _flatmapcogroups(self, p) -> Shown:
        n = self.session.shuffle_partitions
        left = self.exchange(self.node(p.left), list(p.left_keys), n)
        right = self.exchange(self.node(p.right), list(p.right_keys), n)
        return Shown("FlatMapCoGroupsInPandas", f"{exprs_text(p.left_keys)}, "
                     f"{exprs_text(p.right_keys)}, {exprs_text(p.attrs)}", [left, right],
                     output=p.output)


def _level_text(level) -> str:
    """A storage level as Spark's plans print it: ``StorageLevel(disk, memory,
    deserialized, 1 replicas)``."""
    flags = [name for name, on in (("disk", level.useDisk), ("memory", level.useMemory),
                                   ("offheap", level.useOffHeap),
                                   ("deserialized", level.deserialized)) if on]
    return f"StorageLevel({', '.join(flags + [f'{level.replication} replicas'])})"


def _number_stages(root: Shown) -> None:
    """Give every operator its stage's id (``*(n)``), stages numbered children first; an
    exchange, a broadcast or a union's inputs start a new stage."""
    counter = itertools.count(1)

    def visit(node: Shown, stage: list) -> None:
        for c in node.children:
            if node.name in BOUNDARIES or node.name == "Union":
                visit(c, [None])
            else:
                visit(c, stage)
        if node.name in BOUNDARIES:
            return
        if stage[0] is None:
            stage[0] = next(counter)
        node.codegen = stage[0]

    visit(root, [None])


def physical_plan(session, plan: lp.Plan, made: dict | None = None) -> Shown:
    """The physical plan of an optimized logical plan; ``made`` collects the nodes of its
    exchanges and broadcasts by logical plan (``SparkPlanBuilder.made``)."""
    return SparkPlanBuilder(session, made).build(plan)


__all__ = ["physical_plan", "SparkPlanBuilder", "attr_text"]
