"""SQL stages grown to a target size (``planning/growth.py``): by hand on synthetic profiles, and
the metrics a real SQL run on S3 (moto) leaves in its event log."""

from __future__ import annotations

import io
import json
import math
import uuid

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spark_lambda import SparkConf, SparkContext
from spark_lambda.planning import aws, growth
from spark_lambda.planning.calibration import fit_output
from spark_lambda.planning.model import Options, predict
from spark_lambda.planning.profile import Profile, StageProfile, read_profile
from spark_lambda.sql import SparkSession, functions as F
from spark_lambda.ui.eventlog import log_url

MIB = 1 << 20
SQL = {"partitions": 200, "advisory": 64 * MIB, "min_partition": 1 * MIB, "coalesce": True, "parallelism": 2,
       "footer_threads": 32}
C = aws.load(overrides={"s3_get_median_ms": 20, "s3_get_p95_ms": 20, "s3_put_median_ms": 40, "s3_put_p95_ms": 40,
                        "cold_start_platform_ms": 0, "invoke_overhead_ms": 0, "driver_tasks_per_s": 0,
                        "client_ms_per_request": 0})


def scan(stage=0, tasks=4, split_bytes=20 * MIB, read=8 * MIB, groups=8, written=4 * 100, rows_out=4):
    """A scan + partial aggregate of 4 tasks: each read one file of 2 row groups, 4 columns
    (2 footer GETs + 8 chunk GETs + 1 stage code GET a task) and wrote ``written / tasks``."""
    return StageProfile(stage, "map", "scan", tasks, cpu_ms=400, input_bytes=read, bytes_written=written,
                        records_written=rows_out, gets=tasks * 11, puts=tasks, scan_split_bytes=split_bytes,
                        scan_row_groups=groups, scan_gets=tasks * 10, scan_footer_gets=tasks * 2,
                        scan_max_split_bytes=128 * MIB, scan_open_bytes=4 * MIB, scan_parallelism=2)


def final(parents, stage=1, exchange=1, shuffle_read=400, shuffle_gets=4):
    return StageProfile(stage, "result", "final", 1, list(parents), cpu_ms=5, shuffle_bytes_read=shuffle_read,
                        gets=shuffle_gets + 1, shuffle_gets=shuffle_gets, exchange_partitions=exchange)


def q6_like(out_points=False):
    s, f = scan(), final([0])
    if out_points:   # two runs' tasks: 2 and 20 MiB read, 100 bytes written each (one row per task)
        s.out_points = [(2 * MIB, 100)] * 4 + [(20 * MIB, 100)] * 4
    return Profile([s, f], input_bytes=8 * MIB, memory_mb=1769, concurrency=4, wall_s=1.0, sql=dict(SQL))


def test_scan_tasks_follow_the_split_rule():
    st = scan()
    # x10: 200 MiB over parallelism 2 = 100 MiB splits -> 2, but the 4 measured files stay 4 tasks
    assert growth.scan_tasks(st, 10) == 4
    # x1000: 20,000 MiB in 4 files of 5,000 MiB, splits at the 128 MiB maximum
    assert growth.scan_tasks(st, 1000) == 4 * math.ceil(5000 / 128)
    # ... or in 1000 times as many files of 5 MiB: one split each
    assert growth.scan_tasks(st, 1000, growth.Layout(files=1000)) == 4000
    # splits are never smaller than a row group (2.5 MiB here, under the 4 MiB open cost: the cost wins)
    assert growth.split_size(st, 1 * MIB) == 4 * MIB
    st.scan_row_groups = 1   # one 20 MiB row group: a split is at least that
    assert growth.split_size(st, 8 * MIB) == 20 * MIB
    # the target's own maxPartitionBytes: 256 MiB splits, half the tasks
    assert growth.scan_tasks(scan(), 1000, growth.Layout(max_split=256 * MIB)) == 4 * math.ceil(5000 / 256)


def test_parquet_gets_grow_by_row_groups_not_by_read_size():
    st = scan()
    tasks = growth.scan_tasks(st, 1000)
    # a task's footer: 2 GETs; 1 GET per column chunk: 4 per row group, 8,000 row groups over the tasks
    assert growth.scan_gets(st, 1000, tasks) == pytest.approx(2 + 4 * 8000 / tasks)


def test_reduce_tasks_coalesce_as_adaptive_execution_does():
    join = final([0], exchange=200)
    assert growth.reduce_tasks(SQL, join, 3 * MIB, None) == 2              # over the parallelism, 2
    assert growth.reduce_tasks(SQL, join, 1.5 * MIB, None) == 2            # 1 MiB least size
    assert growth.reduce_tasks(SQL, join, 640 * MIB, None) == 10           # 64 MiB advisory
    assert growth.reduce_tasks(SQL, join, 1e12, None) == 200               # the exchange's partitions
    assert growth.reduce_tasks(SQL, join, 1e12, 1000) == 1000              # --partitions
    assert growth.reduce_tasks(SQL, final([0], exchange=1), 1e12, 1000) == 1   # a global aggregate
    assert growth.reduce_tasks(dict(SQL, coalesce=False), join, 3 * MIB, None) == 200


def test_a_final_aggregate_grows_with_the_map_tasks_once_the_output_is_fitted():
    fitted = q6_like(out_points=True)
    fit_output(fitted, [])
    assert fitted.stages[0].out_bytes_per_byte == 0 and fitted.stages[0].out_fixed_bytes == 100
    pred = predict(fitted, C, Options(factor=1000, concurrency=1000))
    scan_plan, final_plan = pred.stages
    assert scan_plan.tasks == 160 and final_plan.tasks == 1
    # the final task reads one 100-byte block of each map: CPU 5 ms x (157 x 100 / 400 bytes)
    assert final_plan.cpu_seconds == pytest.approx(0.005 * 160 * 100 / 400)
    assert final_plan.gets == 160 + 1
    # without the fit the output grows with the bytes a task reads: 1000 x 8 MiB / 160 per task
    grown = predict(q6_like(), C, Options(factor=1000, concurrency=1000))
    assert grown.stages[1].cpu_seconds == pytest.approx(0.005 * 1000, rel=1e-6)
    assert grown.stages[1].tasks == 1


def test_sql_reduce_gets_are_blocks_per_map_not_per_task():
    s = scan()
    join = final([0], exchange=200, shuffle_read=8 * MIB, shuffle_gets=4 * 197)   # 197 partitions non-empty
    s.bytes_written = 8 * MIB
    p = Profile([s, join], input_bytes=8 * MIB, memory_mb=1769, concurrency=4, wall_s=1.0, sql=dict(SQL))
    pred = predict(p, C, Options(factor=1000, concurrency=1000, shuffle="direct"))
    m, r = pred.stages
    assert m.tasks == 160 and r.tasks == 125    # 8,000 MiB shuffled in 64 MiB partitions
    # every map gives the stage its 197 non-empty partitions' blocks, whatever the coalescing;
    # and each task its stage code GET
    assert r.gets == 160 * 197 + 125


def test_auto_reads_many_small_sql_blocks_through_combiners_as_the_engine_does():
    """The engine's rule after a SQL exchange's map stage (``combine_small_blocks``): 10^5
    non-empty blocks or more, of 1 MiB or less on average, go through two-level combiners."""
    def grown(factor, shuffled, sql=True):
        s = scan()
        join = final([0], exchange=200, shuffle_read=shuffled, shuffle_gets=4 * 197)
        s.bytes_written = shuffled
        p = Profile([s, join], input_bytes=8 * MIB, memory_mb=1769, concurrency=4, wall_s=1.0,
                    sql=dict(SQL) if sql else None)
        return predict(p, C, Options(factor=factor, concurrency=1000, partitions=200))
    small = grown(4000, 8 * MIB)          # 640 maps x 197 blocks, 260 KB each
    assert small.shuffle_kind == "two-level" and len(small.stages) == 3
    assert grown(1000, 8 * MIB).shuffle_kind == "direct"          # 31,520 blocks: too few
    assert grown(4000, 800 * MIB).shuffle_kind == "direct"        # 26 MB blocks: bytes, not latency
    assert grown(4000, 8 * MIB, sql=False).shuffle_kind == "direct"   # an RDD shuffle chooses before


def _parquet_files(s3, bucket: str, prefix: str, rows: int) -> tuple[list, int]:
    """Two Parquet files of ``rows`` rows in row groups of 10,000 (3 columns); (their row
    groups' bytes, how many row groups)."""
    sizes, groups = [], 0
    for part in range(2):
        t = pa.table({"k": pa.array([i % 3 for i in range(rows)], pa.int64()),
                      "v": pa.array([float(i) for i in range(rows)]),
                      "pad": pa.array([f"unread text {i}" for i in range(rows)])})
        buf = io.BytesIO()
        pq.write_table(t, buf, row_group_size=10_000)
        s3.put_object(Bucket=bucket, Key=f"{prefix}/part-{part}.parquet", Body=buf.getvalue())
        meta = pq.ParquetFile(io.BytesIO(buf.getvalue())).metadata
        sizes.append(sum(meta.row_group(g).column(c).total_compressed_size
                         for g in range(meta.num_row_groups) for c in range(meta.num_columns)))
        groups += meta.num_row_groups
    return sizes, groups


@pytest.fixture(scope="module")
def sql_log(moto_server, tmp_path_factory):
    """Real SQL runs on local[2] of a filter and a grouped aggregate of 3 groups over 8 shuffle
    partitions, distributed, over two Parquet files on S3 of 40,000 rows each (4 row groups),
    then of 160,000 rows each: (log, log of the larger run, the files' bytes, row groups)."""
    bucket = f"plan-{uuid.uuid4().hex[:10]}"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=bucket)
    sizes, groups = _parquet_files(s3, bucket, "small", 40_000)
    _parquet_files(s3, bucket, "large", 160_000)
    logs = str(tmp_path_factory.mktemp("sql-eventlogs"))
    conf = (SparkConf(loadDefaults=False).setMaster("local[2]").setAppName("plan-sql")
            .set("spark.local.dir", str(tmp_path_factory.mktemp("local")))
            .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", logs)
            .set("spark.sql.shuffle.partitions", "8").set("spark.sql.adaptive.singleTask.maxInputBytes", "0"))
    urls = []
    for prefix in ("small", "large"):
        sc = SparkContext(conf=conf)
        spark = SparkSession(sc, {})
        rows = (spark.read.parquet(f"s3://{bucket}/{prefix}").where(F.col("v") >= 10).groupBy("k")
                .agg(F.sum("v").alias("s")).collect())
        urls.append(log_url(logs, sc.app_id))
        spark.stop()
        assert len(rows) == 3
    return urls[0], urls[1], sizes, groups


def test_a_sql_run_records_its_scans_and_exchanges(sql_log):
    url, _, sizes, groups = sql_log
    p = read_profile(url)
    assert p.sql is not None and p.sql["partitions"] == 8 and p.sql["parallelism"] == 2
    scans = [s for s in p.stages if s.scans]
    reduces = [s for s in p.stages if s.reads_shuffle]
    assert len(scans) == 1 and len(reduces) == 1
    st, r = scans[0], reduces[0]
    assert st.scan_split_bytes == sum(sizes) and st.scan_row_groups == groups
    # one GET a task for its file's footer (its length known from planning); in each row group
    # the chunks of k and v, side by side, in one GET, and the pad column between row groups
    # too large to read with them (storage/ranges.py)
    assert st.scan_footer_gets == st.tasks
    assert st.scan_gets - st.scan_footer_gets == st.scan_row_groups
    assert [len(r) for r in st.scan_layout["ranges"]] == [2, 2] and st.scan_layout["bytes"] > 0
    # at the measured size the model counts what the engine did
    assert growth.scan_gets(st, 1, st.tasks) == pytest.approx(st.scan_gets / st.tasks)
    # the bytes read are the two columns' chunks and the footers: a part of the files
    assert 0 < st.input_bytes < sum(sizes)
    assert p.input_bytes == sum(sizes)      # the job's input: the files' bytes, as --input-bytes means
    assert st.scan_max_split_bytes == 128 * MIB and st.scan_open_bytes == 4 * MIB and st.scan_parallelism == 2
    assert r.exchange_partitions == 8 and r.tasks < 8       # coalesced: a few bytes
    assert len(st.out_points) == st.tasks and all(w > 0 for _, w in st.out_points)
    assert st.scan_file_bytes == st.scan_split_bytes     # one split a file
    assert st.scan_splits == st.tasks                    # ... and a task


def test_a_sql_task_spreads_its_cpu_over_the_functions_vcpus():
    c = aws.load()
    p = q6_like()
    one = predict(p, c, Options(factor=1000, concurrency=1000, memory_mb=1769)).stages[0]
    three = predict(p, c, Options(factor=1000, concurrency=1000, memory_mb=3 * 1769)).stages[0]
    assert three.cpu_seconds == pytest.approx(one.cpu_seconds / 3)
    p.sql = None   # an RDD job's Python task: one core whatever the memory
    rdd = predict(p, c, Options(factor=1000, concurrency=1000, memory_mb=3 * 1769)).stages[0]
    assert rdd.cpu_seconds == pytest.approx(one.cpu_seconds)


def test_plan_grows_a_real_sql_run(sql_log, capsys):
    from spark_lambda.cli import main
    url, large, sizes, groups = sql_log
    # the output of the partial aggregate, fitted over both runs' tasks: 3 rows a task at any size
    p = fit_output(read_profile(url), [read_profile(large)])
    scan_stage = next(s for s in p.stages if s.scans)
    assert scan_stage.out_bytes_per_byte == pytest.approx(0, abs=1e-3) and scan_stage.out_fixed_bytes > 0
    assert main(["plan", url, large, "--scale", "10000", "--files", "100", "--max-concurrency", "1000",
                 "--memory", "1769", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    grown, final_stage = doc["stages"][0], doc["stages"][-1]
    # 200 files, more than the driver reads the footers of: byte ranges of the 128 MiB maximum,
    # each 49 MB file one range, packed as the engine packs them, two a task
    from spark_lambda.sql.io import file_partitions
    per_file = int(sum(sizes) * 10000 / 200)
    packed = file_partitions.pack(file_partitions.byte_splits([per_file] * 200, 128 << 20), 128 << 20, 4 << 20)
    assert grown["tasks"] == len(packed) == 100
    # the grouped aggregate of 3 groups: one reduce task at any size, one block of each map
    assert final_stage["tasks"] == 1
    assert final_stage["gets"] <= grown["tasks"] * 3 + 2
    # one log alone: the partial aggregate's output grows with the bytes read, and so do the reducers
    assert main(["plan", url, "--scale", "10000", "--files", "100", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stages"][-1]["tasks"] > 1


def test_row_groups_at_the_target_set_the_scan_gets():
    st = scan()   # 2.5 MiB row groups measured, 4 GETs each
    tasks = growth.scan_tasks(st, 1000, growth.Layout(row_group=64 * MIB))
    assert tasks == 4 * math.ceil(5000 / 128)
    # 20,000 MiB in 64 MiB row groups: 312.5 over 160 tasks, about 2 a task, 4 GETs each
    assert growth.scan_gets(st, 1000, tasks, growth.Layout(row_group=64 * MIB)) == pytest.approx(2 + 4 * 312.5 / 160)
    # a row group larger than the split: a split is one row group
    assert growth.scan_tasks(st, 1000, growth.Layout(row_group=500 * MIB)) == 4 * math.ceil(5000 / 500)
    assert growth.scan_gets(st, 1000, 40, growth.Layout(row_group=500 * MIB)) == pytest.approx(2 + 4)


def test_the_engine_s_merging_rule_counts_the_gets_of_larger_row_groups():
    st = scan()   # 2.5 MiB row groups measured, 4 GETs each
    # two needed chunks of 1 MiB, 20 KiB apart: one GET, until the bytes between pass 1 MiB
    st.scan_layout = {"bytes": int(2.5 * MIB), "ranges": [[0, MIB], [MIB + 20 * 1024, 2 * MIB + 20 * 1024]]}
    st.scan_gets = st.scan_footer_gets + st.scan_row_groups     # one GET a row group measured
    assert growth.scan_gets(st, 1, st.tasks) == pytest.approx(2 + 2)
    tasks = growth.scan_tasks(st, 1000, growth.Layout(row_group=64 * MIB))
    assert growth.scan_gets(st, 1000, tasks, growth.Layout(row_group=64 * MIB)) == pytest.approx(2 + 312.5 / 160)
    # 500 MiB row groups: 4 MiB between the chunks, each its own GET
    assert growth.scan_gets(st, 1000, 40, growth.Layout(row_group=500 * MIB)) == pytest.approx(2 + 2)
    # the same rule the engine fetches by
    from spark_lambda.storage.ranges import merge_ranges
    grown = [(a * 200, b * 200) for a, b in st.scan_layout["ranges"]]
    assert len(merge_ranges(grown)) == 2 and len(merge_ranges(st.scan_layout["ranges"])) == 1


def test_byte_range_tasks_pay_a_footer_a_range_and_the_merging_rule_s_chunk_gets():
    st = scan()   # 4 files, 2.5 MiB row groups measured, one GET each for two chunks 20 KiB apart
    st.scan_layout = {"bytes": int(2.5 * MIB), "ranges": [[0, MIB], [MIB + 20 * 1024, 2 * MIB + 20 * 1024]]}
    st.scan_gets = st.scan_footer_gets + st.scan_row_groups
    for row_group, per_group in ((64 * MIB, 1), (500 * MIB, 2)):   # 4 MiB between them at 500 MiB
        layout = growth.Layout(row_group=row_group)
        # 4 files of 5,000 MiB in 128 MiB ranges (no row group's floor), packed as the engine packs them
        ranges = growth.scan_splits(st, 1000, layout, True)
        tasks = growth.scan_tasks(st, 1000, layout, True)
        assert ranges == 4 * math.ceil(5000 / 128) and tasks == growth.packed_tasks(4, 5000 * MIB, 128 * MIB, 4 * MIB)
        groups = 20_000 * MIB / row_group
        # each range's task reads its file's footer (2 GETs measured a footer), and its row groups'
        # chunks in as many GETs as the engine's rule makes at that size
        assert growth.scan_gets(st, 1000, tasks, layout, True) == \
            pytest.approx((2 * ranges + per_group * groups) / tasks)


def test_advice_does_not_blame_the_shuffle_for_a_scans_gets():
    from spark_lambda.planning.advice import advise
    c = aws.load()
    p = q6_like(out_points=True)
    fit_output(p, [])
    o = Options(factor=1000, concurrency=1000)
    base = predict(p, c, o)
    scan_gets = base.stages[0].gets
    assert scan_gets * c.s3_get_per_thousand / 1000 > 0.25 * base.cost_usd   # the scan's GETs weigh
    assert not [a for a in advise(p, c, o, base) if "direct shuffle" in a.text]


def test_more_partitions_give_more_blocks_only_where_the_maps_filled_them():
    s = scan()
    s.bytes_written = 8 * MIB
    join = final([0], exchange=32, shuffle_read=8 * MIB, shuffle_gets=4 * 30)   # 30 of 32 filled
    few = final([0], exchange=32, shuffle_read=400, shuffle_gets=4 * 2)        # 2 groups
    for st, want in ((join, 30 * 1000 / 32), (few, 2)):
        p = Profile([s, st], input_bytes=8 * MIB, memory_mb=1769, concurrency=4, wall_s=1.0, sql=dict(SQL))
        assert growth.blocks_per_map(p, st, 4, 100, 1000) == pytest.approx(want)


def test_client_cpu_per_request_is_taken_out_and_added_back_per_request():
    c = aws.load(overrides={"client_ms_per_request": 2, "cold_start_platform_ms": 0})
    p = q6_like(out_points=True)
    p.stages[1].cpu_ms = 50            # 5 requests measured (4 blocks, the stage code): 10 ms of it
    fit_output(p, [])
    direct = predict(p, c, Options(factor=1000, concurrency=1000, shuffle="direct")).stages[-1]
    beyond = 40 / 400 * (160 * 100)    # the rest grows with the bytes read: 160 blocks of 100
    assert direct.gets == 161
    assert direct.cpu_seconds == pytest.approx((beyond + 161 * 2) / 1000)
    two = predict(p, c, Options(factor=1000, concurrency=1000, shuffle="two-level")).stages
    combine, final_stage = two[1], two[2]
    assert final_stage.gets < 20 and final_stage.cpu_seconds == pytest.approx((beyond + final_stage.gets * 2) / 1000)
    assert combine.cpu_seconds == pytest.approx((combine.gets / combine.tasks + 1) * 2 / 1000)


def test_the_driver_reads_the_targets_footers_before_the_first_stage():
    p = q6_like()
    p.sql["driver_footers_max_files"] = 4000   # the engine reads them all up to 4,000 files
    o = Options(factor=1000, concurrency=1000, layout=growth.Layout(files=1000))
    pred = predict(p, C, o)
    # 4,000 files, 32 at a time: 125 rounds of the 2 GETs a footer took, 20 ms each
    assert pred.driver_seconds == pytest.approx(125 * 2 * 0.020)
    # ... unless the client's CPU for 8,000 GETs in the driver's one process takes longer
    cpu_bound = aws.load(overrides={"s3_get_median_ms": 20, "s3_get_p95_ms": 20, "client_ms_per_request": 2})
    assert predict(p, cpu_bound, o).driver_seconds == pytest.approx(8000 * 0.002)
    assert pred.seconds == pytest.approx(pred.driver_seconds + sum(s.seconds for s in pred.stages))
    p.sql = None   # an RDD job reads no footers
    assert predict(p, C, o).driver_seconds == 0


def test_past_the_threshold_the_driver_reads_one_footer_and_tasks_read_their_own():
    p = q6_like()
    o = Options(factor=1000, concurrency=1000, layout=growth.Layout(files=1000))
    p.sql["driver_footers_max_files"] = 4000
    footers = predict(p, C, o)
    p.sql["driver_footers_max_files"] = 3999   # 4,000 files: byte ranges
    ranges = predict(p, C, o)
    assert growth.byte_ranges(p, p.stages[0], o.layout) and not growth.byte_ranges(p, p.stages[0])
    # one footer for the schema: one round of its 2 GETs
    assert ranges.driver_seconds == pytest.approx(2 * 0.020)
    assert footers.driver_seconds == pytest.approx(125 * 2 * 0.020)
    # 4,000 files of 5 MiB: a split each with footers; 14 to a task in byte ranges (5 MiB and
    # 4 MiB of open cost each, in 128 MiB), each task reading its 14 footers and the chunks of
    # their row groups (4 GETs each, 2 row groups a file)
    assert footers.stages[0].tasks == 4000 and ranges.stages[0].tasks == math.ceil(4000 / 14)
    assert footers.stages[0].gets == pytest.approx(4000 * (1 + 2 + 4 * 2))
    assert ranges.stages[0].gets == pytest.approx(math.ceil(4000 / 14) + 4000 * (2 + 4 * 2))
    # a measured run whose tasks read 2 packed splits each made its 2 footer GETs a task for two
    p.stages[0].scan_splits = 2 * p.stages[0].tasks
    assert growth.footer_gets(p.stages[0]) == 1
    assert predict(p, C, o).stages[0].gets == pytest.approx(math.ceil(4000 / 14) + 4000 * (1 + 4 * 2))


@pytest.mark.parametrize("file_mb,split_mb", [(5, 128), (49, 128), (232, 256), (232, 128), (600, 128),
                                              (3, 4), (128, 128), (1, 64)])
def test_packed_tasks_count_the_engines_byte_range_partitions(file_mb, split_mb):
    from spark_lambda.sql.io import file_partitions
    size, split = file_mb * 1_000_000, split_mb * MIB
    engine = file_partitions.pack(file_partitions.byte_splits([size] * 300, split), split, 4 * MIB)
    assert growth.packed_tasks(300, size, split, 4 * MIB) == len(engine)
