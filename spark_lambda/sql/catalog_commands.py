"""``spark.catalog`` methods that change or describe what the warehouse keeps: databases,
dropping and truncating tables, persistent views, table properties and partitions, statistics,
and the functions (built-in, temporary and persistent). Mixed into ``Catalog``."""

from __future__ import annotations

from typing import NamedTuple

from . import tables as tb
from .errors import AnalysisException


class Table(NamedTuple):
    """A table or view as ``listTables`` gives it."""
    name: str
    catalog: str | None
    namespace: list | None
    description: str | None
    tableType: str
    isTemporary: bool

    @property
    def database(self) -> str | None:
        """The namespace as one name."""
        return self.namespace[0] if self.namespace else None


class Function(NamedTuple):
    """A function as ``listFunctions`` / ``getFunction`` give it."""
    name: str
    catalog: str | None
    namespace: list | None
    description: str | None
    className: str
    isTemporary: bool


class TablePartition(NamedTuple):
    """A partition of a table, as ``key=value[/key=value…]``."""
    partition: str


def strip_catalog(name: str) -> str:
    """A database name without a leading ``spark_catalog.``."""
    parts = name.split(".")
    return ".".join(parts[1:]) if len(parts) > 1 and parts[0].lower() == "spark_catalog" \
        else name


def like(name: str, pattern: str | None) -> bool:
    """Spark's ``LIKE``-style listing pattern: ``*`` any characters, ``|`` alternatives."""
    import fnmatch
    return pattern is None or any(fnmatch.fnmatch(name.lower(), p.strip().lower())
                                  for p in pattern.split("|"))


class CatalogCommands:
    """Databases, tables, views, partitions and functions of the warehouse."""

    _session = None

    # --- databases --------------------------------------------------------------------------
    def createDatabase(self, dbName: str, ifNotExists: bool = False,
                       properties: dict | None = None) -> None:
        """Create a database (an error if it exists, unless ``ifNotExists``)."""
        tb.warehouse(self._session).create_database(strip_catalog(dbName), ifNotExists)

    def dropDatabase(self, dbName: str, ifExists: bool = False, cascade: bool = False) -> None:
        """Drop a database (``cascade``: with its tables)."""
        tb.warehouse(self._session).drop_database(strip_catalog(dbName), ifExists, cascade)

    # --- tables and views -------------------------------------------------------------------
    def dropTable(self, tableName: str, ifExists: bool = False, purge: bool = False) -> None:
        """Drop a persistent table and its data (``DROP TABLE``)."""
        tb.drop_table(self._session, tableName, ifExists)

    def dropView(self, viewName: str, ifExists: bool = False) -> None:
        """Drop a persistent view (``DROP VIEW``)."""
        db, table = tb.split_name(self._session, viewName)
        meta = tb.warehouse(self._session).table(db, table)
        if meta is None or "viewText" not in meta:
            if ifExists:
                return
            raise tb.not_found(viewName)
        tb.warehouse(self._session).drop_table(db, table)

    def listViews(self, dbName: str | None = None, pattern: str | None = None) -> list:
        """The persistent views of a database (the current one) and the temporary views."""
        s = self._session
        db = (dbName or tb.current_database(s)).lower()
        wh = tb.warehouse(s)
        out = [Table(n, "spark_catalog", [db], None, "VIEW", False) for n in wh.tables(db)
               if "viewText" in (wh.table(db, n) or {})]
        out += [Table(n, None, [], None, "TEMPORARY", True) for n in sorted(s._views)]
        return [t for t in out if like(t.name, pattern)]

    def _table_meta(self, tableName: str) -> dict:
        db, table = tb.split_name(self._session, tableName)
        meta = tb.warehouse(self._session).table(db, table)
        if meta is None:
            raise tb.not_found(tableName)
        return meta

    def getTableProperties(self, tableName: str) -> dict:
        """A table's properties (``TBLPROPERTIES``)."""
        return dict(self._table_meta(tableName).get("properties", {}))

    def getCreateTableString(self, tableName: str, asSerde: bool = False) -> str:
        """The ``CREATE TABLE`` (or ``CREATE VIEW``) statement that makes the table again."""
        meta = self._table_meta(tableName)
        name = f"spark_catalog.{meta['database']}.{meta['name']}"
        if "viewText" in meta:
            return f"CREATE VIEW {name} AS {meta['viewText']}\n"
        cols = ",\n".join(f"  {n} {t.upper()}{'' if nullable else ' NOT NULL'}"
                          for n, t, nullable in meta["schema"])
        text = f"CREATE TABLE {name} (\n{cols})\nUSING {meta['format']}\n"
        if meta.get("partitionColumns"):
            text += f"PARTITIONED BY ({', '.join(meta['partitionColumns'])})\n"
        from .buckets import create_text
        text += create_text(meta.get("bucketSpec"))
        if meta.get("external"):
            text += f"LOCATION '{meta['location']}'\n"
        props = meta.get("properties", {})
        if props:
            text += "TBLPROPERTIES (\n" + ",\n".join(f"  '{k}' = '{v}'" for k, v in
                                                     sorted(props.items())) + ")\n"
        return text

    def truncateTable(self, tableName: str) -> None:
        """Remove every row of a table, keeping the table (``TRUNCATE TABLE``)."""
        meta = self._table_meta(tableName)
        if "viewText" in meta:
            raise AnalysisException(f"[EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE] '{tableName}' is "
                                    "a view; TRUNCATE TABLE needs a table.",
                                    "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE")
        tb.truncate(self._session, tableName)

    def analyzeTable(self, tableName: str, noScan: bool = False) -> None:
        """Compute a table's statistics (size; with a scan, also the row count) and keep them
        in its metadata (``ANALYZE TABLE … COMPUTE STATISTICS``)."""
        from .table_files import size_in_bytes
        meta = self._table_meta(tableName)
        stats = {"sizeInBytes": size_in_bytes(tb.warehouse(self._session), meta)}
        if not noScan:
            stats["rowCount"] = self._session.table(tableName).count()
        tb.set_fields(self._session, tableName, statistics=stats)

    def listPartitions(self, tableName: str) -> list:
        """The partitions of a partitioned table, as ``key=value`` paths, sorted."""
        meta = self._table_meta(tableName)
        if not meta.get("partitionColumns"):
            raise AnalysisException(f"[INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY] "
                                    f"Table {tableName} is not partitioned.",
                                    "INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY")
        from .table_files import partitions
        return [TablePartition(p) for p in partitions(tb.warehouse(self._session), meta)]

    # --- functions --------------------------------------------------------------------------
    def listFunctions(self, dbName: str | None = None, pattern: str | None = None) -> list:
        """The built-in functions, the temporary functions (``spark.udf.register``) and the
        persistent functions of a database (the current one), sorted by name."""
        s = self._session
        db = strip_catalog(dbName).lower() if dbName else tb.current_database(s)
        out = [Function(n, None, None, None, _builtin_class(n), True)
               for n in builtin_function_names()]
        out += [Function(n, None, None, None, "org.apache.spark.sql.UDF", True)
                for n in s._analyzer.__dict__.get("udfs", {})]
        out += [Function(f["name"], "spark_catalog", [db], None, f["className"], False)
                for f in tb.warehouse(s).functions(db)]
        return sorted((f for f in out if like(f.name, pattern)), key=lambda f: f.name)

    def functionExists(self, functionName: str, dbName: str | None = None) -> bool:
        """Whether a function of that name exists (built-in, temporary or persistent)."""
        return self._find_function(functionName, dbName) is not None

    def getFunction(self, functionName: str) -> Function:
        """A function by (possibly qualified) name."""
        found = self._find_function(functionName, None)
        if found is None:
            raise AnalysisException(
                f"[UNRESOLVED_ROUTINE] Cannot resolve routine `{functionName}` on search path "
                "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`].",
                "UNRESOLVED_ROUTINE", {"routineName": f"`{functionName}`"}, "42883")
        return found

    def _find_function(self, functionName: str, dbName: str | None):
        s = self._session
        name = strip_catalog(f"{dbName}.{functionName}" if dbName else functionName)
        if "." not in name:
            lower = name.lower()
            if lower in builtin_function_names():
                return Function(lower, None, None, None, _builtin_class(lower), True)
            if lower in s._analyzer.__dict__.get("udfs", {}):
                return Function(lower, None, None, None, "org.apache.spark.sql.UDF", True)
            db = tb.current_database(s)
        else:
            db, name = name.rsplit(".", 1)
        meta = tb.warehouse(s).function(db, name)
        if meta is None:
            return None
        return Function(meta["name"], "spark_catalog", [meta["database"]], None,
                        meta["className"], False)


def _builtin_class(name: str) -> str:
    return "org.apache.spark.sql.catalyst.expressions." + "".join(
        p.capitalize() for p in name.split("_"))


_BUILTINS: set = set()
_NOT_SQL = {"col", "column", "lit", "expr", "udf", "udtf", "pandas_udf", "broadcast",
            "call_udf", "call_function", "desc", "asc", "desc_nulls_first", "desc_nulls_last",
            "asc_nulls_first", "asc_nulls_last", "annotations", "Column", "DataFrame"}


def builtin_function_names() -> set:
    """The names of the built-in SQL functions: those the analyzer resolves by rule, the
    aggregates and aliases it knows, and the functions library's SQL functions."""
    if not _BUILTINS:
        from . import functions
        from .catalyst.function_registry import _ALIASES, AGGREGATES
        from .catalyst.type_rules_common import RULES
        names = set(RULES) | set(AGGREGATES) | set(_ALIASES)
        names |= {n for n in dir(functions) if not n.startswith("_") and n not in _NOT_SQL
                  and n.islower() and callable(getattr(functions, n))}
        _BUILTINS.update(names)
    return _BUILTINS
