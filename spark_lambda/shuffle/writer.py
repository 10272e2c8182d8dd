"""The map side of a shuffle: called on executors by map tasks.

Records are routed to ``R`` buckets by the dependency's partitioner. A bucket
is turned into compressed frames every few thousand records, so memory holds
frames, not objects; when the frames outgrow the task's memory budget they
are appended to a local spill file per bucket. At the end every bucket's
frames are sealed into one block and the blocks are written back to back as
one object (one PUT per map task attempt; a spilled output is uploaded in parts
while the rest of it is read back from the spill files and sealed). The map
status is the key and the ``R + 1`` offsets of the blocks; an empty bucket is
an empty range.
"""

from __future__ import annotations

import os
import tempfile
import time
from bisect import bisect_left
from itertools import islice
from zlib import crc32

from ..serializers import FRAME_RECORDS, TAG_SIZE, encode_frame, tag
from . import map_output_key
from .partitioner import RangePartitioner, portable_hash, route_by_range
from .records import not_a_pair

_CHUNK = 4096  # records routed between checks of the buckets' sizes
_RANGE_CHUNK = 1 << 16   # at most, when a range partitioner's chunks grow with the partitions


class _Bucket:
    __slots__ = ("records", "frames", "size", "spill")

    def __init__(self):
        self.records: list = []
        self.frames: list = []
        self.size = 0
        self.spill = None  # path of this bucket's spilled frames


def write_map_output(tc, dep, records) -> dict:
    """Partition ``records`` (key, value pairs) and write them; returns the map status.

    A dependency of Arrow blocks takes ``(reduce partition, table or batch)`` records in
    partition order instead (``arrow_blocks``), and one written by combiners
    ``(reduce partition, block bodies)`` (``combine.py``)."""
    if getattr(dep, "source", None) is not None:
        from .combine import write_combined_output
        return write_combined_output(tc, dep, records)
    if getattr(dep, "block_kind", "records") == "arrow":
        from .arrow_blocks import write_arrow_output
        return write_arrow_output(tc, dep, records)
    partitioner = dep.partitioner
    n = partitioner.num_partitions
    buckets = [_Bucket() for _ in range(n)]
    # records held unframed, over all buckets: at most 262144, fewer under a small budget
    most = max(64, min(FRAME_RECORDS, min(262144, tc.memory_budget // 256) // n))
    per_bucket = most  # then as many as make a frame of FRAME_BYTES
    buffered = 0
    count = 0
    codec = tc.codec
    spill_dir = None
    # a HashPartitioner's function directly (``% n`` leaves any other partitioner's
    # answer, already in range, unchanged); portable_hash inlined for str and int keys
    part_of = getattr(partitioner, "partition_func", partitioner)
    inline = part_of is portable_hash
    # an ascending RangePartitioner of the keys themselves: bisect directly
    bounds = partitioner.bounds if type(partitioner) is RangePartitioner and partitioner.ascending \
        and partitioner.key_func is None else None
    lists = [b.records for b in buckets]
    appends = [lst.append for lst in lists]
    it = iter(records)
    # routed by sorting a chunk and cutting it (``route_by_range``): chunks of many records per range
    size = min(max(_CHUNK, 8 * n), _RANGE_CHUNK) if bounds is not None else _CHUNK
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            break
        for record in () if bounds is not None and route_by_range(chunk, bounds, lists) else chunk:
            if type(record) is not tuple or len(record) != 2:
                error = not_a_pair(record)
                if error:
                    raise error
            k = record[0]
            if inline:
                t = type(k)
                if t is str:
                    h = crc32(k.encode("utf-8", "surrogatepass"))
                elif t is int:
                    h = hash(k)
                else:
                    h = portable_hash(k)
            elif bounds is not None:
                h = bisect_left(bounds, k)
            else:
                h = part_of(k)
            appends[h % n](record)
        for p, lst in enumerate(lists):
            if len(lst) < per_bucket:
                continue
            b = buckets[p]
            frame, fits = encode_frame(lst, codec)
            per_bucket = max(64, min(most, fits))
            count += len(lst)
            lst.clear()
            b.frames.append(frame)
            b.size += len(frame)
            buffered += len(frame)
        if buffered > tc.memory_budget // 2:
            spill_dir = spill_dir or tempfile.mkdtemp(dir=tc.spill_dir())
            buffered = _spill(buckets, spill_dir, tc)
    for b in buckets:
        if b.records:
            count += len(b.records)
            frame, _ = encode_frame(b.records, codec)
            b.records = []
            b.frames.append(frame)
            b.size += len(frame)
    tc.metrics["records_written"] += count
    key = map_output_key(tc.task.app_id, dep.shuffle_id, tc.task.partition, tc.task.attempt,
                         tc.task.stage_attempt)
    offsets = [0]
    started = time.perf_counter()   # the write cannot start before the last record: every block grows
    if spill_dir is None:
        parts = []
        for b in buckets:
            if b.frames:
                body = b"".join(b.frames)
                parts.append(body)
                parts.append(tag(tc.secret, body))
            offsets.append(offsets[-1] + (b.size + TAG_SIZE if b.frames else 0))
        data = b"".join(parts)
        tc.work.put(key, data)
    else:   # uploaded in parts as it is assembled, never written whole to local disk
        try:
            tc.work.put_chunks(key, _assembled(buckets, tc, offsets))
        finally:
            _remove_tree(spill_dir)
    tc.metrics["output_write_ms"] = round(tc.metrics.get("output_write_ms", 0.0)
                                          + (time.perf_counter() - started) * 1000, 3)
    tc.metrics["bytes_written"] += offsets[-1]
    return {"key": key, "offsets": offsets}


def _spill(buckets, spill_dir, tc) -> int:
    for i, b in enumerate(buckets):
        if b.frames:
            b.spill = b.spill or os.path.join(spill_dir, f"bucket-{i}")
            with open(b.spill, "ab") as f:
                written = sum(f.write(fr) for fr in b.frames)
            tc.metrics["spill_bytes"] += written
            b.frames = []
    tc.metrics["spills"] += 1
    return 0


def _assembled(buckets, tc, offsets):
    """Every bucket's spilled and buffered frames, each bucket sealed, as chunks of the output
    object; appends each block's end to ``offsets`` as it goes."""
    import hashlib
    for b in buckets:
        if b.size == 0:
            offsets.append(offsets[-1])
            continue
        h = hashlib.blake2b(key=tc.secret, digest_size=TAG_SIZE)
        if b.spill:
            with open(b.spill, "rb") as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
                    yield chunk
        for fr in b.frames:
            h.update(fr)
            yield fr
        yield h.digest()
        offsets.append(offsets[-1] + b.size + TAG_SIZE)


def _remove_tree(path: str) -> None:
    for name in os.listdir(path):
        os.remove(os.path.join(path, name))
    os.rmdir(path)
