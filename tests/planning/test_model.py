"""The model's arithmetic on a synthetic profile, against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from spark_lambda.errors import InputError
from spark_lambda.planning import aws
from spark_lambda.planning.advice import advise
from spark_lambda.planning.calibration import fit_cpu, line
from spark_lambda.planning.model import Options, combine_maps_for, factor_for, predict
from spark_lambda.planning.profile import Profile, StageProfile

MIB = 1 << 20

# simple constants: no latency tails, no cold start, no invoke overhead, no driver limit
C = aws.load(overrides={"s3_get_median_ms": 20, "s3_get_p95_ms": 20, "s3_put_median_ms": 40, "s3_put_p95_ms": 40,
                        "network_sustained_mib_s": 100, "network_burst_mib_s": 100, "network_burst_mib": 0,
                        "cold_start_platform_ms": 0, "invoke_overhead_ms": 0, "driver_tasks_per_s": 0,
                        "mb_per_vcpu": 2048, "account_concurrency": 10, "client_ms_per_request": 0})


def sort_profile(fixed_wait_ms=0.0):
    """Map: 4 tasks, 100 MiB in, 100 MiB shuffled out, 1 s CPU each; reduce: 4 tasks reading it."""
    m = StageProfile(0, "map", "map", 4, [], cpu_ms=4000, input_bytes=400 * MIB, bytes_written=400 * MIB,
                     gets=4, puts=4)
    r = StageProfile(1, "result", "reduce", 4, [0], cpu_ms=4000, shuffle_bytes_read=400 * MIB,
                     gets=16, shuffle_gets=16)
    for st in (m, r):   # measured wall = cpu + what the model would add + a fixed wait
        st.duration_ms = st.cpu_ms + 4 * fixed_wait_ms
    return Profile([m, r], input_bytes=400 * MIB, memory_mb=2048, concurrency=4, wall_s=0.0)


def test_factor_from_input_bytes_or_scale():
    p = sort_profile()
    assert factor_for(p, input_bytes=4000 * MIB) == 10
    assert factor_for(p, scale=3) == 3
    assert factor_for(p) == 1


def test_direct_shuffle_time_requests_and_cost_by_hand():
    p = sort_profile()
    pred = predict(p, C, Options(factor=10, partitions=20, concurrency=10))
    m, r = pred.stages
    # map task: 10 x 4,000 ms / 20 = 2,000 ms CPU at 1 vCPU; 200 MiB in + 200 MiB out at 100 MiB/s = 4 s;
    # one GET of stage code (1 per task measured) at 20 ms and one PUT at 40 ms
    assert m.cpu_seconds == pytest.approx(2.0)
    assert m.network_seconds == pytest.approx(4.0)
    assert m.s3_seconds == pytest.approx(0.060)
    # the first GET (the code: 20 ms), then the 2 s of reading beside the 2 s of CPU, then the
    # output's 2 s and its PUT (40 ms): 4.060 s, not the sum (6.060 s)
    assert m.task_seconds == pytest.approx(0.020 + max(2.0, 2.0) + 2.0 + 0.040)
    assert (m.gets, m.puts) == (20, 20)
    # 20 tasks on 10 environments: two waves
    assert m.seconds == pytest.approx(2 * 4.060)
    # reduce task: 2 s CPU, 200 MiB in = 2 s, GETs: 20 blocks (M; it measured no other GET) in rounds
    # of 16 -> 2 rounds; the first block (20 ms and 10 MiB: 100 ms) before any CPU, the other
    # 1.9 s of blocks and 20 ms of the second round beside the 2 s of CPU
    assert r.gets == 20 * 20
    assert r.s3_seconds == pytest.approx(2 * 0.020)
    assert r.task_seconds == pytest.approx(0.120 + max(2.0, 1.920))
    assert r.seconds == pytest.approx(2 * 2.120)
    assert pred.seconds == pytest.approx(m.seconds + r.seconds)
    assert pred.seconds_p90 == pytest.approx(pred.seconds)          # no tails in these constants
    assert (pred.get_requests, pred.put_requests, pred.invocations) == (420, 20, 40)
    # cost: GB-s = 20 x 4.060 s x 2 GB + 20 x 2.120 s x 2 GB; S3 420 GETs, 20 PUTs
    gb_s = 20 * 4.060 * 2 + 20 * 2.120 * 2
    assert pred.gb_seconds == pytest.approx(gb_s)
    assert pred.lambda_usd == pytest.approx(gb_s * 0.0000166667 + 40 * 0.20 / 1e6)
    assert pred.s3_usd == pytest.approx(420 * 0.0004 / 1000 + 20 * 0.005 / 1000)
    assert pred.cost_usd == pytest.approx(pred.lambda_usd + pred.s3_usd)


def test_a_run_without_read_ahead_reads_its_input_before_computing():
    """``spark.lambda.io.readAhead=0``: the input stage takes the sum of its reads, CPU and
    write; the reducers (whose window of blocks always reads ahead) still overlap."""
    p = sort_profile()
    p.read_ahead = 0
    m, r = predict(p, C, Options(factor=10, partitions=20, concurrency=10)).stages
    assert m.task_seconds == pytest.approx(0.020 + 2.0 + 2.0 + 2.0 + 0.040)
    assert r.task_seconds == pytest.approx(0.120 + 2.0)


def test_cpu_after_the_last_input_does_not_pass_behind_the_reads():
    """A reducer that spends 60 % of its CPU after its last block (a sort) overlaps only the
    other 40 % with its fetching."""
    p = sort_profile()
    p.stages[1].cpu_after_input_ms = 0.6 * p.stages[1].cpu_ms
    r = predict(p, C, Options(factor=10, partitions=20, concurrency=10)).stages[1]
    # first block 0.120 s; max(0.8 s of CPU, 1.92 s of the other blocks); then 1.2 s of sorting
    assert r.task_seconds == pytest.approx(0.120 + max(0.8, 1.920) + 1.2)


def test_fractional_vcpu_arm_price_and_calibrated_fixed_time():
    p = sort_profile(fixed_wait_ms=500 + 4000 + 20 + 40)   # 500 ms a task beyond the model's 4.06 s
    base = predict(p, C, Options(factor=1, partitions=4, concurrency=10))
    half = predict(p, C, Options(factor=1, partitions=4, concurrency=10, memory_mb=1024, arch="arm64"))
    assert half.stages[0].cpu_seconds == pytest.approx(2 * base.stages[0].cpu_seconds)   # 0.5 vCPU
    assert half.lambda_usd == pytest.approx(half.gb_seconds * 0.0000133334 + 8 * 0.20 / 1e6)
    # the measured time beyond the model's (20 ms + max(1 s, 1 s) + 1.04 s) is kept per task:
    # the run, predicted at its own size, takes its measured 5.56 s a task
    assert base.stages[0].task_seconds == pytest.approx(1.0 + 4.0 + 0.060 + 0.5)
    assert p.stages[0].duration_ms / 4 == pytest.approx(5560)


def test_shuffle_kinds_requests_by_hand():
    p = sort_profile()
    o = Options(factor=100, partitions=100, concurrency=10)
    direct, comb, two, auto, sized = (predict(p, C, Options(**{**o.__dict__, **k})) for k in (
        {"shuffle": "direct"}, {"shuffle": "combining"}, {"shuffle": "two-level"}, {"shuffle": "auto"},
        {"shuffle": "combining", "combine_maps": 25}))
    code = 100                                # the map tasks' one stage-code GET each
    assert direct.get_requests == code + 100 * 100
    # combining: 10 combiners each GET 10 map outputs whole and PUT one; reducers GET 10 each
    assert comb.get_requests == code + 10 * 10 + 100 * 10
    assert comb.put_requests == 100 + 10
    assert comb.stages[1].added == "combining" and comb.stages[1].tasks == 10
    assert sized.get_requests == code + 4 * 25 + 100 * 4
    # two-level: 100 combiners of 10 maps x 10 reducers each GET 10 ranges and PUT one;
    # reducers GET 10 each (2 P sqrt P)
    assert two.get_requests == code + 2 * 100 * 10
    assert two.put_requests == 100 + 100
    assert len(two.stages) == 3 and two.stages[1].added == "two-level" and two.stages[1].tasks == 100
    # auto, as the engine: 10^4 blocks are under 10^6, direct
    assert auto.shuffle_kind == "direct" and auto.get_requests == direct.get_requests
    assert predict(p, C, Options(factor=100, partitions=1000, concurrency=10)).shuffle_kind == "two-level"
    # a combiner given half of 2 GB holds 2 map outputs of 400 MiB (100 blocks of 4 MiB)
    assert combine_maps_for(p, o, 2048) == 2


def test_input_gets_follow_the_read_size():
    m = StageProfile(0, "map", "map", 4, [], cpu_ms=4, input_bytes=40 * MIB, bytes_written=4, gets=4 + 4 * 3,
                     puts=4)
    p = Profile([m], input_bytes=40 * MIB, memory_mb=2048, concurrency=4, wall_s=0.0, read_size=8 * MIB)
    # measured per task: 1 code GET, 3 input GETs of which 2 (10 MiB / 8 MiB) are bytes: 1 overhead
    pred = predict(p, C, Options(factor=1000, partitions=400, concurrency=10))
    assert pred.stages[0].gets == 400 * (1 + 1 + math.ceil(100 * MIB / (8 * MIB)))


def test_scaling_rate_cold_starts_and_request_rate_limit():
    c = aws.load(overrides={**C.to_dict(), "cold_start_platform_ms": 1000, "scale_step_environments": 5,
                            "scale_step_seconds": 10})
    p = sort_profile()
    m = predict(p, c, Options(factor=1, partitions=10, concurrency=10)).stages[0]
    # map: 10 tasks of 0.02 s (code GET) + max(0.4 s CPU, 0.4 s in) + 0.4 s out + 0.04 s PUT; 5
    # environments at t=0 (cold), the next 5 would arrive at t=10, but the first 5 are free again
    # at 1.86 s: 5 cold starts
    task = 0.02 + 0.4 + 0.4 + 0.04
    assert m.cold_starts == 5
    assert m.seconds == pytest.approx(1.0 + 2 * task)
    slow = predict(p, c, Options(factor=1, partitions=10, concurrency=10, memory_mb=64)).stages[0]   # 1/32 vCPU: 12.8 s of CPU
    assert slow.cold_starts == 10 and slow.seconds == pytest.approx(10 + 1.0 + 0.02 + 0.4 * 32 + 0.4 + 0.04)
    c = aws.load(overrides={**c.to_dict(), "s3_get_per_s_per_prefix": 1, "shuffle_prefixes": 2})
    pred = predict(p, c, Options(factor=1, partitions=10, concurrency=10))
    r = pred.stages[1]
    # reduce: 100 GETs at 2 GET/s take 50 s: S3 sets the pace
    assert r.throttled and r.seconds == pytest.approx(100 / 2)
    text = " ".join(a.text for a in advise(p, c, Options(factor=1, partitions=10, concurrency=10), pred))
    assert "direct shuffle (M x R GETs) is the bottleneck" in text and "two-level:" in text


def test_latency_quantiles_and_token_bucket():
    c = aws.load()
    assert c.latency_ms("GET") == pytest.approx(27)
    assert c.latency_ms("GET", 0.95) == pytest.approx(75, rel=1e-3)
    assert c.latency_ms("GET", "mean") > 27
    # 300 MiB at the burst rate, the rest at 75 MiB/s
    assert c.network_seconds(1000 * MIB) == pytest.approx(300 / 1228.8 + 700 / 75)
    assert c.vcpus(1769) == pytest.approx(1.0) and math.isclose(c.vcpus(10240), 10240 / 1769)


def test_constants_file_and_unknown_names(tmp_path):
    f = tmp_path / "c.json"
    f.write_text('{"s3_get_median_ms": 30, "account_concurrency": 3000}')
    c = aws.load(str(f), {"s3_get_median_ms": 31})
    assert c.s3_get_median_ms == 31 and c.account_concurrency == 3000
    assert set(aws.SOURCES) == set(c.to_dict())
    with pytest.raises(InputError, match="Unknown constants"):
        aws.load(overrides={"nope": 1})


def test_emulator_host_cpu_floor_by_hand():
    p = sort_profile()
    plain = predict(p, C, Options(factor=10, partitions=20, concurrency=10))
    assert plain.stages[1].seconds == pytest.approx(2 * 2.120)   # no floor on AWS
    host = aws.load(overrides={**C.to_dict(), "host_cpus": 2, "host_ms_per_request": 50})
    pred = predict(p, host, Options(factor=10, partitions=20, concurrency=10))
    m, r = pred.stages
    # 20 reducers on 2 host cores: each 2,000 ms CPU (x5: 10 of them share 2 cores) plus 20 GETs and
    # the invocation at 50 ms of host CPU each: 20 x (2,000 + 21 x 50) ms / 2 cores = 30.5 s, more
    # than the schedule of 2 waves of (0.12 + max(10, 1.92)) s
    assert r.seconds == pytest.approx(max(20 * (2.0 + 21 * 0.050) / 2, 2 * (0.120 + 10.0)))
    # the map stage's floor, 20 x (2 s + 3 x 50 ms) / 2 = 21.5 s, is below its 2 waves of
    # (0.02 + max(10, 2) + 2.04) s
    assert m.seconds == pytest.approx(max(20 * (2.0 + 3 * 0.050) / 2, 2 * (0.020 + 10.0 + 2.040)))
    # moto serves one request at a time: 400 GETs of the reducers at 100 ms each take 40 s at least
    serial = aws.load(overrides={**C.to_dict(), "s3_server_ms_per_request": 100})
    r = predict(p, serial, Options(factor=10, partitions=20, concurrency=10)).stages[1]
    assert r.seconds == pytest.approx(20 * 20 * 0.100)


def test_cpu_fitted_over_task_sizes_counts_the_fixed_part_once_per_task():
    small, large = sort_profile(), sort_profile()
    # map tasks: 50 ms fixed + 10 ms per MiB; the small run's of 1 and 2 MiB, the large run's of 100 MiB
    small.stages[0].task_points = [(1 * MIB, 60.0), (2 * MIB, 70.0)]
    large.stages[0].task_points = [(100 * MIB, 1050.0)] * 4
    small.stages[1].task_points = [(1 * MIB, 5.0)] * 4     # reduce: one size only, no fit from it alone
    # of it, after the last input range: 20 ms whatever the size (the last frames, the write)
    small.stages[0].tail_points = [(1 * MIB, 20.0), (2 * MIB, 20.0)]
    large.stages[0].tail_points = [(100 * MIB, 20.0)] * 4
    fit_cpu(small, [large])
    m, r = small.stages
    assert (m.cpu_fixed_ms, m.cpu_ms_per_byte * MIB) == (pytest.approx(50), pytest.approx(10))
    assert (m.tail_fixed_ms, m.tail_ms_per_byte) == (pytest.approx(20), pytest.approx(0))
    assert r.cpu_ms_per_byte is None and r.cpu_fixed_ms is None
    pred = predict(small, C, Options(factor=10, partitions=20, concurrency=10))
    assert pred.stages[0].cpu_seconds == pytest.approx((50 + 10 * 200) / 1000)   # 200 MiB a task
    # a line below zero at no bytes is taken through the origin instead
    assert line([(1 * MIB, 5.0), (3 * MIB, 25.0)]) == (0.0, pytest.approx(8.0 / MIB))   # (1 x 5 + 3 x 25) / (1 + 9)
    assert line([(MIB, 1.0), (1.5 * MIB, 2.0)]) is None              # too little spread
    with pytest.raises(ValueError, match="not runs of the same job"):
        fit_cpu(small, [Profile(small.stages[:1], 1, 1, 1, 0.0)])


def test_a_sampling_scan_reads_its_sample_once_splits_are_large():
    s = StageProfile(0, "result", "sample", 4, [], cpu_ms=400, input_bytes=40 * MIB, gets=4 + 4 * 5,
                     sample_bytes=2 * MIB, sample_windows=32, sample_min_split=8 * MIB)
    m = StageProfile(1, "map", "map", 4, [], cpu_ms=400, input_bytes=40 * MIB, bytes_written=4, gets=4,
                     puts=4)
    p = Profile([s, m], input_bytes=40 * MIB, memory_mb=2048, concurrency=4, wall_s=0.0, read_size=8 * MIB)
    small = predict(p, C, Options(factor=1, partitions=8, concurrency=10)).stages[0]   # 5 MiB splits: read whole
    assert small.cpu_seconds == pytest.approx(0.050) and small.gets == 8 * (1 + 1)
    big = predict(p, C, Options(factor=1000, partitions=400, concurrency=10)).stages[0]  # 100 MiB splits
    assert big.cpu_seconds == pytest.approx(0.010 * 2) and big.gets == 400 * (1 + 32)
    assert big.network_seconds == pytest.approx(2 / 100)


def test_advice_says_when_sorts_would_spill_at_the_target():
    p = sort_profile()
    p.stages[1].sort_held_bytes = 4 * 300 * MIB     # each reducer held 300 MiB of records
    o = Options(factor=10, partitions=20, concurrency=10)
    # 10 x 1,200 MiB over 20 reducers: 600 MiB each, within 2048 MB; not within 512 MB
    assert "will spill" not in " ".join(a.text for a in advise(p, C, o, predict(p, C, o)))
    small = Options(factor=10, partitions=20, concurrency=10, memory_mb=512)
    text = " ".join(a.text for a in advise(p, C, small, predict(p, C, small)))
    assert "stage 1's tasks would sort about 0.6 GiB of records each, more than 512 MB: they will spill" in text
    # priced: 2 s of CPU at a quarter vCPU is 8 s a reducer, 97 % more when spilling: 7.76 s, and
    # 20 x 7.76 s x 0.5 GB at $0.0000166667 a GB-s
    assert "about 7.8 s more a task if spilling adds 97% to its CPU as measured, $0.001293 more" in text
    p.stages[1].spill_bytes = 1     # it spilled when measured: its CPU has spilling in it already
    assert "will spill" not in " ".join(a.text for a in advise(p, C, small, predict(p, C, small)))
