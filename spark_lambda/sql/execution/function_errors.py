"""Spark's exception for an error a function's SQL raised with ``error('[CLASS] message')``."""

from __future__ import annotations

import re

_CLASS = re.compile(r"\[([A-Z_]+(?:\.[A-Z_]+)?)\] (.*)", re.S)


def function_error(text: str):
    """The exception for DuckDB error ``text``, or None when it is not one of ours."""
    from ..errors import (ArrayIndexOutOfBoundsException, IllegalArgumentException,
                          SparkRuntimeException)
    if "Could not parse string" in text and "format specifier" in text:
        from ..errors import DateTimeException
        return DateTimeException(f"[CANNOT_PARSE_TIMESTAMP] {text.splitlines()[0]}",
                                 "CANNOT_PARSE_TIMESTAMP")
    m = _CLASS.search(text)
    if m is None:
        return None
    cls, message = m.group(1), m.group(2)
    if cls.startswith("INVALID_ARRAY_INDEX"):
        return ArrayIndexOutOfBoundsException(message, cls)
    if cls in ("ILLEGAL_DAY_OF_WEEK",):
        return IllegalArgumentException(message, cls)
    if cls in ("INVALID_INDEX_OF_ZERO",):
        return SparkRuntimeException(message, cls)
    return None
