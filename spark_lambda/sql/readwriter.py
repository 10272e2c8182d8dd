"""``spark.read`` (``DataFrameReader``) and ``df.write`` (``DataFrameWriter``)."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .dataframe import DataFrame


class DataFrameReader:
    """Reads files into DataFrames: ``format(...).option(...).schema(...).load(path)``."""

    def __init__(self, session):
        self._session = session
        self._format = "parquet"
        self._options: dict = {}
        self._schema = None

    def format(self, source: str) -> "DataFrameReader":
        """The file format (``parquet``, ``csv``, ``json``, ``text``)."""
        self._format = source.lower()
        return self

    def option(self, key: str, value) -> "DataFrameReader":
        """One reader option."""
        self._options[key.lower()] = value
        return self

    def options(self, **options) -> "DataFrameReader":
        """Several reader options."""
        for k, v in options.items():
            self.option(k, v)
        return self

    def schema(self, schema) -> "DataFrameReader":
        """The schema to read with (a StructType or a DDL string)."""
        if isinstance(schema, str):
            from .ddl import parse_schema
            schema = parse_schema(schema)
        self._schema = schema
        return self

    def load(self, path=None, format=None, schema=None, **options) -> DataFrame:  # noqa: A002
        """Read the files at ``path`` (a path, a glob, a directory, a comma list or a list of
        them) in the chosen format."""
        if format:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**{k: v for k, v in options.items() if v is not None})
        paths = [path] if isinstance(path, str) else list(path or [])
        from .io.source import FileSource
        source = FileSource(self._format, paths, self._schema, self._options, self._session)
        attrs = tuple(ex.Attr(f.name, f.dataType, f.nullable) for f in source.schema.fields)
        return DataFrame(lp.FileRelation(attrs, lp.Opaque(source)), self._session)

    def parquet(self, *paths: str, **options) -> DataFrame:
        """Read Parquet files."""
        return self.format("parquet").load(list(paths), **options)

    def csv(self, path, schema=None, **options) -> DataFrame:
        """Read CSV files (``header``, ``inferSchema``, ``sep``, ``quote``, ``escape``,
        ``nullValue``, ``emptyValue``, ``comment``, ``mode``, ``multiLine``...)."""
        return self.format("csv").load(path, schema=schema, **options)

    def json(self, path, schema=None, **options) -> DataFrame:
        """Read JSON lines (or whole JSON files with ``multiLine=True``)."""
        return self.format("json").load(path, schema=schema, **options)

    def text(self, paths, wholetext: bool = False, **options) -> DataFrame:
        """Read text files: one ``value`` string per line (per file with ``wholetext``)."""
        return self.format("text").load(paths, wholetext=wholetext, **options)

    def table(self, tableName: str) -> DataFrame:
        """A temporary view."""
        return self._session.table(tableName)


class DataFrameWriter:
    """Writes a DataFrame's rows (not available yet beyond this stub)."""

    def __init__(self, df):
        self._df = df
