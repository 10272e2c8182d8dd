"""Benchmark inputs, generated on the spot (nothing downloaded).

``text(path, mb)``: real English text — the Python documentation topics that ship with
every CPython (``pydoc_data.topics``) — repeated with line-level shuffling until ``mb``
megabytes. ``sort_records(path, n)``: the sort benchmark's format, 100-byte lines with a
10-byte random key, seeded.
"""

from __future__ import annotations

import os
import random


def text(path: str, mb: float, seed: int = 1) -> str:
    if os.path.exists(path) and os.path.getsize(path) >= mb * (1 << 20) * 0.99:
        return path
    from pydoc_data.topics import topics
    lines = [line for doc in topics.values() for line in doc.splitlines() if line.strip()]
    rng = random.Random(seed)
    target = int(mb * (1 << 20))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target:
            rng.shuffle(lines)
            chunk = "\n".join(lines) + "\n"
            f.write(chunk)
            written += len(chunk.encode())
    return path


def sort_records(path: str, n: int, seed: int = 1) -> str:
    if os.path.exists(path) and os.path.getsize(path) == n * 100:
        return path
    rng = random.Random(seed)
    alphabet = bytes(range(33, 127))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "wb") as f:
        for i in range(n):
            key = bytes(rng.choice(alphabet) for _ in range(10))
            f.write(key + b"%010d" % i + b"x" * 79 + b"\n")
    return path
