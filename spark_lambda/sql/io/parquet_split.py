"""A Parquet split that the task's DuckDB reads where it lies (``ParquetSplit``), and when it
can (``in_place_columns``): every needed column of a type DuckDB reads as the plan expects,
in a local file, or in a file on a store whose chunks the task fetched (``store_fs.py``).
Anything else a scan reads into Arrow tables first (``source.FileScan.read_table``), named
with the same ``input_file_metadata``.
"""

from __future__ import annotations


def input_file_metadata(url: str, start: int, end: int) -> dict:
    """What ``input_file_name()`` and ``input_file_block_*()`` read: the file's URI and the
    split's byte range, kept in the split's table's schema metadata."""
    uri = url if "://" in url else "file://" + url
    return {"spark.input_file": uri, "spark.input_start": str(start),
            "spark.input_length": str(end - start)}


def in_place_columns(url: str, footer, columns: list, stores: bool = False):
    """``(local path, [(file column, name in the plan)])`` when DuckDB can read ``columns``
    (``(expr id, name, type)``) of the Parquet file ``url`` where it lies: a local file (or,
    with ``stores``, a file on an object store, whose path is then None: ``store_fs.py``)
    holding every one with the Arrow type the plan expects (text in any layout); else None."""
    from ..execution.arrow_io import arrow_type
    from ..execution.engine_bridge import split_url
    scheme, _, path = split_url(url)
    if not columns or (scheme != "file" and not stores):
        return None
    path = path if scheme == "file" else None
    picked = []
    for c, name, dtype in columns:
        found = footer.columns.get(name.lower())
        if found is None or not _reads_as(found[1], arrow_type(dtype)) or \
                found[1].num_fields:   # nested: read by pyarrow
            return None
        picked.append((found[0], f"_{c}"))
    return path, picked


def _reads_as(file_type, want) -> bool:
    """Whether DuckDB reads a Parquet column stored as ``file_type`` (the Arrow type its
    footer names) as the plan's ``want``: the same type, or text (or bytes) in any of Arrow's
    layouts (``string_view``, ``large_string``…), which Parquet stores alike and DuckDB reads
    as VARCHAR (BLOB)."""
    import pyarrow.types as pt
    if file_type == want:
        return True
    text = (pt.is_string, pt.is_large_string, pt.is_string_view)
    data = (pt.is_binary, pt.is_large_binary, pt.is_binary_view)
    return any(all(any(f(t) for f in kind) for t in (file_type, want)) for kind in (text, data))


class ParquetSplit:
    """Row groups of a Parquet file, local or on a store (``source``, its ``StoreFile``, holding
    the bytes fetched for it: ``store_fs.py``), for the task's DuckDB to read in place: its own
    Parquet reader reads only the needed columns of those row groups and takes the query's
    filters into the scan, with no Arrow table in between (``view_sql``). Anything else that
    meets the record asks for the table (``read_table``)."""

    def __init__(self, scan, split, path: str, rows: tuple, columns: list, footer,
                 span=None, source=None):
        self.scan, self.split, self.path = scan, split, path
        self.rows, self.columns = rows, columns   # [first, end) row; (file column, name)
        self.footer = footer                      # the file's ``parquet_footer.Footer``
        self.span = span or split                 # what input_file_block_* report
        self.source = source

    def finish(self) -> None:
        """Count the GETs DuckDB made beyond what was fetched for it (the task's end)."""
        if self.source is not None:
            from .storefile import count_unreported
            count_unreported(self.source)

    def view_sql(self) -> str:
        """A SELECT of the split's rows, columns named as the plan names them."""
        cols = ", ".join('"{}" AS "{}"'.format(src.replace('"', '""'), out)
                         for src, out in self.columns)
        path = self.path.replace("'", "''")
        lo, hi = self.rows
        if lo == 0 and hi == self.footer.row_starts[-1]:
            return f"SELECT {cols} FROM read_parquet('{path}')"   # the whole file
        return (f"SELECT {cols} FROM read_parquet('{path}', file_row_number = true) "
                f"WHERE file_row_number >= {lo} AND file_row_number < {hi}")

    def read_table(self):
        """The split as an Arrow table."""
        return self.scan.read_table(self.split, self.span)

    def input_file(self) -> dict:
        """The split's ``input_file_metadata`` (``FileScan.read_table``'s ``span``)."""
        i, start, end = self.span
        return input_file_metadata(self.scan.files[i][0], start, end)

    def read_extent(self) -> tuple:
        """``(rows, bytes)``: the split's rows and its row groups' compressed bytes."""
        i, start, end = self.split
        return self.rows[1] - self.rows[0], sum(self.footer.row_group_bytes[start:end])
