"""Window expressions and the ``Window`` plan node.

``WindowExpr`` is a function evaluated over a window: ``func`` is a ranking or offset function
(``WindowFunc``: ``row_number``, ``rank``, ``lag``, ...) or any aggregate (``AggCall``), the
window is ``partition`` keys, ``orders`` and a ``WindowFrame`` (None: Spark's default, the
whole partition when unordered, ``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`` when
ordered). The analyzer calls ``extract_windows`` on a projection holding window expressions:
they move into ``Window`` nodes under it (one per partitioning, so each costs one exchange)
and the projection reads their results as columns, as Spark's ``ExtractWindowExpressions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AnalysisException
from ..types import DataType, DoubleType, IntegerType
from . import expressions as ex
from . import plans as lp

UNBOUNDED_PRECEDING = -(1 << 63)
UNBOUNDED_FOLLOWING = (1 << 63) - 1
RANKING = {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile"}
OFFSET = {"lag", "lead", "nth_value"}
# aggregates Spark frames by rows when ordered (window functions it has written as aggregates)
ROWS_WHEN_ORDERED = {"counter_diff"}


@dataclass(frozen=True)
class WindowFrame:
    """``kind`` is ``rows`` or ``range``; bounds are offsets from the current row (negative:
    preceding), or the unbounded sentinels."""
    kind: str
    lower: int
    upper: int

    def bound_sql(self, v: int, spark: bool = False) -> str:
        """A bound as SQL (``spark``: as Spark prints it in a column name)."""
        if v <= UNBOUNDED_PRECEDING + 1:
            return "UNBOUNDED PRECEDING"
        if v >= UNBOUNDED_FOLLOWING:
            return "UNBOUNDED FOLLOWING"
        if v == 0:
            return "CURRENT ROW"
        if spark:
            return f"{v} FOLLOWING"
        return f"{-v} PRECEDING" if v < 0 else f"{v} FOLLOWING"

    def sql(self, spark: bool = False) -> str:
        """``ROWS BETWEEN ... AND ...``."""
        return (f"{self.kind.upper()} BETWEEN {self.bound_sql(self.lower, spark)} AND "
                f"{self.bound_sql(self.upper, spark)}")


@dataclass(frozen=True)
class WindowFunc(ex.Expr):
    """A function that only exists over a window (ranking, ``lag``/``lead``)."""
    name: str
    args: tuple = ()
    ignore_nulls: bool = False

    @property
    def dtype(self) -> DataType:
        if self.name in ("percent_rank", "cume_dist"):
            return DoubleType()
        if self.name in RANKING:
            return IntegerType()
        return self.args[0].dtype

    @property
    def nullable(self) -> bool:
        return self.name not in RANKING

    def spark_name(self) -> str:
        """Spark's text of the call in a column name."""
        from .naming import auto_name
        if self.name in ("lag", "lead"):
            offset = self.args[1].value if len(self.args) > 1 else 1
            default = auto_name(self.args[2]) if len(self.args) > 2 else "NULL"
            return f"{self.name}({auto_name(self.args[0])}, {offset}, {default})"
        return f"{self.name}({', '.join(auto_name(a) for a in self.args)})"


@dataclass(frozen=True)
class WindowExpr(ex.Expr):
    """``func OVER (PARTITION BY partition ORDER BY orders frame)``."""
    func: ex.Expr
    partition: tuple = ()
    orders: tuple = ()
    frame: WindowFrame | None = None

    @property
    def dtype(self) -> DataType:
        return self.func.dtype

    @property
    def nullable(self) -> bool:
        return self.func.nullable

    def effective_frame(self) -> WindowFrame | None:
        """The frame to compute with (None for ranking and offset functions)."""
        if isinstance(self.func, WindowFunc) and self.func.name != "nth_value":
            return None
        if self.frame is not None:
            return self.frame
        if self.orders:
            kind = "rows" if getattr(self.func, "fn", None) in ROWS_WHEN_ORDERED else "range"
            return WindowFrame(kind, UNBOUNDED_PRECEDING, 0)
        return WindowFrame("rows", UNBOUNDED_PRECEDING, UNBOUNDED_FOLLOWING)

    def spark_name(self) -> str:
        """Spark's column name for the unaliased window expression."""
        from .naming import auto_name
        parts = []
        if self.partition:
            parts.append("PARTITION BY " + ", ".join(auto_name(p) for p in self.partition))
        if self.orders:
            parts.append("ORDER BY " + ", ".join(
                f"{auto_name(o.child)} {'ASC' if o.ascending else 'DESC'} "
                f"NULLS {'FIRST' if o.effective_nulls_first else 'LAST'}" for o in self.orders))
        frame = self.effective_frame()
        if frame is None:
            if isinstance(self.func, WindowFunc) and self.func.name in ("lag", "lead"):
                off = self.func.args[1].value if len(self.func.args) > 1 else 1
                off = -off if self.func.name == "lag" else off
                frame = WindowFrame("rows", off, off)
            else:
                frame = WindowFrame("rows", UNBOUNDED_PRECEDING, 0)
        parts.append(frame.sql(spark=True))
        return f"{auto_name(self.func)} OVER ({' '.join(parts)})"


@dataclass(frozen=True)
class Window(lp.Plan):
    """The child's rows with the window expressions (``Alias(WindowExpr)``) added as columns;
    every expression here has the same ``partition`` keys."""
    exprs: tuple
    partition: tuple
    child: lp.Plan

    @property
    def output(self):
        return list(self.child.output) + [ex.to_attr(e) for e in self.exprs]


def has_window(e: ex.Expr) -> bool:
    """Whether ``e`` holds a window expression."""
    return any(isinstance(n, WindowExpr) for n in e.walk())


def check_window(w: WindowExpr) -> None:
    """Spark's analysis errors for a window expression."""
    f = w.func
    if isinstance(f, WindowFunc) and not w.orders:
        raise AnalysisException(
            f"Window function {f.name}() requires window to be ordered, please add ORDER BY "
            f"clause. For example SELECT {f.name}()(value_expr) OVER (PARTITION BY window_"
            f"partition ORDER BY window_ordering) from table.",
            "WINDOW_FUNCTION_WITHOUT_ORDER", {}, "42601")
    if isinstance(f, ex.AggCall) and f.distinct:
        raise AnalysisException("Distinct window functions are not supported.",
                                "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED", {}, "0A000")
    if not isinstance(f, (WindowFunc, ex.AggCall)):
        raise AnalysisException(f"Expression '{ex.expr_name(f)}' not supported within a window "
                                f"function.", "UNSUPPORTED_EXPR_FOR_WINDOW", {}, "42P20")
    if w.frame is not None and w.frame.kind == "range" and \
            (w.frame.lower, w.frame.upper) != (UNBOUNDED_PRECEDING, 0) and len(w.orders) != 1:
        raise AnalysisException("A range window frame with value boundaries cannot be used in "
                                "a window specification with multiple order by expressions.",
                                "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER", {}, "42K09")


def extract_windows(exprs: tuple, child: lp.Plan) -> lp.Plan:
    """``Project(exprs)`` over ``Window`` nodes computing the window expressions in ``exprs``."""
    by_partition: dict = {}
    found: dict = {}

    def pull(n):
        if isinstance(n, WindowExpr):
            check_window(n)
            if n not in found:
                alias = ex.Alias(n, ex.expr_name(n))
                found[n] = alias
                by_partition.setdefault(n.partition, []).append(alias)
            return found[n].to_attr()
        return n.map_children(pull)

    new = []
    for e in exprs:
        if isinstance(e, ex.Alias) and isinstance(e.child, WindowExpr):
            inner = pull(e.child)
            new.append(ex.Alias(inner, e.name, e.expr_id))
        else:
            new.append(pull(e))
    plan = child
    for partition, aliases in by_partition.items():
        plan = Window(tuple(aliases), partition, plan)
    return lp.Project(tuple(new), plan)
