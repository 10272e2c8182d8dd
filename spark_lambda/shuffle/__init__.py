"""The shuffle: map tasks write partitioned records, reduce tasks read their blocks.

``ShuffleDependency`` names a shuffle and its partitioner; ``writer`` turns a
map task's records into one object and a map status; ``reader`` fetches a
reduce partition's blocks; ``spill`` holds the memory-bounded merge and sort;
``arrow_blocks`` is the block kind for Arrow tables; ``exchange`` chooses how
blocks travel (direct, or through ``combine``'s combiner tasks).
"""

from __future__ import annotations

import zlib

from ..serializers import TAG_SIZE, tag


class ShuffleDependency:
    """The edge between a map stage (``rdd``) and the RDD that reads its output.

    Pickled into the reduce stage's code without ``rdd`` (a reducer needs only
    the shuffle's id and partitioner). ``block_kind`` says what its blocks hold:
    ``"records"`` (framed key-value records, every RDD shuffle) or ``"arrow"``
    (one Arrow IPC stream per block, see ``arrow_blocks``). A shuffle written by the
    combiners of a combining or two-level exchange (``exchange``, ``combine``) names the
    shuffle they read in ``source`` and the exchange in ``exchange``; its ``rdd`` is
    the combiners' and its blocks read like any other."""

    def __init__(self, rdd, shuffle_id: int, partitioner, block_kind: str = "records",
                 source: "ShuffleDependency | None" = None, exchange=None):
        self.rdd = rdd
        self.shuffle_id = shuffle_id
        self.partitioner = partitioner
        self.block_kind = block_kind
        self.source = source
        self.exchange = exchange

    def __getstate__(self):
        state = dict(self.__dict__)
        state["rdd"] = None
        return state


def map_output_key(app_id: str, shuffle_id: int, map_index: int, attempt: int, stage_attempt: int = 0) -> str:
    """The object key of one map task attempt's output.

    It starts with one hex digit derived from the rest, so that S3 spreads the
    shuffle's requests over 16 prefixes; the attempt numbers keep attempts from
    overwriting each other."""
    rest = f"{app_id}/shuffle-{shuffle_id}/map-{map_index}-{stage_attempt}-{attempt}.data"
    return f"{zlib.crc32(rest.encode()) & 15:x}/{rest}"


def put_blocks(tc, dep, bodies: list, schema: str | None = None) -> dict:
    """Write one body per reduce partition (None or b"" for an empty block), each sealed, back
    to back as this task attempt's map output; its map status (``schema``: an Arrow schema
    as the status carries it). Used by the combiner writer (``writer`` and ``arrow_blocks``
    stream their own)."""
    key = map_output_key(tc.task.app_id, dep.shuffle_id, tc.task.partition, tc.task.attempt,
                         tc.task.stage_attempt)
    parts, offsets = [], [0]
    for body in bodies:
        if body:
            parts += (body, tag(tc.secret, body))
            offsets.append(offsets[-1] + len(body) + TAG_SIZE)
        else:
            offsets.append(offsets[-1])
    tc.work.put(key, b"".join(parts))
    tc.metrics["bytes_written"] += offsets[-1]
    status = {"key": key, "offsets": offsets}
    if schema is not None:
        status["schema"] = schema
    return status


def _spread(app_id: str) -> list[str]:
    """The 16 hashed prefixes of ``map_output_key``."""
    return [f"{h:x}/{app_id}/" for h in range(16)]


def shuffle_prefixes(app_id: str, shuffle_id: int) -> list[str]:
    """The prefixes under which one shuffle's map outputs lie."""
    return [f"{p}shuffle-{shuffle_id}/" for p in _spread(app_id)]


def app_prefixes(app_id: str) -> list[str]:
    """Every prefix under which the application writes (for cleanup)."""
    return [f"{app_id}/"] + _spread(app_id)
