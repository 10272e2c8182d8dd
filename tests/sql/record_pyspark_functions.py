"""Record PySpark's outputs for ``cases_functions.py`` into
``tests/data/sql/pyspark_function_cases.json``.

Run by hand with PySpark 4.x installed (never by the tests):
``python -m tests.sql.record_pyspark_functions [case ...]`` (named cases only: merged in).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .record_pyspark import describe

OUT = Path(__file__).parent.parent / "data" / "sql" / "pyspark_function_cases.json"


def main(names: list[str]) -> None:
    from pyspark.sql import SparkSession, functions as F
    from .cases_functions import CASES
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    out = json.loads(OUT.read_text()) if OUT.exists() and names else {"cases": {}}
    out["pyspark"] = spark.version
    for name, case in CASES.items():
        if names and name not in names:
            continue
        try:
            out["cases"][name] = describe(case(spark, F))
        except Exception as e:  # recorded: the same case must fail the same way here
            out["cases"][name] = {"error": type(e).__name__, "message": str(e)[:300]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
