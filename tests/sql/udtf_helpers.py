"""The UDTFs and views the UDTF cases (``cases_udtfs.py``, ``cases_udtf_tables.py``) share,
built over PySpark's or spark-lambda's ``functions`` module ``F``."""

from __future__ import annotations

import importlib

from .case_helpers import sql_types


def udtf_module(F):
    return importlib.import_module(F.__name__.rsplit(".", 1)[0] + ".udtf")


def squares(F):
    @F.udtf(returnType="num: int, squared: int")
    class Squares:
        def eval(self, start: int, end: int):
            for n in range(start, end + 1):
                yield n, n * n
    return Squares


def yields(F, return_type, *rows, use_arrow=None):
    """The call of a UDTF without arguments yielding ``rows``."""
    class Fixed:
        def eval(self):
            yield from rows
    return F.udtf(Fixed, returnType=return_type, useArrow=use_arrow)()


def kw(F):
    T = sql_types(F)

    @F.udtf
    class Kw:
        @staticmethod
        def analyze(a, b, **kwargs):
            return F.AnalyzeResult(T.StructType().add("a", a.dataType).add("b", b.dataType)
                                   .add("x", kwargs["x"].dataType))

        def eval(self, a, b, **kwargs):
            yield a, b, kwargs["x"]
    return Kw


def view(spark, name="udtf_t"):
    spark.createDataFrame([(1, "a"), (1, "b"), (2, "c"), (2, "d"), (3, None)],
                          "k INT, v STRING").createOrReplaceTempView(name)
    return name


def counter(F):
    @F.udtf(returnType="k: int, n: int, vs: string")
    class Counter:
        def __init__(self):
            self.key, self.n, self.vs = None, 0, []

        def eval(self, row):
            self.key = row["k"]
            self.n += 1
            self.vs.append(row["v"] or "-")

        def terminate(self):
            yield self.key, self.n, ",".join(self.vs)
    return Counter
