"""DuckDB text of the CSV functions: ``from_csv`` splits the line in Python (the reader's
tokenizer and options) and casts each field to its column's type (NULL where it does not
convert, as Spark's PERMISSIVE mode); ``to_csv`` joins the fields' Spark text, quoted where
needed; ``schema_of_csv`` is the constant worked out in analysis."""

from __future__ import annotations

from ..types import StringType
from .function_sql_hooks import Ctx, scalar


@scalar("schema_of_csv")
def _schema_of_csv(c: Ctx) -> str:
    return c.a[1]


@scalar("from_csv")
def _from_csv(c: Ctx) -> str:
    line, opts = c.a
    fields = f"spark_csv_fields({line}, {opts})"
    parts = []
    for i, f in enumerate(c.e.dtype.fields, 1):
        raw = f"{fields}[{i}]"
        value = raw if isinstance(f.dataType, StringType) else \
            f"TRY_CAST({raw} AS {c.duck_type(f.dataType)})"
        name = f.name.replace('"', '""')
        parts.append(f'"{name}" := {value}')
    return f"(CASE WHEN {line} IS NULL THEN NULL ELSE struct_pack({', '.join(parts)}) END)"


@scalar("to_csv")
def _to_csv(c: Ctx) -> str:
    s, opts, fields = c.a[0], c.a[1], c.a[2:]
    return (f"(CASE WHEN {s} IS NULL THEN NULL ELSE "
            f"spark_csv_line([{', '.join(fields)}]::VARCHAR[], {opts}) END)")
