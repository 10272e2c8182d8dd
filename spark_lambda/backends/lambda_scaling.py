"""What a Lambda backend saw of Lambda's scaling: throttles, peak concurrency, the ramp.

Kept by ``aws_lambda.LambdaBackend`` for every task invocation and written to
the event log's ``app_end`` event as ``backend_scaling`` (shown by the run
report). Lambda adds execution environments at a limited rate (1,000 per 10 s
per function) up to the account's concurrency, and throttles the rest with
429; the backend retries those (they are never task failures) and records:

``throttles``        429s and other retried answers, over all task invocations;
``throttle_wait_s``  time spent backing off before retrying them;
``peak_in_flight``   the most accepted invocations running at once (an
                     invocation counts from the request that was accepted to
                     its answer, so throttled attempts never do);
``ramp_s``           in the stage that reached that peak (the first such), the
                     time from its first invocation attempt to the moment the
                     peak was first reached: how long scaling up took;
``stages``           per stage: invocations, throttles, peak, ramp_s.
"""

from __future__ import annotations

import threading


class _Stage:
    __slots__ = ("first", "spans", "throttles", "wait_s")

    def __init__(self, first: float):
        self.first, self.spans, self.throttles, self.wait_s = first, [], 0, 0.0


def _peak(spans: list, first: float) -> tuple[int, float]:
    """(most spans overlapping at once, seconds from ``first`` until that many first overlapped)."""
    edges = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda x: (x[0], x[1]))
    running = peak = 0
    when = first
    for t, step in edges:
        running += step
        if running > peak:
            peak, when = running, t
    return peak, max(when - first, 0.0)


class ScalingLog:
    """Thread-safe record of task invocations (module docstring)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stages: dict = {}

    def _stage(self, stage, now: float) -> _Stage:
        st = self._stages.get(stage)
        if st is None:
            st = self._stages[stage] = _Stage(now)
        return st

    def attempt(self, stage, now: float) -> None:
        """An invocation attempt of ``stage`` is about to be sent at ``now`` (monotonic s)."""
        with self._lock:
            self._stage(stage, now)

    def throttled(self, stage, waited_s: float, now: float) -> None:
        """An attempt was throttled (or failed retryably); the backend waits ``waited_s``."""
        with self._lock:
            st = self._stage(stage, now)
            st.throttles += 1
            st.wait_s += waited_s

    def accepted(self, stage, sent: float, answered: float) -> None:
        """An invocation sent at ``sent`` ran and answered at ``answered``."""
        with self._lock:
            self._stage(stage, sent).spans.append((sent, answered))

    def summary(self) -> dict:
        """The figures of the module docstring, as one JSON-ready dict."""
        with self._lock:
            stages = {k: (v.first, list(v.spans), v.throttles, v.wait_s) for k, v in self._stages.items()}
        rows, best = [], None
        for stage, (first, spans, throttles, wait_s) in sorted(stages.items(), key=lambda kv: kv[1][0]):
            peak, ramp = _peak(spans, first)
            rows.append({"stage": stage, "invocations": len(spans), "throttles": throttles,
                         "throttle_wait_s": round(wait_s, 3), "peak_in_flight": peak, "ramp_s": round(ramp, 3)})
            if best is None or peak > best["peak_in_flight"]:
                best = rows[-1]
        return {"invocations": sum(r["invocations"] for r in rows),
                "throttles": sum(r["throttles"] for r in rows),
                "throttle_wait_s": round(sum(r["throttle_wait_s"] for r in rows), 3),
                "peak_in_flight": best["peak_in_flight"] if best else 0,
                "ramp_s": best["ramp_s"] if best else 0.0, "stages": rows}
