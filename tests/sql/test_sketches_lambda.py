"""Sketch aggregates with every task a Lambda invocation (the emulator) and the shuffle
through S3 (moto): each task's partial sketches cross the exchange as BINARY values and are
merged after it, giving PySpark's recorded results (``cases_sketches.py``). Runs when the
deployed code package carries the SQL stack (``deploy --with sql``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spark_lambda.sql import functions as F

from .cases_sketches import CASES
from .record_pyspark import OUT, describe
from .test_windows_udfs_lambda import lambda_spark  # noqa: F401 (the Lambda session fixture)

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")
RECORDED = json.loads((Path(OUT).parent / "pyspark_cases_sketches.json")
                      .read_text())["cases"]
LAMBDA_CASES = ["hll_grouped_strings", "theta_aggregates", "tuple_grouped", "kll_merge",
                "bitmap_construct", "cms_ints_grouped", "bitmap_construct_out_of_range"]


@pytest.mark.parametrize("name", LAMBDA_CASES)
def test_sketch_case_on_lambda_matches_pyspark(lambda_spark, name):
    if not lambda_spark.has_sql:
        pytest.skip("the deployed code package has no SQL stack (duckdb, pyarrow) yet")
    want = RECORDED[name]
    if "error" in want:
        with pytest.raises(Exception) as e:
            describe(CASES[name](lambda_spark, F))
        assert want["error_class"] in str(e.value)
        return
    got = describe(CASES[name](lambda_spark, F))
    assert (got["columns"], got["dtypes"], got["rows"]) == \
        (want["columns"], want["dtypes"], want["rows"])
