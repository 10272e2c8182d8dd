"""DuckDB text of ``type_rules_timestamps``' functions: timestamps from fields with Spark's
checks (each field in range, a real date, seconds up to 60 where 60 is the next minute; the
``try_`` forms give NULL instead of the error), ``convert_timezone`` through DuckDB's ICU
zones, ``assert_true``/``raise_error`` as ``USER_RAISED_EXCEPTION`` errors, and the task's
variables (partition, input file) behind ``monotonically_increasing_id`` and
``input_file_name``."""

from __future__ import annotations

from .function_sql_datetime import parsed_wall_time
from .function_sql_hooks import Ctx, error, scalar

_FIELD = ("'[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid value for {field} (valid "
          "values {lo} - {hi}): ' || CAST({x} AS VARCHAR) || '.'")
_FRACTION = ("'[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), "
             "but the provided value is ' || CAST(CAST({x} AS DOUBLE) AS VARCHAR) || '. To avoid this error, "
             "use `try_make_timestamp`, which returns NULL on error.'")
_DATE = ("'[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] Invalid date ''' || "
         "upper(monthname(make_date(2000, {m}, 1))) || ' ' || CAST({d} AS VARCHAR) || ''''")


@scalar("make_timestamp", "make_timestamp_ltz", "make_timestamp_ntz", "try_make_timestamp",
        "try_make_timestamp_ltz", "try_make_timestamp_ntz")
def _make_timestamp(c: Ctx) -> str:
    """The wall-clock time of the fields, as the instant it names in the zone given (else the
    session's) unless the result is a TIMESTAMP_NTZ."""
    y, m, d, h, mi, s = c.a[:6]
    soft = c.e.fn.startswith("try_")

    def bad(message: str) -> str:
        return "NULL" if soft else error(message)
    checks = [(f"{m} NOT BETWEEN 1 AND 12", _FIELD.format(field="MonthOfYear", lo=1, hi=12, x=m)),
              (f"{d} NOT BETWEEN 1 AND 31", _FIELD.format(field="DayOfMonth", lo=1, hi=31, x=d)),
              (f"try(make_date({y}, {m}, {d})) IS NULL", _DATE.format(m=m, d=d)),
              (f"{h} NOT BETWEEN 0 AND 23", _FIELD.format(field="HourOfDay", lo=0, hi=23, x=h)),
              (f"{mi} NOT BETWEEN 0 AND 59",
               _FIELD.format(field="MinuteOfHour", lo=0, hi=59, x=mi)),
              (f"{s} < 0 OR {s} > 60",
               f"(CASE WHEN {s} < 0 OR {s} = floor({s}) THEN "
               f"{_FIELD.format(field='SecondOfMinute', lo=0, hi=59, x=s)} "
               f"ELSE {_FRACTION.format(x=s)} END)")]
    wall = (f"(make_timestamp({y}, {m}, {d}, {h}, {mi}, 0) + "
            f"to_microseconds(CAST({s} * 1000000 AS BIGINT)))")
    if c.e.fn.endswith("_ntz"):
        value = wall
    elif len(c.a) > 6:
        value = f"timezone('UTC', timezone({c.a[6]}, {wall}))"
    else:
        value = c.from_local_time(wall)
    whens = " ".join(f"WHEN {cond} THEN {bad(msg)}" for cond, msg in checks)
    nulls = " OR ".join(f"{x} IS NULL" for x in c.a)
    return f"(CASE WHEN {nulls} THEN NULL {whens} ELSE {value} END)"


@scalar(*(f"{n}_date_time" for n in ("make_timestamp", "make_timestamp_ltz",
                                       "make_timestamp_ntz", "try_make_timestamp",
                                       "try_make_timestamp_ltz", "try_make_timestamp_ntz")))
def _make_timestamp_date_time(c: Ctx) -> str:
    """``make_timestamp(date, time[, timezone])``: the date at the time of day, as the instant
    that wall-clock time names in the zone (else the session's) unless a TIMESTAMP_NTZ."""
    wall = f"(CAST({c.a[0]} AS DATE) + {c.a[1]})"
    if c.e.fn.startswith(("make_timestamp_ntz", "try_make_timestamp_ntz")):
        return wall
    if len(c.a) > 2:
        return f"timezone('UTC', timezone({c.a[2]}, {wall}))"
    return c.from_local_time(wall)


@scalar("convert_timezone")
def _convert_timezone(c: Ctx) -> str:
    src, dst, ts = c.a
    return f"timezone({dst}, timezone({src}, {ts}))"


@scalar("assert_true")
def _assert_true(c: Ctx) -> str:
    cond, msg = c.a
    raised = error(f"'[USER_RAISED_EXCEPTION] ' || coalesce({msg}, 'null')")
    return f"(CASE WHEN ({cond}) IS NOT TRUE THEN {raised} END)"


@scalar("raise_error")
def _raise_error(c: Ctx) -> str:
    return error(f"'[USER_RAISED_EXCEPTION] ' || coalesce({c.a[0]}, 'null')")


@scalar("monotonically_increasing_id")
def _monotonically_increasing_id(c: Ctx) -> str:
    """The partition index in the upper 31 bits, the row's position in the task's input in
    the lower 33 (as Spark numbers them)."""
    return ("((CAST(coalesce(getvariable('spark_partition_id'), 0) AS BIGINT) << 33) + "
            "row_number() OVER () - 1)")


@scalar("to_timestamp_ntz")
def _to_timestamp_ntz(c: Ctx) -> str:
    """Text (in a Java pattern when given) or a date as a wall-clock TIMESTAMP_NTZ."""
    if len(c.a) > 1:
        return parsed_wall_time(c, 0, 1)
    return f"CAST({c.a[0]} AS TIMESTAMP)"


@scalar("input_file_name", "input_file_block_start", "input_file_block_length")
def _input_file(c: Ctx) -> str:
    """The file the task's scan reads and the split's byte range (variables the task sets);
    '' and -1 where the rows do not come from a file scan in this task."""
    if c.e.fn == "input_file_name":
        return "coalesce(CAST(getvariable('spark_input_file') AS VARCHAR), '')"
    part = "start" if c.e.fn.endswith("start") else "length"
    return f"coalesce(CAST(getvariable('spark_input_{part}') AS BIGINT), -1)"
