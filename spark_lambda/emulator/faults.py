"""Fault injection for the emulated cloud: ``spark-lambda emulator --faults ... --seed N``.

Called by ``service.Service`` for every invocation and by ``s3proxy`` for
every S3 request. A ``FaultPlan`` holds a probability per kind and one
seeded random generator per kind; each decision is the next draw of that
kind's generator, so the same requests in the same order meet the same
faults, run after run. The kinds:

``crash``     the instance process dies (SIGTERM) while it runs the invocation;
``timeout``   the instance hangs (SIGSTOP) until the function's timeout kills it;
``throttle``  the Invoke API answers 429 TooManyRequestsException, running nothing;
``slowdown``  the S3 proxy answers 503 SlowDown instead of forwarding a request;
``lost``      the S3 proxy deletes a shuffle object right after its PUT succeeded.

Every injected fault is written to the emulator's output as one line,
``FAULT <kind> <what it hit>``, and counted in ``counts``.
"""

from __future__ import annotations

import random
import threading

KINDS = ("crash", "timeout", "throttle", "slowdown", "lost")


def parse_faults(spec: str) -> dict[str, float]:
    """``"crash=0.08,throttle=0.2"`` -> ``{"crash": 0.08, "throttle": 0.2}``; ValueError if malformed."""
    rates: dict[str, float] = {}
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in KINDS:
            raise ValueError(f"--faults item {item.strip()!r} is not KIND=P with KIND one of "
                             f"{', '.join(KINDS)}; write it like --faults crash=0.05,throttle=0.2.")
        try:
            p = float(value)
        except ValueError:
            p = -1.0
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"--faults {name}={value.strip()!r}: the probability must be a number "
                             "from 0 to 1.")
        rates[name] = p
    return rates


class FaultPlan:
    """Seeded decisions of which requests meet which fault, and the log of those that did."""

    def __init__(self, rates: dict[str, float] | None = None, seed: int = 0, write=None):
        self.rates = {k: float((rates or {}).get(k, 0.0)) for k in KINDS}
        self.seed = seed
        self._random = {k: random.Random(f"{seed}/{k}") for k in KINDS}
        self._lock = threading.Lock()
        self._write = write or (lambda text: None)
        self.counts = {k: 0 for k in KINDS}

    def __bool__(self) -> bool:
        return any(self.rates.values())

    def draw(self, kind: str) -> bool:
        """Whether the next request of this kind meets the fault."""
        rate = self.rates[kind]
        if rate <= 0.0:
            return False
        with self._lock:
            return self._random[kind].random() < rate

    def uniform(self, kind: str, low: float, high: float) -> float:
        """A seeded number for the details of a fault (when in the task it strikes)."""
        with self._lock:
            return self._random[kind].uniform(low, high)

    def record(self, kind: str, what: str) -> None:
        with self._lock:
            self.counts[kind] += 1
        self._write(f"FAULT {kind} {what}\n")
