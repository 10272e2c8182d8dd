"""What ``DataFrame.explain`` prints: the logical plans (as analyzed, as optimized, with size
statistics for ``mode="cost"``) and the physical plan, which names the operators the planner
will run (broadcast or shuffled hash joins, hash aggregates, exchanges, cached scans)."""

from __future__ import annotations

from .catalyst import plans as lp
from .catalyst.explain import node_line

_MODES = ("simple", "extended", "codegen", "cost", "formatted")


def explain_text(df, extended=None, mode=None) -> str:
    """The text of ``df.explain(extended, mode)`` (PySpark's argument rules)."""
    from .catalyst.optimizer import optimize
    from .errors import IllegalArgumentException, PySparkTypeError, PySparkValueError
    if isinstance(extended, str):
        extended, mode = None, extended
    if extended is not None and mode is not None:
        raise PySparkValueError("[CANNOT_SET_TOGETHER] extended and mode should not be set "
                                "together.", "CANNOT_SET_TOGETHER")
    if extended is not None and not isinstance(extended, bool):
        raise PySparkTypeError(f"[NOT_BOOL] Argument `extended` should be a bool, got "
                               f"{type(extended).__name__}.", "NOT_BOOL")
    mode = mode or ("extended" if extended else "simple")
    if mode not in _MODES:
        raise IllegalArgumentException(f"Unknown explain mode: {mode}. Accepted explain modes "
                                       f"are {', '.join(repr(m) for m in _MODES)}.",
                                       "UNKNOWN_EXPLAIN_MODE")
    session = df.sparkSession
    optimized = optimize(session._use_cache(df._plan))
    physical = "== Physical Plan ==\n" + _physical(df._plan, optimized, session) + "\n"
    if mode == "simple":
        return physical
    if mode == "codegen":
        return "Found 0 WholeStageCodegen subtrees.\n"
    if mode == "cost":
        return "== Optimized Logical Plan ==\n" + _tree(optimized, _with_stats) + "\n"
    schema = ", ".join(f"{f.name}: {f.dataType.simpleString()}" for f in df.schema.fields)
    logical = lp.plan_string(df._plan)
    return ("== Parsed Logical Plan ==\n" + logical + "\n\n== Analyzed Logical Plan ==\n" +
            schema + "\n" + logical + "\n\n== Optimized Logical Plan ==\n" +
            lp.plan_string(optimized) + "\n\n" + physical)


def _tree(p: lp.Plan, line, depth: int = 0) -> str:
    lines = [("   " * (depth - 1) + "+- " if depth else "") + line(p)]
    lines += [_tree(c, line, depth + 1) for c in p.children()]
    return "\n".join(lines)


def _with_stats(p: lp.Plan) -> str:
    from .execution.join import estimated_size
    return f"{node_line(p)}, Statistics(sizeInBytes={_bytes(estimated_size(p))})"


def _bytes(n: int) -> str:
    if n >= 1 << 62:
        return "8.0 EiB"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n}.0 B"


def _physical(plan: lp.Plan, optimized: lp.Plan, session) -> str:
    if plan in session._cached:
        attrs = ", ".join(f"{a.name}#{a.expr_id}" for a in plan.output)
        return (f"InMemoryTableScan [{attrs}]\n   +- InMemoryRelation [{attrs}], "
                f"{_level(session, plan)}")
    return _tree(optimized, lambda p: _operator(p, session))


def _level(session, plan) -> str:
    from ..rdd.storagelevel import StorageLevel
    level = session.__dict__.get("_storage_levels", {}).get(
        plan, StorageLevel.MEMORY_AND_DISK_DESER)
    return f"StorageLevel({str(level).lower()})"


def _operator(p: lp.Plan, session) -> str:
    """The node as the operator that will run it."""
    from .execution import join
    if isinstance(p, lp.Join):
        lk, _ = join.equi_keys(p)
        threshold = session.broadcast_threshold
        right = p.how in join._BUILD_RIGHT and (
            join.hinted(p.right) or 0 <= join.estimated_size(p.right) <= threshold)
        left = p.how in join._BUILD_LEFT and (
            join.hinted(p.left) or 0 <= join.estimated_size(p.left) <= threshold)
        side = "BuildRight" if right else "BuildLeft" if left else None
        if not lk:
            return f"BroadcastNestedLoopJoin {side or 'BuildRight'}, {p.how}"
        kind = "BroadcastHashJoin" if side else "ShuffledHashJoin"
        return f"{kind} {node_line(p)[len('Join '):]}" + (f", {side}" if side else "")
    if isinstance(p, lp.Aggregate):
        return "Hash" + node_line(p)
    if isinstance(p, lp.Repartition):
        return f"Exchange {'hashpartitioning' if p.exprs else 'RoundRobinPartitioning'}" \
               f"({p.n})" if p.shuffle else f"Coalesce {p.n}"
    if isinstance(p, lp.BroadcastHint):
        return "BroadcastExchange"
    return node_line(p)
