"""The event log, in Spark's format, through the object store.

Writing (``EventLogWriter``, a listener added when ``spark.eventLog.enabled``):
each scheduler event becomes Spark's listener events (``spark_events``), one
JSON line each, the format the Spark History Server replays. The log is named
as Spark names it: the application id, then ``.<codec>`` when compressed
(``spark.eventLog.compress``, ``eventlog_codecs``). Object stores have no
append, so the lines are kept in memory and the whole log is put as
``<name>.inprogress`` at the end of a job (at most every ``FLUSH_SECONDS``, so
that many short jobs do not rewrite it over and over), then as ``<name>`` when
the application ends, after which the in-progress object is deleted: a log
without the suffix is complete. The store is chosen by the directory's URL (a
local path, ``file://`` or ``s3://``), so the log goes wherever the
application's data can go.

Secrets never reach the log: a value under a key matching Spark's redaction
pattern (``keys.SECRET_PATTERN``) is replaced, and the values of secret
settings (and of secret AWS environment variables) are cut out of every
string, such as an error message that happened to include one.

Reading: ``read_event_log(url)`` gives back our events as dicts (the names and
fields ``ui/__init__.py`` lists), reading the in-progress log when the complete
one does not exist. It reads both formats: Spark's (ours since this format, or
a log Spark itself wrote, through ``from_spark``) and the JSON lines of our own
events that earlier versions wrote.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
import time

from .. import storage
from . import eventlog_codecs
from .from_spark import from_spark
from .spark_events import SparkEvents
from ..errors import InputError, ObjectNotFoundError, StoreError
from ..keys import SECRET_PATTERN, redact

IN_PROGRESS = ".inprogress"
FLUSH_SECONDS = 5.0
REDACTED = redact("secret", "")

log = logging.getLogger("spark_lambda")


class Redactor:
    """Removes secrets from event fields (see the module docstring)."""

    def __init__(self, settings, environ=None):
        environ = os.environ if environ is None else environ
        found = [v for k, v in settings if SECRET_PATTERN.search(k)]
        found += [v for k, v in environ.items() if k.startswith("AWS_") and SECRET_PATTERN.search(k)]
        # longest first, so a secret containing another is cut whole
        self.values = sorted({str(v) for v in found if v and len(str(v)) >= 8}, key=len, reverse=True)

    def __call__(self, value):
        if isinstance(value, dict):
            return {k: (REDACTED if isinstance(k, str) and SECRET_PATTERN.search(k) else self(v))
                    for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self(v) for v in value]
        if isinstance(value, str):
            for secret in self.values:
                if secret in value:
                    value = value.replace(secret, REDACTED)
        return value


def log_name(app_id: str, codec: str | None = None) -> str:
    """The file name Spark gives an application's log (its id, made safe, and the codec)."""
    name = re.sub(r"[.${}'\"]", "_", re.sub(r"[ :/]", "-", app_id)).lower()
    return f"{name}.{codec}" if codec else name


def log_url(directory: str, app_id: str, codec: str | None = None) -> str:
    """The URL of an application's complete event log in ``directory``."""
    if "://" in directory:
        return directory.rstrip("/") + "/" + log_name(app_id, codec)
    return os.path.join(directory, log_name(app_id, codec))


def encode(name: str, fields: dict) -> str:
    """One of our events as a JSON line (without the newline), as earlier versions wrote."""
    record = {"event": name, "time": fields.get("time")}
    record.update((k, v) for k, v in fields.items() if k != "time")
    return json.dumps(record, default=str, separators=(",", ":"))


class EventLogWriter:
    """Listener writing the event log of application ``app_id`` under ``directory``
    (compressed with ``codec`` when given)."""

    def __init__(self, directory: str, app_id: str, settings, store_options: dict | None = None,
                 environ=None, codec: str | None = None):
        self.codec = eventlog_codecs.check(codec) if codec else None
        self.url = log_url(directory, app_id, self.codec)
        self.store, self.key = storage.resolve(self.url, store_options)
        self.redact = Redactor(settings, environ)
        self.spark = SparkEvents(user=getpass_user())
        self.lines: list[str] = []
        self.failed: str | None = None
        self._flushed = float("-inf")

    def __call__(self, name: str, fields: dict) -> None:
        for event in self.spark(name, self.redact(fields)):
            self.lines.append(json.dumps(event, default=str, separators=(",", ":")))
        if name == "job_end" and time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self._put(self.key + IN_PROGRESS)
            self._flushed = time.monotonic()
        elif name == "app_end":
            if self._put(self.key):
                try:
                    self.store.delete([self.key + IN_PROGRESS])
                except StoreError as e:
                    log.warning("Could not delete %s%s: %s", self.url, IN_PROGRESS, e)

    def _put(self, key: str) -> bool:
        data = ("\n".join(self.lines) + "\n").encode("utf-8")
        try:
            self.store.put(key, eventlog_codecs.compress(self.codec, data) if self.codec else data)
            return True
        except (StoreError, OSError) as e:
            if self.failed is None:
                log.warning("Cannot write the event log to %s: %s", self.url, e)
            self.failed = str(e)
            return False


def getpass_user() -> str:
    """The user running the application, as Spark's ApplicationStart names it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _codec_of(key: str) -> str | None:
    base = key[:-len(IN_PROGRESS)] if key.endswith(IN_PROGRESS) else key
    suffix = base.rsplit(".", 1)[-1] if "." in os.path.basename(base) else ""
    return suffix if suffix in eventlog_codecs.CODECS else None


def _parse(url: str, text: str) -> list[dict]:
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not isinstance(event, dict) or not ("event" in event or "Event" in event):
            raise InputError(f"{url}:{number} is not an event log line (JSON with an 'Event' "
                             "field); is this a file written with spark.eventLog.enabled=true?")
        lines.append(event)
    return lines


def read_event_log(url: str, store_options: dict | None = None) -> list[dict]:
    """Our events from the event log at ``url`` (or ``url``.inprogress), oldest first."""
    store, key = storage.resolve(url, store_options)
    try:
        data = store.get(key)
    except ObjectNotFoundError:
        try:
            key += IN_PROGRESS
            data = store.get(key)
        except ObjectNotFoundError:
            raise InputError(f"Event log {url} does not exist. Give the path of a file written "
                             "with spark.eventLog.enabled=true (in spark.eventLog.dir).") from None
    codec = _codec_of(key)
    if codec:
        try:
            data = eventlog_codecs.decompress(codec, data)
        except ValueError as e:
            raise InputError(f"Event log {url} is not a valid {codec} stream: {e}") from None
    events = _parse(url, data.decode("utf-8", errors="replace"))
    if any("Event" in e for e in events):
        return from_spark(events)
    return events
