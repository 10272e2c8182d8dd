"""Programs over decimals at the edges of their types: ``+``, ``-`` and ``*`` whose operands
and results fall in 64-bit and 128-bit widths, results Spark caps at 38 digits (keeping the
scale or losing it), overflows, and sums and averages of products; run by PySpark
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


def c_decimal_aggregates_of_products(spark, F):
    rows = [("A", D("104949.50"), D("0.10"), D("0.08")), ("A", D("901.00"), D("0.00"), D("0.02")),
            ("B", D("-55.55"), D("0.05"), D("0.01")), ("B", D("1.01"), None, D("0.03")),
            ("B", D("0.03"), D("0.07"), D("0.00"))]
    df = spark.createDataFrame(rows, "k STRING, p DECIMAL(15,2), d DECIMAL(15,2), t DECIMAL(15,2)")
    one = F.lit(1)
    price = F.col("p") * (one - F.col("d"))
    return df.groupBy("k").agg(F.sum(price), F.sum(price * (one + F.col("t"))), F.avg("p"),
                               F.avg("d"), F.avg(price), F.sum("p")).orderBy("k")


CASES = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("c_")}
