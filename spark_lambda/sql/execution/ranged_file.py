"""An object in a store as a seekable read-only file: every read is one ranged GET.

Used by the Parquet scans for ``s3://`` (``s3a://``, ``s3n://``) files: pyarrow reads the
footer, then only the column chunks of the row groups a split needs, each a ranged request
through the engine's (metered) store, so a task's metrics count what it read.
"""

from __future__ import annotations

import io


class RangedFile(io.RawIOBase):
    """``store.get(key, start, end)`` behind ``read``/``seek``, for ``size`` bytes."""

    def __init__(self, store, key: str, size: int):
        super().__init__()
        self.store, self.key, self.size, self.pos = store, key, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def read(self, n: int = -1) -> bytes:
        end = self.size if n is None or n < 0 else min(self.size, self.pos + n)
        if end <= self.pos:
            return b""
        data = self.store.get(self.key, self.pos, end)
        self.pos += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return self.read(-1)
