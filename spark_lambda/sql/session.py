"""``SparkSession``: the entry point of DataFrames and SQL (PySpark's API).

``SparkSession.builder...getOrCreate()`` reuses the active engine ``SparkContext`` or creates
one from a ``SparkConf`` (so ``spark-lambda submit``'s master and settings apply as they do to
``SparkContext``), with the builder's options on top. ``spark.sql.*`` settings live in the
session's ``conf``. The session holds the temporary views, the cached plans and the analyzer.
"""

from __future__ import annotations

import dataclasses

import threading

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .dataframe import DataFrame

def _registry_defaults() -> dict:
    """The ``spark.sql.*`` keys of the registry that have a default, as strings."""
    from ..keys import REGISTRY
    out = {}
    for name, k in REGISTRY.items():
        if name.startswith("spark.sql.") and k.default is not None:
            d = k.default
            out[name] = str(d).lower() if isinstance(d, bool) else str(d)
    return out


_SQL_DEFAULTS = _registry_defaults()


def _bytes(text: str) -> int:
    text = str(text).strip().lower()
    units = {"b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
             "g": 1 << 30, "gb": 1 << 30}
    for suffix in sorted(units, key=len, reverse=True):
        if text.endswith(suffix) and text[:-len(suffix)].strip().lstrip("-").isdigit():
            return int(text[:-len(suffix)]) * units[suffix]
    return int(text)


# the settings whose value is one of a few words (any case)
_OPTIONS = {"spark.sql.mapKeyDedupPolicy": ("EXCEPTION", "LAST_WIN")}


class RuntimeConfig:
    """``spark.conf``: the session's settings."""

    def __init__(self, values: dict):
        self._values = values

    def get(self, key: str, default=None):
        """A setting's value (``default`` if unset and it has no default)."""
        if key in self._values:
            return self._values[key]
        if default is not None:
            return default
        from .errors import SparkNoSuchElementException
        raise SparkNoSuchElementException(
            f"The SQL config \"{key}\" cannot be found. Please verify that the config exists.",
            "SQL_CONF_NOT_FOUND", {"sqlConf": f"\"{key}\""}, "42K0I")

    def set(self, key: str, value) -> None:
        """Change a setting (one with a fixed set of options only to one of them)."""
        if key in _OPTIONS and str(value).upper() not in _OPTIONS[key]:
            from .errors import IllegalArgumentException
            options = ", ".join(_OPTIONS[key])
            raise IllegalArgumentException(
                f"The value '{value}' in the config \"{key}\" is invalid. The value must be "
                f"one of {options}.", "INVALID_CONF_VALUE.OUT_OF_RANGE_OF_OPTIONS",
                {"confName": key, "confValue": str(value), "confOptions": options}, "22022")
        self._values[key] = str(value).lower() if isinstance(value, bool) else str(value)

    def unset(self, key: str) -> None:
        """Return a setting to its default."""
        self._values.pop(key, None)
        if key in _SQL_DEFAULTS:
            self._values[key] = _SQL_DEFAULTS[key]

    def getAll(self) -> dict:
        """Every setting."""
        return dict(self._values)

    def isModifiable(self, key: str) -> bool:
        """Whether a setting can change at run time (the SQL ones can)."""
        return key.startswith("spark.sql.")


class _Builder:
    """``SparkSession.builder``."""

    _lock = threading.Lock()

    def __init__(self):
        self._options: dict = {}

    def appName(self, name: str) -> "_Builder":
        """The application name."""
        return self.config("spark.app.name", name)

    def master(self, master: str) -> "_Builder":
        """The master URL (``local[2]``, ``lambda://NAME``)."""
        return self.config("spark.master", master)

    def config(self, key=None, value=None, conf=None, map=None) -> "_Builder":  # noqa: A002
        """A setting (or all of a SparkConf's, or a dict's)."""
        if conf is not None:
            self._options.update(dict(conf.getAll()))
        if map is not None:
            self._options.update({k: str(v) for k, v in map.items()})
        if key is not None:
            self._options[key] = str(value).lower() if isinstance(value, bool) else str(value)
        return self

    def enableHiveSupport(self) -> "_Builder":
        """Accepted for compatibility; there is no Hive metastore."""
        return self

    def getOrCreate(self) -> "SparkSession":
        """The active session (with these settings applied), or a new one."""
        from .execution.engine_bridge import SparkConf, SparkContext
        with self._lock:
            session = SparkSession._active
            if session is not None and not session._stopped:
                for k, v in self._options.items():
                    if k.startswith("spark.sql."):
                        session.conf.set(k, v)
                return session
            sc = SparkContext._active
            if sc is None:
                conf = SparkConf()
                for k, v in self._options.items():
                    if not k.startswith("spark.sql."):
                        conf.set(k, v)
                sc = SparkContext.getOrCreate(conf)
            return SparkSession(sc, self._options)


class _BuilderProperty:
    def __get__(self, obj, owner):
        return _Builder()


class SparkSession:
    """The entry point to DataFrames and SQL. Creating one imports what the driver plans
    with (sqlglot, the planner) and, when one-task queries run in the driver
    (``spark.lambda.sql.inDriver``), what they run with (DuckDB, pyarrow): a few tenths of a
    second in a fresh process, paid by the session rather than by its first query."""

    builder = _BuilderProperty()
    _active: "SparkSession | None" = None

    def __init__(self, sparkContext, options: dict | None = None):
        from .catalyst.analyzer import Analyzer
        self._sc = sparkContext
        values = dict(_SQL_DEFAULTS)
        for k, v in sparkContext.getConf().getAll():
            if k.startswith("spark."):
                values[k] = v
        values.update(options or {})
        self.conf = RuntimeConfig(values)
        self._views: dict = {}
        self._cached: dict = {}
        self._analyzer = Analyzer(self._lookup_view)
        self._stopped = False
        SparkSession._active = self
        from .execution.engine_bridge import preload_sql
        from .parser.sql_parser import warm_up
        preload_sql(sparkContext, self.in_driver)
        warm_up()

    # --- properties -------------------------------------------------------------------------
    @property
    def sparkContext(self):
        """The engine's SparkContext."""
        return self._sc

    @property
    def version(self) -> str:
        """The version of spark-lambda."""
        from ..version import __version__
        return __version__

    @property
    def read(self):
        """A ``DataFrameReader``."""
        from .readwriter import DataFrameReader
        return DataFrameReader(self)

    @property
    def udf(self):
        """``spark.udf``: register Python functions for SQL (``register``)."""
        from .udf import UDFRegistration
        return UDFRegistration(self)

    @property
    def tvf(self):
        """``spark.tvf``: the table-valued functions (``explode``, ``inline``...)."""
        from .tvf import TableValuedFunction
        return TableValuedFunction(self)

    @property
    def udtf(self):
        """``spark.udtf``: register Python table functions for SQL (``register``)."""
        from .udtf import UDTFRegistration
        return UDTFRegistration(self)

    @property
    def catalog(self):
        """The temporary views (``dropTempView``, ``listTables``)."""
        from .catalog import Catalog
        return Catalog(self)

    @classmethod
    def getActiveSession(cls) -> "SparkSession | None":
        """The running session, if any."""
        return cls._active

    @property
    def shuffle_partitions(self) -> int:
        """``spark.sql.shuffle.partitions``."""
        return int(self.conf.get("spark.sql.shuffle.partitions"))

    @property
    def broadcast_threshold(self) -> int:
        """``spark.sql.autoBroadcastJoinThreshold`` in bytes (-1: never)."""
        return _bytes(self.conf.get("spark.sql.autoBroadcastJoinThreshold"))

    @property
    def task_threads(self) -> int | None:
        """DuckDB threads per task (``spark.sql.duckdb.threads``; None: from the executor)."""
        value = self.conf.get("spark.sql.duckdb.threads", "")
        return int(value) if value else None

    @property
    def adaptive_coalesce(self) -> bool:
        """Whether small reduce partitions of SQL shuffles are read together."""
        on = self.conf.get
        return on("spark.sql.adaptive.enabled").lower() == "true" and \
            on("spark.sql.adaptive.coalescePartitions.enabled").lower() == "true"

    @property
    def single_task_bytes(self) -> int:
        """``spark.sql.adaptive.singleTask.maxInputBytes`` in bytes; 0 when adaptive
        execution is off (no query then runs as one task for its size)."""
        if self.conf.get("spark.sql.adaptive.enabled").lower() != "true":
            return 0
        return _bytes(self.conf.get("spark.sql.adaptive.singleTask.maxInputBytes"))

    @property
    def in_driver(self) -> bool:
        """``spark.lambda.sql.inDriver``: whether a one-task query with no Python function
        runs on a driver thread (local masters only)."""
        return self._setting("spark.lambda.sql.inDriver")

    def _setting(self, name: str):
        """This session's value of the engine's registered key ``name`` (``keys.py``), typed."""
        from .. import keys
        return keys.typed(name, self.conf.get(name, str(keys.REGISTRY[name].default)))

    @property
    def advisory_partition_size(self) -> int:
        """``spark.sql.adaptive.advisoryPartitionSizeInBytes`` in bytes."""
        return _bytes(self.conf.get("spark.sql.adaptive.advisoryPartitionSizeInBytes"))

    @property
    def min_partition_size(self) -> int:
        """``spark.sql.adaptive.coalescePartitions.minPartitionSize`` in bytes."""
        return _bytes(self.conf.get("spark.sql.adaptive.coalescePartitions.minPartitionSize"))

    # --- DataFrames -------------------------------------------------------------------------
    def range(self, start: int, end: int | None = None, step: int = 1,
              numPartitions: int | None = None) -> DataFrame:
        """A DataFrame with one BIGINT column ``id`` from ``start`` to ``end`` (exclusive)."""
        from .types import LongType
        if end is None:
            start, end = 0, start
        slices = numPartitions or self._sc.defaultParallelism
        attr = ex.Attr("id", LongType(), False)
        return DataFrame(lp.RangeRelation(attr, int(start), int(end), int(step), slices), self)

    def createDataFrame(self, data, schema=None, samplingRatio=None,
                        verifySchema: bool = True) -> DataFrame:
        """A DataFrame from local rows, an RDD or a pandas DataFrame."""
        from .create import create_dataframe
        return create_dataframe(self, data, schema)

    def sql(self, sqlQuery: str, args=None, **kwargs) -> DataFrame:
        """The result of a SQL query over the temporary views."""
        from .parser.sql_parser import parse_query
        from .parser.statements import run_statement
        out = run_statement(self, sqlQuery)
        if out is not None:
            return out
        parsed = parse_query(sqlQuery).transform_up(
            lambda p: dataclasses.replace(p, slices=self._sc.defaultParallelism)
            if isinstance(p, lp.RangeRelation) and not p.slices else p)
        return DataFrame(self._analyze(parsed), self, parsed)

    def table(self, tableName: str) -> DataFrame:
        """A temporary view or a table as a DataFrame."""
        return DataFrame(self._analyze(lp.UnresolvedRelation(tableName)), self)

    def stop(self) -> None:
        """Stop the session and its SparkContext."""
        self._stopped = True
        if SparkSession._active is self:
            SparkSession._active = None
        self._sc.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # --- internals used by DataFrame --------------------------------------------------------
    def _lookup_view(self, name: str) -> lp.Plan:
        plan = self._views.get(name.lower())
        if plan is None and "." not in name:
            plan = self._views.get(name.split(".")[-1].lower())
        if plan is None:
            from .tables import lookup_relation
            plan = lookup_relation(self, name)
        if plan is None:
            from .errors import AnalysisException
            raise AnalysisException(
                f"The table or view `{name}` cannot be found. Verify the spelling and "
                f"correctness of the schema and catalog.", "TABLE_OR_VIEW_NOT_FOUND",
                {"relationName": f"`{name}`"}, "42P01")
        return plan

    def _analyze(self, plan: lp.Plan) -> lp.Plan:
        return self._analyzer.analyze_top(plan)

    def _planner(self):
        from .execution import expr_sql, function_sql_maps
        from .execution.planner import Planner
        from .tables import current_database
        expr_sql.session_zone = self.conf.get("spark.sql.session.timeZone")
        expr_sql.session_database = current_database(self)
        function_sql_maps.dedup_policy = self.conf.get("spark.sql.mapKeyDedupPolicy")
        return Planner(self)

    def _use_cache(self, plan: lp.Plan) -> lp.Plan:
        if not self._cached:
            return plan

        def top_down(p):
            hit = self._cached.get(p)
            if hit is not None:
                return hit
            kids = p.children()
            return p.with_children([top_down(k) for k in kids]) if kids else p
        return top_down(plan)

    def _execute(self, plan: lp.Plan, batch_rows: int | None = None):
        from .execution.engine_bridge import JobFailedError, remote_error
        from .sql_execution import sql_execution
        with sql_execution(self, plan) as execution:
            planner = execution.instrument(self._planner())
            try:
                table = planner.collect_table(execution.optimized, batch_rows)
            except JobFailedError as e:
                raise remote_error(e) from None
            execution.finish(planner, table.num_rows)
            return table

    def _cache_plan(self, plan: lp.Plan) -> None:
        from .catalyst.optimizer import optimize
        if plan in self._cached:
            return
        rdd = self._planner().rdd(optimize(self._use_cache(plan))).persist()
        kept = lp.Opaque(rdd)
        kept.cached_plan = plan   # what ``explain`` shows under InMemoryRelation
        self._cached[plan] = lp.RddRelation(tuple(plan.output), kept)

    def _uncache_plan(self, plan: lp.Plan) -> None:
        hit = self._cached.pop(plan, None)
        if hit is not None:
            hit.rdd.value.unpersist()
