"""The table the ``function_sql_*`` modules fill: DuckDB text per function name, for scalar
calls and aggregates beyond ``function_sql``'s core (which asks this table first).

A writer gets a ``Ctx``: the call, its arguments' SQL, and the helpers it needs (handed in, so
these modules need not import the expression writer).
"""

from __future__ import annotations

from dataclasses import dataclass

# Spark's error for a 1-based index of 0 (``array_insert``, ``split_part``), as SQL text
INDEX_OF_ZERO = ("'[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either "
                 "< 0 or > 0 (the first element has index 1).'")
SCALARS: dict = {}
AGGREGATES: dict = {}
# aggregates computed in two steps: name -> fn(ctx) -> (partial SQL, fn(partial column) -> SQL)
PARTIALS: dict = {}
# aggregates whose writer also serves over a window (it puts ``ctx.over`` after its calls)
WINDOWED: set = set()


@dataclass
class Ctx:
    """One call being written: ``e`` the resolved call, ``a`` its arguments' SQL, ``t`` the
    DuckDB name of its result type; ``duck_type``, ``quote``, ``literal`` from the writer;
    ``local_time(ts)`` a TIMESTAMP (an instant) as the session zone's wall-clock time and
    ``from_local_time(ts)`` the other way; ``session_zone`` the session's time zone;
    ``session_database`` its current database; ``over`` the window (`` OVER (...)``) of an
    aggregate computed over one (``WINDOWED``)."""
    w: object
    e: object
    a: list
    t: str
    duck_type: object
    quote: object
    literal: object
    local_time: object = None
    from_local_time: object = None
    session_zone: str = "UTC"
    session_database: str = "default"
    over: str = ""

    def arg_type(self, i: int):
        """The Spark type of argument ``i``."""
        return self.e.args[i].dtype

    def is_constant(self, i: int) -> bool:
        """Whether argument ``i`` is a literal (possibly cast), whose ``value`` is known."""
        x = self.e.args[i]
        while hasattr(x, "child") and not hasattr(x, "value"):
            x = x.child
        return hasattr(x, "value")

    def value(self, i: int):
        """The constant value of argument ``i`` (a literal, possibly cast)."""
        x = self.e.args[i]
        while hasattr(x, "child") and not hasattr(x, "value"):
            x = x.child
        return x.value


def scalar(*names: str):
    """Register the decorated ``fn(ctx) -> str`` as the SQL of the scalar ``names``."""
    def deco(fn):
        for n in names:
            SCALARS[n] = fn
        return fn
    return deco


def aggregate(*names: str):
    """Register the decorated ``fn(ctx) -> str`` as the SQL of the aggregate ``names``."""
    def deco(fn):
        for n in names:
            AGGREGATES[n] = fn
        return fn
    return deco


def partial(*names: str):
    """Register the decorated ``fn(ctx) -> (partial SQL, final)`` as the two-step form of the
    aggregate ``names``: each task computes the partial SQL per group, and ``final(column)``
    merges the partial results (the column) after the shuffle."""
    def deco(fn):
        for n in names:
            PARTIALS[n] = fn
        return fn
    return deco


def error(message_sql: str) -> str:
    """A DuckDB ``error(...)`` raising the message (a SQL string expression)."""
    return f"error({message_sql})"
