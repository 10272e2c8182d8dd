"""DuckDB text of the functions ``type_rules_misc`` types: most call the Python functions of
``function_udfs_misc`` (``xpath*``, ``hmac``, base32, ``parse_url``,
``jaro_winkler_similarity``, ``sentences``, ``reflect``); ``try_sum``/``try_avg`` sum decimals as
HUGEINTs of their digits to see an overflow instead of raising it."""

from __future__ import annotations

from decimal import Decimal

from ..types import BinaryType, DecimalType, IntegralType, LongType, StringType
from .function_sql_hooks import Ctx, aggregate, scalar

_XPATH = {"xpath": "list", "xpath_string": "str", "xpath_boolean": "bool",
          "xpath_double": "f64", "xpath_number": "f64", "xpath_float": "f32",
          "xpath_short": "i16", "xpath_int": "i32", "xpath_long": "i64"}


# functions that are one Python function over all their arguments
_PYTHON = {"hmac": "spark_hmac", "to_base32": "spark_to_base32",
           "from_base32": "spark_from_base32", "jaro_winkler_similarity": "spark_jaro_winkler",
           "sentences": "spark_sentences"}
for _fn, _udf in _PYTHON.items():
    scalar(_fn)(lambda c, udf=_udf: f"{udf}({', '.join(c.a)})")


@scalar(*_XPATH)
def _xpath(c: Ctx) -> str:
    return f"spark_xpath_{_XPATH[c.e.fn]}({c.a[0]}, {c.a[1]})"


@scalar("parse_url", "try_parse_url")
def _parse_url(c: Ctx) -> str:
    mode = (1 if c.e.fn == "try_parse_url" else 0) | (2 if len(c.a) > 2 else 0)
    key = c.a[2] if len(c.a) > 2 else "NULL"
    return f"spark_parse_url({c.a[0]}, {c.a[1]}, {key}, {mode})"


def _unscaled(x: str) -> str:
    """A decimal's digits as a HUGEINT (its value times 10^scale), never overflowing."""
    return f"CAST(replace(CAST({x} AS VARCHAR), '.', '') AS HUGEINT)"


def _scaled(q: str, out) -> str:
    """A HUGEINT of unscaled digits as the decimal ``out``."""
    step = f"CAST('{Decimal(1).scaleb(-out.scale)}' AS DECIMAL({out.scale + 1},{out.scale}))"
    return f"CAST(CAST({q} AS DECIMAL(38,0)) * {step} AS DECIMAL({out.precision},{out.scale}))"


@aggregate("try_sum", "try_avg")
def _try_sum(c: Ctx) -> str:
    """``sum``/``avg``, NULL where the result overflows its type (Spark's ANSI error)."""
    x, src, out = c.a[0], c.arg_type(0), c.e.dtype
    d = "DISTINCT " if c.e.distinct else ""
    if isinstance(src, DecimalType):
        u, n = f"sum({d}{_unscaled(x)})", f"count({d}{x})"
        if c.e.fn == "try_sum":
            return (f"(CASE WHEN abs({u}) >= CAST('{10 ** out.precision}' AS HUGEINT) THEN NULL "
                    f"ELSE {_scaled(u, out)} END)")
        shift = 10 ** (out.scale - src.scale)
        q = (f"(sign({u}) * ((abs({u}) // {n}) * {shift} + ((abs({u}) % {n}) * {shift} + "
             f"{n} // 2) // {n}))")
        limit = 10.0 ** (out.precision - out.scale + src.scale)
        return (f"(CASE WHEN {n} = 0 THEN NULL WHEN abs(CAST({u} AS DOUBLE)) / {n} >= {limit} "
                f"THEN NULL ELSE {_scaled(q, out)} END)")
    if c.e.fn == "try_avg":
        return f"avg({d}CAST({x} AS DOUBLE))"
    if isinstance(out, LongType):
        s = f"sum({d}CAST({x} AS HUGEINT))"
        return (f"(CASE WHEN {s} BETWEEN -9223372036854775808 AND 9223372036854775807 "
                f"THEN CAST({s} AS BIGINT) END)")
    return f"sum({d}CAST({x} AS DOUBLE))"


@scalar("inline_field")
def _inline_field(c: Ctx) -> str:
    """One field of each struct of an array (``inline``'s column before it is unnested)."""
    return f"list_transform({c.a[0]}, lambda s: s[{c.a[1]}])"


@scalar("reflect", "java_method", "try_reflect")
def _reflect(c: Ctx) -> str:
    soft = 1 if c.e.fn == "try_reflect" else 0
    return f"spark_reflect({c.a[0]}, {c.a[1]}, [{', '.join(c.a[2:])}]::VARCHAR[], {soft})"


@scalar("to_number", "try_to_number")
def _to_number(c: Ctx) -> str:
    soft = 1 if c.e.fn == "try_to_number" else 0
    return f"CAST(spark_to_number({c.a[0]}, {c.a[1]}, {soft}) AS {c.t})"


@scalar("to_char", "to_varchar")
def _to_char(c: Ctx) -> str:
    """A number in a number format, or a binary value as base64, hex or UTF-8 text."""
    x, fmt = c.a
    if isinstance(c.arg_type(0), BinaryType):
        kind = str(c.value(1)).lower()
        return {"base64": f"to_base64({x})", "hex": f"upper(hex({x}))"}.get(kind, f"decode({x})")
    return f"spark_to_char(CAST({x} AS VARCHAR), {fmt})"


@scalar("aes_encrypt", "aes_decrypt", "try_aes_decrypt")
def _aes(c: Ctx) -> str:
    """Strings as their UTF-8 bytes; mode and padding as text."""
    def blob(i: int) -> str:
        return f"encode({c.a[i]})" if isinstance(c.arg_type(i), StringType) else c.a[i]
    args = [blob(0), blob(1), c.a[2], c.a[3]]
    if c.e.fn == "aes_encrypt":
        return f"spark_aes_encrypt({', '.join(args + [blob(4), blob(5)])})"
    soft = 1 if c.e.fn == "try_aes_decrypt" else 0
    return f"spark_aes_decrypt({', '.join(args + [blob(4)])}, {soft})"


@aggregate("histogram_numeric")
def _histogram_numeric(c: Ctx) -> str:
    """The values in order to Spark's streaming histogram (``spark_histogram``); each bin's
    x back in the input's type (truncated, as Spark converts it)."""
    x, nb = c.a
    bins = f"spark_histogram(list(CAST({x} AS DOUBLE)), {nb})"
    t = c.e.dtype.elementType.fields[0].dataType
    xt = c.duck_type(t)
    bx = f"CAST(trunc(b.x) AS {xt})" if isinstance(t, IntegralType) else f"CAST(b.x AS {xt})"
    return f"list_transform({bins}, lambda b: struct_pack(x := {bx}, y := b.y))"


@scalar("collation")
def _collation(c: Ctx) -> str:
    return c.a[1]
