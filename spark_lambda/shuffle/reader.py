"""The reduce side of a shuffle: called on executors by tasks that read a shuffle.

A reducer's task names exactly the byte ranges it must read, one per map
output with a non-empty block (empty blocks are never requested). They are
fetched with ranged GETs through a sliding window (``storage/prefetch.py``), in
map order, so results are deterministic, while the task decodes and merges the
blocks before them (the time it waits for a block is ``fetch_wait_ms`` in its
metrics; a window holds at most its blocks in memory): a fetch starts while fewer than ``fetch_requests``
(``spark.reducer.maxReqsInFlight``) are in flight and their blocks total at
most ``fetch_bytes`` (``spark.reducer.maxSizeInFlight``); one block is always
allowed, however large. Each GET goes through ``ranged_get`` (a large range
as parallel parts, a slow one hedged). Blocks are verified against their tag and decoded
frame by frame. A block that is missing or fails
verification raises ``FetchFailed``: the map output is lost, not the
reducer's fault, and the scheduler regenerates it.
"""

from __future__ import annotations

from itertools import chain

from ..errors import IntegrityError, StoreError
from ..serializers import decode_frame_lists, unseal
from ..storage.prefetch import in_order
from .ranged_get import RangedGetter


class FetchFailed(Exception):
    """A map output block could not be read whole; carries which one."""

    def __init__(self, shuffle_id: int, map_index: int, key: str, reason: str):
        super().__init__(f"shuffle {shuffle_id}: map output {map_index} ({key}) {reason}")
        self.shuffle_id = shuffle_id
        self.map_index = map_index
        self.key = key


def read_blocks(tc, shuffle_id: int, reduce_partition: int, block_kind: str = "records"):
    """The records of ``reduce_partition`` from every map output, counted in ``records_read``.

    For a shuffle of Arrow blocks: one ``pyarrow.Table`` per non-empty block, in map order."""
    if block_kind == "arrow":
        return read_tables(tc, shuffle_id, reduce_partition)
    metrics = tc.metrics

    def counted(lists):
        for records in lists:
            metrics["records_read"] += len(records)
            yield records
    return chain.from_iterable(counted(read_block_lists(tc, shuffle_id, reduce_partition)))


def _count_block(metrics: dict, size: int) -> None:
    metrics["bytes_read"] += size
    metrics["shuffle_bytes_read"] = metrics.get("shuffle_bytes_read", 0) + size
    metrics["shuffle_blocks_read"] = metrics.get("shuffle_blocks_read", 0) + 1


def read_block_lists(tc, shuffle_id: int, reduce_partition: int):
    """Yield the records of ``reduce_partition`` a frame (a list) at a time."""
    for body in read_bodies(tc, shuffle_id, reduce_partition):
        yield from decode_frame_lists(body)


def read_tables(tc, shuffle_id: int, reduce_partition: int):
    """Yield the table of each Arrow block of ``reduce_partition``, counted in ``records_read``."""
    from .arrow_blocks import decode_stream
    for body in read_bodies(tc, shuffle_id, reduce_partition):
        table = decode_stream(body)
        tc.metrics["records_read"] += table.num_rows
        yield table


def read_bodies(tc, shuffle_id: int, reduce_partition: int):
    """Yield the verified body of each block of ``reduce_partition``, in map order."""
    locations = tc.shuffle_locations(shuffle_id, reduce_partition)

    def verify(loc, data):
        key, start, end = loc[0], loc[1], loc[2]
        return unseal(tc.secret, data, f"shuffle block {key}[{start}:{end}]")
    for body in fetch_in_order(tc, shuffle_id, locations, verify):
        _count_block(tc.metrics, len(body))
        yield body


def fetch_in_order(tc, shuffle_id: int, locations: list, decode):
    """Yield ``decode(location, bytes)`` for each ``[key, start, end, map_index]`` location,
    in order, fetched through the window; a failed or short read, or a ``decode`` raising
    ``IntegrityError``, is a ``FetchFailed`` of that map output."""
    if not locations:
        return
    getter = RangedGetter(tc.work, tc.metrics, tc.task.conf)

    def fetch(loc):
        key, start, end, map_index = loc[0], loc[1], loc[2], loc[3]
        try:
            data = getter.get(key, start, end)
        except StoreError as e:
            raise FetchFailed(shuffle_id, map_index, key, f"could not be read: {e}") from None
        if len(data) != end - start:
            raise FetchFailed(shuffle_id, map_index, key, "is truncated")
        try:
            return decode(loc, data)
        except IntegrityError as e:
            raise FetchFailed(shuffle_id, map_index, key, str(e)) from None

    yield from in_order(fetch, locations, tc.fetch_requests, tc.fetch_bytes, lambda loc: loc[2] - loc[1],
                        tc.metrics, "fetch_wait_ms")
