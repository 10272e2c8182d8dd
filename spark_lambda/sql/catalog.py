"""``spark.catalog``: temporary views, global temporary views (``global_temp``), persistent
tables and databases (``tables.py``, ``warehouse.py``) and the table cache."""

from __future__ import annotations

from typing import NamedTuple

from . import tables as tb
from .catalog_commands import (CatalogCommands, Function, Table, TablePartition, like,
                               strip_catalog)

__all__ = ["Catalog", "CatalogMetadata", "Database", "Table", "Column", "Function",
           "TablePartition"]


class CatalogMetadata(NamedTuple):
    """A catalog as ``listCatalogs`` gives it."""
    name: str
    description: str | None


class Database(NamedTuple):
    """A database as ``listDatabases`` gives it."""
    name: str
    catalog: str | None
    description: str | None
    locationUri: str


class Column(NamedTuple):
    """A column as ``listColumns`` gives it."""
    name: str
    description: str | None
    dataType: str
    nullable: bool
    isPartition: bool
    isBucket: bool
    isCluster: bool = False


class Catalog(CatalogCommands):
    """Views, tables, databases, functions and the cache of the session."""

    def __init__(self, session):
        self._session = session

    # --- databases --------------------------------------------------------------------------
    def currentDatabase(self) -> str:
        """The current database (``default`` at first)."""
        return tb.current_database(self._session)

    def setCurrentDatabase(self, dbName: str) -> None:
        """Make ``dbName`` the current database."""
        from .errors import AnalysisException
        if not self.databaseExists(dbName):
            raise AnalysisException(f"[SCHEMA_NOT_FOUND] The schema `{dbName}` cannot be "
                                    "found.", "SCHEMA_NOT_FOUND")
        self._session._current_db = dbName.lower()

    def currentCatalog(self) -> str:
        """``spark_catalog``."""
        return "spark_catalog"

    def setCurrentCatalog(self, catalogName: str) -> None:
        """Only ``spark_catalog`` exists."""
        if catalogName != "spark_catalog":
            from .errors import AnalysisException
            raise AnalysisException(f"Catalog '{catalogName}' not found.",
                                    "CATALOG_NOT_FOUND")

    def listCatalogs(self, pattern: str | None = None) -> list:
        """The one catalog (``spark_catalog``), if it matches ``pattern``."""
        return [CatalogMetadata("spark_catalog", None)] if like("spark_catalog", pattern) \
            else []

    def listDatabases(self, pattern: str | None = None) -> list:
        """The databases."""
        wh = tb.warehouse(self._session)
        out = []
        for name in wh.databases():
            if not like(name, pattern):
                continue
            meta = wh.database(name)
            out.append(Database(name, "spark_catalog", meta.get("description") or None,
                                _uri(meta.get("locationUri", ""))))
        return out

    def databaseExists(self, dbName: str) -> bool:
        """Whether a database exists."""
        return tb.warehouse(self._session).database(strip_catalog(dbName)) is not None

    def getDatabase(self, dbName: str) -> Database:
        """A database by name."""
        meta = tb.warehouse(self._session).database(strip_catalog(dbName))
        if meta is None:
            from .errors import AnalysisException
            raise AnalysisException(f"[SCHEMA_NOT_FOUND] The schema `{dbName}` cannot be "
                                    "found.", "SCHEMA_NOT_FOUND")
        return Database(meta["name"], "spark_catalog", meta.get("description") or None,
                        _uri(meta.get("locationUri", "")))

    # --- tables -----------------------------------------------------------------------------
    def listTables(self, dbName: str | None = None, pattern: str | None = None) -> list:
        """Tables of a database (the current one) and the temporary views."""
        s = self._session
        db = (dbName or self.currentDatabase()).lower()
        out = []
        if db == tb.GLOBAL_TEMP:
            out += [Table(n, None, [tb.GLOBAL_TEMP], None, "TEMPORARY", True)
                    for n in sorted(tb.global_views())]
        else:
            wh = tb.warehouse(s)
            out += [Table(n, "spark_catalog", [db], None, _table_type(wh.table(db, n)), False)
                    for n in wh.tables(db)]
        out += [Table(n, None, [], None, "TEMPORARY", True) for n in sorted(s._views)]
        return [t for t in out if like(t.name, pattern)]

    def getTable(self, tableName: str) -> Table:
        """A table or view by name."""
        name = tableName.lower()
        if name in self._session._views:
            return Table(name, None, [], None, "TEMPORARY", True)
        db, table = tb.split_name(self._session, tableName)
        if db == tb.GLOBAL_TEMP and table in tb.global_views():
            return Table(table, None, [tb.GLOBAL_TEMP], None, "TEMPORARY", True)
        meta = tb.warehouse(self._session).table(db, table)
        if meta is None:
            raise tb.not_found(tableName)
        return Table(table, "spark_catalog", [db], None, _table_type(meta), False)

    def listColumns(self, tableName: str, dbName: str | None = None) -> list:
        """The columns of a table or view."""
        name = f"{dbName}.{tableName}" if dbName else tableName
        parts = []
        db, table = tb.split_name(self._session, name)
        meta = None if name.lower() in self._session._views or db == tb.GLOBAL_TEMP \
            else tb.warehouse(self._session).table(db, table)
        buckets = []
        if meta is not None:
            parts = meta.get("partitionColumns", [])
            buckets = [c.lower() for c in meta.get("bucketSpec", {}).get("bucketColumns", [])]
        df = self._session.table(name)
        return [Column(f.name, None, f.dataType.simpleString(), f.nullable,
                       f.name.lower() in parts, f.name.lower() in buckets, False)
                for f in df.schema.fields]

    def tableExists(self, tableName: str, dbName: str | None = None) -> bool:
        """Whether a table or view of that name exists."""
        name = f"{dbName}.{tableName}" if dbName else tableName
        if name.lower() in self._session._views:
            return True
        db, table = tb.split_name(self._session, name)
        if db == tb.GLOBAL_TEMP:
            return table in tb.global_views()
        return tb.warehouse(self._session).table(db, table) is not None

    def createTable(self, tableName: str, path: str | None = None, source: str | None = None,
                    schema=None, description: str | None = None, **options):
        """Create an (empty) managed table with a schema; its DataFrame."""
        from .errors import AnalysisException
        if schema is None:
            raise AnalysisException("A schema is needed to create a managed table.")
        if isinstance(schema, str):
            from .ddl import parse_schema
            schema = parse_schema(schema)
        tb.create_table(self._session, tableName, schema, source or "parquet", (), options)
        return self._session.table(tableName)

    # --- views ------------------------------------------------------------------------------
    def dropTempView(self, viewName: str) -> bool:
        """Drop a temporary view; whether it existed."""
        self._session.__dict__.setdefault("_cached_views", {}).pop(viewName.lower(), None)
        return self._session._views.pop(viewName.lower(), None) is not None

    def dropGlobalTempView(self, viewName: str) -> bool:
        """Drop a global temporary view; whether it existed."""
        return tb.global_views().pop(viewName.lower(), None) is not None

    # --- cache ------------------------------------------------------------------------------
    def cacheTable(self, tableName: str, storageLevel=None) -> None:
        """Keep a table's or view's rows for later queries."""
        s = self._session
        df = s.table(tableName)
        s._cache_plan(df._plan)
        cached = s._cached[df._plan]
        name = tableName.lower()
        if name in s._views:
            s.__dict__.setdefault("_cached_views", {})[name] = s._views[name]
            s._views[name] = cached
        else:
            s.__dict__.setdefault("_table_cache", {})[tb.split_name(s, tableName)] = cached

    def uncacheTable(self, tableName: str) -> None:
        """Forget a table's or view's kept rows."""
        s = self._session
        name = tableName.lower()
        original = s.__dict__.get("_cached_views", {}).pop(name, None)
        if original is not None:
            cached = s._views.get(name)
            s._views[name] = original
        else:
            cached = s.__dict__.get("_table_cache", {}).pop(tb.split_name(s, tableName), None)
            if cached is None:
                if not self.tableExists(tableName):
                    raise tb.not_found(tableName)
                return
        for k, v in list(s._cached.items()):
            if v is cached:
                s._uncache_plan(k)

    def isCached(self, tableName: str) -> bool:
        """Whether a table or view is cached."""
        s = self._session
        if tableName.lower() in s.__dict__.get("_cached_views", {}):
            return True
        if tb.split_name(s, tableName) in s.__dict__.get("_table_cache", {}):
            return True
        if not self.tableExists(tableName):
            raise tb.not_found(tableName)
        return False

    def clearCache(self) -> None:
        """Forget every kept table and DataFrame."""
        s = self._session
        for name, original in s.__dict__.get("_cached_views", {}).items():
            s._views[name] = original
        s.__dict__["_cached_views"] = {}
        s.__dict__["_table_cache"] = {}
        for k in list(s._cached):
            s._uncache_plan(k)

    def refreshTable(self, tableName: str) -> None:
        """Forget a table's cached rows and re-read its files when next used."""
        if not self.tableExists(tableName):
            raise tb.not_found(tableName)
        tb.refresh(self._session, tableName)

    def refreshByPath(self, path: str) -> None:
        """``refreshTable`` for every cached table whose files lie under ``path``."""
        s = self._session
        wh = tb.warehouse(s)
        root = path.rstrip("/")
        for db, table in list(s.__dict__.get("_table_cache", {})):
            meta = wh.table(db, table)
            if meta and str(meta.get("location", "")).rstrip("/").startswith(root):
                tb.refresh(s, f"{db}.{table}")

    def recoverPartitions(self, tableName: str) -> None:
        """Register the partition directories found under a table's location."""
        tb.recover_partitions(self._session, tableName)


def _table_type(meta: dict | None) -> str:
    if meta and "viewText" in meta:
        return "VIEW"
    return "EXTERNAL" if meta and meta.get("external") else "MANAGED"


def _uri(loc: str) -> str:
    from .execution.engine_bridge import split_url
    scheme, bucket, path = split_url(loc) if loc else ("file", "", "")
    return f"file:{path}" if scheme == "file" else loc
