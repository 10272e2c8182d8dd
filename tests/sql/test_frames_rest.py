"""The DataFrame and Column methods of ``cases_frames_rest.py`` against PySpark's recorded
outputs (errors by class and error condition too). Re-record with
``TZ=UTC python -m tests.sql.record_pyspark --cases frames_rest``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases_frames_rest import CASES
from .record_pyspark import OUT, run_case
from .recorded_cases import assert_matches

RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_frames_rest.json")
                      .read_text())["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pyspark(spark, name):
    want = RECORDED[name]
    assert_matches(CASES[name], spark, want)
    if "error" in want:
        assert run_case(CASES[name], spark, F)["error_class"] == want["error_class"]
