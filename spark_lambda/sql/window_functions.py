"""The window-only functions of ``pyspark.sql.functions`` (re-exported there): ranking
(``row_number``, ``rank``, ``dense_rank``, ``percent_rank``, ``cume_dist``, ``ntile``) and
offsets (``lag``, ``lead``, ``nth_value``). Each is meaningful only with ``.over(window)``."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst.window_plans import WindowFunc
from .column import Column, col_expr


def _ranking(name: str):
    def f() -> Column:
        return Column(WindowFunc(name))
    f.__name__ = name
    f.__doc__ = f"``{name}()`` over an ordered window."
    return f


row_number = _ranking("row_number")
rank = _ranking("rank")
dense_rank = _ranking("dense_rank")
percent_rank = _ranking("percent_rank")
cume_dist = _ranking("cume_dist")


def ntile(n: int) -> Column:
    """The bucket number (1..n) of the row when its partition is split into ``n`` groups."""
    return Column(WindowFunc("ntile", (ex.Lit(int(n)),)))


def lag(col, offset: int = 1, default=None) -> Column:
    """The value ``offset`` rows before the current row (``default`` when there is none)."""
    return Column(WindowFunc("lag", (col_expr(col), ex.Lit(int(offset)), ex.Lit(default))))


def lead(col, offset: int = 1, default=None) -> Column:
    """The value ``offset`` rows after the current row (``default`` when there is none)."""
    return Column(WindowFunc("lead", (col_expr(col), ex.Lit(int(offset)), ex.Lit(default))))


def nth_value(col, offset: int, ignoreNulls: bool = False) -> Column:
    """The value of the ``offset``-th row of the window frame."""
    return Column(WindowFunc("nth_value", (col_expr(col), ex.Lit(int(offset))), ignoreNulls))


__all__ = ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag",
           "lead", "nth_value"]
