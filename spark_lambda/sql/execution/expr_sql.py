"""DuckDB SQL text for resolved expressions, with Spark's semantics where DuckDB differs.

Called by the physical planner while it writes a stage's SQL. A column is named by its
attribute id (``"_17"``), so names never clash. Each function's text casts to the Spark result
type the analyzer chose: ``sum(int)`` is BIGINT (not HUGEINT), decimal ``/`` and ``avg`` are
exact and round half up, ``CAST`` to an integer truncates, a string that is not a number is an
error (ANSI), ``substring`` is 1-based with position 0 as 1, ``concat`` is NULL if any input is.
"""

from __future__ import annotations

import math
import sys

from ..catalyst import expressions as ex
from ..catalyst.intervals import INTERVAL_TYPES, IntervalValue, micros_of
from ..catalyst.lambdas import Lambda, LambdaVar
from ..types import (ArrayType, BinaryType, BooleanType, ByteType, DataType, DateType,
                     DecimalType, DoubleType, FloatType, IntegerType, IntegralType, LongType,
                     MapType, NullType, NumericType, ShortType, StringType, StructType,
                     TimestampNTZType, TimestampType, TimeType, VariantType)


def duck_type(t: DataType) -> str:
    """The DuckDB type name of a Spark type."""
    simple = {ByteType: "TINYINT", ShortType: "SMALLINT", IntegerType: "INTEGER",
              LongType: "BIGINT", FloatType: "FLOAT", DoubleType: "DOUBLE",
              StringType: "VARCHAR", BinaryType: "BLOB", BooleanType: "BOOLEAN",
              DateType: "DATE", TimestampType: "TIMESTAMP", TimestampNTZType: "TIMESTAMP",
              NullType: "INTEGER", TimeType: "TIME", VariantType: "VARCHAR"}
    if type(t) in simple:
        return simple[type(t)]
    if isinstance(t, INTERVAL_TYPES):
        return "INTERVAL"
    if isinstance(t, DecimalType):
        return f"DECIMAL({t.precision},{t.scale})"
    if hasattr(t, "duck_sql"):   # the spatial types (geo_types)
        return t.duck_sql
    if isinstance(t, ArrayType):
        return duck_type(t.elementType) + "[]"
    if isinstance(t, MapType):
        return f"MAP({duck_type(t.keyType)}, {duck_type(t.valueType)})"
    if isinstance(t, StructType):
        return "STRUCT(" + ", ".join(f'"{f.name}" {duck_type(f.dataType)}' for f in t) + ")"
    raise NotImplementedError(f"no DuckDB type for {t!r}")


def column(attr_id: int) -> str:
    """The SQL name of an attribute's column."""
    return f'"_{attr_id}"'


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literal(value, t: DataType) -> str:
    """A typed literal."""
    if value is None:
        return f"CAST(NULL AS {duck_type(t)})"
    if isinstance(t, INTERVAL_TYPES) and not isinstance(value, IntervalValue):   # a timedelta
        return f"to_microseconds(CAST({micros_of(value)} AS BIGINT))"
    if isinstance(t, INTERVAL_TYPES):
        v: IntervalValue = value
        return f"INTERVAL '{v.months} months {v.days} days {v.micros} microseconds'"
    if isinstance(t, BooleanType):
        return "TRUE" if value else "FALSE"
    if isinstance(t, (FloatType, DoubleType)):
        f = float(value)
        text = "'NaN'" if math.isnan(f) else ("'Infinity'" if f == math.inf else
                                               "'-Infinity'" if f == -math.inf else repr(f))
        return f"CAST({text} AS {duck_type(t)})"
    if isinstance(t, (DecimalType, IntegralType)):
        return f"CAST({quote(str(value))} AS {duck_type(t)})"
    if isinstance(t, StringType):
        return f"CAST({quote(str(value))} AS VARCHAR)"
    if isinstance(t, DateType):
        return f"DATE '{value.isoformat()}'"
    if isinstance(t, (TimestampType, TimestampNTZType)):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(t, TimeType):
        return f"TIME '{value.isoformat()}'"
    if isinstance(t, VariantType):
        return f"CAST({quote(str(value))} AS VARCHAR)"
    if isinstance(t, BinaryType):
        return "'" + "".join(f"\\x{b:02x}" for b in value) + "'::BLOB"
    raise NotImplementedError(f"literal of type {t!r}")


# ``spark.sql.session.timeZone`` of the session whose plan is being written; set by
# ``SparkSession._planner`` on the driver before a stage's SQL is written.
session_zone = "UTC"
session_database = "default"   # the session's current database when planning began


def local_time(inner: str) -> str:
    """A TIMESTAMP (an instant, held as UTC) as the wall-clock time in the session zone."""
    return f"timezone({quote(session_zone)}, timezone('UTC', {inner}))"


def from_local_time(inner: str) -> str:
    """A wall-clock time in the session zone as the instant it names (held as UTC)."""
    return f"timezone('UTC', timezone({quote(session_zone)}, {inner}))"


def _error(message: str) -> str:
    return f"error({quote(message)})"


def cast_sql(inner: str, src: DataType, to: DataType, ansi: bool = True) -> str:
    """``CAST`` with Spark's rules (truncation to integers, ANSI errors on bad text)."""
    if src == to:
        return inner
    from .cast_new_types import special_cast
    special = special_cast(inner, src, to, ansi, sys.modules[__name__])
    if special is not None:
        return special
    if isinstance(src, TimestampType) and isinstance(to, (StringType, DateType,
                                                          TimestampNTZType)):
        return cast_sql(local_time(inner), TimestampNTZType(), to, ansi)
    if isinstance(to, TimestampType) and isinstance(src, (StringType, DateType,
                                                          TimestampNTZType)):
        return from_local_time(cast_sql(inner, src, TimestampNTZType(), ansi))
    target = duck_type(to)
    if isinstance(src, NullType):
        return f"CAST(NULL AS {target})"
    if not ansi:
        if isinstance(to, IntegralType) and isinstance(src, (DecimalType, FloatType,
                                                             DoubleType)):
            return f"TRY_CAST(trunc({inner}) AS {target})"
        return f"TRY_CAST({inner} AS {target})"
    if isinstance(to, IntegralType) and isinstance(src, (DecimalType, FloatType, DoubleType)):
        return f"CAST(trunc({inner}) AS {target})"
    if isinstance(to, IntegralType) and isinstance(src, StringType):
        return (f"(CASE WHEN {inner} IS NULL THEN NULL WHEN regexp_full_match(trim({inner}), "
                f"'[+-]?[0-9]+') THEN CAST(trim({inner}) AS {target}) ELSE "
                f"{_error('[CAST_INVALID_INPUT] The value cannot be cast to ' + to.simpleString().upper() + ' because it is malformed.')} END)")
    if isinstance(to, BooleanType) and isinstance(src, StringType):
        return f"CAST(lower(trim({inner})) AS BOOLEAN)"
    if isinstance(to, TimestampType) and isinstance(src, NumericType):   # epoch seconds
        return f"make_timestamp(CAST(trunc({inner} * 1000000) AS BIGINT))"
    if isinstance(src, TimestampType) and isinstance(to, NumericType):
        micros = f"epoch_us({inner})"
        if isinstance(to, IntegralType):
            return f"CAST(floor({micros} / 1000000) AS {target})"
        return f"CAST({micros} / 1000000 AS {target})"
    if isinstance(to, BinaryType) and isinstance(src, StringType):   # the UTF-8 bytes
        return f"encode({inner})"
    if isinstance(to, StringType) and isinstance(src, BinaryType):
        # the bytes as UTF-8, a malformed sequence as U+FFFD (as Java decodes)
        return f"coalesce(TRY(decode({inner})), spark_utf8({inner}))"
    if isinstance(to, StringType) and isinstance(src, BooleanType):
        return f"(CASE WHEN {inner} THEN 'true' WHEN NOT {inner} THEN 'false' END)"
    return f"CAST({inner} AS {target})"


class ExprSql:
    """Writes expressions; ``subquery_value(expr)`` gives the literal of a scalar subquery
    (unless a ``subquery_sql(expr)`` attribute, when set, gives its SQL instead)."""

    def __init__(self, subquery_value=None):
        self.subquery_value = subquery_value

    def sql(self, e: ex.Expr) -> str:
        """The SQL text of ``e``."""
        if isinstance(e, ex.Attr):
            return column(e.expr_id)
        if isinstance(e, ex.Alias):
            return self.sql(e.child)
        if isinstance(e, ex.Lit):
            return literal(e.value, e.dtype)
        if isinstance(e, ex.Cast):
            return cast_sql(self.sql(e.child), e.child.dtype, e.to, e.ansi)
        if isinstance(e, ex.CaseWhen):
            parts = ["CASE"] + [f"WHEN {self.sql(c)} THEN {self.sql(v)}" for c, v in e.branches]
            if e.otherwise is not None:
                parts.append(f"ELSE {self.sql(e.otherwise)}")
            return "(" + " ".join(parts) + " END)"
        if isinstance(e, ex.SortOrder):
            nulls = "NULLS FIRST" if e.effective_nulls_first else "NULLS LAST"
            return f"{self.sql(e.child)} {'ASC' if e.ascending else 'DESC'} {nulls}"
        if isinstance(e, ex.SubqueryExpr) and e.kind == "scalar":
            inline = getattr(self, "subquery_sql", None)
            text = inline(e) if inline is not None else None
            if text is not None:   # part of the same query (``Planner._subquery_sql``)
                return text
            value = self.subquery_value(e)
            return literal(value, e.dtype)
        if isinstance(e, LambdaVar):
            return e.name
        if isinstance(e, Lambda):
            return f"lambda {', '.join(p.name for p in e.params)}: {self.sql(e.body)}"
        if isinstance(e, ex.Call):
            from .function_sql import call_sql
            return call_sql(self, e)
        if isinstance(e, ex.AggCall):
            from .function_sql import aggregate_sql
            return aggregate_sql(self, e)
        if hasattr(e, "to_sql"):  # nodes defined outside this module (Python UDFs)
            return e.to_sql(self)
        raise NotImplementedError(f"cannot write SQL for {type(e).__name__}")

