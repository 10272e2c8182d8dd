"""Persistent tables of a session: name resolution (``db.table``, the current database, temp
and global temp views first), creating, reading, inserting and dropping through the
``Warehouse`` (``warehouse.py``).

Every insert writes its rows to a new directory of the table through ``df.write`` (the output
commit protocol) and then commits a metadata version naming it; a read lists the directories of
the latest version, so it sees whole inserts only.
"""

from __future__ import annotations

import threading

from .errors import AnalysisException

GLOBAL_TEMP = "global_temp"
_global_views: dict = {}
_global_lock = threading.Lock()


def global_views() -> dict:
    """The process's global temporary views (``global_temp.<name>``), shared by sessions."""
    return _global_views


def warehouse(session):
    """The session's ``Warehouse`` (``spark.sql.warehouse.dir``, default ``spark-warehouse``)."""
    from .warehouse import Warehouse
    root = session.conf.get("spark.sql.warehouse.dir", "spark-warehouse")
    cached = getattr(session, "_warehouse_obj", None)
    if cached is None or cached[0] != root:
        cached = (root, Warehouse(root))
        session._warehouse_obj = cached
    return cached[1]


def current_database(session) -> str:
    """The session's current database."""
    return getattr(session, "_current_db", "default")


def split_name(session, name: str) -> tuple:
    """``(database, table)`` of a possibly qualified name (backquotes removed)."""
    parts = [p.strip("`") for p in name.split(".")]
    if len(parts) >= 3 and parts[0].lower() == "spark_catalog":
        parts = parts[1:]
    if len(parts) == 1:
        return current_database(session), parts[0].lower()
    return parts[-2].lower(), parts[-1].lower()


def not_found(name: str) -> AnalysisException:
    return AnalysisException(
        f"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{name}` cannot be found. Verify the "
        f"spelling and correctness of the schema and catalog.", "TABLE_OR_VIEW_NOT_FOUND",
        {"relationName": f"`{name}`"}, "42P01")


def lookup_relation(session, name: str):
    """The plan of a global temp view or a persistent table, or None."""
    db, table = split_name(session, name)
    if db == GLOBAL_TEMP:
        return _global_views.get(table)
    cached = getattr(session, "_table_cache", {}).get((db, table))
    if cached is not None:
        return cached
    meta = warehouse(session).table(db, table)
    if meta is None:
        return None
    if "viewText" in meta:
        return session.sql(meta["viewText"])._plan
    return read_table(session, meta)._plan


def schema_of(meta: dict):
    """A table's StructType."""
    from .ddl import parse_ddl
    from .types import StructField, StructType
    return StructType([StructField(n, parse_ddl(t), nullable) for n, t, nullable in
                       meta["schema"]])


def read_table(session, meta: dict):
    """A DataFrame of a table's committed inserts, with its schema."""
    schema = schema_of(meta)
    dfs = []
    if meta.get("external"):
        return _read_external(session, meta, schema)
    for d in meta.get("inserts", []):
        df = session.read.format(meta["format"]).options(**meta.get("options", {})).load(d)
        if meta["format"] in ("csv", "json") and not meta.get("partitionColumns"):
            df = session.read.format(meta["format"]).schema(schema) \
                .options(**meta.get("options", {})).load(d)
        dfs.append(_as_schema(df, schema))
    if not dfs:
        return session.createDataFrame([], schema)
    out = dfs[0]
    for d in dfs[1:]:
        out = out.union(d)
    return out


def _as_schema(df, schema):
    """A read file set's columns as the table's: matched by name (a text file's one ``value``
    column is the table's one column), cast to its types, missing ones null."""
    from . import functions as F
    from .column import Column
    have = {c.lower(): c for c in df.columns}
    if len(schema.fields) >= 1 and list(have) == ["value"] and \
            schema.fields[0].name.lower() not in have:
        have = {schema.fields[0].name.lower(): "value"}
    cols = []
    for f in schema.fields:
        if f.name.lower() in have:
            cols.append(Column(df._resolve_name(have[f.name.lower()])).cast(f.dataType)
                        .alias(f.name))
        else:
            cols.append(F.lit(None).cast(f.dataType).alias(f.name))
    return df.select(*cols)


def _read_external(session, meta: dict, schema):
    """An external table: the files at its location (of a partitioned one, only the
    registered partitions), or no rows when there are none."""
    from . import functions as F
    from . import table_files
    from .types import StructType
    parts = meta.get("partitionColumns", [])
    registered = meta.get("registeredPartitions", [])
    if not table_files.data_files(warehouse(session), meta) or (parts and not registered):
        return session.createDataFrame([], schema)
    reader = session.read.format(meta["format"]).options(**meta.get("options", {}))
    if meta["format"] in ("csv", "json"):
        reader = reader.schema(StructType([f for f in schema.fields
                                           if f.name.lower() not in parts]))
    df = reader.load(meta["location"])
    if parts:
        wanted = None
        for p in registered:
            values = dict(kv.split("=", 1) for kv in p.split("/"))
            cond = None
            for k in parts:
                c = F.col(k).cast("string") == F.lit(values.get(k))
                cond = c if cond is None else cond & c
            wanted = cond if wanted is None else wanted | cond
        df = df.where(wanted)
    return _as_schema(df, schema)


def _insert_external(session, meta: dict, data, overwrite: bool) -> None:
    """Write rows into an external table's location, then register its partitions."""
    w = data.write.format(meta["format"]).options(**meta.get("options", {})) \
        .mode("overwrite" if overwrite else "append")
    if meta.get("partitionColumns"):
        w = w.partitionBy(*meta["partitionColumns"])
    w.save(meta["location"])
    if meta.get("partitionColumns"):
        recover_partitions(session, f"{meta['database']}.{meta['name']}")


def recover_partitions(session, name: str) -> None:
    """Register every partition directory found under a table's location."""
    from . import table_files
    db, table = split_name(session, name)
    meta = warehouse(session).table(db, table)
    if meta is None:
        raise not_found(name)
    set_fields(session, name,
               registeredPartitions=table_files.partitions(warehouse(session), meta))


def refresh(session, name: str) -> None:
    """Forget a table's cached rows (they are computed again, from the files as they are now,
    when next used) and re-read its metadata."""
    key = split_name(session, name)
    if key in getattr(session, "_table_cache", {}):
        session.catalog.uncacheTable(name)
        session.catalog.cacheTable(name)


def _conform(df, schema, by_name: bool):
    """``df``'s columns in the table's order and types (by name or by position)."""
    from .column import Column
    if len(df.columns) != len(schema.fields):
        raise AnalysisException(
            f"[INSERT_COLUMN_ARITY_MISMATCH.{'TOO_MANY' if len(df.columns) > len(schema.fields) else 'NOT_ENOUGH'}_DATA_COLUMNS] "
            f"Cannot write to the table: the table has {len(schema.fields)} columns, the data "
            f"has {len(df.columns)}.", "INSERT_COLUMN_ARITY_MISMATCH")
    if by_name:
        return df.select(*[Column(df._resolve_name(f.name)).cast(f.dataType).alias(f.name)
                           for f in schema.fields])
    return df.select(*[Column(a).cast(f.dataType).alias(f.name)
                       for a, f in zip(df._plan.output, schema.fields)])


def create_table(session, name: str, schema, fmt: str = "parquet", partition_by=(),
                 options=None, if_not_exists: bool = False, replace: bool = False,
                 location: str | None = None, properties: dict | None = None,
                 buckets: dict | None = None):
    """Create a table; its metadata (or None when it existed and ``if_not_exists``).

    With ``location`` the table is external: its data is whatever lies there (inserts add
    files to it, ``DROP TABLE`` leaves it); of a partitioned external table only the
    partitions registered (by inserts, or found by ``recoverPartitions``) are read."""
    db, table = split_name(session, name)
    wh = warehouse(session)
    if wh.database(db) is None:
        raise AnalysisException(f"[SCHEMA_NOT_FOUND] The schema `{db}` cannot be found.",
                                "SCHEMA_NOT_FOUND")
    lower = {f.name.lower(): f for f in schema.fields}
    for p in partition_by:
        if p.lower() not in lower:
            raise AnalysisException(f"Partition column `{p}` not found in schema.",
                                    "COLUMN_NOT_DEFINED_IN_TABLE")
    from .types import StructType
    ordered = StructType([f for f in schema.fields if f.name.lower() not in
                          {p.lower() for p in partition_by}] +
                         [lower[p.lower()] for p in partition_by])
    existed = []

    def change(meta):
        if meta is not None and not replace:
            existed.append(meta)
            raise _Exists()
        return {"name": table, "database": db, "format": fmt.lower(),
                "schema": [[f.name, f.dataType.simpleString(), f.nullable]
                           for f in ordered.fields], "partitionColumns": [p.lower() for p in
                                                                   partition_by],
                "location": location or wh.location(db, table),
                "options": dict(options or {}), "properties": dict(properties or {}),
                "inserts": [], "managed": location is None, "external": location is not None,
                "registeredPartitions": [], **({"bucketSpec": buckets} if buckets else {})}
    try:
        return wh.commit(db, table, change)
    except _Exists:
        if if_not_exists:
            return None
        raise AnalysisException(
            f"[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `{db}`.`{table}` "
            "because it already exists.", "TABLE_OR_VIEW_ALREADY_EXISTS") from None


class _Exists(Exception):
    pass


def insert(session, name: str, df, overwrite: bool = False, by_name: bool = False) -> None:
    """Write ``df``'s rows into a table (a new insert directory, then a metadata commit)."""
    db, table = split_name(session, name)
    wh = warehouse(session)
    meta = wh.table(db, table)
    if meta is None:
        raise not_found(name)
    data = _conform(df, schema_of(meta), by_name)
    if meta.get("external"):
        _insert_external(session, meta, data, overwrite)
        getattr(session, "_table_cache", {}).pop((db, table), None)
        return
    target = wh.new_insert_dir(meta)
    w = data.write.format(meta["format"]).options(**meta.get("options", {})).mode("error")
    if meta.get("partitionColumns"):
        w = w.partitionBy(*meta["partitionColumns"])
    w._table_buckets = meta.get("bucketSpec")
    w.save(target)

    def change(current):
        if current is None:
            raise not_found(name)
        new = dict(current)
        new["inserts"] = [target] if overwrite else list(current.get("inserts", [])) + [target]
        return new
    wh.commit(db, table, change)
    getattr(session, "_table_cache", {}).pop((db, table), None)


def save_as_table(session, name: str, df, mode: str, fmt: str | None, partition_by,
                  options, buckets: dict | None = None) -> None:
    """``df.write.saveAsTable``: create (error/ignore), replace (overwrite) or append;
    ``buckets``: the spec of a bucketed table (``buckets``)."""
    db, table = split_name(session, name)
    mode = {"errorifexists": "error", "default": "error"}.get(mode, mode)
    meta = warehouse(session).table(db, table)
    if meta is not None:
        if mode == "error":
            raise AnalysisException(
                f"[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `{db}`.`{table}` "
                "because it already exists.", "TABLE_OR_VIEW_ALREADY_EXISTS")
        if mode == "ignore":
            return
        if mode == "append":
            from .buckets import check_same
            check_same(meta.get("bucketSpec"), buckets, f"spark_catalog.{db}.{table}")
            insert(session, name, df, by_name=True)
            return
    if meta is not None and mode == "overwrite":
        warehouse(session).drop_table(db, table)
    create_table(session, name, df.schema, fmt or "parquet", list(partition_by or []),
                 options, replace=True, buckets=buckets)
    insert(session, name, df, by_name=True)


def drop_table(session, name: str, if_exists: bool = False) -> None:
    """``DROP TABLE``: a persistent table (or, as Spark allows, a temp view)."""
    if name.lower() in session._views:
        session._views.pop(name.lower())
        return
    db, table = split_name(session, name)
    getattr(session, "_table_cache", {}).pop((db, table), None)
    if not warehouse(session).drop_table(db, table) and not if_exists:
        raise not_found(name)


def create_view(session, name: str, query: str, replace: bool = False,
                if_not_exists: bool = False) -> None:
    """``CREATE VIEW``: a persistent view, kept as its query text and resolved on each use."""
    db, table = split_name(session, name)
    wh = warehouse(session)
    if wh.database(db) is None:
        raise AnalysisException(f"[SCHEMA_NOT_FOUND] The schema `{db}` cannot be found.",
                                "SCHEMA_NOT_FOUND")
    schema = session.sql(query).schema

    def change(meta):
        if meta is not None and not replace:
            raise _Exists()
        return {"name": table, "database": db, "viewText": query,
                "schema": [[f.name, f.dataType.simpleString(), f.nullable]
                           for f in schema.fields]}
    try:
        wh.commit(db, table, change)
    except _Exists:
        if not if_not_exists:
            raise AnalysisException(
                f"[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `{db}`.`{table}` "
                "because it already exists.", "TABLE_OR_VIEW_ALREADY_EXISTS") from None


def set_fields(session, name: str, **fields) -> None:
    """Commit a new metadata version of a table with ``fields`` changed."""
    db, table = split_name(session, name)

    def change(current):
        if current is None:
            raise not_found(name)
        return dict(current, **fields)
    warehouse(session).commit(db, table, change)
    getattr(session, "_table_cache", {}).pop((db, table), None)


def truncate(session, name: str) -> None:
    """``TRUNCATE TABLE``: no insert directories any more (the old ones stay for readers)."""
    set_fields(session, name, inserts=[])
