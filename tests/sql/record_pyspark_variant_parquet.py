"""Write with PySpark the Parquet file of VARIANT values ``test_new_types.py`` reads
(``tests/data/sql/spark_variant.parquet``), and check PySpark reads back a file spark-lambda
wrote (a path given on the command line). Run by hand, never by the tests:
``TZ=UTC python -m tests.sql.record_pyspark_variant_parquet [our_parquet_dir]``."""

from __future__ import annotations

import glob
import shutil
import sys
import tempfile
from pathlib import Path

from .cases_new_types import DOCS

OUT = Path(__file__).parent.parent / "data" / "sql" / "spark_variant.parquet"


def main(argv: list) -> None:
    """Write the file; print what PySpark reads from ``argv[0]`` when given."""
    from pyspark.sql import SparkSession, functions as F
    spark = SparkSession.builder.master("local[1]").getOrCreate()
    rows = [(i, d) for i, d in enumerate(DOCS)] + [(len(DOCS), '{"z": 1, "y": [2.50, 1e-3]}')]
    df = spark.createDataFrame(rows, "id INT, j STRING").select(
        "id", F.parse_json("j").alias("v"))
    tmp = tempfile.mkdtemp()
    df.coalesce(1).write.mode("overwrite").parquet(tmp + "/out")
    shutil.copy(glob.glob(tmp + "/out/*.parquet")[0], OUT)
    if argv:
        back = spark.read.parquet(argv[0])
        print(back.schema.simpleString())
        for r in back.orderBy("id").select("id", F.to_json("v").alias("j")).collect():
            print(r.id, r.j)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
