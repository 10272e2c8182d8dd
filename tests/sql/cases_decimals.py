"""Programs over decimals at the edges of their types: ``+``, ``-`` and ``*`` whose operands
and results fall in 64-bit and 128-bit widths, results Spark caps at 38 digits (keeping the
scale or losing it), capped results whose operands DuckDB's 38 digits cannot hold at the
full scale (``+ - * /`` near the edges of Spark's reduced type, rounded half up, fitting or
overflowing), overflows, and sums and averages of products; run by PySpark
(``python -m tests.sql.record_pyspark --cases decimals``) and by spark-lambda
(``test_decimal_arithmetic.py``)."""

from __future__ import annotations

from decimal import Decimal as D

_SCHEMA = ("a DECIMAL(5,2), b DECIMAL(4,1), c DECIMAL(15,2), d DECIMAL(16,2), "
           "e DECIMAL(18,0), f DECIMAL(20,2), g DECIMAL(10,3), h DECIMAL(30,2)")
_ROWS = [
    (D("999.99"), D("999.9"), D("9999999999999.99"), D("99999999999999.99"),
     D("999999999999999999"), D("999999999999999999.99"), D("9999999.999"),
     D("9999999999999999999999999999.99")),
    (D("-999.99"), D("0.1"), D("-9999999999999.99"), D("0.01"), D("-999999999999999999"),
     D("-0.01"), D("-0.001"), D("-1.00")),
    (D("1.05"), D("-2.5"), D("104949.50"), D("0.90"), D("3"), D("12345678901234567.89"),
     D("123.456"), D("12345678901234567890123456.78")),
    (None, D("1.0"), D("2.00"), None, D("7"), None, D("1.000"), None),
]


def _edges(spark):
    return spark.createDataFrame(_ROWS, _SCHEMA)


def c_decimal_products_of_every_width(spark, F):
    c = F.col
    return _edges(spark).select(c("a") * c("b"), c("c") * c("d"), c("c") * c("a"),
                                c("e") * c("e"), c("f") * c("g"), c("h") * c("a"),
                                c("g") * c("d") * c("b"))


def c_decimal_sums_and_differences(spark, F):
    c = F.col
    return _edges(spark).select(c("a") + c("b"), c("c") - c("d"), c("e") + c("e"),
                                c("f") - c("g"), c("h") + c("a"), c("g") + c("c"),
                                F.lit(1) - c("d"), c("c") * (F.lit(1) - c("d")))


def c_decimal_product_capped_keeping_scale_overflows(spark, F):
    df = spark.createDataFrame([(D("9999999999999999999999999999.99"), D("99999999.99"))],
                               "h DECIMAL(30,2), i DECIMAL(10,2)")
    return df.select(F.col("h") * F.col("i"))


def c_decimal_sum_capped_overflows(spark, F):
    big = D("9" * 36 + ".99")
    df = spark.createDataFrame([(big, big)], "x DECIMAL(38,2), y DECIMAL(38,2)")
    return df.select(F.col("x") + F.col("y"))


def c_decimal_product_losing_scale_rounds(spark, F):
    rows = [(D("1.0000000005"), D("3.3333333333")), (D("-2.7182818284"), D("1.4142135623")),
            (D("12345678901.2345678901"), D("0.0000000005"))]
    df = spark.createDataFrame(rows, "x DECIMAL(38,10), y DECIMAL(38,10)")
    return df.select(F.col("x") * F.col("y"), F.col("x") + F.col("y"))


def c_decimal_sum_capped_operands_past_the_scale(spark, F):
    # decimal(37,0) + decimal(38,2) is decimal(38,2): 36 integer digits, operands of 37
    rows = [(D("1" + "0" * 36), D("-" + "9" * 36 + ".99")),
            (D("-" + "9" * 36), D("9" * 36 + ".5")),
            (D("5" * 36), D("-" + "5" * 35 + ".55"))]
    df = spark.createDataFrame(rows, "x DECIMAL(37,0), y DECIMAL(38,2)")
    return df.select(F.col("x") + F.col("y"), F.col("x") - F.col("x") - F.col("y"))


def c_decimal_sum_capped_losing_scale_near_the_top(spark, F):
    # decimal(5,2) + decimal(38,10) is decimal(38,9): exact sums of 39 digits, rounded half up
    rows = [(D("999.99"), D("9" * 27 + ".9999999995")),
            (D("-999.99"), D("-" + "9" * 27 + ".9999999994")),
            (D("0.01"), D("-" + "9" * 28 + ".9999999999")),
            (D("-1.00"), D("1" + "0" * 27 + ".0000000005"))]
    df = spark.createDataFrame(rows, "a DECIMAL(5,2), x DECIMAL(38,10)")
    return df.select(F.col("a") + F.col("x"), F.col("x") - F.col("a"))


def c_decimal_sum_capped_losing_scale_rounds_into_overflow(spark, F):
    # decimal(38,0) + decimal(38,10) is decimal(38,6): the sum rounds up to 10^32, 33 digits
    df = spark.createDataFrame([(D("9" * 32), D("0.9999995000"))],
                               "x DECIMAL(38,0), y DECIMAL(38,10)")
    return df.select(F.col("x") + F.col("y"))


def c_decimal_sum_capped_losing_scale_rounds_below_overflow(spark, F):
    rows = [(D("9" * 32), D("0.9999994999")), (D("-" + "9" * 32), D("9" * 28 + ".5"))]
    df = spark.createDataFrame(rows, "x DECIMAL(38,0), y DECIMAL(38,10)")
    return df.select(F.col("x") + F.col("y") - F.col("x"), F.col("y") + F.col("x"))


def c_decimal_product_capped_past_38_digits(spark, F):
    # decimal(38,10) * decimal(38,10) is decimal(38,6): products of up to 76 digits
    rows = [(D("12345678901234.1234567891"), D("1234567890123.1234567891")),
            (D("-99999999999999.9999999999"), D("99999999999999.9999999999")),
            (D("0.0000005000"), D("1.0000000000")), (D("-0.0000004999"), D("-1.0000000001"))]
    df = spark.createDataFrame(rows, "x DECIMAL(38,10), y DECIMAL(38,10)")
    return df.select(F.col("x") * F.col("y"))


def c_decimal_product_capped_past_38_digits_overflows(spark, F):
    df = spark.createDataFrame([(D("9" * 28 + ".0"), D("9" * 28 + ".0"))],
                               "x DECIMAL(38,10), y DECIMAL(38,10)")
    return df.select(F.col("x") * F.col("y"))


def c_decimal_quotient_capped_past_38_digits(spark, F):
    # decimal(38,10) / decimal(38,10) and decimal(38,2) / decimal(5,4) are decimal(38,6)
    rows = [(D("9" * 28 + ".9999999999"), D("3.0000000001"), D("9" * 27 + ".99"), D("3.0003")),
            (D("-1.0000000000"), D("3.0000000000"), D("-2.00"), D("3.0000")),
            (D("0.0000025000"), D("-5.0000000000"), D("1" * 30 + ".11"), D("-9.9999")),
            (D("0.0000024999"), D("5.0000000000"), D("-0.01"), D("8.0000"))]
    df = spark.createDataFrame(rows, "x DECIMAL(38,10), y DECIMAL(38,10), "
                                     "u DECIMAL(38,2), v DECIMAL(5,4)")
    return df.select(F.col("x") / F.col("y"), F.col("u") / F.col("v"))


def c_decimal_quotient_capped_overflows(spark, F):
    df = spark.createDataFrame([(D("9" * 33 + ".99"), D("0.0003"))],
                               "u DECIMAL(38,2), v DECIMAL(5,4)")
    return df.select(F.col("u") / F.col("v"))


def c_decimal_aggregates_of_products(spark, F):
    rows = [("A", D("104949.50"), D("0.10"), D("0.08")), ("A", D("901.00"), D("0.00"), D("0.02")),
            ("B", D("-55.55"), D("0.05"), D("0.01")), ("B", D("1.01"), None, D("0.03")),
            ("B", D("0.03"), D("0.07"), D("0.00"))]
    df = spark.createDataFrame(rows, "k STRING, p DECIMAL(15,2), d DECIMAL(15,2), t DECIMAL(15,2)")
    one = F.lit(1)
    price = F.col("p") * (one - F.col("d"))
    return df.groupBy("k").agg(F.sum(price), F.sum(price * (one + F.col("t"))), F.avg("p"),
                               F.avg("d"), F.avg(price), F.sum("p")).orderBy("k")


def c_integer_literals_past_a_long_are_decimals(spark, F):
    return spark.sql("SELECT 1000000000000000000000000000 AS a, 9223372036854775808 AS b, "
                     "2147483648 AS c, -9223372036854775808 AS d, -5, "
                     "id * 0.37 + 1000000000000000000000000000 AS e FROM range(2)")


def c_integer_literal_past_38_digits(spark, F):
    return spark.sql("SELECT 10000000000000000000000000000000000000000 AS x")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
