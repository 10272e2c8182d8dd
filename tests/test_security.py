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


# --- secrets never show -------------------------------------------------------------------

SECRETS = {
    "spark.hadoop.fs.s3n.awsAccessKeyId": "AKIASCANFORLEAKS0001",
    "spark.hadoop.fs.s3n.awsSecretAccessKey": "scan/secret+access/key/value/0123456789",
    "spark.myservice.auth.token": "scan-token-value-7f3a",
    "spark.myservice.password": "scan-password-value-91b2",
}
SESSION_TOKEN = "scan-session-token-value-c4d5e6"


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in text]


def _failing(x):
    raise RuntimeError(f"user failure on {x}")


@pytest.mark.usefixtures("ship_tests_by_value")
def test_no_secret_in_logs_event_logs_reports_or_errors(lambda_conf, lambda_emulator, tmp_path, capfd, caplog,
                                                         monkeypatch):
    from spark_lambda.cli import main
    from spark_lambda.keys import SECRET_PATTERN
    monkeypatch.setenv("AWS_SESSION_TOKEN", SESSION_TOKEN)
    events = tmp_path / "events"
    events.mkdir()
    conf = (lambda_conf.copy().setAppName("secrets").set("spark.eventLog.enabled", "true")
            .set("spark.eventLog.dir", str(events)).set("spark.lambda.ui.summary", "true")
            .set("spark.task.maxFailures", "1"))
    for k, v in SECRETS.items():
        conf.set(k, v)
    assert all(SECRET_PATTERN.search(k) for k in SECRETS)   # each is a secret by Spark's pattern
    caplog.set_level(logging.DEBUG, logger="spark_lambda")
    errors = []
    with SparkContext(conf=conf) as sc:
        key = sc.secret
        assert sorted(sc.parallelize([(i % 3, i) for i in range(30)], 3).reduceByKey(add).collect()) == \
            [(0, 135), (1, 145), (2, 155)]
        try:
            sc.parallelize(range(4), 2).map(_failing).collect()
        except JobFailedError as e:
            errors.append(f"{e}\n{e.remote_traceback}")
    assert errors and "user failure" in errors[0]
    [log] = list(events.iterdir())
    report = tmp_path / "report.html"
    assert main(["report", str(log), "-o", str(report)]) == 0
    secrets = [*SECRETS.values(), SESSION_TOKEN, key.hex(), base64.b64encode(key).decode()]
    outputs = {"event log": log.read_text(), "report": report.read_text(), "errors": "\n".join(errors),
               "console": "".join(capfd.readouterr()), "driver log": caplog.text,
               "function log": lambda_emulator.output()}
    assert "SparkListenerApplicationStart" in outputs["event log"] and "redacted" in outputs["event log"]
    assert "user failure" in outputs["function log"] or "REPORT RequestId" in outputs["function log"]
    assert {name: _leaks(text, secrets) for name, text in outputs.items()} == {name: [] for name in outputs}


# --- loopback only ------------------------------------------------------------------------------

def _listening(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(moto_server, lambda_emulator, tmp_path):
    from .servers import EmulatorServer
    proxied = EmulatorServer(str(tmp_path / "emulator.log"), concurrency=1, faults="throttle=0.1",
                             s3_upstream=moto_server.url)
    try:
        ports = {"moto": moto_server.port, "emulator": lambda_emulator.port, "faulty emulator": proxied.port,
                 "S3 proxy": int(proxied.s3_url.rsplit(":", 1)[1])}
        loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
        seen = {name: _listening(port) for name, port in ports.items()}
        assert all(seen.values()), seen
        assert {name: addresses - loopback for name, addresses in seen.items()} == {name: set() for name in seen}
    finally:
        proxied.stop()
