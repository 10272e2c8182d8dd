"""Under ``spark-lambda submit`` the SparkSession takes submit's master and settings, as
``SparkContext`` does; ``spark.sql.*`` settings reach ``spark.conf``."""

from __future__ import annotations

from ..submit import run_submit

PROGRAM = '''
from spark_lambda.sql import SparkSession, functions as F
spark = SparkSession.builder.appName("from-builder").getOrCreate()
print("master", spark.sparkContext.master)
print("parallelism", spark.sparkContext.defaultParallelism)
print("partitions", spark.conf.get("spark.sql.shuffle.partitions"))
print("custom", spark.conf.get("spark.my.setting"))
print("same", SparkSession.builder.getOrCreate() is spark)
print("sum", spark.range(10).agg(F.sum("id")).collect()[0][0])
spark.stop()
'''


def test_session_takes_submit_master_and_settings(tmp_path):
    script = tmp_path / "job.py"
    script.write_text(PROGRAM)
    proc = run_submit("--master", "local[3]", "--conf", "spark.sql.shuffle.partitions=7",
                      "--conf", "spark.my.setting=yes", script)
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)
    assert lines["master"] == "local[3]"
    assert lines["parallelism"] == "3"
    assert lines["partitions"] == "7"
    assert lines["custom"] == "yes"
    assert lines["same"] == "True"
    assert lines["sum"] == "45"
