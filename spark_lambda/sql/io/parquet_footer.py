"""A Parquet file's footer: what the planner and a byte-range split keep of it (``Footer``),
and opening a file on a store by it.

For a scan of few files the driver reads every footer while planning (``FileSource``); a task
opening the file reads the footer again, since pyarrow needs it to find the column chunks.
pyarrow alone reads the file's last 64 KiB to guess at the footer (a second GET when it is
larger), which is more than a small footer by tens of KiB a file a task. ``open_parquet`` reads
exactly the footer instead when the planner's ``Footer`` gives its length: one GET of
``[size - 8 - length, size)``, kept by the ``StoreFile`` (a prefetch does not fetch those bytes
again), and hands pyarrow the metadata parsed from it, so that pyarrow reads no footer of its
own. Without a ``Footer`` (the driver planning, or a task of a scan cut in byte ranges, whose
driver read no footer of its file) it reads the last 64 KiB, and the rest of a larger footer,
the same way, kept alike; the task then picks its row groups from the footer it read
(``Footer.groups_in``).

A file replaced between planning and the task can have another footer: the footer read must
end in ``PAR1`` after the planned length and describe the planned row groups (rows and
compressed bytes), or the task stops with an error saying the file changed, rather than read
row groups the plan did not cut.
"""

from __future__ import annotations

MAGIC = b"PAR1"
GUESS = 64 << 10        # the tail read when the footer's length is not known


class Footer:
    """What a Parquet file's footer tells the planner: the first row of each row group (and
    the row count last), each row group's compressed bytes and first byte in the file
    (``row_group_offsets``), the file's columns by lower-case name as ``(name, Arrow type)``,
    each column's compressed and uncompressed bytes per row group by lower-case name
    (``column_bytes``, ``column_raw_bytes``: a nested column's leaves summed), and the bytes
    of the footer at the file's end (``tail_bytes``: the metadata, its length and ``PAR1``;
    None when not known)."""

    def __init__(self, row_starts: list, row_group_bytes: list, columns: dict,
                 column_bytes: dict | None = None, column_raw_bytes: dict | None = None,
                 row_group_offsets: list | None = None, tail_bytes: int | None = None):
        self.row_starts, self.row_group_bytes = row_starts, row_group_bytes
        self.columns = columns
        self.column_bytes = column_bytes or {}
        self.column_raw_bytes = column_raw_bytes or {}
        self.row_group_offsets = row_group_offsets or []   # each row group's first byte
        self.tail_bytes = tail_bytes

    @property
    def row_groups(self) -> int:
        """How many row groups the file has."""
        return len(self.row_starts) - 1

    def groups_in(self, start: int, end: int) -> list:
        """The row groups a byte-range split ``[start, end)`` of the file reads: those whose
        middle byte (first chunk's offset plus half their compressed bytes, as Parquet's
        readers for Spark place them) lies in the range; over the ranges that tile a file,
        each row group falls in exactly one."""
        return [g for g, (offset, size) in enumerate(zip(self.row_group_offsets,
                                                         self.row_group_bytes))
                if start <= offset + size // 2 < end]


def footer_of(pf) -> Footer:
    """The ``Footer`` of the opened Parquet file ``pf``."""
    meta = pf.metadata
    starts, sizes, offsets = [0], [], []
    by_column = {fl.name.lower(): [0] * meta.num_row_groups for fl in pf.schema_arrow}
    raw = {name: list(sizes) for name, sizes in by_column.items()}
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        starts.append(starts[-1] + rg.num_rows)
        for c in range(rg.num_columns):
            chunk = rg.column(c)
            top = chunk.path_in_schema.split(".")[0].lower()
            if top in by_column:
                by_column[top][g] += chunk.total_compressed_size
                raw[top][g] += chunk.total_uncompressed_size
        sizes.append(row_group_compressed(rg))
        offsets.append(_chunk_range(rg.column(0))[0] if rg.num_columns else 0)
    return Footer(starts, sizes, {fl.name.lower(): (fl.name, fl.type) for fl in pf.schema_arrow},
                  by_column, raw, offsets, meta.serialized_size + 8)


def row_group_compressed(rg) -> int:
    """A row group's compressed bytes: its column chunks'."""
    return sum(rg.column(c).total_compressed_size for c in range(rg.num_columns))


def chunk_ranges(meta, groups, columns: list) -> list:
    """``(start, end)`` in the file of the chunks of ``columns`` (top-level names, their
    leaves) in row ``groups``: what pyarrow reads of them."""
    wanted = {c.lower() for c in columns}
    return [_chunk_range(meta.row_group(g).column(c)) for g in groups
            for c in range(meta.row_group(g).num_columns)
            if meta.row_group(g).column(c).path_in_schema.split(".")[0].lower() in wanted]


def _chunk_range(chunk) -> tuple:
    """``(start, end)`` of a column chunk in the file, its dictionary page included."""
    start = chunk.data_page_offset
    if chunk.has_dictionary_page and chunk.dictionary_page_offset is not None:
        start = min(start, chunk.dictionary_page_offset)
    return start, start + chunk.total_compressed_size


def row_group_layout(meta, group: int, columns: list) -> dict:
    """Where the chunks of ``columns`` lie in row ``group``: ``{"bytes": the row group's
    compressed bytes, "ranges": [[start, end]] from its first byte}``. ``spark-lambda plan``
    lays out larger row groups after it to count their GETs by the engine's rule."""
    rg = meta.row_group(group)
    first = min(_chunk_range(rg.column(c))[0] for c in range(rg.num_columns))
    return {"bytes": row_group_compressed(rg),
            "ranges": [[s - first, e - first] for s, e in chunk_ranges(meta, [group], columns)]}


def open_parquet(source, url: str, footer: Footer | None = None):
    """A ``pyarrow.parquet.ParquetFile`` over the ``StoreFile`` ``source`` whose footer is read
    as the module docstring says: exactly, when ``footer`` gives its length."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    known = footer.tail_bytes if footer is not None else None
    if source.size < 12:
        raise OSError(f"{source.size} bytes are too few for a Parquet file")
    try:
        tail = source.keep_tail(known or GUESS)
    except OSError as e:
        if known:
            raise _changed(url, str(e)) from None
        raise
    if tail[-4:] != MAGIC:
        raise _changed(url, "its last bytes are not PAR1") if known else \
            OSError("the file does not end in PAR1")
    length = int.from_bytes(tail[-8:-4], "little") + 8
    if known and length != known:
        raise _changed(url, f"its footer is {length} bytes, not {known}")
    if length > source.size:
        raise OSError(f"the footer's length ({length}) is beyond the file's {source.size} bytes")
    if length > len(tail):
        tail = source.keep_tail(length)
    meta = pq.read_metadata(pa.BufferReader(tail[len(tail) - length:]))
    if footer is not None and not _describes(meta, footer):
        raise _changed(url, "its row groups are not the planned ones")
    return pq.ParquetFile(source, metadata=meta, pre_buffer=False)


def _describes(meta, footer: Footer) -> bool:
    """Whether ``meta`` has the row groups (rows, compressed bytes) ``footer`` planned."""
    if meta.num_row_groups != footer.row_groups:
        return False
    start = 0
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        start += rg.num_rows
        if start != footer.row_starts[g + 1] or row_group_compressed(rg) != footer.row_group_bytes[g]:
            return False
    return True


def _changed(url: str, why: str):
    from ..errors import SparkRuntimeException
    from .listing import display
    return SparkRuntimeException(
        f"Encountered error while reading file {display(url)}: the file changed after the query "
        f"was planned ({why}). It is possible the underlying files have been updated: recreate "
        "the DataFrame (or run REFRESH TABLE) and run the query again.",
        "FAILED_READ_FILE.NO_HINT", {"path": display(url)}, "KD001")
