"""``spark.read`` (``DataFrameReader``) and ``df.write`` (``DataFrameWriter``)."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .dataframe import DataFrame
from .errors import PySparkTypeError


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

    def orc(self, path, **options) -> DataFrame:
        """Read ORC files (a file is one split)."""
        return self.format("orc").load(path, **options)

    def csv(self, path, schema=None, **options) -> DataFrame:
        """Read CSV files (``header``, ``inferSchema``, ``sep``, ``quote``, ``escape``,
        ``nullValue``, ``emptyValue``, ``comment``, ``mode``, ``multiLine``...)."""
        return self.format("csv").load(path, schema=schema, **options)

    def json(self, path, schema=None, **options) -> DataFrame:
        """Read JSON lines (or whole JSON files with ``multiLine=True``); ``path`` may also be
        an RDD of JSON strings or a DataFrame whose first column holds them."""
        if hasattr(path, "mapPartitions") or isinstance(path, DataFrame):
            from .io.json_dataset import read_json_dataset
            if schema is not None:
                self.schema(schema)
            self._options.update({k.lower(): v for k, v in options.items()})
            strings = path.rdd.map(lambda row: row[0]) if isinstance(path, DataFrame) else path
            attrs, rdd = read_json_dataset(self._session, strings, self._schema, self._options)
            return DataFrame(lp.RddRelation(attrs, lp.Opaque(rdd)), self._session)
        return self.format("json").load(path, schema=schema, **options)

    def xml(self, path, rowTag: str | None = None, schema=None, **options) -> DataFrame:
        """Read XML: each ``rowTag`` element a row (``attributePrefix``, ``valueTag``,
        ``inferSchema``, ``mode``...); ``path`` may also be an RDD of XML strings or a
        DataFrame whose first column holds them."""
        if rowTag is not None:
            self.option("rowTag", rowTag)
        if hasattr(path, "mapPartitions") or isinstance(path, DataFrame):
            from .io.xml_dataset import read_xml_dataset
            if schema is not None:
                self.schema(schema)
            self._options.update({k.lower(): v for k, v in options.items() if v is not None})
            strings = path.rdd.map(lambda row: row[0]) if isinstance(path, DataFrame) else path
            attrs, rdd = read_xml_dataset(self._session, strings, self._schema, self._options)
            return DataFrame(lp.RddRelation(attrs, lp.Opaque(rdd)), self._session)
        return self.format("xml").load(path, schema=schema, **options)

    def text(self, paths, wholetext: bool = False, **options) -> DataFrame:
        """Read text files: one ``value`` string per line (per file with ``wholetext``)."""
        return self.format("text").load(paths, wholetext=wholetext, **options)

    def table(self, tableName: str) -> DataFrame:
        """A temporary view or a table."""
        return self._session.table(tableName)


class DataFrameWriter:
    """Writes a DataFrame's rows to files: ``mode(...).partitionBy(...).option(...).parquet(path)``
    (or ``csv``, ``json``, ``text``, ``save(path, format=...)``)."""

    def __init__(self, df):
        self._df = df
        self._format = "parquet"
        self._mode = "error"
        self._options: dict = {}
        self._partition_by: list = []
        self._cluster_by: list = []
        self._bucket_by: tuple | None = None   # (numBuckets, columns)
        self._sort_by: list = []
        self._table_buckets: dict | None = None   # a bucketed table's spec, on insert
        self._format_set = False

    def mode(self, saveMode: str | None) -> "DataFrameWriter":
        """``error``/``errorifexists`` (the default), ``overwrite``, ``append`` or ``ignore``."""
        if saveMode is not None:
            self._mode = saveMode.lower()
        return self

    def format(self, source: str) -> "DataFrameWriter":
        """The file format (``parquet``, ``csv``, ``json``, ``text``)."""
        self._format = source.lower()
        self._format_set = True
        return self

    def option(self, key: str, value) -> "DataFrameWriter":
        """One writer option (``header``, ``sep``, ``compression``...)."""
        if value is not None:
            self._options[key.lower()] = value
        return self

    def options(self, **options) -> "DataFrameWriter":
        """Several writer options."""
        for k, v in options.items():
            self.option(k, v)
        return self

    def partitionBy(self, *cols) -> "DataFrameWriter":
        """Write Hive-style ``col=value/`` directories for these columns."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        self._partition_by = list(cols)
        return self

    def bucketBy(self, numBuckets: int, col, *cols) -> "DataFrameWriter":
        """Bucket the rows of a table written by ``saveAsTable`` into ``numBuckets`` by the
        Murmur3 hash of ``col`` (and ``cols``), one file per bucket and task."""
        if isinstance(numBuckets, bool) or not isinstance(numBuckets, int):
            raise PySparkTypeError(f"Argument `numBuckets` should be int, got "
                                   f"{type(numBuckets).__name__}.", "NOT_EXPECTED_TYPE")
        names = list(col) if isinstance(col, (list, tuple)) else [col, *cols]
        self._bucket_by = (numBuckets, names)
        return self

    def sortBy(self, col, *cols) -> "DataFrameWriter":
        """Sort each bucket's rows by these columns (with ``bucketBy``)."""
        self._sort_by = list(col) if isinstance(col, (list, tuple)) else [col, *cols]
        return self

    def _check_buckets(self, method: str) -> None:
        from .buckets import sort_without_buckets, unsupported
        if self._bucket_by is not None:
            raise unsupported(method)
        if self._sort_by:
            raise sort_without_buckets()

    def save(self, path: str | None = None, format: str | None = None,  # noqa: A002
             mode: str | None = None, partitionBy=None, **options) -> None:
        """Write the rows under ``path`` through the output commit protocol."""
        self._check_buckets("save")
        if format:
            self.format(format)
        self.mode(mode)
        if partitionBy:
            self.partitionBy(partitionBy)
        self.options(**options)
        if path is None:
            from .errors import IllegalArgumentException
            raise IllegalArgumentException("'path' is not specified.")
        from .io.writer import save
        if self._format == "xml":
            from .io.xml_format import XmlOptions
            XmlOptions(self._options)   # XML_ROW_TAG_MISSING before any task runs
        elif self._format not in ("parquet", "csv", "json", "text", "orc"):
            from .io.formats import reader
            reader(self._format, {}, "UTC")  # raises DATA_SOURCE_NOT_FOUND
        save(self._df, path, self._format, self._mode, self._partition_by, self._options,
             self._table_buckets)

    def xml(self, path: str, rowTag: str | None = None, mode: str | None = None,
            **options) -> None:
        """Write XML files: a ``rootTag`` element (``ROWS``) holding one ``rowTag`` element
        per row."""
        if rowTag is not None:
            self.option("rowTag", rowTag)
        self.format("xml").save(path, mode=mode, **options)

    def parquet(self, path: str, mode: str | None = None, partitionBy=None,
                compression: str | None = None) -> None:
        """Write Parquet files (snappy by default)."""
        self.format("parquet").save(path, mode=mode, partitionBy=partitionBy,
                                    compression=compression)

    def orc(self, path: str, mode: str | None = None, partitionBy=None,
            compression: str | None = None) -> None:
        """Write ORC files (snappy by default)."""
        self.format("orc").save(path, mode=mode, partitionBy=partitionBy,
                                compression=compression)

    def clusterBy(self, *cols) -> "DataFrameWriter":
        """The columns to cluster the data by: kept in a table's metadata by ``saveAsTable``
        (its ``clusteringColumns`` property, as Spark writes it); files are not reordered."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        self._cluster_by = list(cols)
        return self

    def csv(self, path: str, mode: str | None = None, **options) -> None:
        """Write CSV files (``header``, ``sep``, ``quote``, ``escape``, ``nullValue``...)."""
        self.format("csv").save(path, mode=mode, **options)

    def json(self, path: str, mode: str | None = None, **options) -> None:
        """Write JSON lines (null fields left out, as Spark writes them)."""
        self.format("json").save(path, mode=mode, **options)

    def text(self, path: str, **options) -> None:
        """Write the single string column as lines."""
        self.format("text").save(path, **options)

    def saveAsTable(self, name: str, format: str | None = None,  # noqa: A002
                    mode: str | None = None, partitionBy=None, **options) -> None:
        """Write the rows as a persistent table under ``spark.sql.warehouse.dir`` (modes as
        ``save``; ``append`` matches columns by name)."""
        from .tables import save_as_table
        self.mode(mode)
        if partitionBy:
            self.partitionBy(partitionBy)
        self.options(**options)
        fmt = format or (self._format if self._format_set else None)
        buckets = None
        if self._bucket_by is not None:
            from .buckets import bucket_spec
            from .tables import split_name
            db, table = split_name(self._df.sparkSession, name)
            buckets = bucket_spec(self._df, f"`spark_catalog`.`{db}`.`{table}`",
                                  self._bucket_by[0], self._bucket_by[1], self._sort_by)
        elif self._sort_by:
            from .buckets import sort_without_buckets
            raise sort_without_buckets()
        save_as_table(self._df.sparkSession, name, self._df, self._mode, fmt,
                      self._partition_by, self._options, buckets)
        if self._cluster_by:
            from .tables import set_fields
            import json
            set_fields(self._df.sparkSession, name, properties={"clusteringColumns": json.dumps(
                [c.split(".") for c in self._cluster_by], separators=(",", ":"))})

    def insertInto(self, tableName: str, overwrite: bool | None = None) -> None:
        """Insert the rows into an existing table, columns matched by position."""
        self._check_buckets("insertInto")
        from .tables import insert
        insert(self._df.sparkSession, tableName, self._df,
               overwrite=bool(overwrite) or self._mode == "overwrite")
