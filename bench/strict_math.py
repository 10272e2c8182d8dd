"""What Java's StrictMath digits cost: the math functions computed by the fdlibm port
(``strict_math``, numpy over each Arrow batch) next to one DuckDB computes natively.

    python bench/strict_math.py [--rows 1000000] [--partitions 4] [--repeat 3]

Over ``spark.range(rows)`` on local[2], times (median of ``--repeat``) ``sum(f(id * 0.001))``
for ``sqrt`` (DuckDB's own, the reference), ``exp``, ``ln``, ``log10``, ``cosh`` and ``cbrt``.
Prints a table and writes bench/results/strict_math.json.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sql_local import report_seconds  # noqa: E402

FUNCTIONS = ["sqrt", "exp", "ln", "log10", "cosh", "cbrt"]


def run(spark, F, rows: int, parts: int, repeat: int) -> dict:
    """Median seconds of each function's sum over the rows."""
    df = spark.range(1, rows + 1, numPartitions=parts).selectExpr("id * 0.001 AS x")
    out = {}
    for name in FUNCTIONS:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            df.agg(F.sum(getattr(F, name)("x"))).first()
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
    return out


def main() -> None:
    report_seconds("strict-math", run, __doc__.split("\n")[0], "function", relative_to="sqrt")


if __name__ == "__main__":
    main()
