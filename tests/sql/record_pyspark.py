"""Record PySpark's outputs for ``cases.py`` into ``tests/data/sql/pyspark_cases.json``.

Run by hand with PySpark 4.x installed (never by the tests):
``python -m tests.sql.record_pyspark``.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

OUT = Path(__file__).parent.parent / "data" / "sql" / "pyspark_cases.json"


def describe(df) -> dict:
    """Column names, types, rows (as repr) and ``show`` text of a DataFrame."""
    rows = df.collect()
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        df.show()
    return {"columns": df.columns, "dtypes": [list(t) for t in df.dtypes],
            "rows": [repr(tuple(r)) for r in rows], "show": text.getvalue(),
            "schema": repr(df.schema)}


def main(argv=None) -> None:
    """Record ``cases.py`` (or ``--cases NAME``: ``cases_NAME.py`` into its own JSON)."""
    import importlib
    import sys
    argv = sys.argv[1:] if argv is None else argv
    from pyspark.sql import SparkSession, functions as F
    name = argv[argv.index("--cases") + 1] if "--cases" in argv else None
    module = importlib.import_module(f".cases_{name}" if name else ".cases", __package__)
    CASES = module.CASES
    out_path = OUT.parent / f"pyspark_cases_{name}.json" if name else OUT
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    out = {"pyspark": spark.version, "cases": {}}
    for name, case in CASES.items():
        try:
            out["cases"][name] = describe(case(spark, F))
        except Exception as e:  # recorded: the same case must fail the same way here
            out["cases"][name] = {"error": type(e).__name__}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
