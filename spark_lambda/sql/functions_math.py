"""``pyspark.sql.functions`` for math, conditionals and NULLs, and hashes."""

from __future__ import annotations

import random as _random

from .column import Column
from .functions_common import c, call, cols, cv, define_all, v


def _unary(name: str):
    def f(col) -> Column:
        return call(name, c(col))
    f.__name__ = name
    f.__doc__ = f"``{name}`` of the column (a DOUBLE)."
    return f


for _name in ["sqrt", "cbrt", "exp", "expm1", "log10", "log2", "log1p", "sin", "cos", "tan",
              "asin", "acos", "atan", "sinh", "cosh", "tanh", "degrees", "radians", "signum",
              "cot", "sec", "csc", "rint", "acosh", "asinh", "atanh", "ln", "bin", "hex", "unhex",
              "nullifzero", "zeroifnull", "negative", "positive", "isnotnull", "typeof"]:
    globals()[_name] = _unary(_name)



def sign(col) -> Column:
    """-1.0, 0.0 or 1.0 by the sign of the value (NaN stays NaN)."""
    return call("sign", c(col))

toDegrees = globals()["degrees"]
toRadians = globals()["radians"]


def atan2(col1, col2) -> Column:
    """The angle of point (``col2``, ``col1``)."""
    return call("atan2", cv(col1), cv(col2))


def hypot(col1, col2) -> Column:
    """sqrt(col1² + col2²)."""
    return call("hypot", cv(col1), cv(col2))


def factorial(col) -> Column:
    """n! for 0 ≤ n ≤ 20 (else NULL)."""
    return call("factorial", c(col))


def pmod(dividend, divisor) -> Column:
    """The positive remainder."""
    return call("pmod", cv(dividend), cv(divisor))


def rand(seed: int | None = None) -> Column:
    """Uniform random numbers in [0, 1). The values differ from Spark's for the same seed."""
    return call("rand", v(_random.randrange(1 << 62) if seed is None else seed))


def randn(seed: int | None = None) -> Column:
    """Standard normal random numbers. The values differ from Spark's for the same seed."""
    return call("randn", v(_random.randrange(1 << 62) if seed is None else seed))


def nvl(col1, col2) -> Column:
    """``col1`` unless it is NULL, then ``col2``."""
    return call("nvl", c(col1), c(col2))


def ifnull(col1, col2) -> Column:
    """``col1`` unless it is NULL, then ``col2``."""
    return call("ifnull", c(col1), c(col2))


def nvl2(col1, col2, col3) -> Column:
    """``col2`` when ``col1`` is not NULL, else ``col3``."""
    return call("nvl2", c(col1), c(col2), c(col3))


def nullif(col1, col2) -> Column:
    """NULL when ``col1`` equals ``col2``, else ``col1``."""
    return call("nullif", c(col1), c(col2))


def nanvl(col1, col2) -> Column:
    """``col1`` unless it is NaN, then ``col2``."""
    return call("nanvl", c(col1), c(col2))


def hash(*columns) -> Column:  # noqa: A001
    """Spark's Murmur3 hash (seed 42) of the columns, an INT."""
    return call("hash", *cols(columns))


def xxhash64(*columns) -> Column:
    """Spark's xxHash64 (seed 42) of the columns, a BIGINT."""
    return call("xxhash64", *cols(columns))


def md5(col) -> Column:
    """The MD5 digest in hex."""
    return call("md5", c(col))


def sha1(col) -> Column:
    """The SHA-1 digest in hex."""
    return call("sha1", c(col))


def sha2(col, numBits: int) -> Column:
    """The SHA-2 digest (224, 256, 384 or 512 bits; 0 means 256) in hex."""
    return call("sha2", c(col), v(numBits))


def crc32(col) -> Column:
    """The CRC-32 checksum, a BIGINT."""
    return call("crc32", c(col))


define_all(globals(), [
    ("e", "", "Euler's number, a DOUBLE."),
    ("pi", "", "π, a DOUBLE."),
    ("equal_null", "col1, col2", "Whether the values are equal, NULLs equal to each other."),
    ("shiftleft", "col, numBits", "The bits shifted left (Java's ``<<``)."),
    ("shiftright", "col, numBits", "The bits shifted right, keeping the sign (``>>``)."),
    ("shiftrightunsigned", "col, numBits", "The bits shifted right, filling with zeros."),
    ("bit_get", "col, @pos", "The bit at ``pos`` (0 the lowest), a TINYINT."),
    ("getbit", "col, @pos", "The bit at ``pos`` (0 the lowest), a TINYINT."),
])

shiftLeft, shiftRight = globals()["shiftleft"], globals()["shiftright"]
shiftRightUnsigned = globals()["shiftrightunsigned"]

define_all(globals(), [
    ("try_add", "@left, @right", "``left + right``, NULL on overflow."),
    ("try_subtract", "@left, @right", "``left - right``, NULL on overflow."),
    ("try_multiply", "@left, @right", "``left * right``, NULL on overflow."),
    ("try_divide", "@left, @right", "``left / right``, NULL when ``right`` is 0."),
    ("try_mod", "@left, @right", "``left % right``, NULL when ``right`` is 0."),
    ("spark_partition_id", "", "The index of the partition the row is in, an INT."),
    ("current_timezone", "", "The session's time zone (``spark.sql.session.timeZone``)."),
    ("width_bucket", "@v, @min, @max, @numBucket",
     "The 1-based bucket of ``v`` among ``numBucket`` equal ones from ``min`` to ``max``."),
    ("conv", "col, fromBase, toBase",
     "The number written in base ``fromBase`` written in base ``toBase``, a string."),
])
