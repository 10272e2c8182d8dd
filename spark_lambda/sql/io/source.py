"""The scan a ``FileRelation`` holds: files of one format, their schema and their splits.

Built on the driver by ``spark.read`` (``FileSource``): it lists the files (``listing``),
settles the schema (given, or read from a Parquet footer, a CSV header and values, JSON
records) with the partition columns after the data columns, and cuts splits: a Parquet
file's runs of row groups, or byte ranges of a CSV/JSON/text file of at most
``spark.sql.files.maxPartitionBytes`` (a whole file for ``multiLine`` and compressed files),
read with the engine's line rule so that a record crossing a boundary is read once. A Parquet
scan of more files than ``spark.lambda.sql.driverFooters.maxFiles`` is cut as Spark cuts it,
with no footer read on the driver but the schema's: byte ranges packed into tasks
(``file_partitions``), each task reading its file's footer and keeping the row groups whose
middle lies in its range (``FileScan.row_group_split``). Splits
whose partition values fail the pushed filters are dropped on the driver. ``scan_rdd`` runs
one ``FileScan`` task per split, which reads only that split (and, for Parquet, only the
needed columns) and returns an Arrow table of the needed columns named by attribute id, or,
for a Parquet file, a ``ParquetSplit`` that the task's DuckDB reads in place: from disk, or
from the bytes the task fetched of a file on a store (``store_fs.py``).
"""

from __future__ import annotations

from ... import keys
from ..catalyst import expressions as ex
from . import file_partitions, formats, store_fs
from .csv_options import flag
from .listing import display, list_inputs
from .parquet_format import read_error
from .parquet_split import ParquetSplit, in_place_columns, input_file_metadata
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
        self.byte_ranges = fmt == "parquet" and not flag(self.options, "mergeSchema", False) \
            and not keys.driver_reads_footers(
                len(self.files), session._setting("spark.lambda.sql.driverFooters.maxFiles"))
        # Parquet on an object store read by the task's DuckDB itself (``store_fs.py``)
        self.store_in_place = fmt == "parquet" and \
            session._setting("spark.lambda.sql.parquet.storeInPlace")
        self.footers = None   # Parquet with row-group splits: every file's footer
        if fmt == "parquet":
            read = self.files[:1 if schema is None else 0] if self.byte_ranges else self.files
            footers = self.reader.footers(read, session._setting("spark.lambda.sql.footerThreads"))
            self.footers = None if self.byte_ranges else footers
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
        return self._column_share(sum(f.size for f in self.files), attrs)

    def _column_share(self, nbytes: int, attrs) -> int:
        """``nbytes`` scaled by the fraction of the columns ``attrs`` read (Spark's sizeInBytes)."""
        return nbytes * max(1, len(attrs)) // max(1, len(self.schema.fields))

    def read_bytes(self, attrs, filters=()) -> int:
        """The bytes a scan of ``attrs`` reads, from the footers: for a Parquet file DuckDB
        reads in place (``in_place_columns``) the compressed chunks of those columns in the
        row groups that survive partition pruning; for one read into Arrow tables first
        (nested columns, or a store's file with ``spark.lambda.sql.parquet.storeInPlace``
        off) their uncompressed bytes, about the memory the tables
        take; for Parquet cut in byte ranges (no footers) the surviving files' bytes scaled by
        the fraction of the columns read; for the other formats the sizes of the surviving
        splits."""
        splits = self.pruned_splits(attrs, filters)
        if self.byte_ranges:
            return self._column_share(sum(end - start for _, start, end in splits), attrs)
        if self.footers is None:
            return sum(end - start for _, start, end in splits)
        names = {a.name.lower() for a in attrs}
        columns = [(a.expr_id, a.name, a.dtype) for a in attrs]
        total = 0
        for i, start, end in splits:
            footer = self.footers[i]
            chunks = footer.column_bytes if in_place_columns(self.files[i].url, footer, columns,
                                                             self.store_in_place) else \
                footer.column_raw_bytes
            total += sum(sum(chunks[n][start:end]) for n in names if n in chunks)
        return total

    def split_size(self) -> int:
        """Bytes a split aims at, as Spark's ``maxSplitBytes``: the data spread over the
        default parallelism, at least 4 MiB (a file's open cost), at most
        ``spark.sql.files.maxPartitionBytes`` (``file_partitions.split_size``; a file's open
        cost counted in the data for Parquet cut in byte ranges, as Spark counts it)."""
        return file_partitions.split_size([f.size for f in self.files], self.max_split,
                                          OPEN_COST_BYTES, self.parallelism, self.byte_ranges)

    def splits(self) -> list:
        """``(file index, start, end)``: runs of row groups for Parquet whose footers the
        driver read (a file of B bytes in ceil(B / ``split_size``) runs of about equal
        bytes), byte ranges for the others (``file_partitions.byte_splits`` for Parquet of
        more files than ``spark.lambda.sql.driverFooters.maxFiles``); the largest first, as
        Spark orders a scan's splits (so rows come in Spark's order)."""
        size = self.split_size()
        if self.byte_ranges:
            return file_partitions.byte_splits([f.size for f in self.files], size)
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

    def partitions(self, attrs, filters=()) -> list:
        """The scan's tasks, each a list of splits: one split a task, or for Parquet cut in
        byte ranges the splits packed as Spark packs them (``file_partitions.pack``)."""
        splits = self.pruned_splits(attrs, filters)
        if self.byte_ranges:
            return file_partitions.pack(splits, self.split_size(), OPEN_COST_BYTES)
        return [[sp] for sp in splits]

    def _whole_files(self, splits: list) -> list:
        """The splits one task reads: each Parquet file's whole (its row groups, or its bytes)
        as one split; the other formats' splits as they are."""
        if self.format != "parquet":
            return splits
        return [(i, 0, 0 if i < 0 else self.files[i].size if self.byte_ranges
                 else self.footers[i].row_groups) for i in dict.fromkeys(i for i, _, _ in splits)]

    def scan_rdd(self, sc, attrs, filters=(), one_task: bool = False):
        """An RDD of ``("out", table)``: each split's needed columns, named by attribute id
        (a ``ParquetSplit`` where DuckDB may read the file itself), a partition per task of
        ``partitions``; with ``one_task``, one partition reading every split, a Parquet file
        whole as one split."""
        parts = self.partitions(attrs, filters) or [[(-1, 0, 0)]]
        if one_task:
            parts = [self._whole_files([sp for part in parts for sp in part])]
        task = FileScan(self.reader, [(f.url, f.size, f.partition) for f in self.files],
                        self.data_fields, [(a.expr_id, a.name, a.dtype) for a in attrs],
                        self.footers, (self.max_split, OPEN_COST_BYTES, self.parallelism),
                        self.byte_ranges, self.store_in_place)
        return sc.parallelize(parts, len(parts)).flatMap(task.each)


class FileScan:
    """Reads one split (on an executor) and keeps the needed columns."""

    def __init__(self, reader, files, data_fields, columns, footers=None, policy=None,
                 byte_ranges: bool = False, store_in_place: bool = False):
        self.reader, self.files = reader, files
        self.store_in_place = store_in_place   # Parquet on a store read by DuckDB in place
        self.data_fields, self.columns = data_fields, columns
        self.footers = footers            # Parquet: each file's ``parquet_footer.Footer``
        self.policy = policy              # (max split bytes, open cost bytes, parallelism)
        self.byte_ranges = byte_ranges    # Parquet splits are byte ranges: the task reads footers
        self.parquet = footers is not None or byte_ranges

    def each(self, splits: list) -> list:
        """``self(split)`` of each of a task's splits."""
        return [self(sp) for sp in splits]

    def __call__(self, split):
        groups, footer = self.row_group_split(split)
        self._count(groups, footer)
        span = split if self.byte_ranges else groups   # what input_file_block_* report
        return ("out", self._in_place(groups, footer, span) or self.read_table(groups, span))

    def row_group_split(self, split) -> tuple:
        """``(split, footer)``: for Parquet the split as ``(file, first row group, end)`` and
        its file's ``Footer`` (a byte range's row groups are those whose middle lies in it,
        read from the footer in the task: ``Footer.groups_in``); else as it is, and None."""
        i, start, end = split
        if not self.parquet or i < 0:
            return split, None
        if not self.byte_ranges:
            return split, self.footers[i]
        url, size, _ = self.files[i]
        footer = self.reader.footer(url, size)
        groups = footer.groups_in(start, end)
        if not groups:
            return (i, 0, 0), footer
        if groups[-1] - groups[0] + 1 != len(groups):
            raise read_error(url, ValueError("its row groups are not in the order of their bytes"))
        return (i, groups[0], groups[-1] + 1), footer

    def _count(self, split, footer) -> None:
        """The split in the task's metrics, which ``spark-lambda plan`` grows a scan by: the
        bytes it covers (its row groups' compressed bytes, or its byte range) and its file's,
        its row groups, the splits counted, and the rule that cut it (``split_size``'s maximum, open cost and
        parallelism)."""
        from ...taskcontext import TaskContext
        tc = TaskContext.get()
        i, start, end = split
        if tc is None or tc.task is None or i < 0:
            return
        m = tc.metrics
        parquet = footer is not None
        covered = sum(footer.row_group_bytes[start:end]) if parquet else end - start
        whole = sum(footer.row_group_bytes) if parquet else self.files[i][1]
        m["scan_split_bytes"] = m.get("scan_split_bytes", 0) + covered
        m["scan_file_bytes"] = m.get("scan_file_bytes", 0) + whole
        m["scan_row_groups"] = m.get("scan_row_groups", 0) + (end - start if parquet else 0)
        m["scan_splits"] = m.get("scan_splits", 0) + 1
        if self.policy:
            m["scan_max_split_bytes"], m["scan_open_bytes"], m["scan_parallelism"] = self.policy

    def _in_place(self, split, footer, span):
        """A ``ParquetSplit`` when DuckDB can read ``split`` (of row groups of the file whose
        ``footer`` is given) where it lies: a local Parquet file holding every needed column
        with the Arrow type the plan expects."""
        i, start, end = split
        if footer is None or i < 0 or end <= start:
            return None
        url, size, _ = self.files[i]
        found = in_place_columns(url, footer, self.columns, self.store_in_place)
        if found is None:
            return None
        path, picked, source = found[0], found[1], None
        if path is None:   # on a store: fetch what DuckDB reads, and name the file for it
            if not store_fs.available():
                return None
            path, source = self.reader.store_in_place(url, size, start, end,
                                                      [c for c, _ in picked], footer)
        rows = (footer.row_starts[start], footer.row_starts[end])
        return ParquetSplit(self, split, path, rows, picked, footer, span, source)

    def read_table(self, split, span=None):
        """The split's needed columns as an Arrow table, read by the format's reader; its
        ``input_file_metadata`` names ``span`` (the split's byte range, or its row groups for
        Parquet whose footers the driver read), else ``split``."""
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
        planned = {} if self.footers is None else {"footer": self.footers[i]}   # Parquet's
        try:
            data, rows = self.reader.read(url, size, start, end, self.data_fields, wanted,
                                          **planned)
        except OSError as e:
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
        return table.replace_schema_metadata(input_file_metadata(url, *(span or split)[1:]))


__all__ = ["FileSource", "FileScan", "ParquetSplit", "display"]
