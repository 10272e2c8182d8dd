"""Parquet, read through pyarrow over ranged reads: a file's ``Footer`` (``parquet_footer``: on
the driver for row-group splits, or in the task for a byte-range split: ``Footer.groups_in``),
its schema, and a split's wanted column chunks.
"""

from __future__ import annotations

from .csv_options import flag
from .listing import display
from .parquet_footer import Footer, chunk_ranges, footer_of, open_parquet, row_group_layout
from .storefile import count_unreported, open_store_file


def read_error(url: str, cause: Exception):
    """Spark's FAILED_READ_FILE error naming the file."""
    from ..errors import SparkRuntimeException
    return SparkRuntimeException(
        f"Encountered error while reading file {display(url)}. Could not read footer. Please "
        "ensure that the file is in either ORC or Parquet format. If not, please convert it to "
        f"a valid format. ({type(cause).__name__}: {cause})",
        "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER", {"path": display(url)}, "KD001")


class ParquetReader:
    """Parquet through pyarrow over ranged reads: the footer, then the wanted column chunks
    of the split's row groups."""

    whole_files = False

    def __init__(self, options: dict, tz: str):
        self.options = options

    def footers(self, files, threads: int = 1) -> list:
        """Each file's ``Footer`` (each footer read once, by range; ``threads`` files at a
        time: on S3 each costs a GET's latency, and a large table has thousands of files)."""
        import pyarrow as pa

        def one(f):
            try:
                pf = open_parquet(open_store_file(f.url, f.size), f.url)
            except (pa.ArrowException, OSError) as e:
                raise read_error(f.url, e) from None
            return pf.schema_arrow, footer_of(pf)
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
        read the file: ``_task_reads``), its last 64 KiB and the rest of a larger footer in
        one or two GETs (``parquet_footer.open_parquet``)."""
        import pyarrow as pa
        try:
            kept = _opened(url, size)
        except (pa.ArrowException, OSError) as e:
            raise read_error(url, e) from None
        if "footer" not in kept:
            kept["footer"] = footer_of(kept["file"])
        return kept["footer"]

    def store_in_place(self, url, size, start, end, columns, footer=None) -> tuple:
        """``(path, StoreFile)`` by which the task's DuckDB reads row groups ``[start, end)``'s
        ``columns`` (the file's names) of the file on a store in place (``store_fs.py``): their
        chunks fetched now (each with the ``READ_PAST`` bytes after it), and counted."""
        import pyarrow as pa
        from .store_fs import path_for
        try:
            kept = _opened(url, size, footer)
            pf, source = kept["file"], kept["source"]
            meta = pf.metadata
            source.prefetch([(a, b + READ_PAST) for a, b in chunk_ranges(meta, range(start, end), columns)],
                            keep=True)
        except (pa.ArrowException, OSError) as e:
            raise read_error(url, e) from None
        count_unreported(source, layout=row_group_layout(meta, start, columns))
        return path_for(source, url), source

    def read(self, url, size, start, end, data_fields, wanted, footer=None):
        """Row groups ``[start, end)``'s ``wanted`` columns as ``({name: arrow array}, rows)``;
        ``footer``, the planner's ``Footer`` of the file, lets the task read exactly its footer
        (``parquet_footer.open_parquet``); without it the task reads the file's tail."""
        import pyarrow as pa
        from ..execution.arrow_io import arrow_type
        from ..types import DayTimeIntervalType, YearMonthIntervalType
        from .variant_parquet import is_variant
        try:
            kept = _opened(url, size, footer)
            pf, source = kept["file"], kept["source"]
            present = {n.lower(): n for n in pf.schema_arrow.names}
            cols = [present[f.name.lower()] for f in wanted if f.name.lower() in present]
            held = kept.setdefault((start, end), {})
            missing = [c for c in dict.fromkeys(cols) if c not in held]
            if end <= start:
                held = dict(zip(cols, pf.schema_arrow.empty_table().select(cols).columns))
            elif missing:
                source.prefetch(chunk_ranges(pf.metadata, range(start, end), missing))
                try:
                    got = pf.read_row_groups(list(range(start, end)), columns=missing)
                finally:
                    source.release()
                count_unreported(source, layout=row_group_layout(pf.metadata, start, missing))
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


# what DuckDB's Parquet reader may read past a column chunk's end (a page header is read
# into a buffer of 256 bytes); fetched with the chunk, it is no GET of its own
READ_PAST = 256


def _task_reads(url: str) -> dict:
    """What the running task already read of the Parquet file ``url`` (filled by the caller;
    kept as long as the task): ``"file"``, the opened file with its footer (``"source"``, the
    ``StoreFile`` under it, counting the GETs, and ``"footer"``, its ``Footer`` when the task
    read it for a byte-range split), and by ``(start, end)`` row groups the columns read, by
    name; so that a second scan of the file in one task fetches neither the footer nor a column
    again. A fresh dict outside a task."""
    from ...taskcontext import TaskContext
    tc = TaskContext.get()
    if tc is None or tc.task is None:
        return {}
    return tc.read_chunks.setdefault(url, {})


def _opened(url: str, size: int, footer: Footer | None = None) -> dict:
    """``_task_reads(url)`` with the file opened (its footer read and counted) if it was not:
    exactly the footer the planner's ``footer`` gives, else the file's tail."""
    kept = _task_reads(url)
    if "file" not in kept:
        source = kept["source"] = open_store_file(url, size)
        kept["file"] = open_parquet(source, url, footer)
        count_unreported(source, footer=True)
    return kept
