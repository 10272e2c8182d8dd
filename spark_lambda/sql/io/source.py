"""The scan a ``FileRelation`` holds: files of one format, their schema and their splits.

Built on the driver by ``spark.read`` (``FileSource``): it lists the files (``listing``),
settles the schema (given, or read from a Parquet footer, a CSV header and values, JSON
records) with the partition columns after the data columns, and cuts splits: a Parquet
file's runs of row groups, or byte ranges of a CSV/JSON/text file of at most
``spark.sql.files.maxPartitionBytes`` (a whole file for ``multiLine`` and compressed files),
read with the engine's line rule so that a record crossing a boundary is read once. Splits
whose partition values fail the pushed filters are dropped on the driver. ``scan_rdd`` runs
one ``FileScan`` task per split, which reads only that split (and, for Parquet, only the
needed columns) and returns an Arrow table of the needed columns named by attribute id, or,
for a local Parquet file, a ``ParquetSplit`` that the task's DuckDB reads in place.
"""

from __future__ import annotations

from ... import keys
from ..catalyst import expressions as ex
from . import formats
from .listing import display, list_inputs
from .partitions import infer_type

MAX_SPLIT_BYTES = 128 << 20
OPEN_COST_BYTES = 4 << 20


class FileSource:
    """Files of one format (``parquet``, ``csv``, ``json``, ``text``) and how to scan them."""

    def __init__(self, fmt: str, paths: list, schema, options: dict, session):
        from ..types import StructField, StructType
        sc = session.sparkContext
        self.format, self.options = fmt, dict(options)
        self.tz = session.conf.get("spark.sql.session.timeZone", "UTC")
        self.store_options = dict(getattr(sc, "store_options", {}) or {})
        self.files = list_inputs(paths, self.store_options)
        self.reader = formats.reader(fmt, self.options, self.tz)
        if not self.files and schema is None:
            from ..errors import AnalysisException
            raise AnalysisException(f"Unable to infer schema for {fmt.capitalize()}. It must "
                                    "be specified manually.", "UNABLE_TO_INFER_SCHEMA",
                                    {"format": fmt}, "42KD9")
        threads = keys.typed("spark.lambda.sql.footerThreads",
                             session.conf.get("spark.lambda.sql.footerThreads",
                                              str(keys.REGISTRY["spark.lambda.sql.footerThreads"].default)))
        self.footers = self.reader.footers(self.files, threads) if fmt == "parquet" else None
        data = schema if schema is not None else self.reader.infer(self.files, self.footers)
        part_names = []
        for f in self.files:
            part_names += [k for k in f.partition if k not in part_names]
        known = {f.name.lower() for f in data.fields}
        self.partition_columns = [k for k in part_names if k.lower() not in known]
        fields = list(data.fields)
        fields += [StructField(k, infer_type([f.partition.get(k) for f in self.files]), True)
                   for k in self.partition_columns]
        self.data_fields = [f for f in data.fields]
        self.schema = StructType(fields)
        self.max_split = int(session.conf.get("spark.sql.files.maxPartitionBytes",
                                              str(MAX_SPLIT_BYTES)))
        self.parallelism = max(1, int(getattr(sc, "defaultParallelism", 2) or 2))

    def estimated_size(self, attrs) -> int:
        """Bytes on disk, scaled by the fraction of the columns read."""
        total = sum(f.size for f in self.files)
        return total * max(1, len(attrs)) // max(1, len(self.schema.fields))

    def read_bytes(self, attrs, filters=()) -> int:
        """The bytes a scan of ``attrs`` reads, from the footers: for a Parquet file DuckDB
        reads in place (``in_place_columns``) the compressed chunks of those columns in the
        row groups that survive partition pruning; for one read into Arrow tables first
        (remote, or of other types) their uncompressed bytes, about the memory the tables
        take; for the other formats the sizes of the surviving splits."""
        splits = self.pruned_splits(attrs, filters)
        if self.footers is None:
            return sum(end - start for _, start, end in splits)
        names = {a.name.lower() for a in attrs}
        columns = [(a.expr_id, a.name, a.dtype) for a in attrs]
        total = 0
        for i, start, end in splits:
            footer = self.footers[i]
            chunks = footer.column_bytes if in_place_columns(self.files[i].url, footer,
                                                             columns) else \
                footer.column_raw_bytes
            total += sum(sum(chunks[n][start:end]) for n in names if n in chunks)
        return total

    def split_size(self) -> int:
        """Bytes a split aims at, as Spark's ``maxSplitBytes``: the data spread over the
        default parallelism, at least 4 MiB (a file's open cost), at most
        ``spark.sql.files.maxPartitionBytes``."""
        total = sum(f.size for f in self.files)
        return max(1, min(self.max_split, max(OPEN_COST_BYTES, total // self.parallelism)))

    def splits(self) -> list:
        """``(file index, start, end)``: runs of row groups for Parquet (a file of B bytes
        in ceil(B / ``split_size``) runs of about equal bytes), byte ranges for the
        others; the largest first, as Spark orders a scan's splits (so rows come in Spark's
        order)."""
        size = self.split_size()
        if self.footers is not None:
            out = []
            for i, footer in enumerate(self.footers):
                sizes = footer.row_group_bytes
                total = sum(sizes)
                runs = max(1, -(-total // size))
                start, acc, cut = 0, 0, 1
                for g, b in enumerate(sizes):   # cut after the row group reaching j/runs
                    acc += b
                    if g + 1 < len(sizes) and acc >= total * cut / runs:
                        out.append((i, start, g + 1))
                        start, cut = g + 1, cut + 1
                out.append((i, start, footer.row_groups))
            return sorted(out, key=lambda sp: -sum(
                self.footers[sp[0]].row_group_bytes[sp[1]:sp[2]]))
        out = []
        for i, f in enumerate(self.files):
            if self.reader.whole_files or f.url.endswith((".gz", ".bz2")) or f.size <= size:
                out.append((i, 0, f.size))
                continue
            out += [(i, s, min(s + size, f.size)) for s in range(0, f.size, size)]
        return sorted(out, key=lambda sp: sp[1] - sp[2])

    def pruned_splits(self, attrs, filters) -> list:
        """The splits whose partition values may satisfy the pushed filters."""
        splits = self.splits()
        part_ids = {a.expr_id for a in attrs if a.name in self.partition_columns}
        usable = [f for f in filters if ex.references(f) and ex.references(f) <= part_ids]
        if not usable:
            return splits
        import duckdb
        import pyarrow as pa
        from ..execution.expr_sql import ExprSql, cast_sql
        from ..types import StringType
        cols = {a.expr_id: a for a in attrs if a.expr_id in part_ids}
        table = pa.table({f"_{i}": pa.array([f.partition.get(a.name) for f in self.files],
                                            pa.string()) for i, a in cols.items()})
        select = ", ".join(cast_sql(f'"_{i}"', StringType(), a.dtype) + f' AS "_{i}"'
                           for i, a in cols.items())
        where = " AND ".join(ExprSql().sql(f) for f in usable)
        con = duckdb.connect()
        con.register("parts", table)
        keep = {r[0] for r in con.execute(
            f"SELECT i FROM (SELECT row_number() OVER () - 1 AS i, {select} FROM parts) "
            f"WHERE {where}").fetchall()}
        con.close()
        return [s for s in splits if s[0] in keep]

    def scan_rdd(self, sc, attrs, filters=(), one_task: bool = False):
        """An RDD of ``("out", table)``: each split's needed columns, named by attribute id
        (a ``ParquetSplit`` where DuckDB may read the file itself); with ``one_task``, one
        partition reading every split, a Parquet file's row groups as one split."""
        splits = self.pruned_splits(attrs, filters) or [(-1, 0, 0)]
        if one_task and self.footers is not None:
            splits = [(i, 0, self.footers[i].row_groups)
                      for i in dict.fromkeys(i for i, _, _ in splits)]
        task = FileScan(self.reader, [(f.url, f.size, f.partition) for f in self.files],
                        self.data_fields, [(a.expr_id, a.name, a.dtype) for a in attrs],
                        self.footers, (self.max_split, OPEN_COST_BYTES, self.parallelism))
        return sc.parallelize(splits, 1 if one_task else len(splits)).map(task)


class FileScan:
    """Reads one split (on an executor) and keeps the needed columns."""

    def __init__(self, reader, files, data_fields, columns, footers=None, policy=None):
        self.reader, self.files = reader, files
        self.data_fields, self.columns = data_fields, columns
        self.footers = footers            # Parquet: each file's ``parquet_footer.Footer``
        self.policy = policy              # (max split bytes, open cost bytes, parallelism)

    def __call__(self, split):
        self._count(split)
        return ("out", self._in_place(split) or self.read_table(split))

    def _count(self, split) -> None:
        """The split in the task's metrics, which ``spark-lambda plan`` grows a scan by: the
        bytes it covers (its row groups' compressed bytes, or its byte range) and its file's,
        its row groups, and the rule that cut it (``split_size``'s maximum, open cost and
        parallelism)."""
        from ...taskcontext import TaskContext
        tc = TaskContext.get()
        i, start, end = split
        if tc is None or tc.task is None or i < 0:
            return
        m = tc.metrics
        parquet = self.footers is not None
        covered = sum(self.footers[i].row_group_bytes[start:end]) if parquet else end - start
        whole = sum(self.footers[i].row_group_bytes) if parquet else self.files[i][1]
        m["scan_split_bytes"] = m.get("scan_split_bytes", 0) + covered
        m["scan_file_bytes"] = m.get("scan_file_bytes", 0) + whole
        m["scan_row_groups"] = m.get("scan_row_groups", 0) + (end - start if parquet else 0)
        if self.policy:
            m["scan_max_split_bytes"], m["scan_open_bytes"], m["scan_parallelism"] = self.policy

    def _in_place(self, split):
        """A ``ParquetSplit`` when DuckDB can read ``split`` where it lies: a local Parquet
        file holding every needed column with the Arrow type the plan expects."""
        i, start, end = split
        if self.footers is None or i < 0 or end <= start:
            return None
        found = in_place_columns(self.files[i][0], self.footers[i], self.columns)
        if found is None:
            return None
        footer = self.footers[i]
        rows = (footer.row_starts[start], footer.row_starts[end])
        return ParquetSplit(self, split, found[0], rows, found[1])

    def read_table(self, split):
        """The split's needed columns as an Arrow table, read by the format's reader."""
        import pyarrow as pa
        from ..execution.arrow_io import arrow_type
        i, start, end = split
        names = [f"_{c}" for c, _, _ in self.columns]
        if i < 0:
            return pa.schema([pa.field(n, arrow_type(t)) for n, (_, _, t)
                              in zip(names, self.columns)]).empty_table()
        url, size, partition = self.files[i]
        lower = {f.name.lower(): f for f in self.data_fields}
        wanted = [lower[n.lower()] for _, n, _ in self.columns if n.lower() in lower]
        try:
            data, rows = self.reader.read(url, size, start, end, self.data_fields, wanted) \
                if self.footers is None else \
                self.reader.read(url, size, start, end, self.data_fields, wanted, self.footers[i])
        except OSError as e:
            from .formats import read_error
            raise read_error(url, e) from None
        arrays = []
        for _, name, dtype in self.columns:
            at = arrow_type(dtype)
            if name.lower() in lower:
                col = data[lower[name.lower()].name]
                arrays.append(col.cast(at) if col.type != at else col)
            else:
                arrays.append(pa.array([partition.get(name)] * rows, pa.string()).cast(at))
        table = pa.table(arrays, names=names) if arrays else \
            pa.table({"_": pa.array([None] * rows, pa.null())})
        return table.replace_schema_metadata(input_file_metadata(url, start, end))


def input_file_metadata(url: str, start: int, end: int) -> dict:
    """What ``input_file_name()`` and ``input_file_block_*()`` read: the file's URI and the
    split's byte range, kept in the split's table's schema metadata."""
    uri = url if "://" in url else "file://" + url
    return {"spark.input_file": uri, "spark.input_start": str(start),
            "spark.input_length": str(end - start)}


def in_place_columns(url: str, footer, columns: list):
    """``(local path, [(file column, name in the plan)])`` when DuckDB can read ``columns``
    (``(expr id, name, type)``) of the Parquet file ``url`` where it lies: a local file holding
    every one with the Arrow type the plan expects (text in any layout); else None."""
    from ..execution.arrow_io import arrow_type
    from ..execution.engine_bridge import split_url
    scheme, _, path = split_url(url)
    if scheme != "file" or not columns:
        return None
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
    """Row groups of a local Parquet file, for the task's DuckDB to read in place: its own
    Parquet reader reads only the needed columns of those row groups and takes the query's
    filters into the scan, with no Arrow table in between (``view_sql``). Anything else that
    meets the record asks for the table (``read_table``)."""

    def __init__(self, scan: FileScan, split, path: str, rows: tuple, columns: list):
        self.scan, self.split, self.path = scan, split, path
        self.rows, self.columns = rows, columns   # [first, end) row; (file column, name)

    def view_sql(self) -> str:
        """A SELECT of the split's rows, columns named as the plan names them."""
        cols = ", ".join('"{}" AS "{}"'.format(src.replace('"', '""'), out)
                         for src, out in self.columns)
        path = self.path.replace("'", "''")
        lo, hi = self.rows
        if lo == 0 and hi == self.scan.footers[self.split[0]].row_starts[-1]:
            return f"SELECT {cols} FROM read_parquet('{path}')"   # the whole file
        return (f"SELECT {cols} FROM read_parquet('{path}', file_row_number = true) "
                f"WHERE file_row_number >= {lo} AND file_row_number < {hi}")

    def read_table(self):
        """The split as an Arrow table."""
        return self.scan.read_table(self.split)

    def input_file(self) -> dict:
        """The split's ``input_file_metadata`` (its range in row groups)."""
        i, start, end = self.split
        return input_file_metadata(self.scan.files[i][0], start, end)

    def read_extent(self) -> tuple:
        """``(rows, bytes)``: the split's rows and its row groups' compressed bytes."""
        i, start, end = self.split
        return self.rows[1] - self.rows[0], sum(self.scan.footers[i].row_group_bytes[start:end])


__all__ = ["FileSource", "FileScan", "ParquetSplit", "display"]
