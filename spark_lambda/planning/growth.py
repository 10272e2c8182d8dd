"""How a stage's tasks, bytes and requests grow from the measured run to the target size.

``model.py`` asks, stage by stage in order:

* ``stage_tasks``: a SQL scan stage (its tasks recorded their splits,
  ``StageProfile.scans``) is cut into splits as the engine cuts them, Spark's
  maxSplitBytes over the bytes the splits cover at the target (``B x factor``):
  ``split = max(a row group, min(maxPartitionBytes, max(open cost, B x factor /
  parallelism)))``, and each file in ``ceil(file / split)`` splits (a split never spans
  files): the files are the measured ones grown by the factor (as many files, each
  larger, as tpchgen-cli's ``--parts N`` writes at any scale), or ``--files`` times as
  many, each of its bytes over that many; a file grows in row groups of the measured
  size, or of ``--row-group-bytes`` (compressed); ``--max-split-bytes`` stands for
  the target's ``spark.sql.files.maxPartitionBytes`` (``Layout``). A scan of more files than
  ``spark.lambda.sql.driverFooters.maxFiles`` at the target (``byte_ranges``: the engine's own
  rule, ``keys.driver_reads_footers``) is cut as the engine then cuts it, as Spark does: the split
  counts each file's open cost in the bytes spread over the parallelism and is not held to a row
  group, each file is cut in ranges of the split size from its start, and the ranges are packed
  into tasks (``packed_tasks``: a whole range alone, the files' last ranges as many to a task as
  fit with their open costs). A reduce stage of a SQL run reads its exchange's partitions
  (as measured, ``exchange_partitions``; ``--partitions`` stands for
  ``spark.sql.shuffle.partitions``; a one-partition exchange stays one), coalesced as
  adaptive execution does from the shuffle bytes at the target (``Profile.sql``:
  target size ``max(least, min(advisory, bytes / parallelism))``), so a final
  aggregate of a few groups stays one task. Any other stage: ``--partitions``, else
  the measured count times the factor.
* ``scan_gets``: a SQL scan task's Parquet GETs: its file's footer GETs as measured
  per split (a task reads its file's footer whether or not the driver read it too: exactly the
  footer when the driver read it, else the file's last 64 KiB, one GET for a footer under
  that), and the measured GETs per row group (its needed column chunks, near ones fetched as
  one by ``storage/ranges.py``'s rule) for the row groups of its split at the target (at least
  one; with byte ranges the average, as a range may hold none). Larger row groups than
  measured may part chunks that were fetched together (the rule never reads more than 1 MiB
  between two): the engine's rule, the same function, counts the GETs of the measured row
  group's chunk layout (``scan_layout``) grown to the target's row groups, as many in a row as
  a split reads, against the same at the measured size, and the measured GETs grow by that
  ratio (``merged_share``).
* ``blocks_per_map``: the shuffle blocks (ranged GETs) each map output gives a stage.
  RDD reducers read one block of each map; a SQL reduce stage reads as many blocks of
  each map as measured (its non-empty reduce partitions, at most the exchange's
  partitions) whatever the coalescing, since a coalesced task fetches each reduce
  partition of its group apart. With other partitions at the target (``--partitions``)
  a map that filled at least half the measured partitions fills as large a share of
  the target's; one that filled fewer had few groups, and has as few at the target.
* ``output_bytes``: bytes a task writes, the fitted fixed part and part per byte read
  (``calibration.fit_output`` over the tasks of several logs) or else in proportion to
  its bytes read. A partial aggregate of a few groups writes the same bytes per task at
  any size: its reduce stage's shuffle then grows with the number of map tasks, not the
  input; a join's shuffle grows with its inputs.
* ``shuffle_bytes``: the bytes a stage reads from shuffles, its measured bytes times its
  parents' output at the target over their measured output.
* ``footer_seconds``: the driver reads every scanned file's footer before the first stage,
  ``spark.lambda.sql.footerThreads`` files at a time, a GET's latency each round, and no
  faster than its one Python process spends the client's CPU on the GETs (the measured run
  did it before its first job, outside its measured time); of a scan cut in byte ranges it
  reads one footer, for the schema.
* ``cpu_threads``: a SQL task's DuckDB runs on the function's whole vCPUs (one per 1,769 MB,
  ``sql/execution/resources.py``): its CPU time is spread over them (an RDD task's Python, one
  core, is not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import keys
from ..storage.ranges import merge_ranges
from .aws import Constants
from .profile import Profile, StageProfile

FILLED = 0.5    # a map output's share of the partitions above which more partitions get more blocks


@dataclass(frozen=True)
class Layout:
    """The target's input files against the measured ones (``None``: as measured): ``files``
    times as many files, row groups of ``row_group`` compressed bytes, splits of at most
    ``max_split`` bytes (``spark.sql.files.maxPartitionBytes``)."""
    files: float | None = None
    row_group: float | None = None
    max_split: float | None = None


def row_group_bytes(st: StageProfile, layout: Layout = Layout()) -> float:
    """A row group's bytes at the target: ``layout.row_group``, else as measured."""
    return layout.row_group or (st.scan_split_bytes / st.scan_row_groups if st.scan_row_groups else 0.0)


def split_size(st: StageProfile, total: float, layout: Layout = Layout(),
               files: int = 0) -> float:
    """The bytes a scan split aims at when the scan covers ``total`` bytes (module docstring):
    with ``files`` (a scan cut in byte ranges) their open costs counted and no row group's
    floor."""
    most = layout.max_split or st.scan_max_split_bytes or math.inf
    spread = (total + files * st.scan_open_bytes) / max(st.scan_parallelism, 1)
    size = min(most, max(st.scan_open_bytes, spread))
    return max(size, 1.0 if files else row_group_bytes(st, layout), 1.0)


def scan_files(st: StageProfile, layout: Layout = Layout()) -> int:
    """The files a SQL scan stage reads at the target: ``layout.files`` times as many as measured."""
    measured = (st.scan_file_bytes or st.scan_split_bytes) / max(st.tasks, 1)
    return max(1, round(st.scan_split_bytes / measured * (layout.files or 1)))


def byte_ranges(profile: Profile, st: StageProfile, layout: Layout = Layout()) -> bool:
    """Whether the engine cuts the SQL scan ``st`` in byte ranges at the target: more files
    than the run's ``spark.lambda.sql.driverFooters.maxFiles`` (``keys.driver_reads_footers``)."""
    name = "spark.lambda.sql.driverFooters.maxFiles"
    most = (profile.sql or {}).get("driver_footers_max_files", keys.REGISTRY[name].default)
    return profile.sql is not None and not keys.driver_reads_footers(scan_files(st, layout), most)


def scan_tasks(st: StageProfile, factor: float, layout: Layout = Layout(),
               ranges: bool = False) -> int:
    """A SQL scan stage's tasks at ``factor`` times its measured bytes, in ``layout.files``
    times as many files as measured (default: as many, each grown by ``factor``); with
    ``ranges``, cut in byte ranges and packed (``packed_tasks``)."""
    total = st.scan_split_bytes * factor
    count = scan_files(st, layout)
    if ranges:
        return packed_tasks(count, total / count, split_size(st, total, layout, count),
                            st.scan_open_bytes)
    return scan_splits(st, factor, layout)


def scan_splits(st: StageProfile, factor: float, layout: Layout = Layout(),
                ranges: bool = False) -> int:
    """A SQL scan's splits at the target (a split never spans files): its tasks, unless it
    is cut in byte ranges (``ranges``) that are packed several to a task."""
    total = st.scan_split_bytes * factor
    count = scan_files(st, layout)
    size = split_size(st, total, layout, count if ranges else 0)
    return count * max(1, math.ceil(total / count / size))


def packed_tasks(files: int, file_bytes: float, split: float, open_cost: float) -> int:
    """The tasks of ``files`` files of ``file_bytes`` each, cut in ranges of ``split`` bytes
    from their starts and packed as ``sql/io/file_partitions.pack`` packs them (the largest
    first, a task closed before the range that would take its bytes, each range's plus the open
    cost, past ``split``): each whole range alone, the files' shorter last ranges as many to a
    task as fit."""
    whole = math.floor(file_bytes / split)
    rest = file_bytes - whole * split
    tasks = files * whole
    if rest > 0:
        tasks += math.ceil(files / (1 + math.floor((split - rest) / (rest + open_cost))))
    return max(tasks, 1)


def footer_seconds(profile: Profile, c: Constants, layout: Layout = Layout(), q="mean") -> float:
    """The driver's reading of the scans' footers before the first stage, at the target: each
    scan's files at ``footer_threads`` at a time (one file for a scan cut in byte ranges:
    ``byte_ranges``), each as many GETs as a scan task made for its file's footer (0 for a run
    without SQL scans)."""
    if profile.sql is None:
        return 0.0
    threads = max(int(profile.sql.get("footer_threads", 1)), 1)
    total = 0.0
    for st in profile.stages:
        if st.scans:
            gets = max(footer_gets(st), 1.0)
            files = 1 if byte_ranges(profile, st, layout) else scan_files(st, layout)
            rounds = math.ceil(files / threads) * gets * c.latency_ms("GET", q)
            total += max(rounds, files * gets * c.client_ms_per_request) / 1000
    return total


def reduce_tasks(sql: dict, st: StageProfile, shuffle_bytes: float, partitions: int | None) -> int:
    """A SQL reduce stage's tasks reading ``shuffle_bytes`` (module docstring)."""
    n = exchange_partitions(sql, st, partitions)
    if n <= 1 or not sql.get("coalesce", True):
        return n
    target = max(sql["min_partition"], min(sql["advisory"], shuffle_bytes / max(sql["parallelism"], 1)), 1)
    return max(1, min(n, math.ceil(shuffle_bytes / target)))


def exchange_partitions(sql: dict, st: StageProfile, partitions: int | None) -> int:
    """The partitions of the exchanges a SQL reduce stage reads at the target."""
    if st.exchange_partitions == 1:
        return 1
    return partitions or st.exchange_partitions or sql["partitions"]


def stage_tasks(profile: Profile, st: StageProfile, factor: float, partitions: int | None,
                shuffle_bytes: float, layout: Layout = Layout()) -> int:
    """The stage's tasks at the target (module docstring)."""
    if st.scans:
        return scan_tasks(st, factor, layout, byte_ranges(profile, st, layout))
    if profile.sql is not None and st.reads_shuffle:
        return reduce_tasks(profile.sql, st, shuffle_bytes, partitions)
    return partitions or max(1, round(st.tasks * factor))


def scan_gets(st: StageProfile, factor: float, tasks: int, layout: Layout = Layout(),
              ranges: bool = False) -> float:
    """A SQL scan task's GETs of its Parquet files at the target (footers and column chunks;
    with ``ranges``, byte-range splits, a footer for each of its ranges and the row groups per
    task on average)."""
    per_group = max(st.scan_gets - st.scan_footer_gets, 0) / max(st.scan_row_groups, 1)
    groups = st.scan_split_bytes * factor / max(row_group_bytes(st, layout), 1.0)
    splits = scan_splits(st, factor, layout, ranges)
    per_group *= merged_share(st, layout, groups / splits)
    if ranges:
        return footer_gets(st) * splits / tasks + per_group * groups / tasks
    return footer_gets(st) + per_group * max(groups / tasks, 1.0)


def footer_gets(st: StageProfile) -> float:
    """The GETs a scan task made for a split's footer, as measured (per split: a task of
    several packed splits read a footer for each; per task in logs without the count)."""
    return st.scan_footer_gets / max(st.scan_splits or st.tasks, 1)


def merged_share(st: StageProfile, layout: Layout, in_a_row: float) -> float:
    """How many times the measured chunk GETs per row group a split makes at the target,
    reading ``in_a_row`` row groups (at least one) of the target's size: the engine's rule
    (``chunk_gets``) at the target over the same at the measured size (1 without a
    ``scan_layout``)."""
    if not (st.scan_layout and st.scan_layout.get("bytes")):
        return 1.0
    grown = row_group_bytes(st, layout) / max(row_group_bytes(st), 1.0)
    measured = max(st.scan_row_groups / max(st.scan_splits or st.tasks, 1), 1.0)
    in_a_row = max(in_a_row, 1.0)
    return chunk_gets(st.scan_layout, grown, in_a_row) / in_a_row / \
        (chunk_gets(st.scan_layout, 1.0, measured) / measured)


def chunk_gets(chunks: dict, scale: float, groups: float, most: int = 64) -> float:
    """The GETs the engine's rule (``storage/ranges.merge_ranges``) makes for ``groups`` row
    groups in a row, each laid out as ``chunks`` (``scan_layout``: its bytes, and the needed
    ranges in it) and ``scale`` times as large; counted over at most ``most`` of them."""
    span, k = chunks["bytes"] * scale, max(1, min(math.ceil(groups), most))
    ranges = [(g * span + s * scale, g * span + e * scale)
              for g in range(k) for s, e in chunks["ranges"]]
    return len(merge_ranges(ranges)) * groups / k


def blocks_per_map(profile: Profile, st: StageProfile, measured_maps: int, tasks: int,
                   partitions: int | None) -> float:
    """Shuffle blocks each map output gives the stage at the target (module docstring)."""
    if profile.sql is None:
        return tasks
    measured_n = st.exchange_partitions or profile.sql["partitions"]
    n = exchange_partitions(profile.sql, st, partitions)
    blocks = st.shuffle_gets / max(measured_maps, 1)
    if blocks >= FILLED * measured_n:   # maps filled the partitions: they fill the target's
        blocks *= n / max(measured_n, 1)
    return min(n, blocks)


def output_bytes(st: StageProfile, bytes_in: float, factor: float, tasks: int) -> float:
    """Bytes a task of the stage writes at the target, reading ``bytes_in``."""
    if st.out_bytes_per_byte is not None:
        return st.out_fixed_bytes + st.out_bytes_per_byte * bytes_in
    read = st.input_bytes + st.shuffle_bytes_read
    if read > 0:
        return st.bytes_written / read * bytes_in
    return st.bytes_written * factor / tasks


def shuffle_bytes(profile: Profile, st: StageProfile, factor: float, written: dict) -> float:
    """Bytes the stage reads from shuffles at the target, given its parents' output there
    (``written``: stage → bytes)."""
    measured = {s.stage: s.bytes_written for s in profile.stages}
    before = sum(measured.get(p, 0) for p in st.parents)
    if before > 0 and all(p in written for p in st.parents):
        return st.shuffle_bytes_read * sum(written[p] for p in st.parents) / before
    return st.shuffle_bytes_read * factor


def cpu_threads(profile: Profile, c: Constants, memory_mb: int) -> int:
    """The threads a task's CPU time is spread over at ``memory_mb`` (module docstring)."""
    if profile.sql is None or c.mb_per_vcpu <= 0:
        return 1
    return max(1, int(c.vcpus(memory_mb)))
