"""The event log: every scheduler event as one JSON line, through the object store.

Writing (``EventLogWriter``, a listener added when ``spark.eventLog.enabled``):
each event becomes ``{"event": NAME, "time": ..., ...fields}`` on its own
line. Object stores have no append, so the lines are kept in memory and the
whole log is put as ``<dir>/<app id>.inprogress`` at the end of a job (at
most every ``FLUSH_SECONDS``, so that many short jobs do not rewrite it over
and over), then as ``<dir>/<app id>`` when the application ends, after which the
in-progress object is deleted: a log without the suffix is complete. The
store is chosen by the directory's URL (a local path, ``file://`` or
``s3://``), so the log goes wherever the application's data can go.

Secrets never reach the log: a value under a key matching Spark's redaction
pattern (``keys.SECRET_PATTERN``) is replaced, and the values of secret
settings (and of secret AWS environment variables) are cut out of every
string, such as an error message that happened to include one.

Reading: ``read_event_log(url)`` gives the events back as dicts, reading the
in-progress log when the complete one does not exist.
"""

from __future__ import annotations

import json
import logging
import os
import time

from .. import storage
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


def log_url(directory: str, app_id: str) -> str:
    """The URL of an application's complete event log in ``directory``."""
    if "://" in directory:
        return directory.rstrip("/") + "/" + app_id
    return os.path.join(directory, app_id)


def encode(name: str, fields: dict) -> str:
    """One event as its JSON line (without the newline)."""
    record = {"event": name, "time": fields.get("time")}
    record.update((k, v) for k, v in fields.items() if k != "time")
    return json.dumps(record, default=str, separators=(",", ":"))


class EventLogWriter:
    """Listener writing the event log of application ``app_id`` under ``directory``."""

    def __init__(self, directory: str, app_id: str, settings, store_options: dict | None = None,
                 environ=None):
        self.url = log_url(directory, app_id)
        self.store, self.key = storage.resolve(self.url, store_options)
        self.redact = Redactor(settings, environ)
        self.lines: list[str] = []
        self.failed: str | None = None
        self._flushed = float("-inf")

    def __call__(self, name: str, fields: dict) -> None:
        self.lines.append(encode(name, self.redact(fields)))
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
            self.store.put(key, data)
            return True
        except (StoreError, OSError) as e:
            if self.failed is None:
                log.warning("Cannot write the event log to %s: %s", self.url, e)
            self.failed = str(e)
            return False


def read_event_log(url: str, store_options: dict | None = None) -> list[dict]:
    """The events of the event log at ``url`` (or of ``url``.inprogress), oldest first."""
    store, key = storage.resolve(url, store_options)
    try:
        data = store.get(key)
    except ObjectNotFoundError:
        try:
            data = store.get(key + IN_PROGRESS)
        except ObjectNotFoundError:
            raise InputError(f"Event log {url} does not exist. Give the path of a file written "
                             "with spark.eventLog.enabled=true (in spark.eventLog.dir).") from None
    events = []
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not isinstance(event, dict) or "event" not in event:
            raise InputError(f"{url}:{number} is not an event log line (JSON with an 'event' "
                             "field); is this a file written with spark.eventLog.enabled=true?")
        events.append(event)
    return events
