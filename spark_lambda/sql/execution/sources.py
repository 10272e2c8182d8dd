"""Scan sources: ``spark.range`` slices and Parquet files split by file and row groups.

``ParquetSource`` is built on the driver by ``spark.read``: it lists the paths (globs,
directories, Hive-style ``key=value`` partition directories; ``s3://`` objects and prefixes
through the engine's stores, read with ranged GETs), reads the schema from the first
file's footer and the row-group counts from each footer. ``scan_rdd`` gives one task per split
(a file's run of row groups); a task reads only the needed columns of its row groups and adds
the partition values as constant columns. Splits whose partition values fail the pushed
filters are pruned on the driver (evaluated by DuckDB over a table of partition values).
"""

from __future__ import annotations

import glob
import os

from ..catalyst import expressions as ex


def range_slices(p) -> list:
    """``(start, end, step)`` of each slice of a RangeRelation."""
    values = range(p.start, p.end, p.step)
    n = max(1, p.slices)
    size = len(values)
    out = []
    for i in range(n):
        lo, hi = i * size // n, (i + 1) * size // n
        sub = values[lo:hi]
        out.append((sub.start, sub.stop, sub.step) if len(sub) else (0, 0, 1))
    return out


def _remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def list_files(paths: list) -> list:
    """The data files under ``paths`` (globs and directories expanded; ``_``/``.`` skipped);
    ``s3://`` paths name an object or a prefix, listed through the engine's store."""
    from ..errors import AnalysisException
    out = []
    for path in paths:
        if _remote(path):
            out.extend(_list_remote(path))
            continue
        path = path[len("file://"):] if path.startswith("file://") else path
        matches = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
        if not matches or not all(os.path.exists(m) for m in matches):
            raise AnalysisException(f"Path does not exist: file:{os.path.abspath(path)}.",
                                    "PATH_NOT_FOUND", {"path": path}, "42K03")
        for m in matches:
            if os.path.isdir(m):
                for root, dirs, files in os.walk(m):
                    dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
                    out.extend(os.path.join(root, f) for f in sorted(files)
                               if not f.startswith(("_", ".")))
            else:
                out.append(m)
    return out


def _list_remote(url: str) -> list:
    from ...storage import resolve
    from ..errors import AnalysisException
    store, key = resolve(url)
    base = url[:len(url) - len(key)] if key and url.endswith(key) else url.rstrip("/") + "/"
    infos = [i for i in store.list(key.rstrip("/"))
             if i.key == key or i.key.startswith(key.rstrip("/") + "/")]
    names = [i.key for i in infos
             if not any(p.startswith(("_", ".")) for p in i.key[len(key):].split("/") if p)]
    if not names:
        raise AnalysisException(f"Path does not exist: {url}.", "PATH_NOT_FOUND", {"path": url},
                                "42K03")
    return [base + k for k in sorted(names)]


def open_file(path: str, size: int):
    """On the driver: a local path as is, an object as a ``RangedFile`` of ``size`` bytes."""
    if not _remote(path):
        return path
    from ...storage import resolve
    from .ranged_file import RangedFile
    store, key = resolve(path)
    return RangedFile(store, key, size)


def _size(store, key: str) -> int:
    for info in store.list(key):
        if info.key == key:
            return info.size
    raise FileNotFoundError(key)


def file_size(path: str) -> int:
    """The bytes of a data file, local or an object."""
    if not _remote(path):
        return os.path.getsize(path)
    from ...storage import resolve
    store, key = resolve(path)
    return _size(store, key)


def partition_values(path: str) -> dict:
    """The ``key=value`` directory names on a file's path."""
    out = {}
    for part in os.path.dirname(path).split(os.sep):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = None if v == "__HIVE_DEFAULT_PARTITION__" else v
    return out


def _partition_type(values: list):
    from ..types import DoubleType, IntegerType, LongType, StringType
    vals = [v for v in values if v is not None]
    try:
        ints = [int(v) for v in vals]
        return IntegerType() if all(-2**31 <= i < 2**31 for i in ints) else LongType()
    except ValueError:
        pass
    try:
        [float(v) for v in vals]
        return DoubleType()
    except ValueError:
        return StringType()


class ParquetSource:
    """Parquet files: their schema, partition columns and row-group splits."""

    def __init__(self, paths: list, schema=None):
        import pyarrow.parquet as pq
        from .arrow_io import spark_type
        from ..types import StructField, StructType
        self.files = list_files(paths)
        if not self.files:
            from ..errors import AnalysisException
            raise AnalysisException("Unable to infer schema for Parquet. It must be specified "
                                    "manually.", "UNABLE_TO_INFER_SCHEMA")
        self.parts = [partition_values(f) for f in self.files]
        part_names = list(self.parts[0])
        self.sizes = [file_size(f) for f in self.files]
        metas = [pq.read_metadata(open_file(f, n)) for f, n in zip(self.files, self.sizes)]
        self.row_groups = [m.num_row_groups for m in metas]
        if schema is None:
            arrow = metas[0].schema.to_arrow_schema()
            fields = [StructField(f.name, spark_type(f.type), True) for f in arrow]
            fields += [StructField(k, _partition_type([p.get(k) for p in self.parts]), True)
                       for k in part_names if k not in arrow.names]
            schema = StructType(fields)
        self.schema = schema
        self.partition_columns = [k for k in part_names]
        self.num_columns = len(schema.fields)

    def estimated_size(self, attrs) -> int:
        """Bytes on disk, scaled by the fraction of the columns read."""
        return sum(self.sizes) * max(1, len(attrs)) // max(1, self.num_columns)

    def splits(self, max_groups: int = 4) -> list:
        """``(file index, first row group, row group count)`` per task."""
        out = []
        for i, n in enumerate(self.row_groups):
            if n == 0:
                out.append((i, 0, 0))
            for g in range(0, n, max_groups):
                out.append((i, g, min(max_groups, n - g)))
        return out

    def pruned_splits(self, attrs, filters) -> list:
        """The splits whose partition values may satisfy the filters."""
        splits = self.splits()
        names = {a.expr_id: a.name for a in attrs}
        part_ids = {i for i, n in names.items() if n in self.partition_columns}
        usable = [f for f in filters if ex.references(f) and ex.references(f) <= part_ids]
        if not usable:
            return splits
        import duckdb
        import pyarrow as pa
        from .expr_sql import ExprSql, cast_sql
        from ..types import StringType
        cols = {}
        for a in attrs:
            if a.expr_id in part_ids:
                cols[a.expr_id] = (a, pa.array([p.get(a.name) for p in self.parts], pa.string()))
        table = pa.table({f"_{i}": arr for i, (a, arr) in cols.items()})
        w = ExprSql()
        select = ", ".join(cast_sql(f'"_{i}"', StringType(), a.dtype) + f' AS "_{i}"'
                           for i, (a, arr) in cols.items())
        where = " AND ".join(w.sql(f) for f in usable)
        con = duckdb.connect()
        con.register("parts", table)
        keep = {r[0] for r in con.execute(
            f"SELECT i FROM (SELECT row_number() OVER () - 1 AS i, {select} FROM parts) "
            f"WHERE {where}").fetchall()}
        con.close()
        return [s for s in splits if s[0] in keep]

    def scan_rdd(self, sc, attrs, filters=()):
        """An RDD of ``("out", ipc)``: each split's needed columns, named by attribute id."""
        splits = self.pruned_splits(attrs, filters) or [(-1, 0, 0)]
        task = ParquetScan(self.files, self.parts, [(a.expr_id, a.name, a.dtype) for a in attrs],
                           self.sizes)
        return sc.parallelize(splits, len(splits)).map(task)


class ParquetScan:
    """Reads one split: the row groups of one file, only the needed columns."""

    def __init__(self, files, parts, columns, sizes=None):
        self.files, self.parts, self.columns = files, parts, columns
        self.sizes = sizes

    def __call__(self, split):
        import pyarrow as pa
        import pyarrow.parquet as pq
        from .arrow_io import arrow_type, to_ipc
        i, first, count = split
        if i < 0:
            return ("out", to_ipc(pa.schema([pa.field(f"_{c}", arrow_type(t))
                                             for c, _, t in self.columns]).empty_table()))
        path = self.files[i]
        if _remote(path):
            from ...taskcontext import TaskContext
            from .ranged_file import RangedFile
            store, key = TaskContext.get().open(path)
            f = pq.ParquetFile(RangedFile(store, key, self.sizes[i]))
        else:
            f = pq.ParquetFile(path)
        names = f.schema_arrow.names
        lower = {n.lower(): n for n in names}
        wanted = [lower[n.lower()] for _, n, _ in self.columns if n.lower() in lower]
        table = f.read_row_groups(list(range(first, first + count)), columns=wanted) if count \
            else f.schema_arrow.empty_table().select(wanted)
        arrays = []
        for cid, name, dtype in self.columns:
            at = arrow_type(dtype)
            if name.lower() in lower:
                col = table.column(lower[name.lower()])
                arrays.append(col.cast(at) if col.type != at else col)
            else:
                value = self.parts[i].get(name)
                arrays.append(pa.array([value] * table.num_rows, pa.string()).cast(at))
        out = pa.table(arrays, names=[f"_{c}" for c, _, _ in self.columns]) if arrays else \
            pa.table({"_": pa.array([None] * table.num_rows, pa.null())})
        return ("out", to_ipc(out))
