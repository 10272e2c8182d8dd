"""DuckDB text of decimal ``+``, ``-``, ``*`` and ``/`` with Spark's result types, in DuckDB's
own widths where they hold the values.

Called by ``function_sql.call_sql`` (``function_sql.decimal_mean`` calls ``exact_divide``).
Spark gives ``decimal(p1,s1) + decimal(p2,s2)`` the type
``decimal(max(p1-s1, p2-s2) + s + 1, s)`` (``s = max(s1, s2)``) and ``*`` the type
``decimal(p1+p2+1, s1+s2)``, both capped at 38 digits by giving up scale (down to 6). While
the scale is kept, the result is the exact value, and Spark's overflow check (more than 38
digits) is the only check. DuckDB computes the same exact value in the narrowest width that
holds it: 64-bit integers up to 18 digits, 128-bit beyond, with an overflow error past 38
digits, so the text is the operation on the operands as they are (each in its Spark type, a
cast DuckDB drops when it already is) and one cast to Spark's type where DuckDB's type
differs. Two places need care:

* DuckDB multiplies two 64-bit decimals whose digits add up past 18 into ``DECIMAL(18)``,
  raising on an overflow Spark would not have (Spark's type is wider): the wider operand is
  first cast to ``DECIMAL(19, s)``, so the product is taken in 128 bits (exact up to 38
  digits, DuckDB's overflow error past them, as Spark's).
* Where Spark's type is capped at 38 digits, Spark computes the exact value, rounds it half
  up to the reduced scale and checks that fits 38 digits. DuckDB works at the full scale in
  38 digits (an operand rescaled to it, the exact result before rounding) and so overflows
  for values whose Spark result fits (``decimal(37,0) + decimal(38,2)`` with operands near
  10^36 of opposite signs; ``decimal(5,2) + decimal(38,10)`` near 10^28, rounded to scale
  9). For those types (``+``/``-`` losing scale or rescaling an operand past 38 digits,
  ``*`` losing scale, ``/`` whose HUGEINT division could overflow) each row takes DuckDB's
  arithmetic on 38-digit operands (the cast rounding half up to Spark's scale) when a guard
  on the values as doubles shows it cannot overflow, and ``function_udfs_decimal``'s exact
  arithmetic (Python's decimals) otherwise.
"""

from __future__ import annotations

import decimal

from ..types import DecimalType
from .function_udfs_decimal import capped_sql

MAX_DIGITS = 38
LONG_DIGITS = 18   # the most digits DuckDB keeps in a 64-bit decimal


def _as(text: str, t: DecimalType) -> str:
    return f"CAST({text} AS DECIMAL({t.precision},{t.scale}))"


def decimal_arith(op: str, a: str, b: str, ta: DecimalType, tb: DecimalType,
                  out: DecimalType) -> str:
    """``a op b`` (``op`` one of + - *) for decimals of types ``ta`` and ``tb``, as ``out``
    (Spark's result type): see the module doc."""
    scale = ta.scale + tb.scale if op == "*" else max(ta.scale, tb.scale)
    widest = max(ta.precision - ta.scale, tb.precision - tb.scale) + scale
    if out.scale != scale or (op != "*" and widest > MAX_DIGITS):
        if scale > MAX_DIGITS:   # a product's scale DuckDB cannot hold
            return capped_sql(op, _as(a, ta), _as(b, tb), out.scale)
        wide = [f"CAST({x} AS DECIMAL({MAX_DIGITS},{t.scale}))" for x, t in ((a, ta), (b, tb))]
        if op == "*":   # the product within 38 digits at the full scale
            guards = [(f"(CAST({a} AS DOUBLE) * CAST({b} AS DOUBLE))", MAX_DIGITS - scale)]
        else:           # the operands, so their sum, within 38 digits at the full scale
            guards = [(f"CAST({x} AS DOUBLE)", MAX_DIGITS - 1 - scale) for x in (a, b)]
        return _guarded(guards, _as(f"({wide[0]} {op} {wide[1]})", out),
                        capped_sql(op, _as(a, ta), _as(b, tb), out.scale))
    if op == "*":
        if ta.precision + tb.precision > LONG_DIGITS and \
                max(ta.precision, tb.precision) <= LONG_DIGITS:
            if ta.precision >= tb.precision:
                ta = DecimalType(LONG_DIGITS + 1, ta.scale)
            else:
                tb = DecimalType(LONG_DIGITS + 1, tb.scale)
        digits = ta.precision + tb.precision
    else:
        digits = max(ta.precision - ta.scale, tb.precision - tb.scale) + scale + 1
    text = f"({_as(a, ta)} {op} {_as(b, tb)})"
    if DecimalType(min(digits, MAX_DIGITS), scale) == out:
        return text
    return _as(text, out)


def decimal_divide(a: str, b: str, ta: DecimalType, tb: DecimalType, out: DecimalType) -> str:
    """``a / b`` (``b`` not zero) as ``out``, Spark's result type: the exact quotient rounded
    half up, in HUGEINT arithmetic (``exact_divide``) where the operands' unscaled
    values shifted to the quotient's scale fit 38 digits, else exactly in Python (a capped
    type: see the module doc)."""
    shift = out.scale - ta.scale + tb.scale
    if max(ta.precision + ta.scale, ta.precision + shift,
           tb.precision + tb.scale, tb.precision - shift) <= MAX_DIGITS:
        return exact_divide(a, b, ta, tb, out)
    # the values (not their types) small enough for exact_divide's HUGEINTs, else Python
    guards = [(f"CAST({a} AS DOUBLE)", MAX_DIGITS - ta.scale - max(ta.scale, shift)),
              (f"CAST({b} AS DOUBLE)", MAX_DIGITS - tb.scale - max(tb.scale, -shift))]
    return _guarded(guards, exact_divide(a, b, ta, tb, out),
                    capped_sql("/", _as(a, ta), _as(b, tb), out.scale))


def _guarded(guards: list, fast: str, exact: str) -> str:
    """``fast`` (DuckDB's decimals) for the rows where every guard ``(DOUBLE expression, e)``
    is below 0.99 * 10^e (so the exact value below 10^e: doubles err by far less than 1%), or
    a value is NULL; else ``exact`` (Python's decimals)."""
    within = " AND ".join(f"abs({x}) < {0.99 * float(f'1e{e}')!r}" for x, e in guards)
    return f"(CASE WHEN coalesce({within}, TRUE) THEN {fast} ELSE {exact} END)"


def exact_divide(a: str, b: str, ta: DecimalType, tb: DecimalType, out: DecimalType) -> str:
    """Decimal ``a / b`` rounded half up to ``out``'s scale, exactly (HUGEINT arithmetic)."""
    shift = out.scale - ta.scale + tb.scale
    num = f"CAST(CAST({a} AS DECIMAL(38,{ta.scale})) * {10 ** ta.scale} AS HUGEINT)"
    den = f"CAST(CAST({b} AS DECIMAL(38,{tb.scale})) * {10 ** tb.scale} AS HUGEINT)"
    if shift >= 0:
        num = f"({num} * CAST({10 ** shift} AS HUGEINT))"
    else:
        den = f"({den} * CAST({10 ** -shift} AS HUGEINT))"
    q = (f"(sign({num}) * sign({den}) * ((abs({num}) + abs({den}) // 2) // abs({den})))")
    scale = decimal.Decimal(1).scaleb(-out.scale)
    return (f"CAST(CAST({q} AS DECIMAL(38,0)) * CAST('{scale}' AS DECIMAL({out.scale + 1},"
            f"{out.scale})) AS DECIMAL({out.precision},{out.scale}))")
