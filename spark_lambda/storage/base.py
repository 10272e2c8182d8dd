"""The ObjectStore seam: where bytes live.

Five primitives, implemented by every store: ``put``, ``get`` (optionally a
byte range), ``list`` (by prefix, with sizes), ``delete`` (many keys) and
``exists``. Keys are '/'-separated strings relative to the store's root; a
store knows nothing of jobs or RDDs. Called by the executor (shuffle, inputs,
outputs, stage code) and by the driver (listing inputs, cleanup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int


class ObjectStore:
    """Abstract store; see the module docstring. ``url`` names its root."""

    url: str

    def put(self, key: str, data: bytes) -> None:
        """Write ``data`` under ``key`` whole: readers never see a partial object."""
        raise NotImplementedError

    def get(self, key: str, start: int | None = None, end: int | None = None) -> bytes:
        """Bytes ``[start, end)`` of ``key`` (all of it by default).

        Raises ObjectNotFoundError when the key does not exist."""
        raise NotImplementedError

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Every object whose key starts with ``prefix``, in key order."""
        raise NotImplementedError

    def delete(self, keys: Iterable[str]) -> None:
        """Delete the given keys; missing keys are ignored."""
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        raise NotImplementedError

    # conveniences built on the primitives -----------------------------------
    def put_file(self, key: str, path: str) -> None:
        """Upload a local file (stores may stream it)."""
        with open(path, "rb") as f:
            self.put(key, f.read())

    def put_chunks(self, key: str, chunks: Iterable[bytes]) -> None:
        """Write the byte strings ``chunks``, one after another, under ``key`` whole (stores may
        upload parts of it while later chunks are still being produced)."""
        self.put(key, b"".join(chunks))

    def move(self, src: str, dst: str) -> None:
        """Give ``src``'s object the key ``dst`` (stores with a server-side copy override this)."""
        self.put(dst, self.get(src))
        self.delete([src])

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under ``prefix``; returns how many."""
        keys = [info.key for info in self.list(prefix)]
        self.delete(keys)
        return len(keys)

    def take_retries(self) -> int:
        """How many times requests this thread made were retried (503 SlowDown, 500, timeouts)
        since it last asked; stores that never retry answer 0."""
        return 0

    def close(self) -> None:
        pass
