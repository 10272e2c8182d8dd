"""What exact decimal arithmetic costs where Spark's result type is capped at 38 digits: each
of ``+ * /`` on operand types whose result Spark caps, with small values (DuckDB's decimals
after a guard) and with values too large for DuckDB's 38 digits (``function_udfs_decimal``,
Python's decimals over each Arrow batch), next to the same operator on narrower types whose
result is not capped (DuckDB's own decimals, no guard).

    python bench/decimal_capped.py [--rows 1000000] [--partitions 4] [--repeat 3]

Over ``spark.range(rows)`` on local[2], times (median of ``--repeat``) ``max(x op y)``.
Prints a table and writes bench/results/decimal_capped.json.
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

# (operator, x's type, y's type, what x adds to id * 0.37): capped with small values, capped
# with values past DuckDB's digits, then the uncapped types of the same operator
PAIRS = [("+", "DECIMAL(38,10)", "DECIMAL(5,2)", 0),
         ("+", "DECIMAL(38,10)", "DECIMAL(5,2)", 10 ** 27),
         ("+", "DECIMAL(20,10)", "DECIMAL(5,2)", 0),
         ("*", "DECIMAL(38,10)", "DECIMAL(38,10)", 0),
         ("*", "DECIMAL(38,10)", "DECIMAL(38,10)", 10 ** 22),
         ("*", "DECIMAL(18,10)", "DECIMAL(18,10)", 0),
         ("/", "DECIMAL(38,10)", "DECIMAL(38,10)", 0),
         ("/", "DECIMAL(38,10)", "DECIMAL(38,10)", 10 ** 20),
         ("/", "DECIMAL(18,4)", "DECIMAL(9,2)", 0)]


def run(spark, F, rows: int, parts: int, repeat: int) -> dict:
    """Median seconds of each pair's maximum over the rows, keyed ``"x op y"`` (and ``large``)."""
    base = spark.range(1, rows + 1, numPartitions=parts)
    base.selectExpr("id * 0.37 AS x").agg(F.max("x")).first()   # warm the workers
    out = {}
    for op, tx, ty, plus in PAIRS:
        shift = f" + {float(plus)!r}" if plus else ""   # a double: the row's x (about) as large
        df = base.selectExpr(f"CAST(id * 0.37{shift} AS {tx}) AS x",
                             f"CAST(id % 97 + 1.25 AS {ty}) AS y")
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            df.selectExpr(f"x {op} y AS r").agg(F.max("r")).first()
            times.append(time.perf_counter() - t0)
        out[f"{tx} {op} {ty}" + (" large" if plus else "")] = statistics.median(times)
    return out


def main() -> None:
    report_seconds("decimal-capped", run, __doc__.split("\n")[0], "operation")


if __name__ == "__main__":
    main()
