"""Record PySpark's answers to the 22 TPC-H queries at SF 0.1 into
``tests/data/sql/tpch_sf0.1_pyspark.json`` (column names, types, rows as repr).

Run by hand with PySpark 4.x installed (never by the tests):
``TZ=UTC python -m tests.sql.record_pyspark_tpch``. The data is tpchgen-cli's, made by
``conftest.tpch_dir`` (the same files the tests read).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .conftest import TPCH_TABLES, tpch_dir

SCALE = "0.1"
OUT = Path(__file__).parent.parent / "data" / "sql" / f"tpch_sf{SCALE}_pyspark.json"
QUERIES = sorted((Path(__file__).parent / "tpch").glob("q*.sql"))


def pyspark_with_tpch(data):
    """A PySpark local[2] session (ANSI, UTC, 4 shuffle partitions) with the TPC-H tables in
    ``data`` as temporary views (the recorders' common setup)."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    for t in TPCH_TABLES:
        spark.read.parquet(str(data / f"{t}.parquet")).createOrReplaceTempView(t)
    return spark


def main() -> None:
    spark = pyspark_with_tpch(tpch_dir(SCALE))
    out = {"pyspark": spark.version, "scale": SCALE, "queries": {}}
    for q in QUERIES:
        df = spark.sql(q.read_text())
        out["queries"][q.stem] = {"columns": df.columns, "dtypes": [list(t) for t in df.dtypes],
                                  "rows": [repr(tuple(r)) for r in df.collect()]}
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
