"""ANSI interval columns in Parquet files as Spark writes them: a day-time interval as INT64
microseconds, a year-month interval as INT32 months, their types named in the file's Spark
schema (``org.apache.spark.sql.parquet.row.metadata``). Calendar intervals have no file form
(Spark refuses to write them)."""

from __future__ import annotations

import json

from .variant_parquet import SPARK_SCHEMA_KEY


def _interval_kind(type_json) -> str | None:
    """``"day"`` or ``"year"`` for an ANSI interval type's JSON name, else None."""
    if not isinstance(type_json, str) or not type_json.startswith("interval "):
        return None
    return "year" if type_json.split()[1] in ("year", "month") else "day"


def refuse_calendar_intervals(schema) -> None:
    """Spark's error for a calendar interval column written to a file."""
    from ..errors import AnalysisException
    for f in schema.fields:
        if f.dataType.jsonValue() == "interval":
            raise AnalysisException(
                f"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The data source does not support the "
                f"column `{f.name}` of the type \"INTERVAL\"; cast it to STRING, or build it "
                f"with make_dt_interval or make_ym_interval instead.",
                "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
                {"columnName": f"`{f.name}`", "columnType": "\"INTERVAL\""})


def to_file_columns(columns, names, schema_json) -> list:
    """The columns with ANSI intervals (Arrow month_day_nano) as their file form."""
    import pyarrow as pa
    kinds = {f["name"]: _interval_kind(f["type"]) for f in (schema_json or {}).get("fields", [])}
    out = []
    for name, c in zip(names, columns):
        kind = kinds.get(name)
        if kind is None or not pa.types.is_interval(c.type):
            out.append(c)
            continue
        values = c.to_pylist()
        if kind == "year":
            out.append(pa.array([None if v is None else v.months for v in values], pa.int32()))
        else:
            out.append(pa.array([None if v is None else v.days * 86_400_000_000 +
                                 v.nanoseconds // 1000 for v in values], pa.int64()))
    return out


def file_interval_types(arrow_schema) -> dict:
    """The interval types a file's Spark schema gives its columns, by lower-case name."""
    from ..ddl import parse_json_type
    raw = (arrow_schema.metadata or {}).get(SPARK_SCHEMA_KEY)
    if not raw:
        return {}
    fields = json.loads(raw).get("fields", [])
    return {f["name"].lower(): parse_json_type(f["type"]) for f in fields
            if _interval_kind(f["type"])}


def from_file_column(column, dtype):
    """A file's INT64 microseconds or INT32 months as the interval ``dtype`` (month_day_nano)."""
    import pyarrow as pa
    months = dtype.typeName() != "interval" and dtype.simpleString().split()[1] in (
        "year", "month")
    values = column.to_pylist()
    return pa.array([None if v is None else ((v, 0, 0) if months else (0, 0, v * 1000))
                     for v in values], pa.month_day_nano_interval())
