"""The task and result wire format: the only thing driver and executor share.

A task goes out as a JSON-serialisable dict (a Lambda event is JSON); its
result comes back the same way. The driver builds ``Task`` objects, a backend
ships ``task.to_dict()``, the executor rebuilds it with ``Task.from_dict`` and
answers with ``TaskResult.to_dict()``. Bytes ride as base64 strings; anything
large travels through the object store and is named by key.

Who calls it: the scheduler (driver side) and ``executor.run_task``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, fields

PROTOCOL_VERSION = 3  # 3: tasks carry local_properties, results a profile


class ProtocolError(ValueError):
    """A task or result dict does not match this version of the wire format."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


@dataclass
class Payload:
    """Bytes inline (``data``, base64) or in the work store (``key``), always sealed.
    ``framed``: the bytes are record frames of a list (``serializers``), not one pickle."""
    data: str | None = None
    key: str | None = None
    size: int = 0
    framed: bool = False


@dataclass
class Task:
    """One attempt of one partition of one stage."""
    app_id: str
    work_url: str                 # root of the application's area in the object store
    secret: str                   # hex key for sealing; travels only in requests
    stage_id: int
    stage_attempt: int
    partition: int                # the partition of the stage's RDD this task computes
    attempt: int
    task_id: int
    kind: str                     # "map" (writes a shuffle) or "result" (returns a value)
    code: str                     # work-store key of the stage's sealed, cloudpickled code
    shuffle_inputs: dict = field(default_factory=dict)  # "sid:reduce" -> [[key, start, end], ...]
    conf: dict = field(default_factory=dict)             # executor-side settings
    store_options: dict = field(default_factory=dict)    # how to reach the stores (endpoint...)
    cache_inputs: dict = field(default_factory=dict)     # "rdd:split" -> key of a persisted partition
    local_properties: dict = field(default_factory=dict)  # the submitting thread's sc.setLocalProperty
    protocol: int = PROTOCOL_VERSION

    def to_dict(self) -> dict:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Task":
        return _from_dict(cls, d)


@dataclass
class TaskResult:
    """What an executor answers for a task."""
    task_id: int
    stage_id: int
    partition: int
    attempt: int
    status: str                          # "success" | "failed" | "fetch_failed"
    value: dict | None = None            # Payload of a result task's value
    map_status: dict | None = None       # {"key": str, "offsets": [R+1 ints]} of a map task
    cached: list = field(default_factory=list)        # [[rdd_id, split, key], ...] persisted by this task
    accumulators: list = field(default_factory=list)  # [[acc_id, b64 pickled update], ...]
    metrics: dict = field(default_factory=dict)
    error: dict | None = None            # {"type", "message", "traceback", "kind"}
    fetch_failure: dict | None = None    # {"shuffle_id", "key"}
    profile: str | None = None           # b64 marshalled cProfile stats, when spark.python.profile is on
    protocol: int = PROTOCOL_VERSION

    def to_dict(self) -> dict:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TaskResult":
        return _from_dict(cls, d)


def _to_dict(obj) -> dict:
    """The fields of a task or result as a dict; dict and list fields are copied one level deep
    (the driver sends one per task: ``dataclasses.asdict``'s deep copy of every setting was
    most of the scheduler's CPU per task)."""
    out = {}
    for name in _names(type(obj)):
        value = getattr(obj, name)
        out[name] = dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value
    return out


def _from_dict(cls, d: dict):
    if not isinstance(d, dict):
        raise ProtocolError(f"expected a {cls.__name__} dict, got {type(d).__name__}")
    if d.get("protocol") != PROTOCOL_VERSION:
        raise ProtocolError(
            f"{cls.__name__} uses wire protocol {d.get('protocol')!r} but this side speaks "
            f"{PROTOCOL_VERSION}; driver and executors run different spark-lambda versions. "
            "Redeploy the function with `spark-lambda deploy` from the driver's installation.")
    names = _names(cls)
    return cls(**{k: v for k, v in d.items() if k in names})


_NAMES: dict[type, dict[str, None]] = {}


def _names(cls) -> dict[str, None]:
    """A dataclass's field names in order (``dataclasses.fields`` builds them anew on every call,
    twice per task on the driver)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = dict.fromkeys(f.name for f in fields(cls))
    return names
