"""The network and S3 of AWS applied to emulated runs: ``spark-lambda emulator --s3-model``.

Used by the S3 proxy (``s3proxy``) for every request when the emulator is
given a model (a dict of the planner's constants, ``planning/aws.py``, which
the command line passes in; the emulator imports nothing of the engine):

* latency: each request waits a lognormal draw through the median and p95 of
  its kind (GET and HEAD as reads, anything else as writes) before it is
  forwarded;
* bandwidth: each instance (named in the User-Agent by the ``AWS_SDK_UA_APP_ID``
  the service gives it) has one token bucket of ``network_burst_mib`` at
  ``network_burst_mib_s``, refilled at ``network_sustained_mib_s``; its
  requests' bytes (body in, body out) pass through it one after another, as
  through one network interface; the driver's requests are not limited;
* request rate: per bucket, key prefix (the first path segment) and kind, a
  one-second window; requests beyond ``s3_get_per_s_per_prefix`` or
  ``s3_put_per_s_per_prefix`` are answered 503 SlowDown.

Draws come from one seeded generator, so a run's delays repeat.
"""

from __future__ import annotations

import collections
import math
import random
import re
import threading
import time

MIB = 1 << 20
_APP = re.compile(r"app/(\S+)")


class S3Model:
    """Delays and refusals of S3 requests (see the module docstring)."""

    def __init__(self, constants: dict, seed: int = 0):
        self.c = dict(constants)
        self._random = random.Random(f"{seed}/s3-model")
        self._lock = threading.Lock()
        self._buckets: dict[str, list] = {}      # instance -> [tokens, last refill time, busy until]
        self._windows: dict[tuple, collections.deque] = {}
        self.counts = {"delayed": 0, "slowdown": 0}

    def _sigma(self, median: float, p95: float) -> float:
        return math.log(max(p95, median) / median) / 1.6448536269514722 if median > 0 else 0.0

    def latency_s(self, method: str) -> float:
        """A draw of one request's latency in seconds."""
        read = method in ("GET", "HEAD")
        median = self.c["s3_get_median_ms"] if read else self.c["s3_put_median_ms"]
        p95 = self.c["s3_get_p95_ms"] if read else self.c["s3_put_p95_ms"]
        with self._lock:
            z = self._random.gauss(0.0, 1.0)
        return median * math.exp(self._sigma(median, p95) * z) / 1000 if median > 0 else 0.0

    def over_rate(self, method: str, bucket: str, key: str, now: float | None = None) -> bool:
        """Whether this request exceeds its prefix's request rate (counted when it does not)."""
        read = method in ("GET", "HEAD")
        limit = self.c["s3_get_per_s_per_prefix"] if read else self.c["s3_put_per_s_per_prefix"]
        if limit <= 0:
            return False
        now = time.monotonic() if now is None else now
        prefix = key.split("/", 1)[0]
        with self._lock:
            window = self._windows.setdefault((bucket, prefix, read), collections.deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                self.counts["slowdown"] += 1
                return True
            window.append(now)
            return False

    def transfer_s(self, instance: str | None, nbytes: int, now: float | None = None) -> float:
        """Seconds from ``now`` until ``nbytes`` have passed ``instance``'s token bucket (0 for the driver)."""
        if not instance or nbytes <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        cap = self.c["network_burst_mib"] * MIB
        sustained, burst = self.c["network_sustained_mib_s"] * MIB, self.c["network_burst_mib_s"] * MIB
        with self._lock:
            state = self._buckets.setdefault(instance, [cap, now, now])
            start = max(now, state[2])
            tokens = min(cap, state[0] + (start - state[1]) * sustained)
            fast = min(tokens, nbytes)
            seconds = fast / burst + (nbytes - fast) / sustained
            state[0], state[1], state[2] = tokens - fast, start + seconds, start + seconds
            self.counts["delayed"] += 1
        return start + seconds - now

    @staticmethod
    def instance_of(user_agent: str | None) -> str | None:
        """The instance an S3 request came from, by the app id in its User-Agent."""
        m = _APP.search(user_agent or "")
        return m.group(1) if m else None
