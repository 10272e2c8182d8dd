"""Record PySpark's ``explain(mode="extended")`` of the 22 TPC-H queries (at SF 0.1, with
broadcast joins on and off) and of the DataFrame shapes of ``explain_shapes`` into
``tests/data/sql/pyspark_explain.json``.

Run by hand with PySpark 4.x installed (never by the tests):
``TZ=UTC python -m tests.sql.record_pyspark_explain``. The data is ``conftest.tpch_dir``'s.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from .conftest import tpch_dir
from .explain_shapes import shapes
from .record_pyspark_tpch import pyspark_with_tpch

SCALE = "0.1"
OUT = Path(__file__).parent.parent / "data" / "sql" / "pyspark_explain.json"
QUERIES = sorted((Path(__file__).parent / "tpch").glob("q*.sql"))
THRESHOLDS = {"broadcast": "10MB", "shuffled": "-1"}


def _explained(df) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        df.explain(mode="extended")
    return out.getvalue()


def main() -> None:
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    data = tpch_dir(SCALE)
    spark = pyspark_with_tpch(data)
    out = {"pyspark": spark.version, "scale": SCALE, "tpch": {}, "shapes": {}}
    for mode, threshold in THRESHOLDS.items():
        spark.conf.set("spark.sql.autoBroadcastJoinThreshold", threshold)
        out["tpch"][mode] = {q.stem: _explained(spark.sql(q.read_text())) for q in QUERIES}
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")
    out["shapes"] = {name: _explained(df) for name, df in shapes(spark, F, Window, data).items()}
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
