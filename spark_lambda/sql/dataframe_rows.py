"""Rows by position and how they are kept: column ordinals (``groupBy(1)``, ``sort(-1)``),
``offset``, ``zipWithIndex``, ``to(schema)``, persistence with its storage level, and
``isLocal``. Mixed into ``DataFrame``."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column, col_expr
from .errors import AnalysisException, PySparkIndexError


def is_ordinal(c) -> bool:
    """Whether ``c`` is a column ordinal (an int, not a bool)."""
    return isinstance(c, int) and not isinstance(c, bool)


class DataFrameRowsMixin:
    """Ordinals, offsets, indexes, schema conformance, persistence."""

    def _ordinal(self, n: int, zero_class: str) -> Column:
        """The column at 1-based position ``abs(n)`` (0 is ``zero_class``; past the last
        column an IndexError, as PySpark)."""
        out = self._plan.output
        if n == 0:
            raise PySparkIndexError(f"[{zero_class}] Column ordinals start at 1, got 0.",
                                    zero_class, {"index": "0"})
        if abs(n) > len(out):
            raise IndexError(f"column ordinal {n} is out of range: the DataFrame has "
                             f"{len(out)} columns")
        return Column(out[abs(n) - 1])

    def _key_expr(self, c) -> ex.Expr:
        """A grouping key: a column, a name, or a 1-based ordinal."""
        if is_ordinal(c) and c < 0:
            raise PySparkIndexError(f"[INDEX_NOT_POSITIVE] Column ordinal must be positive, "
                                    f"got {c}.", "INDEX_NOT_POSITIVE", {"index": str(c)})
        return self._ordinal(c, "INDEX_NOT_POSITIVE").expr if is_ordinal(c) else col_expr(c)

    def _sort_expr(self, c, ascending: bool = True) -> ex.Expr:
        """A sort key: a column, a name, or an ordinal (negative: descending)."""
        if is_ordinal(c):
            return ex.SortOrder(self._ordinal(c, "ZERO_INDEX").expr, c > 0 and ascending,
                                None)
        e = col_expr(c)
        return e if isinstance(e, ex.SortOrder) else ex.SortOrder(e, ascending, None)

    def offset(self, num: int) -> "DataFrame":
        """The rows after the first ``num`` (in the DataFrame's order)."""
        indexed = self.zipWithIndex("__offset_index")
        return indexed.where(Column(indexed._plan.output[-1]) >= int(num)) \
            .select(*[Column(a) for a in indexed._plan.output[:-1]])

    def zipWithIndex(self, indexColName: str = "index") -> "DataFrame":
        """The rows with a column of their 0-based position (in the DataFrame's order)."""
        from .types import LongType, StructField, StructType
        schema = StructType(list(self.schema.fields) +
                            [StructField(indexColName, LongType(), False)])
        rdd = self.rdd.zipWithIndex().map(lambda ri: tuple(ri[0]) + (ri[1],))
        return self.sparkSession.createDataFrame(rdd, schema)

    def to(self, schema) -> "DataFrame":
        """The columns of ``schema``, matched by name, in its order and cast to its types (a
        nullable column it names that is missing is null, a non-nullable one an error;
        columns it omits are dropped)."""
        from . import functions as F
        have = {a.name.lower(): a for a in self._plan.output}
        cols = []
        for f in schema.fields:
            a = have.get(f.name.lower())
            if a is None and f.nullable:
                cols.append(F.lit(None).cast(f.dataType).alias(f.name))
                continue
            if a is None:
                raise AnalysisException(
                    f"[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column `{f.name}` cannot be "
                    f"resolved; the DataFrame has {', '.join(self.columns)}.",
                    "UNRESOLVED_COLUMN.WITH_SUGGESTION", {"objectName": f"`{f.name}`"},
                    "42703")
            cols.append(Column(a).cast(f.dataType).alias(f.name))
        return self.select(*cols)

    # --- persistence -----------------------------------------------------------------------
    def persist(self, storageLevel=None) -> "DataFrame":
        """Keep the computed rows for later actions (at ``storageLevel``, by default
        ``MEMORY_AND_DISK_DESER``; every level is kept in the object store here)."""
        from ..rdd.storagelevel import StorageLevel
        self.sparkSession._cache_plan(self._plan)
        self.sparkSession.__dict__.setdefault("_storage_levels", {})[self._plan] = \
            storageLevel or StorageLevel.MEMORY_AND_DISK_DESER
        return self

    def cache(self) -> "DataFrame":
        """``persist()``."""
        return self.persist()

    def unpersist(self, blocking: bool = False) -> "DataFrame":
        """Forget the kept rows."""
        self.sparkSession._uncache_plan(self._plan)
        self.sparkSession.__dict__.get("_storage_levels", {}).pop(self._plan, None)
        return self

    @property
    def is_cached(self) -> bool:
        """Whether the rows are kept."""
        return self._plan in self.sparkSession._cached

    @property
    def storageLevel(self):
        """The level the rows are kept at (``StorageLevel.NONE`` when they are not)."""
        from ..rdd.storagelevel import StorageLevel
        if not self.is_cached:
            return StorageLevel.NONE
        return self.sparkSession.__dict__.get("_storage_levels", {}).get(
            self._plan, StorageLevel.MEMORY_AND_DISK_DESER)

    def isLocal(self) -> bool:
        """Whether ``collect`` and ``take`` need no tasks: the rows are held on the driver."""
        return isinstance(self._plan, lp.LocalRelation)

    def _ipython_key_completions_(self) -> list:
        """The column names, for IPython's completion of ``df["…``."""
        return self.columns
