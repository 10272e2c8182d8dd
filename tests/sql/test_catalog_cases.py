"""``spark.catalog`` and its SQL statements (``cases_catalog.py``) against PySpark's recorded
outputs, in a warehouse of their own. Re-record with
``python -m tests.sql.record_pyspark --cases catalog`` (from a scratch directory: PySpark keeps
its warehouse in the working directory)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cases_catalog import CASES
from .record_pyspark import OUT
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_catalog.json").read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, wh, name):
    assert_matches(CASES[name], spark, RECORDED[name])
