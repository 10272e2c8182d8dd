"""What a measured task's S3 requests cost, taken apart from its CPU and from its fixed time,
against numbers worked out by hand."""

from __future__ import annotations

import pytest

from spark_lambda.planning import aws
from spark_lambda.planning.calibration import fit_cpu
from spark_lambda.planning.profile import Profile, StageProfile
from spark_lambda.planning.task_time import fixed_ms

MIB = 1 << 20
# no latency, no network time: a task's modelled time is its CPU
C = aws.load(overrides={"s3_get_median_ms": 0, "s3_get_p95_ms": 0, "s3_put_median_ms": 0, "s3_put_p95_ms": 0,
                        "network_sustained_mib_s": 1e9, "network_burst_mib_s": 1e9, "network_burst_mib": 0})


def _reducer(runs):
    """A reduce stage of tasks (duration ms, CPU ms, bytes read, GETs)."""
    st = StageProfile(1, "result", "reduce", len(runs), [0])
    for duration, cpu, nbytes, gets in runs:
        st.duration_ms += duration
        st.cpu_ms += cpu
        st.shuffle_bytes_read += nbytes
        st.gets += gets
        st.task_points.append((nbytes, cpu))
        st.task_requests.append(gets)
        st.task_runs.append((duration, cpu, nbytes, 0, gets, 0))
    return st


def test_each_task_gives_back_the_client_cpu_of_its_own_requests():
    # 10 ms of CPU per MiB, plus 2 ms per GET: a task of 1 MiB read in 10 GETs, one of 8 MiB in 400
    st = _reducer([(0, 10 + 2 * 10, 1 * MIB, 10), (0, 80 + 2 * 400, 8 * MIB, 400)])
    fit_cpu(Profile([st], 0, 1024, 1, 0.0), [], client_ms=2.0)
    assert (st.cpu_fixed_ms, st.cpu_ms_per_byte * MIB) == (pytest.approx(0), pytest.approx(10))
    # the stage's mean of 205 GETs a task taken from both (0 and 470 ms left): the line through
    # the origin, 8 x 470 / (1 + 64) = 57.8 ms per MiB
    st.task_requests = []
    fit_cpu(Profile([st], 0, 1024, 1, 0.0), [], client_ms=2.0)
    assert st.cpu_ms_per_byte * MIB == pytest.approx(8 * 470 / 65)


def test_time_that_grows_with_a_tasks_requests_is_not_kept_as_its_fixed_time():
    # beyond its CPU each task waited 50 ms, and 5 ms per GET more (a server serving one at a time)
    st = _reducer([(100 + 50 + 5 * 10, 100, MIB, 10), (100 + 50 + 5 * 400, 100, MIB, 400)])
    assert fixed_ms(C, st, 16, True) == pytest.approx(50)
    # tasks of one request count: nothing to tell the parts apart; the mean is kept
    even = _reducer([(100 + 50 + 5 * 10, 100, MIB, 10)] * 3)
    assert fixed_ms(C, even, 16, True) == pytest.approx(100)
