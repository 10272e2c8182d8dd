"""Record PySpark's outputs for ``cases.py`` into ``tests/data/sql/pyspark_cases.json``.

Run by hand with PySpark 4.x installed (never by the tests), in one JVM for all cases:
``TZ=UTC python -m tests.sql.record_pyspark [case names]``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
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


def main(argv: list | None = None) -> None:
    """Record every case of ``cases.py`` (its sibling modules included), or only the names
    given (kept with the other recorded cases); ``--cases NAME`` records ``cases_NAME.py``
    into ``pyspark_cases_NAME.json`` instead."""
    import importlib
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ["TZ"] = "UTC"
    time.tzset()
    from pyspark.sql import SparkSession, functions as F
    group = None
    if "--cases" in argv:
        i = argv.index("--cases")
        group = argv[i + 1]
        del argv[i:i + 2]
    cases = importlib.import_module(f".cases_{group}" if group else ".cases", __package__).CASES
    out_path = OUT.parent / f"pyspark_cases_{group}.json" if group else OUT
    names = argv
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "3").getOrCreate())
    out = {"pyspark": spark.version, "cases": {}}
    if names and out_path.exists():
        out["cases"] = json.loads(out_path.read_text())["cases"]
    for name, case in cases.items():
        if names and name not in names:
            continue
        out["cases"][name] = run_case(case, spark, F)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
