"""A measured run grown to a target size, on Lambda and S3: time, spread, cost, requests.

``predict(profile, constants, options)`` takes a ``profile.Profile`` and gives a
``Prediction``. For every measured stage, in order:

* size: every byte, record and CPU millisecond grows by ``factor`` (the target
  input over the measured one, or ``--scale``); the task count is
  ``options.partitions`` when given, else the measured count times ``factor``;
  SQL stages grow as the engine would run them at the target (``growth.py``): a
  scan's tasks by its split rule and files, its GETs by row groups (footer and
  column chunks), a reduce stage's tasks by adaptive coalescing of its exchange's
  partitions and its GETs by the blocks each map gives it; every stage's output
  and so the shuffle its reducers read grows as its fitted fixed and per-byte
  parts say (``calibration.fit_output``: a partial aggregate of a few groups
  writes as much per task at any size), and a SQL task's CPU is spread over the
  function's vCPUs (DuckDB's threads); the driver's reading of the scanned files'
  footers comes first (``driver_seconds``);
  a task's CPU is its stage's fixed part plus its part per byte read when those
  were fitted over tasks of different sizes (``calibration.py``); a sampling
  scan (sortByKey's, ``sample_bytes`` in its tasks' metrics) reads that many
  bytes of each split in ``sample_windows`` GETs once splits reach
  ``sample_min_split``, not the whole split;
* per task: CPU time / min(1, vCPUs of the memory size) (a Python task uses
  one core; on the emulator, x instances per host core when they outnumber
  them); network time of its bytes in and out through the function's token
  bucket (``aws.Constants.network_seconds``); S3 latency rounds: its GETs in
  rounds of the reducer's fetch parallelism at the GET latency, its PUTs one
  after another at the PUT latency; how these compose into a task's time is
  ``task_time.py``'s (reads pass behind CPU); then the Invoke round trip;
* input GETs: a task's measured input GETs beyond its bytes over the read
  size (``spark.lambda.io.readSize`` of the run: finding the first line,
  reading past the end) plus its target bytes over the read size;
* shuffle requests by kind, the engine's own model (``shuffle.exchange``):
  ``direct`` M PUTs and M x R GETs; ``combining`` and ``two-level`` one more
  stage of combiners (``Exchange.combiners`` tasks, each one ranged GET per
  map output of its group and one PUT, the shuffled bytes in and out once
  more), reducers GET one block per map group (``Exchange.map_groups``);
  ``auto`` as the engine chooses (from M and R before the map stage runs; a
  SQL exchange also from its blocks' number and mean size once it has run:
  ``shuffle.exchange.combine_small_blocks``); ``combine_maps`` is ``spark.shuffle.s3.combine.maps``
  (``combine_maps_for`` sizes it from the measured bytes per block). The
  combiners' CPU is their requests' only (they verify and join bytes, no records);
* client CPU: a task's CPU beyond its bytes' includes ``client_ms_per_request``
  per S3 request: taken out of the measured CPU (and of the fitted line) per
  measured request, added per request at the target, so a task reading 2,000
  blocks pays 2,000 requests' CPU and one reading 45 combined spans 45;
* schedule: tasks start in order, no faster than the driver dispatches, on at
  most ``concurrency`` environments (default the account's); environments warm
  from earlier stages are reused, new ones arrive at the scaling rate (1,000
  per 10 s) and pay a cold start (platform + the package's measured import);
* emulator host: when ``host_cpus`` and ``host_ms_per_request`` are set (an
  emulator run, where S3, the Lambda service and the driver share the
  instances' cores), a stage takes at least its CPU on that host: the tasks'
  CPU plus ``host_ms_per_request`` per S3 request and invocation, over
  ``host_cpus`` cores (the direct shuffle's M x R GETs make this floor grow
  faster than the data); and with ``s3_server_ms_per_request``, at least its
  S3 requests one after another in the S3 server (moto: one Python process);
* S3 limits: the stage's GET and PUT rates against the shuffle prefixes' limit
  (prefixes x 5,500 GET/s, x 3,500 PUT/s); a stage that would exceed them is
  stretched to the rate S3 sustains (503 SlowDown and back-off);
* spread: ``seconds_p90`` is the same schedule with every S3 request at its
  p90 latency;
* cost: Lambda GB-s per task's billed ms (rounded up to the ms) and per cold
  start's init, $ per invocation, S3 GETs and PUTs at their prices.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field, replace

from ..shuffle.exchange import KINDS, choose_exchange, combine_small_blocks, combining_maps
from . import growth
from .aws import Constants
from .profile import Profile, StageProfile
from .task_time import fixed_ms, handler_ms, s3_ms


@dataclass(frozen=True)
class Options:
    """What to predict: the target size, the function's settings, the shuffle kind."""
    factor: float = 1.0
    memory_mb: int | None = None        # default: the run's
    arch: str = "x86_64"
    concurrency: int | None = None      # default: the account's concurrency
    partitions: int | None = None       # tasks per stage; default: measured x factor
    shuffle: str = "auto"
    combine_maps: int = 0               # spark.shuffle.s3.combine.maps (0: the kind's own)
    layout: growth.Layout = growth.Layout()   # SQL scans: the target's files (growth.py)


@dataclass
class StagePlan:
    """One modelled stage at the target size."""
    stage: int
    name: str
    tasks: int
    task_seconds: float                 # one warm task, median latencies
    cpu_seconds: float                  # per task
    network_seconds: float              # per task
    s3_seconds: float                   # per task
    gets: int
    puts: int
    seconds: float = 0.0
    seconds_p90: float = 0.0
    cold_starts: int = 0
    gets_per_s: float = 0.0
    puts_per_s: float = 0.0
    throttled: bool = False
    added: str = ""                     # an exchange stage the shuffle kind adds


@dataclass
class Prediction:
    """The model's answer (see the module docstring); ``to_dict`` is ``plan --json``."""
    options: Options
    memory_mb: int
    stages: list = field(default_factory=list)
    seconds: float = 0.0
    seconds_p90: float = 0.0
    gb_seconds: float = 0.0
    invocations: int = 0
    cold_starts: int = 0
    get_requests: int = 0
    put_requests: int = 0
    lambda_usd: float = 0.0
    s3_usd: float = 0.0
    get_limit_per_s: float = 0.0
    put_limit_per_s: float = 0.0
    concurrency: int = 0
    driver_seconds: float = 0.0         # the driver's footer reads before the first stage

    @property
    def cost_usd(self) -> float:
        return self.lambda_usd + self.s3_usd

    @property
    def shuffle_kind(self) -> str:
        """The kind of the shuffle the prediction runs (what ``auto`` chose, if it was asked)."""
        return next((s.added for s in self.stages if s.added), "direct")

    def to_dict(self) -> dict:
        """The prediction as one JSON-ready object."""
        return {
            "seconds": round(self.seconds, 3), "seconds_p90": round(self.seconds_p90, 3),
            "driver_seconds": round(self.driver_seconds, 3),
            "cost_usd": round(self.cost_usd, 6), "lambda_usd": round(self.lambda_usd, 6),
            "s3_usd": round(self.s3_usd, 6), "get_requests": self.get_requests,
            "put_requests": self.put_requests, "invocations": self.invocations,
            "cold_starts": self.cold_starts, "gb_seconds": round(self.gb_seconds, 3),
            "memory_mb": self.memory_mb, "arch": self.options.arch, "concurrency": self.concurrency,
            "scale": self.options.factor, "shuffle": self.options.shuffle,
            "shuffle_kind": self.shuffle_kind,
            "peak_gets_per_s": round(max((s.gets_per_s for s in self.stages), default=0), 1),
            "peak_puts_per_s": round(max((s.puts_per_s for s in self.stages), default=0), 1),
            "get_limit_per_s": self.get_limit_per_s, "put_limit_per_s": self.put_limit_per_s,
            "stages": [{"stage": s.stage, "name": s.name, "tasks": s.tasks, "seconds": round(s.seconds, 3),
                        "seconds_p90": round(s.seconds_p90, 3), "task_seconds": round(s.task_seconds, 4),
                        "cpu_seconds": round(s.cpu_seconds, 4), "network_seconds": round(s.network_seconds, 4),
                        "s3_seconds": round(s.s3_seconds, 4), "gets": s.gets, "puts": s.puts,
                        "gets_per_s": round(s.gets_per_s, 1), "puts_per_s": round(s.puts_per_s, 1),
                        "cold_starts": s.cold_starts, "throttled": s.throttled, "added": s.added}
                       for s in self.stages]}


@dataclass
class _Work:
    """Per-task work of one stage at the target size (before timing)."""
    stage: int
    name: str
    tasks: int
    cpu_ms: float
    bytes_in: float
    bytes_out: float
    gets: float                # per task
    puts: float                # per task
    fixed_ms: float = 0.0
    added: str = ""
    overlap: bool = True       # reads pass behind the CPU (read ahead)
    data_gets: float = 0.0     # per task, the GETs that carry its bytes in (input ranges, shuffle blocks)
    tail_ms: float = 0.0       # of its CPU, what comes after its last input (cannot pass behind reads)


def _cpu_ms(c: Constants, cpu_ms: float, memory_mb: int, running: int) -> float:
    share = 1.0 if c.mb_per_vcpu <= 0 else min(1.0, c.vcpus(memory_mb))
    host = max(1.0, running / c.host_cpus) if c.host_cpus > 0 else 1.0
    return cpu_ms / share * host


def _host_floor_s(c: Constants, w: "_Work") -> float:
    """The least time the emulator's host needs for a stage's CPU (0 on AWS)."""
    host = (w.tasks * (w.cpu_ms + (w.gets + w.puts + 1) * c.host_ms_per_request) / c.host_cpus / 1000
            if c.host_cpus > 0 and c.host_ms_per_request > 0 else 0.0)
    return max(host, w.tasks * (w.gets + w.puts) * c.s3_server_ms_per_request / 1000)


def _input_gets(st: StageProfile, n: int, fixed: float, factor: float, tasks: int, read_size: int) -> float:
    """A task's input GETs at the target size (module docstring)."""
    measured = max(st.other_gets - fixed * n, 0) / n
    if measured <= 0:
        return 0.0
    overhead = max(measured - math.ceil(st.input_bytes / n / read_size), 0)
    return overhead + math.ceil(st.input_bytes * factor / tasks / read_size)


def _task_cpu_ms(st: StageProfile, bytes_in: float, f: float, tasks: int, client_ms: float) -> tuple:
    """(a task's CPU at the target beyond its S3 requests, the client CPU per request): fitted
    fixed and per-byte parts (``calibration.py``), else the stage's CPU less ``client_ms`` a
    request grown with the bytes a task reads (a sampling scan's with the bytes it reads)."""
    if st.cpu_ms_per_byte is not None:
        return st.cpu_fixed_ms + st.cpu_ms_per_byte * bytes_in, st.cpu_client_ms
    cpu = max(st.cpu_ms - client_ms * (st.gets + st.puts), 0.0)
    read = st.input_bytes + st.shuffle_bytes_read
    if read:
        return cpu / read * bytes_in, client_ms
    return cpu * f / tasks, client_ms


def _task_tail_ms(st: StageProfile, bytes_in: float, f: float, tasks: int, client_ms: float) -> float:
    """A task's CPU after its last input at the target: fitted fixed and per-byte parts, else the
    measured share of its CPU (``_task_cpu_ms``)."""
    if st.tail_ms_per_byte is not None:
        return st.tail_fixed_ms + st.tail_ms_per_byte * bytes_in
    return _task_cpu_ms(st, bytes_in, f, tasks, client_ms)[0] * st.tail_share


def _work(profile: Profile, c: Constants, o: Options) -> list[_Work]:
    """The stages' per-task work at the target size, with the shuffle kind's extra stages."""
    f, out, tasks_of, written = o.factor, [], {}, {}
    measured_tasks = {st.stage: st.tasks for st in profile.stages}
    for st in profile.stages:
        n = max(st.tasks, 1)
        shuffle_bytes = growth.shuffle_bytes(profile, st, f, written)
        tasks = growth.stage_tasks(profile, st, f, o.partitions, shuffle_bytes, o.layout)
        tasks_of[st.stage] = tasks
        if st.scan_row_groups:   # a SQL scan of Parquet: its files' footers and column chunks
            fixed_gets = max(st.other_gets - st.scan_gets, 0) / n
            input_gets = growth.scan_gets(st, f, tasks, o.layout, growth.byte_ranges(profile, st, o.layout))
        else:
            fixed_gets = min(1.0, st.other_gets / n)
            input_gets = _input_gets(st, n, fixed_gets, f, tasks, profile.read_size)
        maps = sum(tasks_of.get(p, 0) for p in st.parents)
        bytes_in = (st.input_bytes * f + shuffle_bytes) / tasks
        if st.sample_bytes:   # a sampling scan of the input the next stage reads whole
            bytes_in = profile.input_bytes * f / tasks
            if bytes_in >= st.sample_min_split:
                bytes_in, input_gets = st.sample_bytes, st.sample_windows
            else:
                input_gets = math.ceil(bytes_in / profile.read_size)
        cpu, per_request = _task_cpu_ms(st, bytes_in, f, tasks, c.client_ms_per_request)
        overlap = not (st.input_bytes and profile.read_ahead <= 0)
        w = _Work(st.stage, st.name, tasks, cpu, bytes_in,
                  growth.output_bytes(st, bytes_in, f, tasks), fixed_gets + input_gets, max(st.puts / n, 0),
                  fixed_ms(c, st, profile.fetch_parallelism, overlap), overlap=overlap, data_gets=input_gets,
                  tail_ms=_task_tail_ms(st, bytes_in, f, tasks, c.client_ms_per_request))
        written[st.stage] = w.bytes_out * tasks
        if maps and st.shuffle_gets:
            if o.shuffle not in KINDS:
                raise ValueError(f"unknown shuffle kind {o.shuffle!r}; one of {', '.join(KINDS)}")
            ex = choose_exchange(o.shuffle, maps, tasks, maps_per_combiner=o.combine_maps)
            per_map = growth.blocks_per_map(profile, st, sum(measured_tasks.get(p, 0) for p in st.parents),
                                            tasks, o.partitions)
            if ex.kind == "direct" and profile.sql is not None and \
                    combine_small_blocks(o.shuffle, maps, maps * per_map, shuffle_bytes):
                ex = choose_exchange("two-level", maps, tasks, maps_per_combiner=o.combine_maps)
            per_task = per_map / tasks
            if ex.kind == "direct":
                w.gets += maps * per_task
                w.data_gets += maps * per_task
            else:
                k = ex.combiners
                out.append(_Work(st.stage, f"combine {ex.maps_per_combiner} maps x {ex.reducers_per_combiner} "
                                 f"reducers", k, (ex.maps_per_combiner + 1) * c.client_ms_per_request,
                                 shuffle_bytes / k, shuffle_bytes / k, ex.maps_per_combiner, 1, w.fixed_ms, ex.kind,
                                 data_gets=ex.maps_per_combiner))
                w.gets += ex.map_groups * per_task
                w.data_gets += ex.map_groups * per_task
        w.cpu_ms += (w.gets + w.puts) * per_request
        out.append(w)
    return out


def combine_maps_for(profile: Profile, o: Options, memory_mb: int) -> int:
    """``spark.shuffle.s3.combine.maps`` for a combining shuffle whose combiners hold half the
    function's memory, from the largest shuffle's bytes per block at the target size (0: none)."""
    f, best, tasks_of = o.factor, 0, {}
    for st in profile.stages:
        tasks = o.partitions or max(1, round(st.tasks * f))
        tasks_of[st.stage] = tasks
        maps = sum(tasks_of.get(p, 0) for p in st.parents)
        if maps and st.shuffle_gets:
            block = st.shuffle_bytes_read * f / (maps * tasks)
            p = combining_maps(tasks, block, memory_mb * (1 << 20) / 2)
            best = min(best, p) if best else p
    return best


def _schedule(durations_ms: float, cold_ms: float, tasks: int, slots: int, warm: int,
              c: Constants) -> tuple[float, int]:
    """(makespan s, cold starts) of ``tasks`` equal tasks on ``slots`` environments, ``warm`` of them
    warm, new ones arriving at the scaling rate, tasks dispatched at the driver's rate."""
    heap = []
    for j in range(min(slots, tasks)):
        if j < warm:
            heap.append((0.0, False))
        else:
            step = (j - warm) // max(c.scale_step_environments, 1)
            heap.append((step * c.scale_step_seconds, True))
    heapq.heapify(heap)
    end, colds = 0.0, 0
    rate = c.driver_tasks_per_s if c.driver_tasks_per_s > 0 else float("inf")
    for i in range(tasks):
        free, cold = heapq.heappop(heap)
        start = max(free, i / rate)
        finish = start + (durations_ms + (cold_ms if cold else 0.0)) / 1000
        colds += cold
        end = max(end, finish)
        heapq.heappush(heap, (finish, False))
    return end, colds


def predict(profile: Profile, c: Constants, o: Options) -> Prediction:
    """The prediction for ``profile`` grown by ``o.factor`` under ``c`` (module docstring)."""
    memory = o.memory_mb or profile.memory_mb
    slots = o.concurrency or c.account_concurrency   # above the account's quota: a quota raise
    pred = Prediction(o, memory, concurrency=slots,
                      get_limit_per_s=c.shuffle_prefixes * c.s3_get_per_s_per_prefix,
                      put_limit_per_s=c.shuffle_prefixes * c.s3_put_per_s_per_prefix)
    cold_ms = c.cold_start_platform_ms + profile.import_ms
    gap = max(profile.wall_s - sum(s.wall_s for s in profile.stages), 0.0) / max(len(profile.stages), 1)
    warm, gb_s = 0, 0.0
    for w in _work(profile, c, o):
        running = min(slots, w.tasks)
        cpu = _cpu_ms(c, w.cpu_ms, memory, running) / growth.cpu_threads(profile, c, memory)
        net = c.network_seconds(w.bytes_in + w.bytes_out) * 1000
        timings = {}
        for q in ("mean", 0.9):
            s3 = s3_ms(c, w.gets, w.puts, profile.fetch_parallelism, q)
            handler = handler_ms(c, cpu, w.bytes_in, w.bytes_out, w.gets, w.puts, profile.fetch_parallelism, q,
                                  w.fixed_ms, w.overlap, w.data_gets, _cpu_ms(c, w.tail_ms, memory, running))
            span, colds = _schedule(handler + c.invoke_overhead_ms, cold_ms, w.tasks, slots, warm, c)
            timings[q] = (max(span, _host_floor_s(c, w)), colds, handler, s3)
        span, colds, handler, s3 = timings["mean"]
        gets, puts = round(w.gets * w.tasks), round(w.puts * w.tasks)
        sp = StagePlan(w.stage, w.name, w.tasks, handler / 1000, cpu / 1000, net / 1000, s3 / 1000, gets, puts,
                       cold_starts=colds, added=w.added)
        floor = max(gets / pred.get_limit_per_s, puts / pred.put_limit_per_s)
        sp.throttled = floor > span
        sp.seconds, sp.seconds_p90 = max(span, floor) + gap, max(timings[0.9][0], floor) + gap
        sp.gets_per_s, sp.puts_per_s = gets / max(sp.seconds, 1e-9), puts / max(sp.seconds, 1e-9)
        warm = max(warm, min(slots, w.tasks))
        gb_s += w.tasks * math.ceil(handler) / 1000 * memory / 1024 + colds * math.ceil(cold_ms) / 1000 * memory / 1024
        pred.stages.append(sp)
        pred.invocations += w.tasks
        pred.cold_starts += colds
        pred.get_requests += gets
        pred.put_requests += puts
    pred.driver_seconds = growth.footer_seconds(profile, c, o.layout)
    pred.seconds = pred.driver_seconds + sum(s.seconds for s in pred.stages)
    pred.seconds_p90 = growth.footer_seconds(profile, c, o.layout, 0.9) + sum(s.seconds_p90 for s in pred.stages)
    pred.gb_seconds = gb_s
    pred.lambda_usd = gb_s * c.gb_second(o.arch) + pred.invocations * c.requests_per_million / 1e6
    pred.s3_usd = pred.get_requests * c.s3_get_per_thousand / 1000 + pred.put_requests * c.s3_put_per_thousand / 1000
    return pred


def factor_for(profile: Profile, input_bytes: float | None = None, scale: float | None = None) -> float:
    """The growth factor: ``scale`` as given, or ``input_bytes`` over the measured input."""
    if scale is not None:
        return float(scale)
    if input_bytes is not None:
        if profile.input_bytes <= 0:
            raise ValueError("the event log's run read no input from files; give --scale instead of --input-bytes")
        return float(input_bytes) / profile.input_bytes
    return 1.0


def with_(options: Options, **changes) -> Options:
    """``options`` with some fields changed."""
    return replace(options, **changes)
