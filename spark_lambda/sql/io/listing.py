"""The files a read names: paths, comma lists, globs and directories on any store.

Called on the driver by ``spark.read``. Each path is listed through the engine's stores
(``io/paths.py``: local disk, ``s3://``, ``s3a://``, ``s3n://``; ``_`` and ``.`` files
skipped); a path that names nothing is PySpark's ``PATH_NOT_FOUND`` (an existing empty local
directory names no files). Directories below a
path named ``key=value`` give each file its partition values.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass

from . import partitions


@dataclass(frozen=True)
class InputFile:
    """One data file: its URL, size in bytes and Hive-style partition values."""
    url: str
    size: int
    partition: dict


def display(url: str) -> str:
    """A URL as Spark prints it (``file:/abs/path`` for local files)."""
    return url if "://" in url else "file:" + url


def _base_dir(path: str) -> str:
    """The directory partition values are read below (the path before any glob)."""
    for i, ch in enumerate(path):
        if ch in "*?[{":
            return path[:path.rfind("/", 0, i) + 1].rstrip("/")
    return path.rstrip("/")


def list_inputs(paths: list, store_options: dict) -> list:
    """Every ``InputFile`` under ``paths``, in path then name order."""
    from ..errors import AnalysisException
    from ..execution.engine_bridge import InputError, list_files, split_url
    out = []
    for raw in paths:
        for path in (p.strip() for p in str(raw).split(",")):
            if not path:
                continue
            scheme, bucket, key = split_url(path)
            full = key if scheme == "file" else f"{scheme}://{bucket}/{key}"
            try:
                found = list_files(path, store_options)
            except InputError:
                if scheme == "file" and os.path.isdir("/" + key.lstrip("/")):
                    continue   # an existing empty directory: no files
                raise AnalysisException(f"Path does not exist: {display(full)}.",
                                        "PATH_NOT_FOUND", {"path": display(full)},
                                        "42K03") from None
            base = _base_dir(full)
            for url, size in found:
                rel = posixpath.dirname(url[len(base):].lstrip("/")) if url.startswith(base) \
                    else ""
                out.append(InputFile(url, size, partitions.values_of(rel)))
    return out
