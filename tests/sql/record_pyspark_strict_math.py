"""Record Spark's outputs of its StrictMath functions (``ln``, ``log10``, ``exp``, ``expm1``,
``cosh``, ``sinh``, ``tanh``, ``cbrt``) for many doubles into
``tests/data/sql/pyspark_strict_math.json``, every double as the hex of its 64 bits.

Run by hand with PySpark 4.x installed (never by the tests):
``python -m tests.sql.record_pyspark_strict_math``.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

OUT = Path(__file__).parent.parent / "data" / "sql" / "pyspark_strict_math.json"
FUNCTIONS = ["ln", "log10", "exp", "expm1", "cosh", "sinh", "tanh", "cbrt"]

# High words at which fdlibm's branches of these functions change.
_THRESHOLD_WORDS = [0x00100000, 0x3C800000, 0x3C900000, 0x3E300000, 0x3FD62E42, 0x3FD62E43,
                    0x3FF00000, 0x3FF0A2B2, 0x40360000, 0x4043687A, 0x40862E42, 0x7FF00000]
_SPECIAL = [0.0, 1.0, 2.0, 10.0, 0.25, 0.5, 22.0, 5e-324, 1e-310, 2.2250738585072014e-308,
            1.7976931348623157e308, 709.782712893384, 745.1332191019411, 710.4758600739439,
            math.log(2) / 2, 1.5 * math.log(2), 56 * math.log(2), 2.0 ** -28, 2.0 ** -54,
            2.0 ** -55, 2.0 ** -20, math.sqrt(2), math.sqrt(2) / 2, math.inf, math.nan]


def to_hex(x: float) -> str:
    """The 64 bits of a double as 16 hex digits."""
    return struct.pack(">d", x).hex()


def from_hex(h: str) -> float:
    """The double whose 64 bits ``h`` spells."""
    return struct.unpack(">d", bytes.fromhex(h))[0]


def inputs() -> list[float]:
    """The arguments: special values and the words around fdlibm's thresholds with both signs
    and their neighbours, random bit patterns over the whole range and random values in the
    ranges where the functions' results are neither 0, 1 nor infinite."""
    import numpy as np
    rng = np.random.default_rng(20261130)
    words = np.array(_THRESHOLD_WORDS, np.int64) << 32
    base = np.concatenate([np.array(_SPECIAL), words.view(np.float64)])
    near = np.concatenate([base, np.nextafter(base, np.inf), np.nextafter(base, -np.inf)])
    values = [near, -near,
              (rng.integers(0, 2 ** 63, 1500, dtype=np.int64)).view(np.float64),
              -(rng.integers(0, 2 ** 63, 500, dtype=np.int64)).view(np.float64),
              rng.uniform(-750, 750, 800), rng.uniform(-40, 40, 800), rng.uniform(-1, 1, 600),
              rng.uniform(0.5, 2.0, 600), np.exp(rng.uniform(-740, 709, 600)),
              rng.uniform(-1e-6, 1e-6, 200)]
    return [float(v) for v in np.concatenate(values)]


def main() -> None:
    """Compute every function over ``inputs()`` in PySpark and write the bits."""
    from pyspark.sql import SparkSession, functions as F
    from pyspark.sql.types import DoubleType, LongType, StructField, StructType
    xs = inputs()
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.ansi.enabled", "true")
             .getOrCreate())
    schema = StructType([StructField("i", LongType()), StructField("x", DoubleType())])
    df = spark.createDataFrame(list(enumerate(xs)), schema)
    rows = df.select("i", "x", *[getattr(F, f)("x").alias(f) for f in FUNCTIONS]).orderBy("i")
    got = rows.collect()
    assert [to_hex(r.x) for r in got] == [to_hex(x) for x in xs], "inputs changed on the way"
    out = {"pyspark": spark.version, "x": [to_hex(x) for x in xs]}
    for f in FUNCTIONS:
        out[f] = [None if r[f] is None else to_hex(r[f]) for r in got]
    OUT.write_text(json.dumps(out, indent=0) + "\n")
    spark.stop()


if __name__ == "__main__":
    main()
