"""Replaying a case against what PySpark recorded for it: the comparison the case suites share."""

from __future__ import annotations

import pytest

from spark_lambda.sql import functions as F

from .record_pyspark import describe


def assert_matches(case, spark, want: dict, rows_match=None) -> None:
    """``case(spark, F)`` gives what PySpark gave: an error of the same class when PySpark
    raised, else the same column names, types, rows (compared by ``rows_match(got, want)``
    when given, which then stands for the ``show`` text too), ``show`` text and, when it was
    recorded, the schema's repr; any other value by its repr."""
    if "error" in want:   # PySpark raised: the same class must be raised here
        with pytest.raises(Exception) as e:
            describe(case(spark, F))
        assert type(e.value).__name__ == want["error"]
        return
    got = describe(case(spark, F))
    if "value" in want:   # not a DataFrame: compared by repr
        assert got == want
        return
    assert got["columns"] == want["columns"]
    assert got["dtypes"] == want["dtypes"]
    if rows_match is not None:
        assert len(got["rows"]) == len(want["rows"])
        assert all(rows_match(g, w) for g, w in zip(got["rows"], want["rows"]))
    else:
        assert got["rows"] == want["rows"]
        assert got["show"] == want["show"]
    if "schema" in want:
        assert got["schema"] == want["schema"]


def recorded(group: str) -> dict:
    """The cases PySpark recorded for ``cases_<group>.py``, by name."""
    import json
    from .record_pyspark import OUT
    return json.loads((OUT.parent / f"pyspark_cases_{group}.json").read_text())["cases"]


def assert_matches_with_condition(case, spark, want: dict) -> None:
    """``assert_matches``, and where PySpark raised an error with a condition (error class),
    the same condition raised here."""
    assert_matches(case, spark, want)
    if "error" in want and want.get("error_class"):
        with pytest.raises(Exception) as e:
            describe(case(spark, F))
        assert e.value.getErrorClass() == want["error_class"]
