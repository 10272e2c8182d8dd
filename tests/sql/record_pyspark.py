"""Record PySpark's outputs for ``cases.py`` into ``tests/data/sql/pyspark_cases.json``.

Run by hand with PySpark 4.x installed (never by the tests), in one JVM for all cases:
``TZ=UTC python -m tests.sql.record_pyspark [case names]``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from pathlib import Path

OUT = Path(__file__).parent.parent / "data" / "sql" / "pyspark_cases.json"


def describe(result) -> dict:
    """A DataFrame's column names, types, rows (as repr), schema and ``show`` text; any other
    value's repr."""
    if not (hasattr(result, "collect") and hasattr(result, "dtypes")):
        return {"value": repr(result)}
    rows = result.collect()
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        result.show()
    return {"columns": result.columns, "dtypes": [list(t) for t in result.dtypes],
            "rows": [repr(tuple(r)) for r in rows], "show": text.getvalue(),
            "schema": repr(result.schema)}


def run_case(case, spark, F) -> dict:
    """The description of a case's result, or of the error it raises."""
    try:
        return describe(case(spark, F))
    except Exception as e:  # noqa: BLE001 - the same case must fail the same way here
        cond = getattr(e, "getCondition", None) or getattr(e, "getErrorClass", None)
        return {"error": type(e).__name__, "error_class": cond() if cond else None}


def main(names: list | None = None) -> None:
    """Record every case, or only ``names`` (kept with the other recorded cases)."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    from pyspark.sql import SparkSession, functions as F
    from .cases import CASES
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "3").getOrCreate())
    out = {"pyspark": spark.version, "cases": {}}
    if names and OUT.exists():
        out["cases"] = json.loads(OUT.read_text())["cases"]
    for name, case in CASES.items():
        if names and name not in names:
            continue
        out["cases"][name] = run_case(case, spark, F)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    import sys
    main(sys.argv[1:])
