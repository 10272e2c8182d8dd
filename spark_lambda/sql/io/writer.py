"""``df.write``: a write job through the engine's output commit protocol (``io/output.py``).

On the driver, ``save`` settles the save mode against what is at the path (``error``: PySpark's
``PATH_ALREADY_EXISTS``; ``ignore``: nothing happens), plans the DataFrame and runs one job:
each task concatenates its partition's Arrow tables, splits the rows by the ``partitionBy``
values into ``key=value/`` directories (Spark's escaping; ``__HIVE_DEFAULT_PARTITION__`` for
null) and encodes one file per directory, named as Spark names them
(``part-00000-<job uuid>-c000.snappy.parquet``). Task attempts write under a temporary
prefix; the driver moves the counted attempts' files in and writes ``_SUCCESS`` last, so a
failed job leaves nothing committed. A bucketed table's write (``buckets``: its spec) splits
each directory's rows further by bucket, one file per bucket sorted by the sort columns
(``part-00000-<job uuid>_00002.c000.snappy.parquet``).
"""

from __future__ import annotations

import uuid

from . import partitions

MODES = {"error": "error", "errorifexists": "error", "default": "error",
         "overwrite": "overwrite", "append": "append", "ignore": "ignore"}


def _exists(url: str, store_options: dict) -> bool:
    """Whether anything is at ``url`` (an empty local directory counts, as in Spark)."""
    import os
    from ..execution.engine_bridge import resolve, split_url
    scheme, _, local = split_url(url)
    if scheme == "file" and os.path.exists(local):
        return True
    store, key = resolve(url, store_options)
    key = key.rstrip("/")
    return store.exists(key) or next(iter(store.list(key + "/")), None) is not None


def save(df, path: str, fmt: str, mode: str, partition_by: list, options: dict,
         buckets: dict | None = None) -> None:
    """Write ``df`` to ``path`` (see the module docstring)."""
    from ..catalyst.optimizer import optimize
    from ..errors import AnalysisException
    from ..execution.engine_bridge import JobFailedError, remote_error, save_files, split_url
    from .listing import display
    session = df.sparkSession
    sc = session.sparkContext
    if mode not in MODES:
        raise AnalysisException(f"Unknown save mode: {mode}. Accepted save modes are "
                                "'overwrite', 'append', 'ignore', 'error', 'errorifexists', "
                                "'default'.", "INVALID_SAVE_MODE", {"mode": mode}, "42000")
    mode = MODES[mode]
    names = df.columns
    lower = {n.lower(): n for n in names}
    for p in partition_by:
        if p.lower() not in lower:
            raise AnalysisException(f"Partition column `{p}` not found in schema "
                                    f"{df.schema.simpleString()}.", None, {}, "42000")
    partition_by = [lower[p.lower()] for p in partition_by]
    data_names = [n for n in names if n not in partition_by]
    if fmt == "text" and (len(data_names) != 1 or df.dtypes[names.index(data_names[0])][1]
                          != "string"):
        raise AnalysisException(f"Text data source supports only a single column, and you "
                                f"have {len(data_names)} columns.", None, {}, "42000")
    scheme, bucket, key = split_url(path)
    full = key if scheme == "file" else f"{scheme}://{bucket}/{key}"
    if mode in ("error", "ignore") and _exists(path, sc.store_options):
        if mode == "ignore":
            return
        raise AnalysisException(f"Path {display(full)} already exists. Set mode as "
                                "\"overwrite\" to overwrite the existing path.",
                                "PATH_ALREADY_EXISTS", {"outputPath": display(full)}, "42K04")
    from .formats import _zone
    from .interval_parquet import refuse_calendar_intervals
    refuse_calendar_intervals(df.schema)
    ntz = [f.name for f in df.schema.fields if f.dataType.typeName() == "timestamp_ntz"]
    variant = [f.name for f in df.schema.fields if f.dataType.typeName() == "variant"]
    task = WriteTask(names, partition_by, fmt, {**options, "_ntz": ntz, "_variant": variant,
                                                "_schema": df.schema.jsonValue()},
                     session.conf.get("spark.sql.session.timeZone", "UTC"), uuid.uuid4(),
                     buckets["sortColumns"] if buckets else None)
    if buckets:
        from ..buckets import with_bucket_ids
        df = with_bucket_ids(df, buckets)
        task.names = names + [df.columns[-1]]
    _ = _zone(task.tz)  # an unknown time zone fails here, not in every task
    rdd = session._planner().rdd(optimize(session._use_cache(df._plan)))
    try:
        save_files(rdd, path, task, "append" if mode == "append" else
                   "overwrite" if mode == "overwrite" else "error")
    except JobFailedError as e:
        raise remote_error(e) from None


class WriteTask:
    """``write(partition, records)`` of one task: ``(relative file name, bytes)`` pairs."""

    def __init__(self, names, partition_by, fmt, options, tz, job, sort_by=None):
        self.names, self.partition_by, self.fmt = names, partition_by, fmt
        self.options, self.tz, self.job = options, tz, str(job)
        self.sort_by = sort_by   # bucketed: the sort columns (the last column is the bucket)

    def __call__(self, partition: int, records):
        import pyarrow as pa
        from ..execution.arrow_io import from_ipc
        from .formats import _zone
        from .write_formats import encode, text_of
        tables = [from_ipc(ipc) for _, ipc in records]
        tables = [t.rename_columns(self.names) for t in tables]
        table = pa.concat_tables(tables) if len(tables) > 1 else tables[0] if tables else None
        if table is None or (table.num_rows == 0 and (partition or self.partition_by)):
            return []
        tz = _zone(self.tz)
        bucketed = self.sort_by is not None
        keys_by = self.partition_by + ([self.names[-1]] if bucketed else [])
        data_names = [n for n in self.names[:len(self.names) - bucketed]
                      if n not in self.partition_by]
        groups = {(): None}
        if keys_by:
            keys = list(zip(*[table.column(p).to_pylist() for p in keys_by]))
            groups = {}
            for i, k in enumerate(keys):
                groups.setdefault(k, []).append(i)
        out = []
        for values, rows in groups.items():
            part = table if rows is None else table.take(pa.array(rows, pa.int64()))
            suffix = ""
            if bucketed:
                values, suffix = values[:-1], f"_{values[-1]:05d}"
                if self.sort_by:
                    part = part.sort_by([(c, "ascending", "at_start") for c in self.sort_by])
            ext, data = encode(part.select(data_names), self.fmt, self.options, tz)
            name = f"part-{partition:05d}-{self.job}{suffix + '.' if suffix else '-'}c000{ext}"
            if values:
                texts = [None if v is None else text_of(v, tz) for v in values]
                name = partitions.directory(self.partition_by, texts) + "/" + name
            out.append((name, data))
        return out
