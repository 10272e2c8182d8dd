"""Encoding one task's rows as a file of each format, as Spark writes them.

``encode(table, fmt, options, tz)`` gives ``(extension, bytes)`` for an Arrow table whose
columns carry the DataFrame's names and Spark's Arrow types. Parquet is written by pyarrow
(snappy unless ``compression`` says otherwise; timestamps as UTC instants). CSV and JSON
text follows Spark's: no header unless asked, nulls as empty CSV fields and absent JSON
keys, doubles as Java prints them (``1.0E10``), timestamps as ``2020-01-05T10:00:00.000Z``.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from .csv_options import CsvOptions, flag
from ..java_text import java_double




def _timestamp(v: datetime.datetime, tz) -> str:
    local = v.replace(tzinfo=datetime.timezone.utc).astimezone(tz)
    off = local.utcoffset()
    zone = "Z" if not off else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" + zone


def text_of(v, tz) -> str:
    """A value as CSV and JSON text write it (and as a partition directory value)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return java_double(v)
    if isinstance(v, datetime.datetime):
        return _timestamp(v, tz)
    if isinstance(v, (datetime.date, Decimal, int)):
        return str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return v if isinstance(v, str) else json.dumps(v, default=str)


class _JsonText(str):
    """A VARIANT value's JSON text: written into a JSON line as it is."""


def _json_value(v, tz) -> str:
    if isinstance(v, _JsonText):
        return str(v)
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, float):
        return java_double(v) if v == v and abs(v) != float("inf") else json.dumps(java_double(v))
    if isinstance(v, (int, Decimal)):
        return str(v)
    if isinstance(v, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_json_value(x, tz)}" for k, x in v.items()
                              if x is not None) + "}"
    if isinstance(v, list):
        if v and isinstance(v[0], tuple):  # a map: key/value pairs
            return "{" + ",".join(f"{json.dumps(text_of(k, tz))}:{_json_value(x, tz)}"
                                  for k, x in v) + "}"
        return "[" + ",".join(_json_value(x, tz) for x in v) + "]"
    return json.dumps(text_of(v, tz), ensure_ascii=False)


def _csv_field(v, opts: CsvOptions, tz) -> str:
    if v is None:
        return opts.null_value
    text = text_of(v, tz)
    if text == "":
        return opts.quote * 2 if opts.empty_value == "" else opts.empty_value
    if opts.quote_all or any(c in text for c in (opts.sep, opts.quote, "\n", "\r")) \
            or text[:1].isspace() or text[-1:].isspace():
        body = text.replace(opts.escape, opts.escape * 2) if opts.escape != opts.quote else text
        return opts.quote + body.replace(opts.quote, opts.escape + opts.quote) + opts.quote
    return text


def encode(table, fmt: str, options: dict, tz) -> tuple:
    """``(file extension, file bytes)`` of ``table`` in ``fmt``."""
    import pyarrow as pa
    if fmt == "parquet":
        import pyarrow.parquet as pq
        codec = str(options.get("compression", "snappy")).lower()
        codec = "none" if codec in ("none", "uncompressed") else codec
        cols = [c.cast(pa.timestamp("us", "UTC")) if pa.types.is_timestamp(c.type)
                and c.type.tz is None and name not in options.get("_ntz", ()) else c
                for name, c in zip(table.column_names, table.columns)]
        from .variant_parquet import SPARK_SCHEMA_KEY, to_file_column
        cols = [to_file_column(c) if name in options.get("_variant", ()) else c
                for name, c in zip(table.column_names, cols)]
        from .interval_parquet import to_file_columns
        cols = to_file_columns(cols, table.column_names, options.get("_schema"))
        out = pa.table(cols, names=table.column_names)
        schema = options.get("_schema")
        if schema:   # Spark's own schema of the data columns, as Spark keeps it in the footer
            fields = [f for f in schema["fields"] if f["name"] in table.column_names]
            out = out.replace_schema_metadata({SPARK_SCHEMA_KEY: json.dumps(
                {"type": "struct", "fields": fields}, separators=(",", ":"))})
        sink = pa.BufferOutputStream()
        pq.write_table(out, sink, compression=codec)
        ext = ".parquet" if codec == "none" else f".{codec}.parquet"
        return ext, sink.getvalue().to_pybytes()
    if fmt == "orc":
        import pyarrow.orc as orc
        codec = str(options.get("compression", "snappy")).lower()
        codec = "uncompressed" if codec == "none" else codec
        sink = pa.BufferOutputStream()
        orc.write_table(table, sink, compression=codec)
        ext = ".orc" if codec == "uncompressed" else f".{codec}.orc"
        return ext, sink.getvalue().to_pybytes()
    rows = table.to_pylist()
    if fmt == "json":
        variant = set(options.get("_variant", ()))
        if variant:
            rows = [{k: _JsonText(x) if k in variant and x is not None else x
                     for k, x in r.items()} for r in rows]
        lines = [_json_value(r, tz) for r in rows]
        return ".json", "".join(line + "\n" for line in lines).encode("utf-8")
    if fmt == "xml":
        from .xml_format import encode_xml
        return ".xml", encode_xml(rows, options, lambda v: text_of(v, tz))
    if fmt == "text":
        name = table.column_names[0]  # a null is an empty line, as Spark writes it
        return ".txt", "".join(f"{r[name] or ''}\n" for r in rows).encode("utf-8")
    opts = CsvOptions.parse(options)
    lines = [opts.sep.join(table.column_names)] if flag(options, "header", False) else []
    lines += [opts.sep.join(_csv_field(r[n], opts, tz) for n in table.column_names)
              for r in rows]
    return ".csv", "".join(line + "\n" for line in lines).encode("utf-8")
