"""Where a benchmark's JSON goes: ``bench/results/<name>.json`` (not committed)."""

from __future__ import annotations

import json
import os

RESULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench", "results")


def write_results(name: str, payload: dict) -> str:
    """Writes ``payload`` with the machine's core count as ``bench/results/<name>.json``; prints
    and returns its path."""
    out = os.path.join(RESULTS, f"{name}.json")
    os.makedirs(RESULTS, exist_ok=True)
    with open(out, "w") as f:
        json.dump({"cpus": os.cpu_count(), **payload}, f, indent=1)
    print("wrote", out)
    return out
