"""``CAST`` to and from TIME and VARIANT as DuckDB text, with Spark's rules (asked first by
``expr_sql.cast_sql``).

TIME(p) is DuckDB's TIME (microseconds), cut to ``p`` digits of the second's fraction; text
becomes a TIME only when it names a time of day (``24:00:00`` is not one, as in Spark). A
VARIANT is its JSON text (``sql/variant.py``): cast to a type it is ``variant_get`` of ``$``.
"""

from __future__ import annotations

from ..types import (ArrayType, BooleanType, CalendarIntervalType, DayTimeIntervalType,
                     YearMonthIntervalType, DataType, DateType, DecimalType, DoubleType, FloatType,
                     IntegralType, MapType, NullType, StringType, StructType,
                     TimestampNTZType, TimestampType, TimeType, VariantType)

DAY_MICROS = 86_400_000_000
NOW = "(current_timestamp AT TIME ZONE 'UTC')"   # now, as the engine holds instants


def time_of_micros(micros: str) -> str:
    """The TIME ``micros`` microseconds after midnight."""
    return f"(TIME '00:00:00' + to_microseconds({micros}))"


def truncated(t: str, precision: int) -> str:
    """A TIME cut to ``precision`` fraction digits."""
    if precision >= 6:
        return t
    step = 10 ** (6 - precision)
    return time_of_micros(f"(epoch_us({t}) // {step} * {step})")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def string_to_time(s: str, to: TimeType, bad: str) -> str:
    """Text as TIME(p): ``bad`` (SQL) where it is not a time of day."""
    parsed = f"TRY_CAST(trim({s}) AS TIME)"
    return (f"(CASE WHEN {s} IS NULL THEN NULL WHEN {parsed} IS NULL OR "
            f"epoch_us({parsed}) >= {DAY_MICROS} THEN {bad} ELSE {truncated(parsed, to.precision)}"
            f" END)")


def malformed(s: str, to: DataType) -> str:
    """Spark's ANSI error for text that is not a value of ``to`` (SQL)."""
    name = to.simpleString().upper()
    return (f"error('[CAST_INVALID_INPUT] The value ''' || {s} || ''' of the type \"STRING\" "
            f"cannot be cast to \"{name}\" because it is malformed. Correct the value as per "
            f"the syntax, or change its target type. Use `try_cast` to tolerate malformed input "
            f"and return NULL instead.')")


def special_cast(inner: str, src: DataType, to: DataType, ansi: bool, writer) -> str | None:
    """The SQL of a cast involving TIME or VARIANT, or None for any other cast; ``writer``
    has ``duck_type``, ``local_time`` and ``from_local_time`` (the expression writer's
    module)."""
    if isinstance(to, TimeType):
        if isinstance(src, TimeType):
            return truncated(inner, to.precision) if to.precision < src.precision else inner
        if isinstance(src, StringType):
            return string_to_time(inner, to, malformed(inner, to) if ansi else "NULL")
        if isinstance(src, NullType):
            return "CAST(NULL AS TIME)"
        if isinstance(src, (TimestampType, TimestampNTZType)):   # the time of day
            local = writer.local_time(inner) if isinstance(src, TimestampType) else inner
            return truncated(f"CAST({local} AS TIME)", to.precision)
        return None
    if isinstance(src, TimeType) and isinstance(to, StringType):
        return f"CAST({inner} AS VARCHAR)"
    if isinstance(src, (DayTimeIntervalType, YearMonthIntervalType, CalendarIntervalType)):
        from .function_sql_intervals import interval_text
        return interval_text(inner, src) if isinstance(to, StringType) else None
    if isinstance(src, TimeType) and isinstance(to, (TimestampType, TimestampNTZType)):
        today = f"CAST({writer.local_time(NOW)} AS DATE)"    # in the session time zone
        wall = f"CAST({today} + {inner} AS TIMESTAMP)"
        return writer.from_local_time(wall) if isinstance(to, TimestampType) else wall
    if isinstance(to, VariantType):
        return to_variant(inner, src)
    if isinstance(src, VariantType):
        return variant_get_sql(inner, "'$'", to, not ansi, writer)
    return None


def to_variant(x: str, src: DataType) -> str | None:
    """A value as a VARIANT (its JSON text in Spark's form), or None where Spark has no cast."""
    if isinstance(src, NullType):
        return "CAST(NULL AS VARCHAR)"
    if isinstance(src, (IntegralType, BooleanType)):
        return f"lower(CAST({x} AS VARCHAR))"
    if isinstance(src, DecimalType):
        return f"spark_variant_parse(CAST({x} AS VARCHAR), 0)"
    if isinstance(src, (FloatType, DoubleType)):    # "1.0" stays a double's text
        return f"spark_variant_parse(CAST(to_json({x}) AS VARCHAR), 2)"
    if isinstance(src, (StringType, DateType, TimestampNTZType, TimeType)):
        return f"CAST(to_json(CAST({x} AS VARCHAR)) AS VARCHAR)"
    if isinstance(src, (ArrayType, MapType, StructType)):
        from .function_sql_collections import json_text
        return (f"(CASE WHEN {x} IS NULL THEN NULL ELSE "
                f"spark_variant_parse({json_text(x, src, _quote)}, 0) END)")
    return None


def variant_get_sql(v: str, path: str, to: DataType, try_: bool, writer,
                    raw: bool = False) -> str:
    """``variant_get(v, path, to)`` (``try_``: NULL where the value does not cast; ``raw``:
    ``v`` is the text given to ``parse_json``); ``writer`` as for ``special_cast``."""
    from ..types import BinaryType
    text = (f"spark_variant_get({v}, {path}, {_quote(to.json())}, "
            f"{'TRUE' if try_ else 'FALSE'}, {'TRUE' if raw else 'FALSE'})")
    if isinstance(to, (StringType, VariantType)):
        return text
    if isinstance(to, (ArrayType, MapType, StructType)):
        return f"CAST(CAST({text} AS JSON) AS {writer.duck_type(to)})"
    if isinstance(to, BinaryType):
        return f"encode({text})"
    if isinstance(to, TimestampType):
        return writer.from_local_time(f"CAST({text} AS TIMESTAMP)")
    return f"CAST({text} AS {writer.duck_type(to)})"
