"""The file formats ``spark.read`` knows, each a small reader with the same four members.

``footers(files)`` (Parquet only: row groups per file, read on the driver), ``infer(files,
footers)`` (the data schema when none is given), ``whole_files`` (a file is one split) and
``read(url, size, start, end, data_fields, wanted)`` (on an executor: the split's columns as
``({name: arrow array}, rows)``). Readers are plain picklable objects shipped with the task.
"""

from __future__ import annotations

from .csv_options import CsvOptions, flag, parse_mode
from .listing import display
from .parquet_footer import Footer, chunk_ranges, footer_of, open_parquet, row_group_layout

__all__ = ["reader", "read_error", "Footer", "ParquetReader", "CsvReader", "OrcReader",
           "JsonReader", "TextReader", "XmlReader"]


def reader(fmt: str, options: dict, tz: str):
    """The reader of ``fmt`` (``UnsupportedOperationException`` for an unknown one)."""
    classes = {"parquet": ParquetReader, "csv": CsvReader, "json": JsonReader,
               "text": TextReader, "orc": OrcReader, "xml": XmlReader}
    if fmt not in classes:
        from ..errors import AnalysisException
        raise AnalysisException(f"Failed to find the data source: {fmt}. Please find packages "
                                "at `https://spark.apache.org/third-party-projects.html`.",
                                "DATA_SOURCE_NOT_FOUND", {"provider": fmt}, "42K02")
    return classes[fmt](options, tz)


def read_error(url: str, cause: Exception):
    """Spark's FAILED_READ_FILE error naming the file."""
    from ..errors import SparkRuntimeException
    return SparkRuntimeException(
        f"Encountered error while reading file {display(url)}. Could not read footer. Please "
        "ensure that the file is in either ORC or Parquet format. If not, please convert it to "
        f"a valid format. ({type(cause).__name__}: {cause})",
        "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER", {"path": display(url)}, "KD001")


def _zone(tz: str):
    import datetime
    import zoneinfo
    return datetime.timezone.utc if tz.upper() in ("UTC", "Z", "GMT") else \
        zoneinfo.ZoneInfo(tz)


def _store_file(url: str, size: int):
    """A file-like object over ``url`` that reads by ranged requests."""
    from ..execution.engine_bridge import open_url
    from .storefile import StoreFile
    store, key = open_url(url)
    return StoreFile(store, key, size)


def _lines(url: str, size: int, start: int, end: int):
    from ..execution.engine_bridge import read_lines
    return read_lines(url, start, end) if size else iter(())


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
                pf = open_parquet(_store_file(f.url, f.size), f.url)
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

    def read(self, url, size, start, end, data_fields, wanted, footer=None):
        """The split's columns (module docstring); ``footer``, the planner's ``Footer`` of the
        file, lets the task read exactly its footer (``parquet_footer.open_parquet``)."""
        import pyarrow as pa
        from ..execution.arrow_io import arrow_type
        from ..types import DayTimeIntervalType, YearMonthIntervalType
        from .storefile import count_read
        from .variant_parquet import is_variant
        try:
            kept = _task_reads(url)
            if "file" not in kept:
                source = kept["source"] = _store_file(url, size)
                kept["file"] = open_parquet(source, url, footer)
                count_read(source.nbytes, source.reads, source.reads)   # the footer
            pf, source = kept["file"], kept["source"]
            before = (source.nbytes, source.reads)
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
                count_read(source.nbytes - before[0], source.reads - before[1],
                           layout=row_group_layout(pf.metadata, start, missing))
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


class CsvReader:
    """CSV by lines (``csv_reader``); ``inferSchema`` reads every file on the driver."""

    def __init__(self, options: dict, tz: str):
        self.opts = CsvOptions.parse(options)
        self.whole_files = self.opts.multi_line
        self.tz = tz

    def infer(self, files, footers):
        from ..types import StructField, StructType
        from .csv_reader import clean_lines, line_tokens, tokenize
        from .values import infer_value, merge, spark_type
        first = next((ln for ln in _lines(files[0].url, files[0].size, 0, files[0].size)
                      if ln.strip() and not (self.opts.comment
                                             and ln.startswith(self.opts.comment))), None)
        if first is None:
            return StructType([])
        tokens = line_tokens(first, self.opts)
        width = max(1, len(tokens))
        names = [(tokens[i] if self.opts.header and tokens[i] else f"_c{i}")
                 for i in range(width)]
        types = [None] * width
        if self.opts.infer_schema:
            for f in files:
                lines = clean_lines(_lines(f.url, f.size, 0, f.size), self.opts, True)
                columns, _ = tokenize(lines, self.opts, width, self.opts.multi_line)
                for i, col in enumerate(columns):
                    for s in col:
                        if s is not None and s != self.opts.null_value:
                            types[i] = merge(types[i], infer_value(s))
        return StructType([StructField(n, spark_type(t), True) for n, t in zip(names, types)])

    def read(self, url, size, start, end, data_fields, wanted):
        from .csv_reader import read_split
        arrays, rows = read_split(_lines(url, size, start, end), self.opts, data_fields,
                                  _zone(self.tz), start == 0, display(url))
        by_name = dict(zip([f.name for f in data_fields], arrays))
        return {f.name: by_name[f.name] for f in wanted}, rows


class OrcReader:
    """ORC through pyarrow: a file is one split, its wanted columns read whole."""

    whole_files = True

    def __init__(self, options: dict, tz: str):
        self.options = options

    @staticmethod
    def _open(url: str, size: int):
        import pyarrow as pa
        import pyarrow.orc as orc
        try:
            return orc.ORCFile(_store_file(url, size))
        except (pa.ArrowException, OSError) as e:
            raise read_error(url, e) from None

    def infer(self, files, footers):
        from ..execution.arrow_io import spark_type
        from ..types import StructField, StructType
        schema = self._open(files[0].url, files[0].size).schema
        return StructType([StructField(f.name, spark_type(f.type), True) for f in schema])

    def read(self, url, size, start, end, data_fields, wanted):
        import pyarrow as pa
        from ..execution.arrow_io import arrow_type
        f = self._open(url, size)
        present = {n.lower(): n for n in f.schema.names}
        cols = [present[w.name.lower()] for w in wanted if w.name.lower() in present]
        try:
            table = f.read(columns=cols)
        except (pa.ArrowException, OSError) as e:
            raise read_error(url, e) from None
        return {w.name: table.column(present[w.name.lower()]) if w.name.lower() in present
                else pa.nulls(table.num_rows, arrow_type(w.dataType)) for w in wanted}, \
            table.num_rows


class JsonReader:
    """JSON lines (or whole files with ``multiLine``), see ``json_reader``."""

    def __init__(self, options: dict, tz: str):
        self.multi_line = flag(options, "multiline", False)
        self.whole_files = self.multi_line
        self.mode = parse_mode(options)
        self.corrupt = str(options.get("columnnameofcorruptrecord", "_corrupt_record"))
        self.tz = tz

    def infer(self, files, footers):
        from .json_reader import infer, parse_records
        records = []
        for f in files:
            records += parse_records(_lines(f.url, f.size, 0, f.size), self.multi_line)
        return infer(records, self.corrupt, self.mode, display(files[0].url))

    def read(self, url, size, start, end, data_fields, wanted):
        from .json_reader import parse_records, read_records
        records = parse_records(_lines(url, size, start, end), self.multi_line)
        arrays, rows = read_records(records, data_fields, self.corrupt, self.mode,
                                    _zone(self.tz), display(url))
        by_name = dict(zip([f.name for f in data_fields], arrays))
        return {f.name: by_name[f.name] for f in wanted}, rows


class TextReader:
    """Text: one ``value`` string per line (``wholetext``: one per file)."""

    def __init__(self, options: dict, tz: str):
        self.whole_files = flag(options, "wholetext", False)

    def infer(self, files, footers):
        from ..types import StringType, StructField, StructType
        return StructType([StructField("value", StringType(), True)])

    def read(self, url, size, start, end, data_fields, wanted):
        import pyarrow as pa
        lines = list(_lines(url, size, start, end))
        if self.whole_files:
            lines = ["\n".join(lines) + ("\n" if lines else "")]
        return {f.name: pa.array(lines, pa.string()) for f in wanted}, len(lines)


class XmlReader:
    """XML: the ``rowTag`` elements of whole files, see ``xml_format``."""

    whole_files = True

    def __init__(self, options: dict, tz: str):
        from .xml_format import XmlOptions
        self.opts = XmlOptions(options)
        self.tz = tz

    def _rows(self, url: str, size: int) -> list:
        from .xml_format import parse_rows
        return parse_rows("\n".join(_lines(url, size, 0, size)), self.opts, display(url))

    def infer(self, files, footers):
        from .xml_format import infer_schema
        return infer_schema([r for f in files for r in self._rows(f.url, f.size)], self.opts)

    def read(self, url, size, start, end, data_fields, wanted):
        from .xml_format import read_rows
        arrays, rows = read_rows(self._rows(url, size), data_fields, self.opts,
                                 _zone(self.tz), display(url))
        by_name = dict(zip([f.name for f in data_fields], arrays))
        return {f.name: by_name[f.name] for f in wanted}, rows
