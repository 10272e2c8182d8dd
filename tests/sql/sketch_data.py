"""The small inputs the sketch cases (``cases_sketches.py``, ``cases_sketches_kll.py``) share."""

from __future__ import annotations


def ints(spark, values, parts=3):
    """A one-column (``v``) INT DataFrame spread over ``parts`` partitions."""
    return spark.createDataFrame([(x,) for x in values], "v INT").repartition(parts)


def groups(spark):
    rows = [("a", 1, 1.5), ("a", 2, 2.5), ("a", 2, 2.5), ("b", 3, -1.0), ("b", None, None),
            ("b", 4, 7.0), ("b", 5, 0.0), ("c", None, None)]
    return spark.createDataFrame(rows, "g STRING, v INT, d DOUBLE").repartition(3)
