"""DataFrame set operations, sampling, reshaping and row-level actions (mixed into
``DataFrame``).

Set operations follow SQL's: ``intersect``/``subtract`` are distinct and compare nulls as equal
(a semi/anti join on null-safe equality of every column); ``intersectAll``/``exceptAll`` keep
duplicates by counting each distinct row on both sides and repeating it
``min(l, r)`` / ``l - r`` times. Sampling is Spark's (``sampling.py``): the same seed over
the same partitions keeps the same rows.
"""

from __future__ import annotations

import random

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .column import Column, col_expr
from .errors import PySparkTypeError, PySparkValueError


class _Repeat:
    """Repeats each row as many times as its last column says, then drops that column."""

    def __call__(self, table, index):
        import numpy as np
        n = np.asarray(table.column(table.num_columns - 1).to_numpy(zero_copy_only=False),
                       dtype="int64")
        return table.take(np.repeat(np.arange(table.num_rows), np.maximum(n, 0))) \
            .remove_column(table.num_columns - 1)


def _check_same_width(a, b, op: str):
    from .errors import AnalysisException
    if len(a.columns) != len(b.columns):
        raise AnalysisException(
            f"{op} can only be performed on inputs with the same number of columns, but the "
            f"first input has {len(a.columns)} columns and the second input has "
            f"{len(b.columns)} columns.", "NUM_COLUMNS_MISMATCH")


class DataFrameOpsMixin:
    """Set operations, sampling and reshaping of ``DataFrame``."""

    # --- set operations ----------------------------------------------------------------------
    def _null_safe_join(self, other, how: str):
        _check_same_width(self, other, how.upper())
        right = other.toDF(*[f"__r{i}" for i in range(len(other.columns))])
        cond = None
        for a, b in zip(self._plan.output, right._plan.output):
            c = Column(a).eqNullSafe(Column(b))
            cond = c if cond is None else cond & c
        return self.join(right, cond, how)

    def intersect(self, other):
        """Distinct rows found in both (nulls compare equal)."""
        return self._null_safe_join(other, "left_semi").distinct()

    def subtract(self, other):
        """Distinct rows of this one not found in ``other`` (``EXCEPT DISTINCT``)."""
        return self._null_safe_join(other, "left_anti").distinct()

    def _counted(self, other, keep):
        from . import functions as F
        _check_same_width(self, other, "Set operation")
        names = [f"__c{i}" for i in range(len(self.columns))]
        left = self.toDF(*names).withColumns({"__l": F.lit(1), "__r": F.lit(0)})
        right = other.toDF(*names).withColumns({"__l": F.lit(0), "__r": F.lit(1)})
        g = left.union(right).groupBy(*names).agg(F.sum("__l").alias("__l"),
                                                   F.sum("__r").alias("__r"))
        g = g.select(*names, keep(F.col("__l"), F.col("__r")).alias("__n"))
        g = g.filter(F.col("__n") > 0)
        from .arrow_map import map_arrow
        out = map_arrow(g, _Repeat())
        attrs = out._plan.output[:-1]
        plan = lp.RddRelation(tuple(ex.Attr(a.name, a.dtype, a.nullable) for a in attrs),
                              out._plan.rdd)
        return type(self)(plan, self.sparkSession).toDF(*self.columns)

    def intersectAll(self, other):
        """Rows found in both, each as many times as it is in both (nulls compare equal)."""
        from . import functions as F
        return self._counted(other, lambda l, r: F.when(l < r, l).otherwise(r))

    def exceptAll(self, other):
        """Rows of this one not in ``other``, duplicates kept (``EXCEPT ALL``)."""
        return self._counted(other, lambda l, r: l - r)

    # --- sampling ----------------------------------------------------------------------------
    def sample(self, withReplacement=None, fraction=None, seed=None):
        """A seeded random sample: each row kept with probability ``fraction`` (or repeated a
        Poisson(``fraction``) number of times with replacement)."""
        if isinstance(withReplacement, float) and fraction is None:
            withReplacement, fraction = None, withReplacement
        elif isinstance(withReplacement, float):
            withReplacement, fraction, seed = None, withReplacement, fraction
        if fraction is None or isinstance(fraction, bool) or not isinstance(fraction,
                                                                            (int, float)):
            raise PySparkTypeError(f"[NOT_FLOAT] Argument `fraction` should be a float, got "
                                   f"{type(fraction).__name__}.", "NOT_FLOAT")
        if fraction < 0:
            raise PySparkValueError("Sampling fraction must be nonnegative.")
        from .arrow_map import map_arrow
        from .sampling import CellSampler, PoissonSampler
        seed = random.randrange(1 << 31) if seed is None else int(seed)
        if withReplacement:
            return map_arrow(self, PoissonSampler(float(fraction), seed))
        return map_arrow(self, CellSampler(0.0, float(fraction), seed))

    def randomSplit(self, weights: list, seed=None) -> list:
        """DataFrames splitting the rows in proportion to ``weights`` (seeded; the splits are
        disjoint and cover every row as long as the input is deterministic). Each partition is
        sorted by its columns first, as Spark does, so the rows come out in that order."""
        if any(w < 0 for w in weights):
            raise PySparkValueError(f"Weights must be positive. Found weight value: "
                                    f"{min(weights)}", "VALUE_NOT_POSITIVE")
        from .arrow_map import map_arrow
        from .sampling import CellSampler
        total = float(sum(weights))
        seed = random.randrange(1 << 31) if seed is None else int(seed)
        bounds = [0.0]
        for w in weights:
            bounds.append(bounds[-1] + w / total)
        bounds[-1] = 1.0
        return [map_arrow(self, CellSampler(lo, hi, seed, sort_first=True)) for lo, hi in
                zip(bounds, bounds[1:])]

    # --- reshaping ---------------------------------------------------------------------------
    def transform(self, func, *args, **kwargs):
        """``func(self, *args, **kwargs)``, which must return a DataFrame."""
        result = func(self, *args, **kwargs)
        if not hasattr(result, "_plan"):
            raise PySparkTypeError(f"Return type of the user-defined function should be "
                                   f"DataFrame, but is {type(result).__name__}.",
                                   "INVALID_RETURN_TYPE_FOR_DATAFRAME_TRANSFORM")
        return result

    def unpivot(self, ids, values, variableColumnName: str, valueColumnName: str):
        """Wide to long: one row per id row and value column (``variable``, ``value``)."""
        from . import functions as F
        from .catalyst.coercion import common_type_of
        from .errors import AnalysisException
        ids = [ids] if isinstance(ids, (str, Column)) else list(ids or [])
        id_cols = [col_expr(c) for c in ids]
        if values is None:
            id_names = {self.select(*ids).columns[i].lower() for i in range(len(ids))} \
                if ids else set()
            values = [c for c in self.columns if c.lower() not in id_names]
        values = [values] if isinstance(values, (str, Column)) else list(values)
        if not values:
            raise AnalysisException("At least one value column needs to be specified for "
                                    "UNPIVOT, all columns specified as ids.",
                                    "UNPIVOT_REQUIRES_VALUE_COLUMNS")
        vdf = self.select(*values)
        dtype = common_type_of([a.dtype for a in vdf._plan.output])
        if dtype is None:
            raise AnalysisException(
                "Unpivot value columns must share a least common type, some types do not: "
                f"[{', '.join(t for _, t in vdf.dtypes)}].", "UNPIVOT_VALUE_DATA_TYPE_MISMATCH")
        parts = None
        for name, v in zip(vdf.columns, values):
            part = self.select(*[Column(e) for e in id_cols],
                               F.lit(name).alias(variableColumnName),
                               Column(col_expr(v)).cast(dtype).alias(valueColumnName))
            parts = part if parts is None else parts.union(part)
        return parts

    melt = unpivot

    def colRegex(self, colName: str) -> Column:
        """The columns whose names match a backquoted Java regex, as one multi-column select."""
        import re
        pattern = colName[1:-1] if colName.startswith("`") and colName.endswith("`") \
            else colName
        matched = [a for a in self._plan.output if re.fullmatch(pattern, a.name)]
        if len(matched) != 1:
            from .errors import AnalysisException
            raise AnalysisException(f"colRegex {colName} matches {len(matched)} columns; only "
                                    "a single match is supported.", "UNSUPPORTED_FEATURE")
        return Column(matched[0])

    # --- rows and actions --------------------------------------------------------------------
    def toJSON(self, use_unicode: bool = True):
        """An RDD of each row as a JSON string (null fields left out, as Spark writes them)."""
        from .row_json import RowsToJson  # noqa: I001
        return self.rdd.mapPartitions(RowsToJson(self.columns))

    def foreach(self, f) -> None:
        """Run ``f`` on every Row (on the executors)."""
        self.rdd.foreach(f)

    def foreachPartition(self, f) -> None:
        """Run ``f`` on an iterator of each partition's Rows (on the executors)."""
        self.rdd.foreachPartition(f)

    def checkpoint(self, eager: bool = True):
        """The rows computed and kept (reliably: the engine's RDD checkpoint when a checkpoint
        directory is set, else persisted), cutting the plan's lineage."""
        from .arrow_map import from_rdd, plan_rdd
        rdd = plan_rdd(self)
        if getattr(self.sparkSession.sparkContext, "checkpoint_dir", None):
            rdd.checkpoint()
        else:
            rdd = rdd.persist()
        if eager:
            rdd.count()
        return from_rdd(self, rdd)

    def localCheckpoint(self, eager: bool = True, storageLevel=None):
        """The rows computed and persisted on the executors, cutting the plan's lineage."""
        from .arrow_map import from_rdd, plan_rdd
        rdd = plan_rdd(self).persist()
        if eager:
            rdd.count()
        return from_rdd(self, rdd)

    def _canonical_plan(self) -> str:
        """The optimized plan's text with attribute ids numbered in order of appearance and
        the names of computed columns left out (what ``sameSemantics`` compares)."""
        import re
        from .catalyst.explain import display_tree, tree_string
        from .catalyst.optimizer import optimize
        text = re.sub(r" AS [^,\]\[#]+#", " AS #",
                      tree_string(display_tree(optimize(self._plan))))
        ids: dict = {}
        return re.sub(r"#(\d+)", lambda m: "#" + str(ids.setdefault(m.group(1), len(ids))),
                      text)

    def sameSemantics(self, other) -> bool:
        """Whether both compute the same rows the same way (attribute ids and the names given
        to computed columns aside)."""
        return self._canonical_plan() == other._canonical_plan()

    def semanticHash(self) -> int:
        """A hash of the plan that ``sameSemantics`` plans share."""
        import zlib
        return zlib.crc32(self._canonical_plan().encode()) - (1 << 31)

    def transpose(self, indexColumn=None) -> "DataFrame":  # noqa: F821
        """Rows as columns: one row per column other than ``indexColumn`` (the first column
        by default) with its name in ``key``, and one column per index value (ascending,
        nulls left out, at most ``spark.sql.transposeMaxValues``), of the columns' common
        type."""
        from . import functions as F
        idx = Column(self._resolve_name(self.columns[0])) if indexColumn is None else \
            Column(col_expr(indexColumn))
        name = self.select(idx).columns[0]
        others = [c for c in self.columns if c != name]
        limit = int(self.sparkSession.conf.get("spark.sql.transposeMaxValues"))
        values = [r[0] for r in self.select(idx).where(idx.isNotNull()).distinct()
                  .orderBy(name).limit(limit + 1).collect()]
        if len(values) > limit:
            from .errors import AnalysisException
            raise AnalysisException(f"[TRANSPOSE_EXCEED_ROW_LIMIT] The index column has more "
                                    f"than {limit} values (spark.sql.transposeMaxValues).",
                                    "TRANSPOSE_EXCEED_ROW_LIMIT")
        common = self.select(F.array(*others)).schema.fields[0].dataType.elementType
        out = None
        for c in others:
            cells = [F.first(F.when(idx == F.lit(v), F.col(c).cast(common)), True).alias(str(v))
                     for v in values]
            part = self.agg(F.lit(c).alias("key"), *cells) if cells else \
                self.limit(1).select(F.lit(c).alias("key"))
            out = part if out is None else out.union(part)
        return out

