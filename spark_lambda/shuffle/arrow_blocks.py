"""Arrow blocks: the shuffle's block kind for tables (the SQL layer's exchanges).

Called by ``writer.write_map_output`` and ``reader.read_blocks`` when a
``ShuffleDependency`` has ``block_kind == "arrow"``. A map task's records are
``(reduce partition, pyarrow.Table or RecordBatch)`` pairs in ascending partition order (a
partition's pieces one after another, as a query sorted by partition gives them); the pieces
of one reduce partition become one Arrow IPC stream (lz4 buffers when the shuffle goes through
a remote store such as S3; on local disk compressing costs more than the bytes it saves),
sealed like every shuffle block, and the streams are written back to back as one object per
map task attempt. The output is written as the records come: a block is encoded and its tag
computed piece by piece, so a task holds one piece, not its whole output; the object's bytes
stay in memory up to a thirty-second of the task's memory budget, and no more than a SQL
task's input tables (``tc.arrow_held``) leave of the quarter of the budget its Arrow data has
(at least 1 MiB); beyond that they go to a file in the task's local spill directory. They are
put (a file as a multipart upload) only when every block is whole, so no reader ever sees
part of an output; bytes kept in memory go to the store one part after another
(``put_chunks``), each let go as it goes, so putting makes no second copy of the whole. The
map status is that of record blocks (the key and the ``R + 1`` offsets, an empty partition
being an empty range that no reducer ever requests) plus the tables' schema, so that a
reducer with no blocks still knows its columns. A reducer decodes each block it fetched into
a table. pyarrow is imported only here, on first use, so jobs of records never load it.
"""

from __future__ import annotations

import base64
import os

from .. import storage
from ..serializers import TAG_SIZE
from . import map_output_key


def encode_stream(tables: list, compression: str | None = "lz4") -> bytes:
    """The tables (one schema) as one Arrow IPC stream, its buffers compressed (lz4 by
    default; None: not compressed)."""
    import pyarrow as pa
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression=compression)
    with pa.ipc.new_stream(sink, tables[0].schema, options=options) as writer:
        for t in tables:
            writer.write_table(t)
    return sink.getvalue().to_pybytes()


def decode_stream(body):
    """The table an Arrow IPC stream holds."""
    import pyarrow as pa
    return pa.ipc.open_stream(pa.py_buffer(body)).read_all()


def write_arrow_output(tc, dep, records) -> dict:
    """Write ``(reduce partition, table or batch)`` records, in ascending partition order, as
    one object; returns the map status."""
    import pyarrow as pa
    n = dep.partitioner.num_partitions
    compression = "lz4" if storage.is_remote(tc.task.work_url) else None
    options = pa.ipc.IpcWriteOptions(compression=compression)
    out = _Output(lambda: output_memory(tc), tc.spill_dir)
    sizes = [0] * n
    rows = 0
    schema = block = None
    current = -1
    try:
        for p, data in records:
            schema = schema or data.schema
            if not data.num_rows:
                continue
            p %= n
            if p != current:
                if p < current:
                    raise ValueError(f"Arrow shuffle records must come in ascending partition "
                                     f"order: partition {p} after {current}. Sort the map "
                                     "task's output by partition before writing it.")
                if block is not None:
                    sizes[current] = block.finish()
                block, current = _Block(out, tc.secret, data.schema, options), p
            block.add(data)
            rows += data.num_rows
        if block is not None:
            sizes[current] = block.finish()
        key = map_output_key(tc.task.app_id, dep.shuffle_id, tc.task.partition,
                             tc.task.attempt, tc.task.stage_attempt)
        out.put(tc.work, key)
        if out.path is not None:
            tc.metrics["spills"] += 1
            tc.metrics["spill_bytes"] += out.size
    finally:
        out.discard()
    offsets = [0]
    for size in sizes:
        offsets.append(offsets[-1] + size)
    tc.metrics["records_written"] += rows
    tc.metrics["bytes_written"] += offsets[-1]
    status = {"key": key, "offsets": offsets, "rows": rows}
    if schema is not None:
        status["schema"] = schema_field(schema)
    return status


class _Block:
    """One reduce partition's block as it is written: an IPC stream whose bytes go to the
    output and into the block's tag as the writer produces them."""

    def __init__(self, out, secret: bytes, schema, options):
        import hashlib
        import pyarrow as pa
        self.out = out
        self.hash = hashlib.blake2b(key=secret, digest_size=TAG_SIZE)
        self.size = 0
        self.writer = pa.ipc.new_stream(self, schema, options=options)

    def add(self, data) -> None:
        """Append a table's or a batch's rows to the block."""
        self.writer.write(data)

    # the file interface the IPC writer calls
    closed = False

    def write(self, data) -> int:
        view = memoryview(data)
        self.hash.update(view)
        self.out.write(view)
        self.size += view.nbytes
        return view.nbytes

    def flush(self) -> None:
        pass

    def finish(self) -> int:
        """End the stream, append the tag; the block's size with its tag."""
        self.writer.close()
        self.out.write(memoryview(self.hash.digest()))
        return self.size + TAG_SIZE


def output_memory(tc) -> int:
    """Bytes of a map output ``tc``'s task may keep in memory now: what its input tables leave
    of a quarter of its budget (the quarter is its Arrow data's, outside DuckDB's limit), at
    most a thirty-second, at least 1 MiB. Beyond it the bytes go to a local file, which the
    system's page cache holds, not the worker: at SF 10 with 256 MiB a scan's map task peaked
    30 MiB lower with its output in a file from the first MiB than with 32 MiB in memory."""
    room = tc.memory_budget // 4 - getattr(tc, "arrow_held", 0)
    return max(1 << 20, min(tc.memory_budget // 32, room))


class _Output:
    """A map output's bytes: in memory up to ``limit()`` bytes, then in a local file."""

    def __init__(self, limit, spill_dir):
        self.limit = limit           # called as the bytes grow: what the task may keep now
        self.spill_dir = spill_dir   # called for the directory when the bytes outgrow memory
        self.parts: list = []
        self.size = 0
        self.file = None
        self.path = None

    def write(self, view) -> None:
        self.size += view.nbytes
        if self.file is not None:
            self.file.write(view)
            return
        self.parts.append(bytes(view))
        if self.size > self.limit():
            import tempfile
            fd, self.path = tempfile.mkstemp(dir=self.spill_dir(), prefix="map-output-")
            self.file = open(fd, "wb")
            for part in self.parts:
                self.file.write(part)
            self.parts = []

    def put(self, store, key: str) -> None:
        """Put the whole output under ``key``."""
        if self.file is None:
            store.put_chunks(key, self._handed_on())
            return
        self.file.close()
        store.put_file(key, self.path)

    def _handed_on(self):
        """The parts in order, each let go as it is handed on."""
        parts, self.parts = self.parts[::-1], []
        while parts:
            yield parts.pop()

    def discard(self) -> None:
        """Remove the local file, if any."""
        if self.file is not None:
            self.file.close()
            os.remove(self.path)
            self.file = None


def schema_field(schema) -> str:
    """A schema as a map status carries it (base64 of its IPC form)."""
    return base64.b64encode(schema.serialize().to_pybytes()).decode()


def schema_of(status: dict):
    """The schema of the tables a map status's blocks hold (None if it saw no table)."""
    import pyarrow as pa
    if "schema" not in status:
        return None
    return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(status["schema"])))
