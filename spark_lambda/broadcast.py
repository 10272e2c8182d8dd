"""Broadcast variables: a read-only value shipped once, read by every task.

Created on the driver by ``SparkContext.broadcast``. The value is pickled
once, sealed with the application's key and written to the work store under
``APP/broadcast/DIGEST``. Pickled into a stage's code, a broadcast is only its
id and that key, so the stage code stays small however large the value is.
On an executor, ``value`` fetches the object the first time a task reads it,
verifies the seal, unpickles it and keeps it in a small per-process cache by
key (the key holds the content digest), so a warm executor reads each
broadcast once. ``unpersist`` drops copies held in this process (executors
fetch the stored copy again when they need it); ``destroy`` also deletes the
stored copy, after which the broadcast cannot be used in new tasks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .errors import ObjectNotFoundError
from .serializers import digest, dumps_closure, loads, seal, unseal
from .taskcontext import TaskContext

_CACHE_SIZE = 8
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


class Broadcast:
    """A broadcast variable; read it with ``.value`` on the driver or in tasks."""

    def __init__(self, sc=None, value=None, bid: int = 0, _key: str | None = None):
        self._bid = bid
        self._destroyed = False
        if sc is None:  # rebuilt on an executor from (bid, key)
            self._key = _key
            self._sc = None
            return
        data = dumps_closure(value, "broadcast value")
        self._key = f"{sc.app_id}/broadcast/{digest(data)}"
        sc.work_store.put(self._key, seal(sc.secret, data))
        self._sc = sc
        self._value = value
        self.size = len(data)

    @property
    def id(self) -> int:
        return self._bid

    @property
    def value(self):
        """The broadcast value (fetched from the object store on first use in a process)."""
        if hasattr(self, "_value"):
            return self._value
        self._value = _fetch(self._key, self._bid)
        return self._value

    def dump(self, value, f) -> None:
        """Pickle ``value`` into the open binary file ``f``."""
        f.write(dumps_closure(value, "broadcast value"))

    def load(self, file):
        """Unpickle a value written by ``dump`` from the open binary file ``file``."""
        return loads(file.read())

    def load_from_path(self, path: str):
        """Unpickle a value written by ``dump`` from the file at ``path``."""
        with open(path, "rb") as f:
            return self.load(f)

    def unpersist(self, blocking: bool = False) -> None:
        """Drop cached copies; tasks that use it again fetch the stored copy."""
        if self._destroyed:
            raise RuntimeError(f"Broadcast {self._bid} was destroyed and cannot be unpersisted.")
        with _cache_lock:
            _cache.pop(self._key, None)

    def destroy(self, blocking: bool = False) -> None:
        """Delete every copy, including the stored one; the broadcast cannot be used in tasks after."""
        if self._sc is None:
            raise RuntimeError("Broadcast.destroy() can only be called on the driver.")
        self._destroyed = True
        with _cache_lock:
            _cache.pop(self._key, None)
        self._sc.work_store.delete([self._key])

    def __reduce__(self):
        if self._destroyed:
            raise RuntimeError(f"Attempted to use broadcast variable {self._bid} after it was destroyed; "
                               "create a new one with sc.broadcast(value).")
        return _executor_broadcast, (self._bid, self._key)

    def __repr__(self) -> str:
        return f"<Broadcast id={self._bid}>"


def _executor_broadcast(bid: int, key: str) -> Broadcast:
    return Broadcast(bid=bid, _key=key)


def _fetch(key: str, bid: int):
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    tc = TaskContext.get()
    if tc is None:
        raise RuntimeError(f"Broadcast {bid} can only be read on the driver or inside a running task.")
    try:
        blob = tc.work.get(key)
    except ObjectNotFoundError:
        raise ObjectNotFoundError(f"Broadcast {bid} is gone from the object store ({key}): it was "
                                  "destroyed, or its context was stopped.") from None
    value = loads(unseal(tc.secret, blob, f"broadcast {bid}"))
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value
