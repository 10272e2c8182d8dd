"""Decimal ``+ - * /`` where Spark's result type is capped at 38 digits, exactly as Spark does
it: the exact value (Java's ``BigDecimal``; Python's ``decimal`` here, with room for every
digit), rounded half up to the result's scale, then checked to fit 38 digits (Spark's
``NUMERIC_VALUE_OUT_OF_RANGE`` error where it does not).

DuckDB's decimals hold 38 digits at the operation's full scale, so they overflow where such a
result loses scale or integer digits although Spark's rounded value fits
(``decimal_sql.decimal_arith`` and ``decimal_sql.decimal_divide`` send here only the rows of
those types whose values DuckDB could not hold). The
operands and the result travel as text: exact for every decimal type, whatever its width.
``UDFS`` maps the SQL name to ``(function over Arrow arrays, parameter types, result type)``;
``function_udfs`` registers it when a query calls it.
"""

from __future__ import annotations

import decimal
from fractions import Fraction

NAME = "spark_decimal_capped"
_DIGITS = 38
_CONTEXT = decimal.Context(prec=200, rounding=decimal.ROUND_HALF_UP, Emax=999, Emin=-999)


def out_of_range(value, precision: int, scale: int) -> ArithmeticError:
    """Spark's error for a decimal value its result type cannot hold."""
    return ArithmeticError(
        f"[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] {value} cannot be represented as "
        f"Decimal({precision}, {scale}). If necessary set \"spark.sql.ansi.enabled\" to "
        "\"false\" to bypass this error, and return NULL instead.")


def capped_value(op: str, x: decimal.Decimal, y: decimal.Decimal, scale: int):
    """``x op y`` as Spark gives it in ``DECIMAL(38, scale)``: the exact value rounded half
    up (ties away from zero) to ``scale`` places; raises Spark's error when that needs more
    than 38 digits. ``y`` is not zero for ``/``."""
    if op == "/":   # the exact quotient, in ``scale``'s units, rounded half up
        exact = Fraction(x) / Fraction(y) * 10 ** scale
        q, r = divmod(abs(exact.numerator), exact.denominator)
        q += 2 * r >= exact.denominator
        result = decimal.Decimal(-q if exact < 0 else q).scaleb(-scale, _CONTEXT)
    else:
        exact = {"+": _CONTEXT.add, "-": _CONTEXT.subtract, "*": _CONTEXT.multiply}[op](x, y)
        result = exact.quantize(decimal.Decimal(1).scaleb(-scale), context=_CONTEXT)
    if _CONTEXT.abs(result.scaleb(scale, _CONTEXT)) >= 10 ** _DIGITS:
        raise out_of_range(result, _DIGITS, scale)
    return result


def _run(ops, xs, ys, scales):
    """The UDF over Arrow arrays: operator, the operands as text, the result's scale."""
    import pyarrow as pa
    out = []
    for op, x, y, scale in zip(ops.to_pylist(), xs.to_pylist(), ys.to_pylist(),
                               scales.to_pylist()):
        if x is None or y is None or (op == "/" and decimal.Decimal(y) == 0):
            out.append(None)   # a zero divisor: the SQL raises Spark's error before
        else:
            out.append(format(capped_value(op, decimal.Decimal(x), decimal.Decimal(y), scale), "f"))
    return pa.array(out, pa.string())


def capped_sql(op: str, a: str, b: str, scale: int) -> str:
    """SQL calling the function on decimal operands ``a`` and ``b``, a ``DECIMAL(38, scale)``."""
    return (f"CAST({NAME}('{op}', CAST({a} AS VARCHAR), CAST({b} AS VARCHAR), {scale}) "
            f"AS DECIMAL({_DIGITS},{scale}))")


UDFS = {NAME: (_run, ["VARCHAR", "VARCHAR", "VARCHAR", "INTEGER"], "VARCHAR")}
