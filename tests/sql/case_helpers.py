"""Helpers the case programs share: the package a case runs against (``pyspark.sql`` or
``spark_lambda.sql``), printed text, and small tables."""

from __future__ import annotations

import contextlib
import importlib
import io


def sql_package(F):
    """The ``sql`` package whose ``functions`` module is ``F`` (for ``Row``, ``types``)."""
    return importlib.import_module(F.__name__.rsplit(".", 1)[0])


def sql_types(F):
    """The ``types`` module next to ``F``."""
    return importlib.import_module(F.__name__.rsplit(".", 1)[0] + ".types")


def printed(fn) -> str:
    """What ``fn()`` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()
    return out.getvalue()


def caught(fn):
    """``fn()``'s value, or ``(error class name, Spark error class)`` of what it raises."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the case records any failure
        cond = getattr(e, "getCondition", None) or getattr(e, "getErrorClass", None)
        return (type(e).__name__, cond() if cond else None)


def people(spark):
    """Five people, some NULLs."""
    return spark.createDataFrame(
        [(1, "alice", 34, 2.5, "NY"), (2, "bob", None, 1.0, "SF"), (3, "carol", 29, None, "NY"),
         (4, "dan", 41, 3.25, None), (5, "eve", 29, 0.5, "SF")],
        "id INT, name STRING, age INT, score DOUBLE, city STRING")
