"""The Python functions over Arrow batches that the VARIANT and TIME functions' SQL calls:
``spark_variant_*`` (``variant_ops``, ``variant_edit``) and ``spark_time_parse``
(``to_time`` with a pattern that is a column: DuckDB's ``strptime`` takes only constant
patterns). Registered on a task's connection by ``function_udfs.register_functions`` when
the SQL calls them."""

from __future__ import annotations

import datetime

from . import variant_edit as E
from . import variant_ops as V

# Java pattern letters of a time of day as strptime's
TIME_PATTERN = [("HH", "%H"), ("hh", "%I"), ("mm", "%M"), ("ss", "%S"), ("SSSSSS", "%f"),
                ("SSS", "%f"), ("a", "%p")]


def strptime_pattern(java: str) -> str:
    """A Java time-of-day pattern (``HH:mm:ss``) as a strptime pattern."""
    for a, b in TIME_PATTERN:
        java = java.replace(a, b)
    return java


def parse_time(text, pattern):
    """One row of ``to_time(text, pattern)``: the time as ``HH:MM:SS.ffffff``, or None."""
    if text is None or pattern is None:
        return None
    try:
        t = datetime.datetime.strptime(text, strptime_pattern(pattern)).time()
    except ValueError:
        return None
    return t.isoformat()


_FUNCTIONS = {   # name: (row function, argument types as DuckDB names)
    "spark_variant_parse": (V.parse_json, ["VARCHAR", "INTEGER"]),
    "spark_variant_get": (V.variant_get, ["VARCHAR", "VARCHAR", "VARCHAR", "BOOLEAN",
                                          "BOOLEAN"]),
    "spark_variant_schema_agg": (V.schema_of_variant_agg, ["VARCHAR[]"]),
    "spark_variant_schema": (V.schema_of_variant, ["VARCHAR", "BOOLEAN"]),
    "spark_variant_edit": (E.edit, ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BOOLEAN"]),
    "spark_variant_delete": (E.delete, ["VARCHAR", "VARCHAR[]"]),
    "spark_variant_strip_nulls": (E.strip_nulls, ["VARCHAR", "BOOLEAN"]),
    "spark_time_parse": (parse_time, ["VARCHAR", "VARCHAR"]),
}


def _rows(fn, *columns):
    import pyarrow as pa
    values = [c.to_pylist() for c in columns]
    return pa.array([fn(*row) for row in zip(*values)], pa.string())


def _arity(fn, n: int):
    """``fn`` over Arrow columns as a function of exactly ``n`` parameters (DuckDB counts)."""
    if n == 1:
        return lambda a: _rows(fn, a)
    if n == 2:
        return lambda a, b: _rows(fn, a, b)
    return lambda a, b, c, d, e: _rows(fn, a, b, c, d, e)


def register_new_type_functions(con, sql: str, done: set | None = None) -> None:
    """Register on ``con`` the functions of this module ``sql`` calls (not those in ``done``,
    which gets the new names)."""
    from duckdb.func import PythonUDFType
    for name, (fn, params) in _FUNCTIONS.items():
        if f"{name}(" not in sql or (done is not None and name in done):
            continue
        con.create_function(name, _arity(fn, len(params)), [con.sqltype(p) for p in params],
                            con.sqltype("VARCHAR"), type=PythonUDFType.ARROW,
                            null_handling="special", side_effects=False)
        if done is not None:
            done.add(name)
