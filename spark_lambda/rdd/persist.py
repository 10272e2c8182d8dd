"""Persisted partitions: called on executors by ``RDD.iterator`` for persisted RDDs.

Executors do not live long, so a persisted partition is kept in the object
store, not in an executor's memory: the first task that computes it writes it
there (a sealed block of frames under the application's prefix) and reports
it in its result; later tasks, wherever they run, read it back instead of
recomputing. ``SparkContext`` deletes the objects on ``unpersist`` and at stop.

Every attempt writes its own key (the stage, stage attempt and task attempt
are in it), so copies never overwrite each other; the driver records the
key of the first successful attempt of each partition and names it in the
tasks that read it (``cache_reads``, ``Task.cache_inputs``).
"""

from __future__ import annotations

from ..errors import IntegrityError, ObjectNotFoundError
from ..serializers import decode_frames, encode_frames, seal, unseal


def cache_key(app_id: str, rdd_id: int, split: int, stage_id: int = 0, stage_attempt: int = 0,
              attempt: int = 0) -> str:
    return f"{app_id}/cache/rdd-{rdd_id}/part-{split:05d}-{stage_id}-{stage_attempt}-{attempt}"


def cache_prefix(app_id: str, rdd_id: int) -> str:
    return f"{app_id}/cache/rdd-{rdd_id}/"


def cache_reads(rdd, split: int) -> dict:
    """Driver side: ``{"rdd:split": key}`` of the stored persisted partitions that
    computing ``split`` of ``rdd`` reads (through narrow dependencies)."""
    found, seen, stack = {}, set(), [(rdd, split)]
    while stack:
        r, s = stack.pop()
        checkpointed = r.checkpoint_data is not None and r.checkpoint_data.done
        if (id(r), s) in seen or (checkpointed and not r.checkpoint_data.local):
            continue
        seen.add((id(r), s))   # by identity: walking the lineage must not draw RDD ids
        if r.storage_level is not None:
            key = r.ctx.cached_partitions(r.id).get(s)
            if key is not None:
                found[f"{r.id}:{s}"] = key
                continue
        if not checkpointed:
            stack.extend(r.narrow_inputs(s))
    return found


def read_or_compute(rdd, split: int, tc):
    key = tc.task.cache_inputs.get(f"{rdd.id}:{split}")
    if key is not None:
        try:
            blob = tc.work.get(key)
            return decode_frames(unseal(tc.secret, blob, f"persisted partition {key}"))
        except (ObjectNotFoundError, IntegrityError):
            pass  # recompute rather than trust a lost or damaged copy
    t = tc.task
    key = cache_key(t.app_id, rdd.id, split, t.stage_id, t.stage_attempt, t.attempt)
    records = list(rdd.compute(split, tc))
    tc.work.put(key, seal(tc.secret, b"".join(encode_frames(records, tc.codec))))
    tc.cached.append([rdd.id, split, key])
    return iter(records)
