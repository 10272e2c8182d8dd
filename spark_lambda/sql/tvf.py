"""``spark.tvf``: PySpark's table-valued functions as DataFrames (``explode``, ``inline``,
``posexplode``, their ``_outer`` forms, ``stack``, ``range``).

A generator's DataFrame is a select of the generator over one row; with
``Column.outer()`` arguments it can only be the right side of ``DataFrame.lateralJoin``,
which evaluates it over each left row.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .functions_common import c, v


class TableValuedFunction:
    """The table-valued functions of a session (``spark.tvf``)."""

    def __init__(self, session):
        self._session = session

    def _generator(self, name: str, *args):
        from .dataframe import DataFrame
        plan = lp.Project((ex.UnresolvedFunc(name, tuple(args)),), lp.one_row())
        if ex.has_outer_columns(plan):   # analyzed by the lateral join that reads it
            return DataFrame(plan, self._session, plan)
        return DataFrame(self._session._analyze(plan), self._session, plan)

    def explode(self, collection):
        """A row per element of an array (column ``col``) or entry of a map (``key``,
        ``value``)."""
        return self._generator("explode", c(collection))

    def explode_outer(self, collection):
        """``explode``, but one row of NULLs for a NULL or empty collection."""
        return self._generator("explode_outer", c(collection))

    def posexplode(self, collection):
        """``explode`` with each element's position first (``pos``)."""
        return self._generator("posexplode", c(collection))

    def posexplode_outer(self, collection):
        """``posexplode``, but one row of NULLs for a NULL or empty collection."""
        return self._generator("posexplode_outer", c(collection))

    def inline(self, input):  # noqa: A002
        """A row per struct of an array of structs, a column per field."""
        return self._generator("inline", c(input))

    def inline_outer(self, input):  # noqa: A002
        """``inline``, but one row of NULLs for a NULL or empty array."""
        return self._generator("inline_outer", c(input))

    def stack(self, n, *fields):
        """``fields`` laid out in ``n`` rows."""
        return self._generator("stack", v(n), *[v(f) for f in fields])

    def range(self, start: int, end: int | None = None, step: int = 1,
              numPartitions: int | None = None):
        """``spark.range``."""
        return self._session.range(start, end, step, numPartitions)
