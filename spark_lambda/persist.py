"""Persisted partitions: called on executors by ``RDD.iterator`` for persisted RDDs.

Executors do not live long, so a persisted partition is kept in the object
store, not in an executor's memory: the first task that computes it writes it
there (a sealed block of frames under the application's prefix) and reports
it in its result; later tasks, wherever they run, read it back instead of
recomputing. ``SparkContext`` deletes the objects on ``unpersist`` and at stop.
"""

from __future__ import annotations

from .errors import IntegrityError, ObjectNotFoundError
from .serializers import decode_frames, encode_frames, seal, unseal


def cache_key(app_id: str, rdd_id: int, split: int) -> str:
    return f"{app_id}/cache/rdd-{rdd_id}/part-{split:05d}"


def cache_prefix(app_id: str, rdd_id: int) -> str:
    return f"{app_id}/cache/rdd-{rdd_id}/"


def read_or_compute(rdd, split: int, tc):
    key = cache_key(tc.task.app_id, rdd.id, split)
    try:
        blob = tc.work.get(key)
    except ObjectNotFoundError:
        blob = None
    if blob is not None:
        try:
            return decode_frames(unseal(tc.secret, blob, f"persisted partition {key}"))
        except IntegrityError:
            pass  # recompute rather than trust a damaged copy
    records = list(rdd.compute(split, tc))
    tc.work.put(key, seal(tc.secret, b"".join(encode_frames(records, tc.codec))))
    tc.cached.append([rdd.id, split])
    return iter(records)
