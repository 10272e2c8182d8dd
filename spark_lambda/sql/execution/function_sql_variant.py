"""DuckDB text of the VARIANT functions. A VARIANT is its JSON text in Spark's form
(``sql/variant.py``); parsing, paths, casts and schemas run as the ``spark_variant_*``
functions of ``variant_ops`` over Arrow batches."""

from __future__ import annotations

from . import function_sql_collections  # noqa: F401  (its to_json writer is wrapped below)
from .cast_new_types import to_variant, variant_get_sql
from .function_sql_hooks import SCALARS, Ctx, aggregate, scalar

_TO_JSON = SCALARS["to_json"]


class _Writer:
    def __init__(self, c: Ctx):
        self.duck_type, self.from_local_time = c.duck_type, c.from_local_time
        self.local_time = c.local_time


@scalar("parse_json", "try_parse_json")
def _parse_json(c: Ctx) -> str:
    return f"spark_variant_parse({c.a[0]}, {1 if c.e.fn == 'try_parse_json' else 0})"


def _parsed(c: Ctx) -> tuple:
    """``(SQL, raw)`` of the first argument: the JSON text itself when it is ``parse_json``'s
    call (read once by the consumer, with ``parse_json``'s errors), else the VARIANT."""
    arg = c.e.args[0]
    if getattr(arg, "fn", None) == "parse_json":
        return c.w.sql(arg.args[0]), True
    return c.a[0], False


@scalar("variant_get", "try_variant_get")
def _variant_get(c: Ctx) -> str:
    v, raw = _parsed(c)
    return variant_get_sql(v, c.a[1], c.e.dtype, c.e.fn == "try_variant_get", _Writer(c), raw)


@scalar("is_variant_null")
def _is_variant_null(c: Ctx) -> str:
    return f"coalesce({c.a[0]} = 'null', FALSE)"


@scalar("is_valid_variant")
def _is_valid_variant(c: Ctx) -> str:
    """Every VARIANT value here was checked when it was made."""
    return f"({c.a[0]} IS NOT NULL OR NULL)"


@scalar("schema_of_variant")
def _schema_of_variant(c: Ctx) -> str:
    v, raw = _parsed(c)
    return f"spark_variant_schema({v}, {'TRUE' if raw else 'FALSE'})"


@aggregate("schema_of_variant_agg")
def _schema_of_variant_agg(c: Ctx) -> str:
    return f"spark_variant_schema_agg(list({c.a[0]}))"


@scalar("to_variant_object")
def _to_variant_object(c: Ctx) -> str:
    return to_variant(c.a[0], c.arg_type(0))


@scalar("variant_set", "try_variant_set", "variant_insert", "try_variant_insert",
        "variant_array_append", "try_variant_array_append")
def _variant_edit(c: Ctx) -> str:
    flag = c.a[3] if len(c.a) > 3 else "TRUE"
    return f"spark_variant_edit({c.quote(c.e.fn)}, {c.a[0]}, {c.a[1]}, {c.a[2]}, {flag})"


@scalar("variant_delete")
def _variant_delete(c: Ctx) -> str:
    return f"spark_variant_delete({c.a[0]}, [{', '.join(c.a[1:])}]::VARCHAR[])"


@scalar("variant_strip_nulls")
def _variant_strip_nulls(c: Ctx) -> str:
    return f"spark_variant_strip_nulls({c.a[0]}, {c.a[1]})"


@scalar("to_json")
def _to_json(c: Ctx) -> str:
    from ..types import VariantType
    if isinstance(c.arg_type(0), VariantType):
        return c.a[0]
    return _TO_JSON(c)
