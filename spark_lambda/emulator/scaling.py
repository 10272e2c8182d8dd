"""Lambda's scaling rate in the emulated service: new execution environments per interval.

Called by ``service.Service`` whenever an invocation finds no warm instance and
would cold-start one. AWS lets each function add at most 1,000 execution
environments every 10 seconds (on top of the account's concurrency, which
``Service`` enforces with its slots); an invocation beyond that rate is
throttled with 429 TooManyRequestsException, and the caller is expected to
retry. ``ScalingRate(n, seconds)`` is a token bucket per function: it holds at
most ``n`` new environments, starts full (the first burst) and refills at
``n / seconds`` per second. ``spark-lambda emulator --scale-rate N/SECONDS``
(e.g. ``1000/10`` as on AWS, ``2/1`` in tests) turns it on; without it, new
environments are limited by the concurrency only.
"""

from __future__ import annotations

import threading
import time


def parse_scale_rate(spec: str) -> tuple[int, float]:
    """``"1000/10"`` -> ``(1000, 10.0)``; ValueError naming the expected form otherwise."""
    count, sep, seconds = (spec or "").partition("/")
    try:
        n, s = int(count), float(seconds or "1")
    except ValueError:
        n, s = 0, 0.0
    if n < 1 or s <= 0:
        raise ValueError(f"--scale-rate {spec!r} is not N/SECONDS with N >= 1 and SECONDS > 0; write it "
                         "like --scale-rate 1000/10 (AWS's rate) or --scale-rate 2/1.")
    return n, s


class ScalingRate:
    """Token buckets of new execution environments, one per function (module docstring)."""

    def __init__(self, n: int, seconds: float, clock=time.monotonic):
        self.n, self.seconds, self.clock = n, seconds, clock
        self._buckets: dict[str, tuple[float, float]] = {}   # function -> (tokens, as of)
        self._lock = threading.Lock()
        self.throttled = 0

    def take(self, function: str) -> bool:
        """Whether ``function`` may start one more execution environment now."""
        now = self.clock()
        with self._lock:
            tokens, since = self._buckets.get(function, (float(self.n), now))
            tokens = min(float(self.n), tokens + (now - since) * self.n / self.seconds)
            if tokens < 1.0:
                self._buckets[function] = (tokens, now)
                self.throttled += 1
                return False
            self._buckets[function] = (tokens - 1.0, now)
            return True
