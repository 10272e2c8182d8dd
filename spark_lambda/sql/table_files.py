"""The data files of a persistent table: listed under its insert directories (a managed table)
or its location (an external one), with their sizes and the ``key=value`` partitions they
lie in."""

from __future__ import annotations


def _roots(meta: dict) -> list:
    return [meta["location"]] if meta.get("external") else list(meta.get("inserts", []))


def data_files(wh, meta: dict) -> list:
    """``(path relative to its directory, size)`` of every data file of a table (names
    starting with ``_`` or ``.``, as ``_SUCCESS``, are not data)."""
    out = []
    for root in _roots(meta):
        store, key = wh._store(root)
        prefix = key.rstrip("/") + "/"
        for o in store.list(prefix):
            rel = o.key[len(prefix):]
            if not any(part.startswith(("_", ".")) for part in rel.split("/")):
                out.append((rel, o.size))
    return out


def size_in_bytes(wh, meta: dict) -> int:
    """The total size of a table's data files."""
    return sum(size for _, size in data_files(wh, meta))


def partitions(wh, meta: dict) -> list:
    """The ``key=value/…`` partition paths holding a table's data, sorted."""
    depth = len(meta.get("partitionColumns", []))
    if not depth:
        return []
    return sorted({"/".join(rel.split("/")[:depth]) for rel, _ in data_files(wh, meta)
                   if rel.count("/") >= depth})
