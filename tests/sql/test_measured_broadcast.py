"""A filtered join side whose size estimate (filters ignored, as Spark's without statistics)
is over the broadcast threshold is measured by its map stage, and broadcast when the bytes
it wrote are under it: the other side is then not shuffled."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytestmark = pytest.mark.usefixtures("distributed")   # small data, distributed plans

N = 60_000


class _MapStages:
    def __init__(self):
        self.n = 0

    def __call__(self, ev, f):
        if ev == "stage_submitted" and f["kind"] == "map":
            self.n += 1


@pytest.fixture()
def tables(spark, tmp_path):
    dim = pa.table({"k": pa.array(range(N), pa.int64()),
                    "pad": pa.array([f"row {i:08d} of the dimension" for i in range(N)])})
    fact = pa.table({"fk": pa.array([(i * 7919) % N for i in range(N)], pa.int64()),
                     "v": pa.array(range(N), pa.int64())})
    pq.write_table(dim, str(tmp_path / "dim.parquet"))
    pq.write_table(fact, str(tmp_path / "fact.parquet"))
    spark.read.parquet(str(tmp_path / "dim.parquet")).createOrReplaceTempView("m_dim")
    spark.read.parquet(str(tmp_path / "fact.parquet")).createOrReplaceTempView("m_fact")
    yield
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "10MB")


def _run(spark, sql):
    stages = _MapStages()
    spark.sparkContext.add_listener(stages)
    try:
        rows = spark.sql(sql).collect()
    finally:
        spark.sparkContext.remove_listener(stages)
    return rows, stages.n


@pytest.mark.parametrize("cut, broadcast", [(100, True), (N, False)])
def test_a_filtered_side_is_broadcast_when_its_stage_wrote_little(spark, tables, cut,
                                                                  broadcast):
    from spark_lambda.sql.catalyst.optimizer import optimize
    from spark_lambda.sql.execution.join import estimated_size
    sql = (f"SELECT sum(v) AS s, count(*) AS n FROM m_fact JOIN "
           f"(SELECT k, pad FROM m_dim WHERE k < {cut}) AS d ON fk = k")
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "20000")
    dim_estimate = estimated_size(optimize(spark.table("m_dim")._plan))
    assert dim_estimate > 20000        # the estimate alone would shuffle both sides
    rows, map_stages = _run(spark, sql)
    kept = [(i, (i * 7919) % N) for i in range(N) if (i * 7919) % N < cut]
    assert (rows[0]["s"], rows[0]["n"]) == (sum(v for v, _ in kept) or None, len(kept))
    # broadcast: the measured side's map stage alone (the aggregate runs in the join's one
    # partition); shuffled: both sides'
    assert map_stages == 1 if broadcast else map_stages >= 2
