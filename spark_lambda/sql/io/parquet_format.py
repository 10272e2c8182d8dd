"""Parquet, read through pyarrow over ranged reads: a file's ``Footer`` (on the driver for
row-group splits, or in the task for a byte-range split: ``Footer.groups_in``), its schema, and a
split's wanted column chunks.
"""

from __future__ import annotations

from .csv_options import flag
from .listing import display
from .storefile import count_read, open_store_file


def read_error(url: str, cause: Exception):
    """Spark's FAILED_READ_FILE error naming the file."""
    from ..errors import SparkRuntimeException
    return SparkRuntimeException(
        f"Encountered error while reading file {display(url)}. Could not read footer. Please "
        "ensure that the file is in either ORC or Parquet format. If not, please convert it to "
        f"a valid format. ({type(cause).__name__}: {cause})",
        "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER", {"path": display(url)}, "KD001")


class Footer:
    """What a Parquet file's footer tells the planner: the first row of each row group (and
    the row count last), each row group's compressed bytes and first byte in the file, the file's columns by
    lower-case name as ``(name, Arrow type)``, and each column's compressed and uncompressed
    bytes per row group by lower-case name (``column_bytes``, ``column_raw_bytes``: a nested
    column's leaves summed)."""

    def __init__(self, row_starts: list, row_group_bytes: list, columns: dict,
                 column_bytes: dict | None = None, column_raw_bytes: dict | None = None,
                 row_group_offsets: list | None = None):
        self.row_starts, self.row_group_bytes = row_starts, row_group_bytes
        self.columns = columns
        self.column_bytes = column_bytes or {}
        self.column_raw_bytes = column_raw_bytes or {}
        self.row_group_offsets = row_group_offsets or []   # each row group's first byte

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


class ParquetReader:
    """Parquet through pyarrow over ranged reads: the footer, then the wanted column chunks
    of the split's row groups."""

    whole_files = False

    def __init__(self, options: dict, tz: str):
        self.options = options

    @staticmethod
    def _open(url: str, size: int):
        import pyarrow.parquet as pq
        return pq.ParquetFile(open_store_file(url, size), pre_buffer=False)

    def footers(self, files, threads: int = 1) -> list:
        """Each file's ``Footer`` (each footer read once, by range; ``threads`` files at a
        time: on S3 each costs a GET's latency, and a large table has thousands of files)."""
        import pyarrow as pa

        def one(f):
            try:
                pf = self._open(f.url, f.size)
            except (pa.ArrowException, OSError) as e:
                raise read_error(f.url, e) from None
            return pf.schema_arrow, _footer(pf)
        if threads > 1 and len(files) > 1:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(min(threads, len(files)), thread_name_prefix="footers") as pool:
                got = list(pool.map(one, files))
        else:
            got = [one(f) for f in files]
        self._schemas = [schema for schema, _ in got]
        return [footer for _, footer in got]

    def infer(self, files, footers):
        """The first file's schema; with ``mergeSchema``, every file's columns (in order of
        first appearance; a column's types must agree)."""
        from ..errors import AnalysisException
        from ..execution.arrow_io import spark_type
        from ..types import StructField, StructType, VariantType
        from .variant_parquet import is_variant
        merge = flag(self.options, "mergeSchema", False)
        fields: dict = {}
        from .interval_parquet import file_interval_types
        for schema in self._schemas[:None if merge else 1]:
            intervals = file_interval_types(schema)
            for f in schema:
                t = VariantType() if is_variant(f.type) else \
                    intervals.get(f.name.lower()) or spark_type(f.type)
                seen = fields.setdefault(f.name.lower(), StructField(f.name, t, True))
                if seen.dataType != t:
                    raise AnalysisException(
                        f"[CANNOT_MERGE_SCHEMAS] Failed merging schemas: column `{f.name}` is "
                        f"{seen.dataType.simpleString()} in one file and {t.simpleString()} "
                        "in another.", "CANNOT_MERGE_SCHEMAS")
        return StructType(list(fields.values()))

    @staticmethod
    def footer(url: str, size: int) -> Footer:
        """The file's ``Footer``, read by the running task (once, however many of its scans
        read the file: ``_task_reads``)."""
        import pyarrow as pa
        try:
            kept = _opened(url, size)
        except (pa.ArrowException, OSError) as e:
            raise read_error(url, e) from None
        if "footer" not in kept:
            kept["footer"] = _footer(kept["file"])
        return kept["footer"]

    def read(self, url, size, start, end, data_fields, wanted):
        import pyarrow as pa
        from ..execution.arrow_io import arrow_type
        from ..types import DayTimeIntervalType, YearMonthIntervalType
        from .variant_parquet import is_variant
        try:
            kept = _opened(url, size)
            pf, source = kept["file"], kept["source"]
            before = (source.nbytes, source.reads)
            present = {n.lower(): n for n in pf.schema_arrow.names}
            cols = [present[f.name.lower()] for f in wanted if f.name.lower() in present]
            held = kept.setdefault((start, end), {})
            missing = [c for c in dict.fromkeys(cols) if c not in held]
            if end <= start:
                held = dict(zip(cols, pf.schema_arrow.empty_table().select(cols).columns))
            elif missing:
                source.prefetch(_chunk_ranges(pf.metadata, range(start, end), missing))
                try:
                    got = pf.read_row_groups(list(range(start, end)), columns=missing)
                finally:
                    source.release()
                count_read(source.nbytes - before[0], source.reads - before[1])
                held.update((c, got.column(c)) for c in missing)
            rows = sum(pf.metadata.row_group(g).num_rows for g in range(start, end))
        except (pa.ArrowException, OSError) as e:
            raise read_error(url, e) from None
        out = {}
        for f in wanted:
            if f.name.lower() in present:
                out[f.name] = held[present[f.name.lower()]]
                if f.dataType.typeName() == "variant" and is_variant(out[f.name].type):
                    from .variant_parquet import from_file_column
                    out[f.name] = from_file_column(out[f.name])
                elif isinstance(f.dataType, (DayTimeIntervalType, YearMonthIntervalType)) \
                        and not pa.types.is_interval(out[f.name].type):
                    from .interval_parquet import from_file_column as interval_column
                    out[f.name] = interval_column(out[f.name], f.dataType)
            else:
                out[f.name] = pa.nulls(rows, arrow_type(f.dataType))
        return out, rows


def _chunk_ranges(meta, groups, columns: list) -> list:
    """``(start, end)`` in the file of the chunks of ``columns`` (top-level names, their
    leaves) in row ``groups``: what pyarrow reads of them."""
    wanted = {c.lower() for c in columns}
    out = []
    for g in groups:
        rg = meta.row_group(g)
        for c in range(rg.num_columns):
            chunk = rg.column(c)
            if chunk.path_in_schema.split(".")[0].lower() in wanted:
                start = _chunk_start(chunk)
                out.append((start, start + chunk.total_compressed_size))
    return out


def _footer(pf) -> Footer:
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
        sizes.append(sum(rg.column(c).total_compressed_size for c in range(rg.num_columns)))
        offsets.append(_chunk_start(rg.column(0)) if rg.num_columns else 0)
    return Footer(starts, sizes, {fl.name.lower(): (fl.name, fl.type) for fl in pf.schema_arrow},
                  by_column, raw, offsets)


def _chunk_start(chunk) -> int:
    """A column chunk's first byte: its dictionary page's, else its first data page's."""
    start = chunk.data_page_offset
    if chunk.has_dictionary_page and chunk.dictionary_page_offset is not None:
        start = min(start, chunk.dictionary_page_offset)
    return start


def _task_reads(url: str) -> dict:
    """What the running task already read of the Parquet file ``url`` (filled by the caller;
    kept as long as the task): ``"file"``, the opened file with its footer (``"source"``, the
``StoreFile`` under it, counting the GETs), and by
    ``(start, end)`` row groups the columns read, by name; so that a second scan of the file
    in one task fetches neither the footer nor a column again. A fresh dict outside a task."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is None or tc.task is None:
        return {}
    return tc.read_chunks.setdefault(url, {})


def _opened(url: str, size: int) -> dict:
    """``_task_reads(url)`` with the file opened (its footer read and counted) if it was not."""
    import pyarrow.parquet as pq
    kept = _task_reads(url)
    if "file" not in kept:
        source = kept["source"] = open_store_file(url, size)
        kept["file"] = pq.ParquetFile(source, pre_buffer=False)
        count_read(source.nbytes, source.reads, source.reads)   # the footer
    return kept
