"""A finished run, read from its event log into what the model needs.

``read_profile(url)`` reads an event log (``ui.eventlog.read_event_log``) and
gives a ``Profile``: the run's stages in order, each with its task count and,
over its successful task attempts, CPU time, wall time, bytes and records in
and out, S3 GETs and PUTs (shuffle ones apart), the shuffle stages it reads;
the run's input size (bytes read from sources, not shuffles, by the stages
that scan it once: the largest per-stage input; for SQL scans, the bytes of
the files' row groups they cover, every scan's summed), the memory size and
concurrency it ran with, cold-start times (Init Duration of the Lambda REPORT
lines) and the first-task import time of fresh instances, the driver's
round-trip overhead per invocation, and the measured wall time. Each stage also
keeps every task's bytes read and CPU (``calibration.py`` fits them), what its
tasks would read of a large split when they sample it (sortByKey's sketch), and
the records its sorts held in memory and what they spilled (``advice.py``), and how long
its tasks waited for input ranges and shuffle blocks and wrote their output (what of
their transfers did not pass behind their CPU).

SQL runs (a log with SQL executions) also give, per scan stage, what its splits covered
(``scan_*``: the row groups' bytes and count, the splits, the Parquet GETs and the footers'
share of them, where a row group's needed chunks lie, and the rule that cut the splits), every
task's bytes read and written (``out_points``: ``calibration.py`` fits a stage's output as
fixed and per byte read), and ``Profile.sql``, the settings adaptive execution coalesced reduce
partitions by (``sql_growth.py``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .. import keys
from ..ui.eventlog import read_event_log


@dataclass
class StageProfile:
    """One stage's measured totals (sums over its successful task attempts)."""
    stage: int
    kind: str                       # "map" (writes a shuffle) or "result"
    name: str
    tasks: int
    parents: list = field(default_factory=list)
    cpu_ms: float = 0.0
    duration_ms: float = 0.0
    input_bytes: int = 0            # from sources (files, parallelize), not shuffles
    shuffle_bytes_read: int = 0
    bytes_written: int = 0          # shuffle output of a map stage, or output files
    records_read: int = 0
    records_written: int = 0
    gets: int = 0
    puts: int = 0
    shuffle_gets: int = 0           # ranged GETs of shuffle blocks
    get_bytes: int = 0
    put_bytes: int = 0
    wall_s: float = 0.0             # submitted to completed
    # (bytes read, CPU ms) of each task but a fresh instance's first (which imports the engine)
    task_points: list = field(default_factory=list)
    tail_points: list = field(default_factory=list)     # (bytes read, CPU ms after the last input) of the same
    task_requests: list = field(default_factory=list)   # S3 requests of the same tasks, in order
    task_runs: list = field(default_factory=list)   # (duration ms, CPU ms, bytes read, written, GETs, PUTs) of each
    sample_bytes: int = 0           # a sampling scan's bytes per split (sortByKey's; 0: reads all)
    sample_windows: int = 0         # ... in this many GETs
    sample_min_split: int = 0       # ... of a split this large or larger (smaller: read whole)
    sort_held_bytes: int = 0        # records a sort held in memory at its end (estimated), summed
    spill_bytes: int = 0
    input_wait_ms: float = 0.0      # time tasks waited for input ranges (read ahead: what did not overlap)
    fetch_wait_ms: float = 0.0      # ... for shuffle blocks
    output_write_ms: float = 0.0    # ... writing their shuffle output (after their last record)
    cpu_after_input_ms: float = 0.0  # CPU after the last input range or block arrived (a sort, what follows)
    cpu_fixed_ms: float | None = None       # CPU per task = fixed + per byte read, when fitted
    cpu_ms_per_byte: float | None = None    # (``calibration.fit_cpu``); else CPU grows with bytes
    cpu_client_ms: float = 0.0      # the client CPU per S3 request taken out of the fitted line
    out_points: list = field(default_factory=list)   # (bytes read, bytes written) of each task
    out_fixed_bytes: float | None = None    # bytes written per task = fixed + per byte read,
    out_bytes_per_byte: float | None = None  # when fitted; else output grows with the input
    scan_split_bytes: int = 0       # SQL scans: bytes their splits covered (row groups), summed
    scan_file_bytes: int = 0        # ... bytes of the files the splits are in, summed over tasks
    scan_row_groups: int = 0        # ... row groups read, summed
    scan_gets: int = 0              # ... ranged GETs of the files (footers included), summed
    scan_footer_gets: int = 0       # ... of them, reading footers
    scan_splits: int = 0            # ... splits read (a task's several when packed), summed
    scan_layout: dict | None = None  # ... where a row group's needed chunks lie (a task's first)
    scan_max_split_bytes: int = 0   # the splits' rule: spark.sql.files.maxPartitionBytes,
    scan_open_bytes: int = 0        # the open cost (least split),
    scan_parallelism: int = 0       # and the parallelism the bytes are spread over
    exchange_partitions: int = 0    # SQL reduce stages: the partitions of the exchanges read
    tail_fixed_ms: float | None = None      # CPU per task after the last input: fixed + per byte, when fitted
    tail_ms_per_byte: float | None = None

    @property
    def scans(self) -> bool:
        """Whether the stage is a SQL scan (its tasks recorded their splits)."""
        return self.scan_split_bytes > 0

    @property
    def tail_share(self) -> float:
        """The share of its CPU a task spends after its last input arrived (0 when not measured)."""
        return min(max(self.cpu_after_input_ms / self.cpu_ms, 0.0), 1.0) if self.cpu_ms > 0 else 0.0

    @property
    def reads_shuffle(self) -> bool:
        return bool(self.parents) or self.shuffle_bytes_read > 0

    @property
    def other_gets(self) -> int:
        """GETs that are not shuffle blocks (stage code, input ranges, broadcasts)."""
        return max(self.gets - self.shuffle_gets, 0)


@dataclass
class Profile:
    """A measured run (see the module docstring)."""
    stages: list
    input_bytes: int
    memory_mb: int
    concurrency: int
    wall_s: float
    fetch_parallelism: int = 16
    read_size: int = 8 << 20        # bytes per input GET (spark.lambda.io.readSize)
    read_ahead: int = 2             # input GETs in flight beyond the one parsed (spark.lambda.io.readAhead)
    cold_starts_ms: list = field(default_factory=list)
    import_ms: float = 0.0
    invoke_overhead_ms: float | None = None
    tasks: int = 0
    master: str = ""
    sql: dict | None = None         # SQL runs: partitions, advisory, min_partition, parallelism, ...

    @property
    def cold_start_ms(self) -> float | None:
        """The median platform init (Init Duration) of the run's cold starts, if it had any."""
        return statistics.median(self.cold_starts_ms) if self.cold_starts_ms else None


def _stage_of(stages: dict, ev: dict) -> StageProfile:
    sid = ev["stage"]
    if sid not in stages:
        stages[sid] = StageProfile(sid, ev.get("kind") or "result", ev.get("name", ""), ev.get("tasks", 0),
                                   list(ev.get("parents") or []))
    return stages[sid]


def profile_of(events: list[dict]) -> Profile:
    """The profile of a run from its events (as ``read_event_log`` gives them)."""
    app = next((e for e in events if e["event"] == "app_start"), {})
    end = next((e for e in events if e["event"] == "app_end"), {})
    conf = app.get("conf") or {}
    stages: dict[int, StageProfile] = {}
    submitted: dict[int, float] = {}
    first_task: dict[str, tuple] = {}   # executor id -> (start, duration, stage, cpu) of its first task
    durations: dict[int, list] = {}
    cpus: dict[int, list] = {}
    starts: dict[int, list] = {}
    points: list = []   # (stage, start, bytes read, cpu ms, cpu ms after input, S3 requests) of every task
    memory = int(app.get("memory_mb") or 1024)
    colds, overheads = [], []
    for e in events:
        kind = e["event"]
        if kind == "stage_submitted":
            st = _stage_of(stages, e)
            submitted.setdefault(e["stage"], e["time"])
        elif kind == "stage_completed" and e["stage"] in stages:
            stages[e["stage"]].wall_s = max(e["time"] - submitted.get(e["stage"], e["time"]), 0.0)
        elif kind == "task_end" and e.get("status") == "success" and e["stage"] in stages:
            st, m = stages[e["stage"]], e.get("metrics") or {}
            req = m.get("requests") or {}
            shuffle_read = int(m.get("shuffle_bytes_read", 0) or 0)
            st.cpu_ms += float(m.get("cpu_ms", 0) or 0)
            st.duration_ms += float(m.get("duration_ms", 0) or 0)
            st.input_bytes += max(int(m.get("bytes_read", 0) or 0) - shuffle_read, 0)
            st.shuffle_bytes_read += shuffle_read
            st.bytes_written += int(m.get("bytes_written", 0) or 0)
            st.records_read += int(m.get("records_read", 0) or 0)
            st.records_written += int(m.get("records_written", 0) or 0)
            gets = int(req.get("GET", 0)) + int(req.get("HEAD", 0))
            puts = int(req.get("PUT", 0)) + int(req.get("POST", 0)) + int(req.get("LIST", 0))
            st.gets += gets
            st.puts += puts
            st.get_bytes += int(req.get("GET_bytes", 0))
            st.put_bytes += int(req.get("PUT_bytes", 0))
            st.shuffle_gets += int(m.get("shuffle_blocks_read", 0) or 0)
            st.sort_held_bytes += int(m.get("sort_held_bytes", 0) or 0)
            st.spill_bytes += int(m.get("spill_bytes", 0) or 0)
            st.input_wait_ms += float(m.get("input_wait_ms", 0) or 0)
            st.fetch_wait_ms += float(m.get("fetch_wait_ms", 0) or 0)
            st.output_write_ms += float(m.get("output_write_ms", 0) or 0)
            st.cpu_after_input_ms += float(m.get("cpu_after_input_ms", 0) or 0)
            st.sample_bytes = max(st.sample_bytes, int(m.get("input_sample_bytes", 0) or 0))
            st.sample_windows = max(st.sample_windows, int(m.get("input_sample_windows", 0) or 0))
            st.sample_min_split = max(st.sample_min_split, int(m.get("input_sample_min_split", 0) or 0))
            for name in ("scan_split_bytes", "scan_file_bytes", "scan_row_groups", "scan_gets", "scan_footer_gets",
                         "scan_splits"):
                setattr(st, name, getattr(st, name) + int(m.get(name, 0) or 0))
            if st.scan_layout is None and m.get("scan_layout"):
                st.scan_layout = m["scan_layout"]
            for name in ("scan_max_split_bytes", "scan_open_bytes", "scan_parallelism", "exchange_partitions"):
                setattr(st, name, max(getattr(st, name), int(m.get(name, 0) or 0)))
            st.out_points.append((int(m.get("bytes_read", 0) or 0), int(m.get("bytes_written", 0) or 0)))
            points.append((e["stage"], float(m.get("start") or e["time"]), int(m.get("bytes_read", 0) or 0),
                           float(m.get("cpu_ms", 0) or 0), float(m.get("cpu_after_input_ms", 0) or 0),
                           gets + puts))
            st.task_runs.append((float(m.get("duration_ms", 0) or 0), float(m.get("cpu_ms", 0) or 0),
                                 int(m.get("bytes_read", 0) or 0), int(m.get("bytes_written", 0) or 0),
                                 gets, puts))
            report = m.get("lambda") or {}
            durations.setdefault(e["stage"], []).append(float(m.get("duration_ms", 0) or 0))
            cpus.setdefault(e["stage"], []).append(float(m.get("cpu_ms", 0) or 0))
            starts.setdefault(e["stage"], []).append(float(m.get("start") or e["time"]))
            if report.get("memory_size_mb"):
                memory = int(report["memory_size_mb"])
            if report.get("init_duration_ms") is not None:
                colds.append(float(report["init_duration_ms"]))
            if m.get("invoke_ms") is not None and report.get("duration_ms") is not None:
                overheads.append(float(m["invoke_ms"]) - float(report["duration_ms"]))
            ex = (m.get("executor") or {}).get("id")
            start = float(m.get("start") or e["time"])
            if ex and (ex not in first_task or start < first_task[ex][0]):
                first_task[ex] = (start, float(m.get("duration_ms", 0) or 0), e["stage"],
                                 float(m.get("cpu_ms", 0) or 0))
    for inv in end.get("backend_invocations") or []:
        report = (inv or {}).get("lambda") or {}
        if report.get("init_duration_ms") is not None:
            colds.append(float(report["init_duration_ms"]))
    # a fresh instance's first task imports the engine: its extra time over the median of the
    # stage's other tasks; that time (and its CPU) is a cost per instance, not per byte
    extra = []
    firsts = {(sid, start) for start, _, sid, _ in first_task.values()}
    for start, duration, sid, cpu in first_task.values():
        others = [d for d, s0 in zip(durations.get(sid, []), starts.get(sid, [])) if (sid, s0) not in firsts]
        other_cpu = [c for c, s0 in zip(cpus.get(sid, []), starts.get(sid, [])) if (sid, s0) not in firsts]
        if others:
            extra.append(max(duration - statistics.median(others), 0.0))
            stages[sid].duration_ms -= extra[-1]
            stages[sid].cpu_ms -= min(max(cpu - statistics.median(other_cpu), 0.0), extra[-1])
    for sid, start, nbytes, cpu, tail, requests in points:
        if (sid, start) not in firsts or all((sid, s0) in firsts for s0 in starts[sid]):
            stages[sid].task_points.append((nbytes, cpu))
            stages[sid].tail_points.append((nbytes, tail))
            stages[sid].task_requests.append(requests)
    ordered = [stages[s] for s in sorted(stages)]
    for st in ordered:
        st.tasks = max(st.tasks, len(durations.get(st.stage, [])))
    times = [e["time"] for e in events if e.get("time") is not None]
    jobs = [e for e in events if e["event"] in ("job_start", "job_end")]
    return Profile(
        stages=ordered, input_bytes=sum(s.scan_split_bytes for s in ordered)
        or max((s.input_bytes for s in ordered), default=0),
        memory_mb=memory, concurrency=int(app.get("max_concurrency") or 0),
        wall_s=(max(j["time"] for j in jobs) - min(j["time"] for j in jobs)) if jobs else
        (max(times) - min(times) if times else 0.0),
        fetch_parallelism=int(conf.get("spark.reducer.maxReqsInFlight", 16)),
        read_size=keys.typed("spark.lambda.io.readSize", conf.get("spark.lambda.io.readSize")
                             or keys.REGISTRY["spark.lambda.io.readSize"].default),
        read_ahead=keys.typed("spark.lambda.io.readAhead", conf.get("spark.lambda.io.readAhead",
                                                                    keys.REGISTRY["spark.lambda.io.readAhead"].default)),
        cold_starts_ms=colds, import_ms=statistics.median(extra) if extra else 0.0,
        invoke_overhead_ms=statistics.median(overheads) if overheads else None,
        tasks=sum(len(v) for v in durations.values()), master=str(app.get("master", "")),
        sql=_sql_settings(conf, str(app.get("master", "")), int(app.get("max_concurrency") or 0))
        if any(e["event"] == "sql_execution_start" for e in events) else None)


def _sql_settings(conf: dict, master: str, concurrency: int) -> dict:
    """What adaptive execution coalesced reduce partitions by in a SQL run: the exchanges'
    partitions, the advisory and least partition sizes, the default parallelism (the
    context's rule: ``spark.default.parallelism``, else 2 on Lambda, else the concurrency)."""
    def typed(name):
        return keys.typed(name, conf.get(name) or keys.REGISTRY[name].default)
    parallelism = conf.get("spark.default.parallelism")
    return {"partitions": typed("spark.sql.shuffle.partitions"),
            "advisory": typed("spark.sql.adaptive.advisoryPartitionSizeInBytes"),
            "min_partition": typed("spark.sql.adaptive.coalescePartitions.minPartitionSize"),
            "coalesce": typed("spark.sql.adaptive.coalescePartitions.enabled"),
            "footer_threads": typed("spark.lambda.sql.footerThreads"),
            "driver_footers_max_files": typed("spark.lambda.sql.driverFooters.maxFiles"),
            "parallelism": int(parallelism) if parallelism else 2 if master.startswith("lambda") else
            max(concurrency, 1)}


def read_profile(url: str, store_options: dict | None = None) -> Profile:
    """The profile of the run whose event log is at ``url`` (a path, file:// or s3:// URL)."""
    return profile_of(read_event_log(url, store_options))
