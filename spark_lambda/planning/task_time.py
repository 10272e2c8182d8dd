"""How a task's time is composed on Lambda, from its CPU, bytes and S3 requests.

Per task: CPU time (``model.py`` scales it by the function's vCPUs); network time of its bytes
in and out through the function's token bucket (``aws.Constants.network_seconds``); S3 latency
rounds: its GETs in rounds of the reducer's fetch parallelism at the GET latency, its PUTs one
after another at the PUT latency (``s3_ms``). The engine reads ahead (input ranges, shuffle
blocks) while it computes, so a task's handler time is
``fixed + first read + max(CPU, the other reads) + write`` (``handler_ms``): the first GET (its
latency and bytes) comes before any CPU, the output's PUT after the last record (every block
grows until then), the reads between pass behind the CPU or the CPU behind them; a run with
``spark.lambda.io.readAhead=0`` reads its input one range after another, and its input stages
take the sum. The CPU a task spends after its last input arrived (``cpu_after_input_ms``: a
sorting reducer decodes its blocks as they come but sorts after the last, and counts after that)
cannot pass behind a read either: its measured share of the stage's CPU comes after the ``max``.
``fixed`` is calibrated from the run (``fixed_ms``: the measured time beyond that formula).
"""

from __future__ import annotations

import math

from .aws import Constants
from .calibration import line
from .profile import StageProfile


def s3_ms(c: Constants, gets: float, puts: float, parallel: int, q) -> float:
    """S3 latency of ``gets`` in rounds of ``parallel`` and ``puts`` one after another (``q``: the
    latency quantile, "mean" or "p90")."""
    rounds = math.ceil(gets / max(parallel, 1)) if gets > 0 else 0
    return rounds * c.latency_ms("GET", q) + math.ceil(puts) * c.latency_ms("PUT", q)


def handler_ms(c: Constants, cpu_ms: float, bytes_in: float, bytes_out: float, gets: float, puts: float,
                parallel: int, q, fixed_ms: float, overlap: bool = True, data_gets: float = 0.0,
                tail_ms: float = 0.0) -> float:
    """A task's handler time (module docstring): ``fixed + first read + max(CPU, other reads) +
    CPU after the last read + write`` when its reads overlap its CPU, else their sum. The first
    read is one GET's latency and the bytes of one of its ``data_gets``; ``tail_ms`` of the CPU
    comes after its last read."""
    net_in = c.network_seconds(bytes_in) * 1000
    net = c.network_seconds(bytes_in + bytes_out) * 1000
    s3_puts = math.ceil(puts) * c.latency_ms("PUT", q) if puts > 0 else 0.0
    s3_gets = s3_ms(c, gets, 0, parallel, q)
    write = net - net_in + s3_puts
    if not overlap:
        return fixed_ms + cpu_ms + net_in + s3_gets + write
    first = 0.0
    if gets > 0:
        first = c.latency_ms("GET", q) + (c.network_seconds(bytes_in / data_gets) * 1000 if data_gets >= 1 else 0.0)
    reads = max(net_in + s3_gets - first, 0.0)
    tail = min(tail_ms, cpu_ms)
    return fixed_ms + first + max(cpu_ms - tail, reads) + tail + write


def measured_task_ms(c: Constants, st: StageProfile, parallel: int, overlap: bool = True) -> float:
    """A measured stage's mean task time as ``handler_ms`` composes it from the stage's own CPU,
    bytes and requests, without a fixed part: what ``plan`` calibrates the fixed part against, and
    what ``bench/overlap.py`` sets beside the measured time."""
    n = max(st.tasks, 1)
    data_gets = (st.gets - min(st.other_gets, n)) / n   # all but each task's one GET of its stage's code
    return handler_ms(c, st.cpu_ms / n, (st.input_bytes + st.shuffle_bytes_read) / n, st.bytes_written / n,
                       st.gets / n, st.puts / n, parallel, "mean", 0.0, overlap, data_gets, st.cpu_after_input_ms / n)


def fixed_ms(c: Constants, st: StageProfile, parallel: int, overlap: bool) -> float:
    """The measured per-task time beyond CPU, network and S3 latency as ``handler_ms`` composes
    them (calibration). Where the stage's tasks made requests in numbers a factor of two apart,
    that excess is fitted as a fixed part and a part per request (``calibration.line``) and only
    the fixed part is kept: time that grows with a task's requests beyond their modelled
    latency and client CPU is the measuring S3 server's (moto serves one request at a time;
    ``s3_server_ms_per_request`` models it where the target is the emulator), not a cost of
    the task on AWS."""
    mean = max(st.duration_ms / max(st.tasks, 1) - measured_task_ms(c, st, parallel, overlap), 0.0)
    points = [(gets + puts, duration - handler_ms(c, cpu, bytes_in, bytes_out, gets, puts, parallel, "mean",
                                                  0.0, overlap, max(gets - 1, 0)))
              for duration, cpu, bytes_in, bytes_out, gets, puts in st.task_runs]
    fitted = line(points) if len(points) == st.tasks else None
    return mean if fitted is None else min(max(fitted[0], 0.0), mean)
