"""Benchmarks' processes: waiting for a finished run's to be gone, and their CPU time.

PySpark's JVM and Python daemon outlive its driver by a second or two, and would share the
cores with the next run. With a ``marker`` (an environment variable's ``NAME=value`` the run
was started with, inherited by every process it starts) only that run's processes count;
without one, any Spark or spark-lambda worker process on the machine does.
"""

from __future__ import annotations

import os
import time


def settle(timeout: float = 20.0, marker: str | None = None) -> None:
    """Wait (at most ``timeout`` seconds) until no process of a finished run is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and leftovers(marker):
        time.sleep(0.1)


def leftovers(marker: str | None = None) -> bool:
    """Whether a process of a run is still alive (see the module doc)."""
    needle = marker.encode() + b"\0" if marker else None
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            if needle is not None:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if needle in f.read() + b"\0":
                        return True
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if b"org.apache.spark" in cmd or b"pyspark.daemon" in cmd or b"spark_lambda.backends" in cmd:
            return True
    return False


def _stat(pid) -> list:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used so far (its own, not its children's)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of ``pid`` and every process under it: its own, its children's that ended
    (and were waited for), and those of its live descendants."""
    children: dict = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                children.setdefault(int(_stat(entry)[1]), []).append(int(entry))
            except (OSError, IndexError):
                continue
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = _stat(p)
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])   # utime, stime, and those of ended children
        todo += children.get(p, [])
    return total / os.sysconf("SC_CLK_TCK")
