"""``DataFrame``: a resolved logical plan and the session it belongs to (PySpark's API).

Every transformation builds a new node over this plan and has the session analyze it at once,
so a bad column name fails where it is written. Actions optimize the plan, plan it physically
and run it on the engine (``execution/planner.py``); results come back as Arrow.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .catalyst.hidden_columns import produced_below
from .column import Column, col_expr, name_expr
from .dataframe_na import DataFrameNaFunctions, DataFrameNaMixin  # noqa: F401
from .dataframe_ops import DataFrameOpsMixin
from .dataframe_lateral import DataFrameLateralMixin
from .dataframe_partitions import DataFramePartitionsMixin
from .dataframe_rows import DataFrameRowsMixin
from .dataframe_stat import DataFrameStatFunctions, DataFrameStatMixin  # noqa: F401
from .dataframe_views import DataFrameViewsMixin
from .grouping_sets import GroupingMixin
from .errors import (AnalysisException, PySparkAttributeError, PySparkTypeError,
                     PySparkValueError)

_JOIN_TYPES = {"inner": "inner", "cross": "cross", "outer": "full", "full": "full",
               "fullouter": "full", "full_outer": "full", "left": "left", "leftouter": "left",
               "left_outer": "left", "right": "right", "rightouter": "right",
               "right_outer": "right", "semi": "left_semi", "leftsemi": "left_semi",
               "left_semi": "left_semi", "anti": "left_anti", "leftanti": "left_anti",
               "left_anti": "left_anti"}


class DataFrame(DataFrameOpsMixin, DataFrameNaMixin, DataFrameStatMixin, GroupingMixin,
                DataFrameViewsMixin, DataFrameRowsMixin, DataFramePartitionsMixin,
                DataFrameLateralMixin):
    """A distributed collection of rows with named columns."""

    def __init__(self, plan: lp.Plan, session, parsed: lp.Plan | None = None):
        self._plan = plan
        self._parsed = parsed   # the plan as written, before analysis (``explain``)
        self.sparkSession = session

    def _with_plan(self, plan: lp.Plan) -> "DataFrame":
        if ex.has_outer_columns(plan):   # a subquery's plan: analyzed where it is used
            return DataFrame(plan, self.sparkSession, plan)
        return DataFrame(self.sparkSession._analyze(plan), self.sparkSession, plan)

    def scalar(self) -> Column:
        """This DataFrame (one column, at most one row) as a scalar subquery's value; it may
        refer to an enclosing query's columns with ``Column.outer()``."""
        return Column(ex.SubqueryExpr("scalar", self._plan))

    def exists(self) -> Column:
        """True where this DataFrame has rows (an ``EXISTS`` subquery; correlated through
        ``Column.outer()``)."""
        return Column(ex.SubqueryExpr("exists", self._plan))

    # --- schema ----------------------------------------------------------------------------
    @property
    def schema(self):
        """The StructType of the rows."""
        from .types import StructField, StructType
        return StructType([StructField(a.name, a.dtype, a.nullable, a.meta)
                           for a in self._plan.output])

    @property
    def columns(self) -> list:
        """The column names."""
        return [a.name for a in self._plan.output]

    @property
    def dtypes(self) -> list:
        """``(name, simpleString)`` of each column."""
        return [(a.name, a.dtype.simpleString()) for a in self._plan.output]

    def printSchema(self, level: int | None = None) -> None:
        """Print the schema as a tree."""
        print(self.schema.treeString(level))

    def explain(self, extended=None, mode=None) -> None:
        """Print the plans as Spark does: ``simple`` (the physical plan; ``extended=False``),
        ``extended`` (parsed, analysed, optimised, physical; ``extended=True``), ``formatted``,
        ``cost`` or ``codegen`` (see ``explain.py``)."""
        from .explain import explain_mode, explain_string
        print(explain_string(self, explain_mode(extended, mode)))

    def __getitem__(self, item):
        if isinstance(item, str):
            return Column(self._resolve_name(item))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, int):
            return Column(self._plan.output[item])
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise PySparkTypeError(f"Unexpected item type: {type(item).__name__}")

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name.lower() in (c.lower() for c in self.columns):
            return Column(self._resolve_name(name))
        raise PySparkAttributeError(f"Attribute `{name}` is not supported.",
                                    "ATTRIBUTE_NOT_SUPPORTED", {"attr_name": name})

    def _resolve_name(self, name: str) -> ex.Expr:
        if name == "*":     # this frame's columns, even where a join hides some of them
            return ex.UnresolvedStar(attrs=tuple(self._plan.output))
        return self.sparkSession._analyzer.resolve(name_expr(name), self._plan.output)

    # --- transformations -------------------------------------------------------------------
    def select(self, *cols) -> "DataFrame":
        """Columns or expressions of each row."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        return self._with_plan(lp.Project(tuple(col_expr(c) for c in cols), self._plan))

    def selectExpr(self, *exprs: str) -> "DataFrame":
        """``select`` of SQL expression strings."""
        from .parser.sql_parser import parse_expression
        if len(exprs) == 1 and isinstance(exprs[0], list):
            exprs = tuple(exprs[0])
        return self._with_plan(lp.Project(tuple(parse_expression(e) for e in exprs), self._plan))

    def filter(self, condition) -> "DataFrame":
        """The rows where ``condition`` (a Column or a SQL string) holds."""
        if isinstance(condition, str):
            from .parser.sql_parser import parse_expression
            cond = parse_expression(condition)
        elif isinstance(condition, Column):
            cond = condition.expr
        else:
            raise PySparkTypeError("condition should be a Column or a string",
                                   "NOT_COLUMN_OR_STR")
        return self._with_plan(lp.Filter(cond, self._plan))

    where = filter

    def withColumn(self, colName: str, col: Column) -> "DataFrame":
        """The rows with a column added or replaced."""
        return self.withColumns({colName: col})

    def withMetadata(self, columnName: str, metadata: dict) -> "DataFrame":
        """The rows with column ``columnName``'s metadata replaced by ``metadata``."""
        if not isinstance(metadata, dict):
            raise PySparkTypeError(f"[NOT_DICT] Argument `metadata` should be a dict, got "
                                   f"{type(metadata).__name__}.", "NOT_DICT")
        return self.withColumn(columnName, self[columnName].alias(columnName,
                                                                   metadata=metadata))

    def withColumns(self, *colsMap) -> "DataFrame":
        """The rows with several columns added or replaced."""
        mapping = colsMap[0]
        exprs = []
        done = set()
        for a in self._plan.output:
            hit = next((k for k in mapping if k.lower() == a.name.lower()), None)
            if hit is not None:
                exprs.append(ex.Alias(col_expr(mapping[hit]), a.name))
                done.add(hit)
            else:
                exprs.append(a)
        exprs += [ex.Alias(col_expr(v), k) for k, v in mapping.items() if k not in done]
        return self._with_plan(lp.Project(tuple(exprs), self._plan))

    def withColumnRenamed(self, existing: str, new: str) -> "DataFrame":
        """The rows with a column renamed (no-op if it does not exist)."""
        exprs = tuple(ex.Alias(a, new) if a.name.lower() == existing.lower() else a
                      for a in self._plan.output)
        return self._with_plan(lp.Project(exprs, self._plan))

    def withColumnsRenamed(self, colsMap: dict) -> "DataFrame":
        """Several columns renamed."""
        df = self
        for k, v in colsMap.items():
            df = df.withColumnRenamed(k, v)
        return df

    def toDF(self, *cols: str) -> "DataFrame":
        """The rows with new column names."""
        if len(cols) != len(self._plan.output):
            raise PySparkValueError("Number of column names does not match the number of "
                                    "columns", "LENGTH_SHOULD_BE_THE_SAME")
        return self._with_plan(lp.Project(tuple(ex.Alias(a, n) for a, n in
                                                zip(self._plan.output, cols)), self._plan))

    def drop(self, *cols) -> "DataFrame":
        """The rows without the given columns (names that do not exist are ignored)."""
        drop_ids = set()
        for c in cols:
            if isinstance(c, str):
                drop_ids |= {a.expr_id for a in self._plan.output if a.name.lower() == c.lower()}
            elif isinstance(c.expr, ex.Attr) and produced_below(c.expr.expr_id, (self._plan,)):
                drop_ids.add(c.expr.expr_id)    # a column of this plan (a hidden key: none)
            else:
                e = self.sparkSession._analyzer.resolve(col_expr(c), self._plan.output)
                if isinstance(e, ex.Attr):
                    drop_ids.add(e.expr_id)
        keep = tuple(a for a in self._plan.output if a.expr_id not in drop_ids)
        return self._with_plan(lp.Project(keep, self._plan))

    def alias(self, alias: str) -> "DataFrame":
        """The rows under a name, for qualified references (``alias.col``)."""
        return self._with_plan(lp.SubqueryAlias(alias, self._plan))

    def groupBy(self, *cols) -> "GroupedData":
        """Group the rows by columns, to aggregate."""
        from .group import GroupedData
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        return GroupedData(self, [self._key_expr(c) for c in cols])

    groupby = groupBy

    def agg(self, *exprs) -> "DataFrame":
        """Aggregate the whole DataFrame."""
        return self.groupBy().agg(*exprs)

    def distinct(self) -> "DataFrame":
        """The distinct rows."""
        return self._with_plan(lp.Distinct(self._plan))

    def dropDuplicates(self, subset=None) -> "DataFrame":
        """Rows with distinct values of ``subset`` (all columns by default); one row each."""
        if subset is None:
            return self.distinct()
        keys = [self._resolve_name(c) for c in subset]
        key_ids = {k.expr_id for k in keys}
        aggs = tuple(a if a.expr_id in key_ids else
                     ex.Alias(ex.UnresolvedFunc("first", (a,)), a.name, a.expr_id)
                     for a in self._plan.output)
        return self._with_plan(lp.Aggregate(tuple(keys), aggs, self._plan))

    drop_duplicates = dropDuplicates

    def orderBy(self, *cols, ascending=True) -> "DataFrame":
        """The rows sorted (nulls first ascending, last descending)."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        if isinstance(ascending, (list, tuple)):
            orders = [self._sort_expr(c, bool(a)) for c, a in zip(cols, ascending)]
        else:
            orders = [self._sort_expr(c, bool(ascending)) for c in cols]
        return self._with_plan(lp.Sort(tuple(orders), self._plan))

    sort = orderBy

    def sortWithinPartitions(self, *cols, ascending=True) -> "DataFrame":
        """The rows of each partition sorted."""
        orders = tuple(self._sort_expr(c, bool(ascending)) for c in cols)
        return self._with_plan(lp.Sort(orders, self._plan, is_global=False))

    def limit(self, num: int) -> "DataFrame":
        """The first ``num`` rows."""
        return self._with_plan(lp.Limit(int(num), self._plan))

    def join(self, other: "DataFrame", on=None, how: str | None = None) -> "DataFrame":
        """Join with another DataFrame on column names, a Column condition or a list of them."""
        from .joins import build_join
        kind = _JOIN_TYPES.get((how or "inner").lower().replace(" ", ""))
        if kind is None:
            raise AnalysisException(f"Unsupported join type '{how}'. Supported join types "
                                    f"include: {', '.join(sorted(_JOIN_TYPES))}.",
                                    "UNSUPPORTED_JOIN_TYPE")
        if on is None and how is None:
            kind = "cross" if on is None else kind
        return self._with_plan(build_join(self._plan, other._plan, on, kind))

    def crossJoin(self, other: "DataFrame") -> "DataFrame":
        """Every pair of rows."""
        return self.join(other, how="cross")

    def union(self, other: "DataFrame") -> "DataFrame":
        """All rows of both, matched by position (duplicates kept); a union of unions is one
        union of all their inputs, as Spark's."""
        return self._with_plan(lp.union_of((self._plan, other._plan)))

    unionAll = union

    def unionByName(self, other: "DataFrame", allowMissingColumns: bool = False) -> "DataFrame":
        """All rows of both, matched by column name."""
        from .joins import by_name
        return self._with_plan(lp.union_of(by_name(self, other, allowMissingColumns)))

    def repartition(self, numPartitions, *cols) -> "DataFrame":
        """Shuffle into ``numPartitions`` partitions (by ``cols`` hash, or round robin)."""
        if not isinstance(numPartitions, int):
            cols = (numPartitions,) + cols
            numPartitions = self.sparkSession.shuffle_partitions
        exprs = tuple(col_expr(c) for c in cols)
        return self._with_plan(lp.Repartition(numPartitions, exprs, True, self._plan))

    def coalesce(self, numPartitions: int) -> "DataFrame":
        """At most ``numPartitions`` partitions, without a shuffle."""
        return self._with_plan(lp.Repartition(numPartitions, (), False, self._plan))

    def hint(self, name: str, *parameters) -> "DataFrame":
        """A join hint (``broadcast``)."""
        if name.lower() in ("broadcast", "broadcastjoin", "mapjoin"):
            return self._with_plan(lp.BroadcastHint(self._plan))
        return self

    # --- actions ---------------------------------------------------------------------------
    def toArrow(self):
        """The rows as a pyarrow Table with the DataFrame's column names: one chunk per
        partition (of at most 10 000 rows, Spark's ``maxRecordsPerBatch``), as Spark's."""
        table = self.sparkSession._execute(self._plan, batch_rows=10_000)
        return table.rename_columns(self.columns)

    def collect(self) -> list:
        """Every row, as ``Row`` objects."""
        from .conversion import table_rows
        return table_rows(self.sparkSession._execute(self._plan), self._plan.output)

    def toLocalIterator(self, prefetchPartitions: bool = False):
        """The rows one by one."""
        return iter(self.collect())

    def take(self, num: int) -> list:
        """The first ``num`` rows."""
        return self.limit(num).collect()

    def head(self, n: int | None = None):
        """The first row (None if empty), or the first ``n`` rows."""
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        """The first row, or None."""
        return self.head()

    def tail(self, num: int) -> list:
        """The last ``num`` rows."""
        rows = self.collect()
        return rows[-num:] if num else []

    def isEmpty(self) -> bool:
        """Whether there are no rows."""
        return not self.take(1)

    def count(self) -> int:
        """The number of rows."""
        from . import functions as F
        return self.groupBy().agg(F.count("*")).collect()[0][0]

    def toPandas(self):
        """The rows as a pandas DataFrame."""
        return self.toArrow().to_pandas()

    def show(self, n: int = 20, truncate=True, vertical: bool = False) -> None:
        """Print the first ``n`` rows as a table, as PySpark prints it."""
        print(self._show_string(n, truncate, vertical))

    def _show_string(self, n: int = 20, truncate=True, vertical: bool = False) -> str:
        from .conversion import table_rows
        from .show import in_zone, mark_floats, show_string
        shown = self.limit(n + 1) if n >= 0 else self
        rows = table_rows(self.sparkSession._execute(shown._plan), shown._plan.output, True)
        rows = in_zone(rows, self.schema, self.sparkSession.conf.get("spark.sql.session.timeZone"))
        rows = mark_floats(rows, self.schema)
        width = 20 if truncate is True else int(truncate)
        return show_string(self.columns, rows, n, width, vertical)

    @property
    def rdd(self):
        """The rows as an RDD of ``Row``."""
        from .conversion import RowsFromIpc
        from .catalyst.optimizer import optimize
        plan = self.sparkSession._use_cache(self._plan)
        rdd = self.sparkSession._planner().rdd(optimize(plan))
        names = self.columns
        return rdd.mapPartitions(RowsFromIpc(names))

    def mapInPandas(self, func, schema, barrier: bool = False, profile=None) -> "DataFrame":
        """``func`` maps an iterator of pandas DataFrames (the batches of a partition) to an
        iterator of DataFrames of ``schema``. Needs the ``pandas`` extra."""
        from .pandas_ops import map_in_batches
        return map_in_batches(self, func, schema, "pandas")

    def mapInArrow(self, func, schema, barrier: bool = False, profile=None) -> "DataFrame":
        """``func`` maps an iterator of Arrow RecordBatches to an iterator of batches."""
        from .pandas_ops import map_in_batches
        return map_in_batches(self, func, schema, "arrow")

    @property
    def write(self):
        """A ``DataFrameWriter`` for saving the rows."""
        from .readwriter import DataFrameWriter
        return DataFrameWriter(self)

    def __repr__(self) -> str:
        return "DataFrame[" + ", ".join(f"{n}: {t}" for n, t in self.dtypes) + "]"
