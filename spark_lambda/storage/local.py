"""A local directory as an ObjectStore (plain paths and ``file://`` URLs).

Keys map to files under the root. ``put`` writes a temporary file beside the
target and renames it into place, so a reader sees the whole object or none.
Used for user data on local disk, and for the shuffle on a local master.
"""

from __future__ import annotations

import os
import tempfile
from typing import Iterable, Iterator

from ..errors import ObjectNotFoundError, StoreError
from .base import ObjectInfo, ObjectStore


class LocalStore(ObjectStore):
    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self.url = "file://" + self.root

    def _path(self, key: str) -> str:
        return os.path.join(self.root, key) if key else self.root

    def put(self, key: str, data: bytes) -> None:
        self._write(key, lambda f: f.write(data))

    def put_file(self, key: str, path: str) -> None:
        def copy(dst):
            with open(path, "rb") as src:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        self._write(key, copy)

    def put_chunks(self, key: str, chunks) -> None:
        def write(dst):
            for chunk in chunks:
                dst.write(chunk)
        self._write(key, write)

    def _write(self, key: str, fill) -> None:
        """Write through a hidden temporary file beside the target, then rename it into place."""
        path = self._path(key)
        directory = os.path.dirname(path)
        try:
            os.makedirs(directory, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    fill(f)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as e:
            raise StoreError(f"Cannot write {path}: {e.strerror}. Check that the directory "
                             "is writable and the disk has room.") from None

    def move(self, src: str, dst: str) -> None:
        target = self._path(dst)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.replace(self._path(src), target)
        except FileNotFoundError:
            raise ObjectNotFoundError(f"{self._path(src)} does not exist.") from None

    def get(self, key: str, start: int | None = None, end: int | None = None) -> bytes:
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                if start:
                    f.seek(start)
                if end is None:
                    return f.read()
                return f.read(max(0, end - (start or 0)))
        except FileNotFoundError:
            raise ObjectNotFoundError(f"{path} does not exist.") from None
        except IsADirectoryError:
            raise ObjectNotFoundError(f"{path} is a directory, not a file.") from None

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        head, _, tail = prefix.rpartition("/")
        top = self._path(head)
        if not os.path.isdir(top):
            return
        found = []
        for name in os.listdir(top):
            if name.startswith(tail) and not name.startswith(".tmp-"):
                self._collect(os.path.join(top, name), f"{head}/{name}" if head else name, found)
        found.sort(key=lambda info: info.key)
        yield from found

    def _collect(self, path: str, key: str, found: list) -> None:
        # another process may delete what was just listed: what is gone is not listed (S3's
        # listing is as of one moment, and an object deleted before it is not in it either)
        try:
            if os.path.isdir(path):
                for name in os.listdir(path):
                    if not name.startswith(".tmp-"):
                        self._collect(os.path.join(path, name), f"{key}/{name}", found)
            elif os.path.isfile(path):
                found.append(ObjectInfo(key, os.path.getsize(path)))
        except FileNotFoundError:
            return

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            try:
                os.remove(self._path(key))
            except FileNotFoundError:
                pass

    def delete_prefix(self, prefix: str) -> int:
        count = super().delete_prefix(prefix)
        base = self._path(prefix.rstrip("/"))
        if os.path.isdir(base):
            for dirpath, _dirnames, _files in sorted(os.walk(base), reverse=True):
                try:
                    os.rmdir(dirpath)
                except OSError:
                    pass
        return count

    def exists(self, key: str) -> bool:
        return os.path.isfile(self._path(key))
