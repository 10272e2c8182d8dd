"""DuckDB text of the string functions over BINARY values (``type_rules_binary``).

DuckDB's string functions take no BLOB, so bytes go through their hex text, two characters a
byte: padding, reversing, slicing and joining the hex and decoding it back keep every byte
boundary, and upper-case hex sorts as the bytes do.
"""

from __future__ import annotations

import dataclasses

from .function_sql_hooks import AGGREGATES, Ctx, aggregate, scalar


@scalar("binary_concat")
def _concat(c: Ctx) -> str:
    return "(" + " || ".join(c.a) + ")"


def _pad(c: Ctx, fn: str) -> str:
    """Spark's ``lpad``/``rpad`` of bytes: cut to ``n`` bytes, or filled with the pad's bytes
    repeated (left as it is when the pad is empty)."""
    x, n, pad = c.a
    width = f"CAST(least(2 * greatest(CAST({n} AS BIGINT), 0), 2147483646) AS INTEGER)"
    return (f"unhex(CASE WHEN octet_length({pad}) = 0 THEN left(hex({x}), {width}) "
            f"ELSE {fn}(hex({x}), {width}, hex({pad})) END)")


@scalar("binary_lpad")
def _lpad(c: Ctx) -> str:
    return _pad(c, "lpad")


@scalar("binary_rpad")
def _rpad(c: Ctx) -> str:
    return _pad(c, "rpad")


@scalar("binary_reverse")
def _reverse(c: Ctx) -> str:
    return f"unhex(array_to_string(list_reverse(regexp_extract_all(hex({c.a[0]}), '..')), ''))"


@scalar("binary_substring")
def _substring(c: Ctx) -> str:
    """Spark's ``substring`` of bytes: a 1-based start (0 as 1, negative from the end) and a
    length, the same rule as over characters applied to the hex text with both doubled."""
    x, pos, length = c.a
    p = f"CAST({pos} AS BIGINT)"
    start = f"(CASE WHEN {p} > 0 THEN 2 * {p} - 1 WHEN {p} < 0 THEN 2 * {p} ELSE 1 END)"
    return f"unhex(substring(hex({x}), {start}, 2 * greatest(CAST({length} AS BIGINT), 0)))"


@aggregate("listagg_binary")
def _listagg(c: Ctx) -> str:
    """``listagg`` of bytes: the string ``listagg`` over the values' hex, decoded."""
    x, d = c.a
    return f"unhex({AGGREGATES['listagg'](dataclasses.replace(c, a=[f'hex({x})', f'hex({d})']))})"
