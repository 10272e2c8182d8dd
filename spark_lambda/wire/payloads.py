"""Requests and responses too large for an invocation travel through the work store.

Lambda caps a synchronous invocation's request and response at 6 MB. The
Lambda backend (driver side) turns a task dict whose JSON is larger than the
inline limit into a *task reference*: the JSON is sealed with the
application's secret and put in the work store, and the request carries only
where it is (and the secret, which only ever travels in requests). The
handler (executor side) opens it, and does the same for a result document
too large to return: it answers a *result reference* that the driver reads
and deletes. Result values are already stored by ``executor.run_task`` when
large; this covers the rest (large shuffle input lists, large metrics).
"""

from __future__ import annotations

import json

from .. import storage
from ..serializers import seal, unseal

LAMBDA_PAYLOAD_MAX = 6_291_456
RESPONSE_INLINE_MAX = LAMBDA_PAYLOAD_MAX - (64 << 10)


def _dumps(doc: dict) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()


def task_event(task: dict, limit: int) -> tuple[bytes, str | None]:
    """The invocation payload for ``task`` (the task itself, or a reference to it) and
    the key of the stored task, if it was stored (the caller deletes it when done)."""
    body = _dumps(task)
    if len(body) <= limit:
        return body, None
    key = f"{task['app_id']}/requests/task-{task['task_id']}.json"
    secret = bytes.fromhex(task["secret"])
    storage.open_root(task["work_url"], task["store_options"]).put(key, seal(secret, body))
    return _dumps({"task_ref": {"work_url": task["work_url"], "store_options": task["store_options"],
                                "key": key, "secret": task["secret"]}}), key


def open_event(event: dict) -> dict:
    """The task dict an invocation carries (reading it from the store if referenced)."""
    ref = event.get("task_ref")
    if ref is None:
        return event
    store = storage.open_root(ref["work_url"], ref["store_options"])
    blob = store.get(ref["key"])
    return json.loads(bytes(unseal(bytes.fromhex(ref["secret"]), blob, f"task {ref['key']}")))


def result_response(task: dict, result: dict, limit: int = RESPONSE_INLINE_MAX) -> dict:
    """What the handler returns for ``result``: itself, or a reference when too large."""
    body = _dumps(result)
    if len(body) <= limit:
        return result
    key = f"{task['app_id']}/results/task-{task['task_id']}-result.json"
    store = storage.open_root(task["work_url"], task["store_options"])
    store.put(key, seal(bytes.fromhex(task["secret"]), body))
    return {"result_ref": {"key": key}}


def open_response(response: dict, task: dict) -> dict:
    """The result dict of an invocation's response (reading and deleting it if referenced)."""
    ref = response.get("result_ref") if isinstance(response, dict) else None
    if ref is None:
        return response
    store = storage.open_root(task["work_url"], task["store_options"])
    blob = store.get(ref["key"])
    store.delete([ref["key"]])
    return json.loads(bytes(unseal(bytes.fromhex(task["secret"]), blob, f"task result {ref['key']}")))
