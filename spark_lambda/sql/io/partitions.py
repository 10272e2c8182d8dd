"""Hive-style partition directories: ``key=value/`` names, escaped as Spark escapes them.

Spark writes a partition value into a directory name with the characters a path cannot hold
(and ``%``) as ``%XX``; a null value is ``__HIVE_DEFAULT_PARTITION__``. Readers undo both and
infer each partition column's type from its values (integer, long, double, date, string).
"""

from __future__ import annotations

import datetime
import re

DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
_ESCAPED = set('"#%\'*/:=?\\\x7f{[]^') | {chr(c) for c in range(1, 32)}


def escape(value: str) -> str:
    """``value`` as a directory name part (Spark's ``escapePathName``)."""
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in value)


def unescape(name: str) -> str:
    """The value a directory name part stands for."""
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)


def directory(names: list, values: list) -> str:
    """``k1=v1/k2=v2`` for partition column names and their (string or None) values."""
    return "/".join(f"{escape(n)}={DEFAULT_PARTITION if v is None else escape(v)}"
                    for n, v in zip(names, values))


def values_of(relative_dir: str) -> dict:
    """The ``key=value`` parts of a file's directory (relative to the read's base path)."""
    out = {}
    for part in relative_dir.split("/"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[unescape(k)] = None if v == DEFAULT_PARTITION else unescape(v)
    return out


def infer_type(values: list):
    """The Spark type of a partition column from its values (Spark's inference order)."""
    from ..types import DateType, DoubleType, IntegerType, LongType, StringType
    vals = [v for v in values if v is not None]
    if not vals:
        return StringType()
    try:
        ints = [int(v) for v in vals]
        return IntegerType() if all(-2**31 <= i < 2**31 for i in ints) else LongType()
    except ValueError:
        pass
    try:
        [float(v) for v in vals]
        return DoubleType()
    except ValueError:
        pass
    try:
        [datetime.date.fromisoformat(v) for v in vals]
        return DateType() if all(len(v) == 10 for v in vals) else StringType()
    except ValueError:
        return StringType()
