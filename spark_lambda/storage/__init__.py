"""Object stores by URL scheme, imported on first use.

``resolve("s3://bucket/path/part-0")`` gives ``(store, "path/part-0")``;
``resolve("/data/x.txt")`` gives a store rooted at ``/`` and ``"data/x.txt"``.
``open_root(url)`` gives a store whose keys are relative to ``url`` (the
application's work area: shuffle, stage code, payloads); a comma-separated
list of roots gives one store over all of them, each key placed on one by
its hash (``spread.py``). A scheme whose
optional dependency is missing raises an ImportError saying what to install.
"""

from __future__ import annotations

import importlib
import os
from urllib.parse import urlparse

from ..errors import ConfigurationError
from .base import ObjectInfo, ObjectStore

__all__ = ["ObjectInfo", "ObjectStore", "resolve", "open_root", "is_remote", "uri", "SCHEMES"]

# scheme -> (dotted class path, install hint)
SCHEMES: dict[str, tuple[str, str]] = {
    "file": ("spark_lambda.storage.local:LocalStore", ""),
    "s3": ("spark_lambda.storage.s3:S3Store", "pip install 'spark-lambda[aws]'"),
    "s3a": ("spark_lambda.storage.s3:S3Store", "pip install 'spark-lambda[aws]'"),
    "s3n": ("spark_lambda.storage.s3:S3Store", "pip install 'spark-lambda[aws]'"),
}

_cache: dict[tuple, ObjectStore] = {}


def _class(scheme: str):
    if scheme not in SCHEMES:
        raise ConfigurationError(
            f"Unsupported storage scheme {scheme!r}:// . Use a local path, file://, s3://, s3a:// or s3n://.")
    target, hint = SCHEMES[scheme]
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as e:
        raise ImportError(f"The {scheme}:// scheme needs a package that is not installed ({e.name}): "
                          f"{hint}") from e


def split_url(url: str) -> tuple[str, str, str]:
    """(scheme, bucket-or-'', key-or-absolute-path) of a URL or plain path."""
    url = os.fspath(url)
    parsed = urlparse(url)
    if parsed.scheme in ("", "file") or len(parsed.scheme) == 1:  # plain path (or a drive letter)
        path = parsed.path if parsed.scheme == "file" else url
        return "file", "", os.path.abspath(os.path.expanduser(path))
    if not parsed.netloc:
        raise ConfigurationError(f"{url!r} names no bucket; write it as {parsed.scheme}://BUCKET/KEY.")
    return parsed.scheme, parsed.netloc, parsed.path.lstrip("/")


def uri(url: str) -> str:
    """``url`` written as Hadoop writes a path (what PySpark shows): ``file:/abs/path`` for
    a local path or ``file://`` URL, ``scheme://bucket/key`` otherwise."""
    scheme, bucket, path = split_url(url)
    return f"file:{path}" if scheme == "file" else f"{scheme}://{bucket}/{path}"


def is_remote(url: str) -> bool:
    """True when executors elsewhere can reach ``url`` (anything but local disk; every
    root of a comma-separated list)."""
    return all(split_url(u)[0] != "file" for u in roots(url))


def roots(url: str) -> list[str]:
    """The roots a comma-separated list of URLs names (one for a plain URL)."""
    parts = [u.strip() for u in os.fspath(url).split(",")] if "," in os.fspath(url) else [url]
    if not all(parts):
        raise ConfigurationError(f"{url!r} has an empty item; write a list of roots as "
                                 "s3://BUCKET1/prefix,s3://BUCKET2/prefix.")
    return parts


def _store(scheme: str, bucket: str, root: str, options: dict) -> ObjectStore:
    ident = (scheme if scheme == "file" else "s3", bucket, root, tuple(sorted(options.items())))
    store = _cache.get(ident)
    if store is None:
        cls = _class(scheme)
        store = cls(root) if scheme == "file" else cls(bucket, root, options)
        _cache[ident] = store
    return store


def resolve(url: str, options: dict | None = None) -> tuple[ObjectStore, str]:
    """The store holding ``url`` and the key of ``url`` in it."""
    scheme, bucket, path = split_url(url)
    if scheme == "file":
        return _store("file", "", "/", {}), path.lstrip("/")
    return _store(scheme, bucket, "", options or {}), path


def open_root(url: str, options: dict | None = None) -> ObjectStore:
    """A store whose keys are relative to ``url`` (or spread over a list of roots)."""
    many = roots(url)
    if len(many) > 1:
        from .spread import SpreadStore
        return SpreadStore([open_root(u, options) for u in many])
    scheme, bucket, path = split_url(url)
    if scheme == "file":
        return _store("file", "", path, {})
    return _store(scheme, bucket, path.strip("/"), options or {})
