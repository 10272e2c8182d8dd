"""The file formats ``spark.read`` knows, each a small reader with the same four members.

``footers(files)`` (Parquet only, ``parquet_format``: row groups per file, read on the
driver), ``infer(files, footers)`` (the data schema when none is given), ``whole_files`` (a
file is one split) and ``read(url, size, start, end, data_fields, wanted)`` (on an executor:
the split's columns as ``({name: arrow array}, rows)``). Readers are plain picklable objects
shipped with the task.
"""

from __future__ import annotations

from .csv_options import CsvOptions, flag, parse_mode
from .listing import display
from .parquet_format import ParquetReader, read_error
from .storefile import open_store_file


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


def _zone(tz: str):
    import datetime
    import zoneinfo
    return datetime.timezone.utc if tz.upper() in ("UTC", "Z", "GMT") else \
        zoneinfo.ZoneInfo(tz)


def _lines(url: str, size: int, start: int, end: int):
    from ..execution.engine_bridge import read_lines
    return read_lines(url, start, end) if size else iter(())


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
            return orc.ORCFile(open_store_file(url, size))
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
