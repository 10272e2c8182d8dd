"""Tasks and results too large for an invocation go through the work store, sealed."""

import json
import secrets

import pytest

from spark_lambda import storage
from spark_lambda.errors import IntegrityError
from spark_lambda.wire.payloads import open_event, open_response, result_response, task_event


def _task(tmp_path, inputs):
    return {"app_id": "app-p", "task_id": 7, "work_url": "file://" + str(tmp_path), "store_options": {},
            "secret": secrets.token_bytes(32).hex(), "shuffle_inputs": inputs}


def test_small_task_and_result_ride_inline(tmp_path):
    task = _task(tmp_path, {})
    payload, key = task_event(task, 1 << 20)
    assert key is None and json.loads(payload) == task
    assert result_response(task, {"status": "success"}) == {"status": "success"}


def test_large_task_and_result_round_trip_by_reference(tmp_path):
    task = _task(tmp_path, {"0:1": [["k" * 50, 0, 9, i] for i in range(20_000)]})
    payload, key = task_event(task, 64 << 10)
    assert len(payload) < 1024 and key is not None
    assert open_event(json.loads(payload)) == task
    result = {"status": "success", "metrics": {"blob": "x" * 200_000}}
    response = result_response(task, result, limit=100_000)
    assert set(response) == {"result_ref"}
    assert open_response(response, task) == result
    assert not storage.open_root(task["work_url"]).exists(response["result_ref"]["key"])  # read once, deleted


def test_a_tampered_stored_task_is_refused(tmp_path):
    task = _task(tmp_path, {"0:0": [["k", 0, 1, i] for i in range(5000)]})
    payload, key = task_event(task, 1024)
    store = storage.open_root(task["work_url"])
    blob = bytearray(store.get(key))
    blob[10] ^= 1
    store.put(key, bytes(blob))
    with pytest.raises(IntegrityError):
        open_event(json.loads(payload))
