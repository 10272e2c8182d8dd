"""Security: tampered objects never run, secrets never show, servers listen on loopback only.

Tampering: each kind of object the engine unpickles from the store (stage
code, broadcast value, shuffle block, large result payload, persisted
partition, parallelized slice) is replaced mid-job by a pickle that would
create a marker file when unpickled. The seal check rejects it before any
unpickling: the job fails with an integrity error, or recomputes what it
lost, and the marker never appears. A control shows the payload is live.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import logging
import os
import pickle
import struct
import sys
from operator import add

import cloudpickle
import pytest

from spark_lambda import SparkContext
from spark_lambda.errors import IntegrityError, JobFailedError
from spark_lambda.serializers import TAG_SIZE, decode_frames

cloudpickle.register_pickle_by_value(sys.modules[__name__])


class _Evil:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))   # unpickling this creates the marker file


def evil_pickle(marker: str) -> bytes:
    return pickle.dumps(_Evil(marker), protocol=5)


def evil_block(marker: str, size: int) -> bytes:
    """A shuffle block of exactly ``size`` bytes: a frame holding the evil pickle, a wrong tag."""
    payload = pickle.dumps([_Evil(marker)], protocol=5)
    frame = struct.pack("<IB", len(payload), 0) + payload
    assert size >= len(frame) + TAG_SIZE, "blocks too small for the test"
    return frame + b"\0" * (size - len(frame) - TAG_SIZE) + b"\x17" * TAG_SIZE


def test_the_evil_payloads_are_live(tmp_path):
    """Control: unpickled without the seal check, the bytes would create the marker."""
    pickle.loads(evil_pickle(str(tmp_path / "a")))
    next(decode_frames(evil_block(str(tmp_path / "b"), 200)[:-TAG_SIZE]))
    assert (tmp_path / "a").exists() and (tmp_path / "b").exists()


@pytest.fixture
def ctx(new_context, tmp_path):
    sc = new_context("local[2]", spark_task_maxFailures="2")
    sc.work = sc.work_url[len("file://"):]
    sc.marker = str(tmp_path / "pwned")
    return sc


def _objects(sc, pattern: str) -> list[str]:
    return glob.glob(os.path.join(sc.work, pattern.format(app=sc.app_id)), recursive=True)


def _overwrite(paths, data: bytes) -> None:
    assert paths
    for path in paths:
        with open(path, "wb") as f:
            f.write(data)


def _on(sc, event: str, action, kind: str | None = None):
    """Run ``action(fields)`` once, at the first ``event`` (of a stage of ``kind``)."""
    kinds, done = {}, []

    def listener(name, fields):
        if name == "stage_submitted":
            kinds[fields["stage"]] = fields["kind"]
        if name == event and not done and (kind is None or kinds.get(fields.get("stage")) == kind):
            done.append(True)
            action(fields)
    sc.add_listener(listener)
    return done


def test_tampered_stage_code_fails_the_job_and_never_runs(ctx):
    done = _on(ctx, "stage_submitted", lambda f: _overwrite(_objects(ctx, "{app}/code/*"), evil_pickle(ctx.marker)
                                                             + b"\x17" * TAG_SIZE))
    with pytest.raises(JobFailedError, match="stage code .* failed its integrity check.*will not be unpickled"):
        ctx.parallelize(range(10), 2).map(lambda x: x + 1).collect()
    assert done and not os.path.exists(ctx.marker)


def test_tampered_broadcast_fails_the_job_and_never_runs(ctx):
    bc = ctx.broadcast({"a": 1})
    _overwrite(_objects(ctx, "{app}/broadcast/*"), evil_pickle(ctx.marker) + b"\x17" * TAG_SIZE)
    with pytest.raises(JobFailedError, match="broadcast .* failed its integrity check"):
        ctx.parallelize(range(4), 2).map(lambda x: bc.value["a"] + x).collect()
    assert not os.path.exists(ctx.marker)


def test_tampered_shuffle_blocks_are_recomputed_and_never_run(ctx):
    data = [(i % 3, hashlib.sha256(str(i).encode()).hexdigest()) for i in range(90)]

    def tamper(_fields):
        [stage] = ctx.scheduler.shuffle_stages.values()
        for status in stage.outputs:
            path = os.path.join(ctx.work, status["key"])
            with open(path, "r+b") as f:
                offsets = status["offsets"]
                for start, end in zip(offsets, offsets[1:]):
                    if end > start:
                        f.seek(start)
                        f.write(evil_block(ctx.marker, end - start))
    done = _on(ctx, "stage_completed", tamper, kind="map")
    events = []
    ctx.add_listener(lambda name, fields: events.append((name, fields)))
    got = sorted((k, sorted(v)) for k, v in ctx.parallelize(data, 2).groupByKey(3).collect())
    assert got == sorted((k, sorted(v for kk, v in data if kk == k)) for k in range(3))
    assert done and not os.path.exists(ctx.marker)
    failed = [f for n, f in events if n == "task_end" and f["status"] == "fetch_failed"]
    assert failed and "integrity check" in failed[0]["error"]["message"]


def test_tampered_result_payload_fails_the_job_and_never_runs(new_context, tmp_path):
    sc = new_context("local[2]", spark_lambda_payload_inline_max="1k")
    marker = str(tmp_path / "pwned")

    def tamper(fields):
        if fields["status"] == "success":
            key = os.path.join(sc.work_url[len("file://"):], sc.app_id, "results",
                               f"stage-{fields['stage']}-{fields['stage_attempt']}",
                               f"part-{fields['partition']}-{fields['attempt']}")
            _overwrite([key], evil_pickle(marker) + b"\x17" * TAG_SIZE)
    _on(sc, "task_end", tamper)
    with pytest.raises(IntegrityError, match="task result .* failed its integrity check"):
        sc.parallelize(range(2), 2).map(lambda x: "x" * 5000).collect()
    assert not os.path.exists(marker)


def test_tampered_persisted_partition_is_recomputed_and_never_runs(ctx):
    rdd = ctx.parallelize(range(20), 2).map(lambda x: x * 3).cache()
    assert rdd.sum() == 570
    _overwrite(_objects(ctx, "{app}/cache/**/part-*"), evil_pickle(ctx.marker) + b"\x17" * TAG_SIZE)
    assert rdd.map(lambda x: x + 1).sum() == 590
    assert not os.path.exists(ctx.marker)


def test_tampered_parallelized_slice_fails_the_job_and_never_runs(ctx):
    rdd = ctx.parallelize([hashlib.sha256(str(i).encode()).digest() for i in range(40_000)], 2)
    slices = _objects(ctx, "{app}/data/**/slice-*")
    assert slices, "the collection was not stored as slices; make it larger"
    _overwrite(slices, evil_pickle(ctx.marker) + b"\x17" * TAG_SIZE)
    with pytest.raises(JobFailedError, match="slice .* failed its integrity check"):
        rdd.count()
    assert not os.path.exists(ctx.marker)
