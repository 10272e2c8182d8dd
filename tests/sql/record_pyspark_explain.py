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
import os
import time
from pathlib import Path

from .conftest import TPCH_TABLES, tpch_dir
from .explain_shapes import shapes

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
    os.environ["TZ"] = "UTC"
    time.tzset()
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    data = tpch_dir(SCALE)
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    for t in TPCH_TABLES:
        spark.read.parquet(str(data / f"{t}.parquet")).createOrReplaceTempView(t)
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
