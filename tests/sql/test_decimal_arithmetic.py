"""Decimal arithmetic at the edges of its types (``cases_decimals.py``) against PySpark's
recorded outputs (errors by class and condition), and the SQL of ``+``, ``-`` and ``*``
checked against Python's exact decimals for every pair of widths DuckDB treats apart.
Re-record with ``python -m tests.sql.record_pyspark --cases decimals``."""

from __future__ import annotations

import decimal
import json
from pathlib import Path

import pytest

from .cases_decimals import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches_with_condition

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_decimals.json").read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    assert_matches_with_condition(CASES[name], spark, RECORDED[name])


_TYPES = [(5, 2), (4, 1), (9, 0), (15, 2), (16, 2), (18, 0), (18, 4), (19, 2), (20, 2),
          (10, 3), (30, 2), (37, 0), (38, 2), (38, 10)]


def _values(p: int, s: int, rng) -> list:
    """The largest and smallest values of ``DECIMAL(p, s)``, small ones and random ones."""
    top = 10 ** p - 1
    unscaled = [top, -top, 1, -1, 0, top // 7, -(top // 3)]
    unscaled += [rng.randrange(-top, top + 1) for _ in range(4)]
    unscaled += [rng.randrange(-10 ** (p // 2), 10 ** (p // 2)) for _ in range(3)]
    return [decimal.Decimal((int(u < 0), tuple(map(int, str(abs(u)))), -s)) for u in unscaled]


def _expected(op: str, x, y, out):
    """Spark's result of ``x op y`` as ``out``: the exact value (a quotient to 100 digits),
    rounded half up where the type lost scale, or None where it does not fit (an overflow)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 100
        exact = {"+": x + y, "-": x - y, "*": x * y}[op] if op != "/" else x / y
        q = exact.quantize(decimal.Decimal(1).scaleb(-out.scale), decimal.ROUND_HALF_UP)
        if abs(q.scaleb(out.scale)) >= 10 ** out.precision:
            return None
        return q


def test_decimal_arithmetic_sql_is_exact_in_every_width():
    """``decimal_arith`` and ``decimal_divide`` run by DuckDB against Python's decimals for
    every pair of types (64-bit and 128-bit operands, products past 18 digits, results capped
    at 38 keeping or losing scale, operands past the result's digits): the same value where
    Spark's type holds it, Spark's error where not."""
    import random

    import duckdb

    from spark_lambda.sql.errors import ArithmeticException
    from spark_lambda.sql.catalyst.coercion import arithmetic_type
    from spark_lambda.sql.execution.decimal_sql import decimal_arith, decimal_divide
    from spark_lambda.sql.execution.expr_sql import literal
    from spark_lambda.sql.execution.function_udfs import register_functions
    from spark_lambda.sql.execution.runtime_errors import translate_error
    from spark_lambda.sql.types import DecimalType
    rng = random.Random(7)
    con = duckdb.connect()
    register_functions(con, "spark_decimal_capped")
    checked = raised = 0
    for p1, s1 in _TYPES:
        for p2, s2 in _TYPES:
            ta, tb = DecimalType(p1, s1), DecimalType(p2, s2)
            xs, ys = _values(p1, s1, rng), _values(p2, s2, rng)
            for op in "+-*/":
                out = arithmetic_type(op, ta, tb)
                fits, overflows = [], []
                for x, y in zip(xs, ys[::-1]):
                    if op == "/" and y == 0:
                        continue
                    write = decimal_divide if op == "/" else \
                        (lambda *args: decimal_arith(op, *args))
                    sql = write(literal(x, ta), literal(y, tb), ta, tb, out)
                    want = _expected(op, x, y, out)
                    (fits if want is not None else overflows).append((sql, want))
                if fits:
                    got = con.execute("SELECT " + ", ".join(s for s, _ in fits)).fetchone()
                    assert list(got) == [w for _, w in fits], (op, ta, tb)
                    checked += len(fits)
                    assert con.execute(f"SELECT typeof({fits[0][0]})").fetchone()[0] == \
                        f"DECIMAL({out.precision},{out.scale})"
                for sql, _ in overflows[:2]:
                    with pytest.raises(duckdb.Error) as e:
                        con.execute("SELECT " + sql).fetchall()
                    err = translate_error(e.value)
                    assert isinstance(err, ArithmeticException)
                    assert err.getErrorClass() == "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", \
                        (op, ta, tb, str(e.value))
                    raised += 1
    assert checked > 5000 and raised > 100, (checked, raised)   # most pairs were compared


def test_capped_types_send_only_the_rows_past_duckdbs_digits_to_python():
    """A capped type's rows whose values DuckDB's decimals hold take them (the Python function
    sees none of them); the others (values past the guard of each operator, for
    ``decimal(38,10)`` operands) take Python's exact decimals, with Spark's value."""
    import duckdb
    from duckdb.func import PythonUDFType

    from spark_lambda.sql.catalyst.coercion import arithmetic_type
    from spark_lambda.sql.execution.decimal_sql import decimal_arith, decimal_divide
    from spark_lambda.sql.execution.function_udfs_decimal import NAME, UDFS
    from spark_lambda.sql.types import DecimalType
    run, params, result = UDFS[NAME]
    seen = []

    def counting(ops, xs, ys, scales):
        seen.append(len(xs))
        return run(ops, xs, ys, scales)

    con = duckdb.connect()
    con.create_function(NAME, counting, params, result, type=PythonUDFType.ARROW,
                        null_handling="special", side_effects=False)
    t = DecimalType(38, 10)
    small = [decimal.Decimal(i).scaleb(-3) + 1 for i in range(1, 2001)]
    past = {"+": "5432109876543210987654321098.7654321098", "-": "1" + "0" * 27,
            "*": "3141592653589.7932384626", "/": "271828182845904523536.0287471352"}
    for op in "+-*/":
        large = [decimal.Decimal(past[op]), -decimal.Decimal(past[op])]
        rows = ", ".join(f"(CAST('{x}' AS DECIMAL(38,10)))" for x in small + large)
        con.execute(f"CREATE OR REPLACE TABLE v AS SELECT col0 AS x FROM (VALUES {rows})")
        out = arithmetic_type(op, t, t)
        sql = decimal_divide("x", "(x + 1)", t, t, out) if op == "/" else \
            decimal_arith(op, "x", "x", t, t, out)
        seen.clear()
        got = [r[0] for r in con.execute(f"SELECT {sql} FROM v").fetchall()]
        y = [x + 1 if op == "/" else x for x in small + large]
        assert got == [_expected(op, a, b, out) for a, b in zip(small + large, y)], op
        assert sum(seen) == len(large), (op, seen)
