"""Record PySpark's outputs for ``cases_windows.py`` into
``tests/data/sql/pyspark_windows_cases.json`` (as ``record_pyspark.py`` does for ``cases.py``).

Run by hand with PySpark 4.x, Java and pandas installed (never by the tests):
``python -m tests.sql.record_pyspark_windows``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .record_pyspark import describe

OUT = Path(__file__).parent.parent / "data" / "sql" / "pyspark_windows_cases.json"


def main() -> None:
    from pyspark.sql import SparkSession, functions as F
    from .cases_windows import CASES
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    out = {"pyspark": spark.version, "cases": {}}
    for name, case in CASES.items():
        try:
            out["cases"][name] = describe(case(spark, F))
        except Exception as e:  # recorded: the same case must fail the same way here
            out["cases"][name] = {"error": type(e).__name__, "message": str(e)[:2000]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
