"""Persistent tables and databases under ``spark.sql.warehouse.dir`` (a local directory or an
``s3://`` prefix), shared safely by several sessions and concurrent jobs.

Layout (``W`` = the warehouse)::

    W/_catalog/databases/<db>.json                     a database (``default`` always exists)
    W/_catalog/tables/<db>/<table>/v00000001.json      a table's metadata, one object a version
    W/_catalog/functions/<db>/<name>.json              a persistent function (CREATE FUNCTION)
    W/<table>/ or W/<db>.db/<table>/                   its data: one directory per insert

A table's metadata (schema, format, partition columns, location, and the list of committed
insert directories) is never changed in place: a change writes version ``N+1`` with a
conditional create (``O_EXCL``-style link locally, ``If-None-Match: *`` on S3). Two writers
racing for the same version: one wins, the other re-reads and retries (appends merge; the last
overwrite wins). Data is written first, into a fresh directory through the output commit
protocol, and only then named by a metadata version, so a reader (who reads the directories of
the latest version) never sees a half-written insert. ``DROP TABLE`` writes a tombstone version
and deletes the data; directories replaced by ``INSERT OVERWRITE`` are left in place for readers
still using the older version.
"""

from __future__ import annotations

import json
import os
import time
import uuid

_RETRIES = 200


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/")] + [p.strip("/") for p in parts])


class Warehouse:
    """The catalog objects and data directories under one warehouse root."""

    def __init__(self, root: str):
        from .execution.engine_bridge import split_url
        scheme, _, path = split_url(root)
        self.root = path if scheme == "file" else root.rstrip("/")
        self.local = scheme == "file"

    # --- objects --------------------------------------------------------------------------
    def _store(self, url: str):
        from .execution.engine_bridge import resolve
        return resolve(url)

    def _read(self, url: str):
        store, key = self._store(url)
        try:
            return json.loads(store.get(key))
        except Exception:  # noqa: BLE001 - missing object
            return None

    def _list(self, prefix: str) -> list:
        """Keys (relative to ``prefix``) of the objects under a prefix."""
        store, key = self._store(prefix)
        key = key.rstrip("/") + "/"
        if self.local and not os.path.isdir("/" + key.lstrip("/")):
            return []
        return [o.key[len(key):] if hasattr(o, "key") else str(o)[len(key):]
                for o in store.list(key)]

    def _create(self, url: str, value: dict) -> bool:
        """Write ``url`` only if it does not exist; whether this call created it."""
        data = json.dumps(value, indent=1, sort_keys=True).encode()
        if self.local:
            os.makedirs(os.path.dirname(url), exist_ok=True)
            tmp = f"{url}.{uuid.uuid4().hex}.tmp"
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, url)
                return True
            except FileExistsError:
                return False
            finally:
                os.unlink(tmp)
        store, key = self._store(url)
        try:
            store.client.put_object(Bucket=store.bucket, Key=store._key(key), Body=data,
                                    IfNoneMatch="*")
            return True
        except Exception as e:  # noqa: BLE001
            code = getattr(e, "response", {}).get("Error", {}).get("Code", "")
            if code in ("PreconditionFailed", "ConditionalRequestConflict", "412"):
                return False
            raise

    # --- databases ------------------------------------------------------------------------
    def _db_url(self, db: str) -> str:
        return _join(self.root, "_catalog", "databases", f"{db.lower()}.json")

    def database(self, db: str) -> dict | None:
        """A database's metadata, or None."""
        if db.lower() == "default":
            return {"name": "default", "description": "default database",
                    "locationUri": self.root}
        meta = self._read(self._db_url(db))
        return meta if meta and not meta.get("dropped") else None

    def databases(self) -> list:
        """The names of the databases."""
        names = {"default"}
        for k in self._list(_join(self.root, "_catalog", "databases")):
            if k.endswith(".json") and "/" not in k and self.database(k[:-5]):
                names.add(k[:-5])
        return sorted(names)

    def create_database(self, db: str, if_not_exists: bool = False) -> None:
        """Create a database (an error if it exists, unless ``if_not_exists``)."""
        from .errors import AnalysisException
        if self.database(db) is None:
            url = self._db_url(db)
            old = self._read(url)
            if old and old.get("dropped"):
                store, key = self._store(url)
                store.delete([key])
            meta = {"name": db.lower(), "description": "",
                    "locationUri": _join(self.root, f"{db.lower()}.db")}
            if self._create(url, meta):
                return
        if not if_not_exists:
            raise AnalysisException(f"[SCHEMA_ALREADY_EXISTS] Cannot create schema `{db}` "
                                    "because it already exists.", "SCHEMA_ALREADY_EXISTS")

    def drop_database(self, db: str, if_exists: bool = False, cascade: bool = False) -> None:
        """Drop a database (``cascade``: with its tables)."""
        from .errors import AnalysisException
        if db.lower() == "default":
            raise AnalysisException("Cannot drop the default database.", "UNSUPPORTED_FEATURE")
        if self.database(db) is None:
            if if_exists:
                return
            raise AnalysisException(f"[SCHEMA_NOT_FOUND] The schema `{db}` cannot be found.",
                                    "SCHEMA_NOT_FOUND")
        tables = self.tables(db)
        if tables and not cascade:
            raise AnalysisException(f"[SCHEMA_NOT_EMPTY] Cannot drop a schema `{db}` because "
                                    "it contains objects.", "SCHEMA_NOT_EMPTY")
        for t in tables:
            self.drop_table(db, t)
        store, key = self._store(self._db_url(db))
        store.put(key, json.dumps({"name": db.lower(), "dropped": True}).encode())

    # --- tables ---------------------------------------------------------------------------
    def _table_dir(self, db: str, table: str) -> str:
        return _join(self.root, "_catalog", "tables", db.lower(), table.lower())

    def location(self, db: str, table: str) -> str:
        """Where a managed table's data goes."""
        if db.lower() == "default":
            return _join(self.root, table.lower())
        return _join(self.root, f"{db.lower()}.db", table.lower())

    def _latest(self, db: str, table: str) -> tuple:
        versions = [int(k[1:-5]) for k in self._list(self._table_dir(db, table))
                    if k.startswith("v") and k.endswith(".json") and "/" not in k]
        for v in sorted(versions, reverse=True):
            meta = self._read(_join(self._table_dir(db, table), f"v{v:08d}.json"))
            if meta is not None:
                return v, meta
        return 0, None

    def table(self, db: str, table: str) -> dict | None:
        """A table's current metadata, or None (never created, or dropped)."""
        _, meta = self._latest(db, table)
        return meta if meta and not meta.get("dropped") else None

    def tables(self, db: str) -> list:
        """The names of a database's tables."""
        names = {k.split("/")[0] for k in self._list(_join(self.root, "_catalog", "tables",
                                                           db.lower()))}
        return sorted(n for n in names if self.table(db, n))

    def commit(self, db: str, table: str, change) -> dict:
        """Write the next version: ``change(current_or_None)`` gives it (or raises)."""
        for attempt in range(_RETRIES):
            v, meta = self._latest(db, table)
            if meta is not None and meta.get("dropped"):
                meta = None
            new = change(meta)
            new["version"] = v + 1
            if self._create(_join(self._table_dir(db, table), f"v{v + 1:08d}.json"), new):
                return new
            time.sleep(min(0.01 * (attempt + 1), 0.2))
        from .errors import AnalysisException
        raise AnalysisException(f"Too many concurrent changes to table {db}.{table}.")

    def drop_table(self, db: str, table: str) -> bool:
        """Drop a table (or view) and delete a managed table's data; whether it existed."""
        meta = self.table(db, table)
        if meta is None:
            return False
        self.commit(db, table, lambda m: {"name": table.lower(), "database": db.lower(),
                                          "dropped": True})
        if meta.get("managed", True) and "location" in meta:
            store, key = self._store(meta["location"])
            store.delete_prefix(key.rstrip("/") + "/")
        return True

    def new_insert_dir(self, meta: dict) -> str:
        """A fresh directory for one insert's files."""
        return _join(meta["location"], f"insert-{time.strftime('%Y%m%d%H%M%S')}-"
                                       f"{uuid.uuid4().hex[:12]}")

    # --- functions ------------------------------------------------------------------------
    def _function_url(self, db: str, name: str) -> str:
        return _join(self.root, "_catalog", "functions", db.lower(), f"{name.lower()}.json")

    def function(self, db: str, name: str) -> dict | None:
        """A persistent function's metadata (name, database, class name), or None."""
        meta = self._read(self._function_url(db, name))
        return meta if meta and not meta.get("dropped") else None

    def functions(self, db: str) -> list:
        """The persistent functions of a database."""
        out = []
        for k in self._list(_join(self.root, "_catalog", "functions", db.lower())):
            meta = self.function(db, k[:-5]) if k.endswith(".json") and "/" not in k else None
            if meta is not None:
                out.append(meta)
        return out

    def create_function(self, db: str, name: str, class_name: str, replace: bool = False,
                        if_not_exists: bool = False) -> None:
        """Record a persistent function (an error if it exists, unless asked otherwise)."""
        from .errors import AnalysisException
        if self.database(db) is None:
            raise AnalysisException(f"[SCHEMA_NOT_FOUND] The schema `{db}` cannot be found.",
                                    "SCHEMA_NOT_FOUND")
        url = self._function_url(db, name)
        meta = {"name": name.lower(), "database": db.lower(), "className": class_name}
        if replace or self._read(url) is not None and self.function(db, name) is None:
            store, key = self._store(url)
            store.put(key, json.dumps(meta).encode())
            return
        if not self._create(url, meta) and not if_not_exists:
            raise AnalysisException(f"[ROUTINE_ALREADY_EXISTS] Cannot create the function "
                                    f"`{db}`.`{name}` because it already exists.",
                                    "ROUTINE_ALREADY_EXISTS")

    def drop_function(self, db: str, name: str) -> bool:
        """Forget a persistent function; whether it existed."""
        if self.function(db, name) is None:
            return False
        store, key = self._store(self._function_url(db, name))
        store.put(key, json.dumps({"name": name.lower(), "dropped": True}).encode())
        return True
