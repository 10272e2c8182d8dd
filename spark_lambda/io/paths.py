"""Expanding user input paths: comma-separated lists, directories and globs.

Called on the driver when a source RDD is created. Files whose names start
with ``_`` or ``.`` are skipped, as Hadoop skips them (``_SUCCESS``, temp files).
"""

from __future__ import annotations

import fnmatch
import re

from .. import storage
from ..errors import InputError

_GLOB = re.compile(r"[*?\[{]")


def _expand_braces(pattern: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", pattern)
    if not m:
        return [pattern]
    out = []
    for alt in m.group(1).split(","):
        out.extend(_expand_braces(pattern[:m.start()] + alt + pattern[m.end():]))
    return out


def _hidden(key: str, base: str) -> bool:
    rel = key[len(base):].lstrip("/") if key.startswith(base) else key.rsplit("/", 1)[-1]
    return any(part.startswith(("_", ".")) for part in rel.split("/") if part)


def _split_commas(path: str) -> list[str]:
    """Split a comma-separated list of paths, keeping commas inside ``{a,b}`` globs."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(path):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            out.append(path[start:i])
            start = i + 1
    out.append(path[start:])
    return out


def list_files(path: str, options: dict | None = None) -> list[tuple[str, int]]:
    """Every (url, size) that ``path`` names; InputError when it names nothing."""
    found: list[tuple[str, int]] = []
    for one in (p.strip() for p in _split_commas(str(path))):
        if not one:
            continue
        found.extend(_list_one(one, options))
    if not found:
        raise InputError(f"Input path does not exist or matches no file: {path}. "
                         "Check the path (and, for s3://, the bucket and prefix).")
    return found


def _list_one(path: str, options) -> list[tuple[str, int]]:
    scheme, bucket, _ = storage.split_url(path)
    store, key = storage.resolve(path, options)
    root = "/" if scheme == "file" else f"{scheme}://{bucket}/"
    m = _GLOB.search(key)
    if m is None:
        infos = list(store.list(key))
        exact = [i for i in infos if i.key == key]
        if exact:
            return [(root + key, exact[0].size)]
        base = key.rstrip("/") + "/"
        return [(root + i.key, i.size) for i in infos
                if i.key.startswith(base) and not _hidden(i.key, base)]
    prefix = key[:m.start()]
    patterns = _expand_braces(key)
    out = []
    for info in store.list(prefix[: prefix.rfind("/") + 1]):
        parts = info.key.split("/")
        if parts[-1].startswith(("_", ".")):
            continue
        for pat in patterns:
            n = pat.count("/") + 1
            if len(parts) >= n and fnmatch.fnmatchcase("/".join(parts[:n]), pat):
                out.append((root + info.key, info.size))
                break
    return out
