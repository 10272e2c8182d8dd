"""Arrow blocks: the shuffle's block kind for tables (the SQL layer's exchanges).

Called by ``writer.write_map_output`` and ``reader.read_blocks`` when a
``ShuffleDependency`` has ``block_kind == "arrow"``. A map task's records are
``(reduce partition, pyarrow.Table)`` pairs; the tables of one reduce partition
become one Arrow IPC stream (lz4 buffers when the shuffle goes through a remote store
such as S3; on local disk compressing costs more than the bytes it saves), sealed like
every shuffle block, and the streams are written back to back as one object per map task
attempt. The
map status is that of record blocks (the key and the ``R + 1`` offsets, an
empty partition being an empty range that no reducer ever requests) plus the
tables' schema, so that a reducer with no blocks still knows its columns. A
reducer decodes each block it fetched into a table. pyarrow is imported only
here, on first use, so jobs of records never load it.
"""

from __future__ import annotations

import base64

from .. import storage
from . import put_blocks


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
    """Write ``(reduce partition, table)`` records as one object; returns the map status."""
    n = dep.partitioner.num_partitions
    buckets: list = [[] for _ in range(n)]
    rows = 0
    schema = None
    for p, table in records:
        schema = schema or table.schema
        if table.num_rows:
            buckets[p % n].append(table)
            rows += table.num_rows
    compression = "lz4" if storage.is_remote(tc.task.work_url) else None
    tc.metrics["records_written"] += rows
    status = put_blocks(tc, dep, [encode_stream(tables, compression) if tables else None
                                  for tables in buckets],
                        schema_field(schema) if schema is not None else None)
    status["rows"] = rows
    return status


def schema_field(schema) -> str:
    """A schema as a map status carries it (base64 of its IPC form)."""
    return base64.b64encode(schema.serialize().to_pybytes()).decode()


def schema_of(status: dict):
    """The schema of the tables a map status's blocks hold (None if it saw no table)."""
    import pyarrow as pa
    if "schema" not in status:
        return None
    return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(status["schema"])))
