"""Spark's error for a DuckDB error raised while a stage's query ran.

Called by the task (``task.py``) when DuckDB raises. Errors our own SQL raises on purpose
(``error('[CLASS] text')``, written by ``expr_sql``/``function_sql`` where Spark checks under
ANSI) carry Spark's error class in brackets; DuckDB's own conversion and range errors are
recognised by their text.
"""

from __future__ import annotations

import re

_ARITHMETIC = {"DIVIDE_BY_ZERO", "REMAINDER_BY_ZERO", "ARITHMETIC_OVERFLOW", "CAST_OVERFLOW",
               "INTERVAL_DIVIDED_BY_ZERO", "NUMERIC_VALUE_OUT_OF_RANGE",
               "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
               "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION"}
# the SQLSTATE of classes whose state is not the default
_STATES = {"VECTOR_DIMENSION_MISMATCH": "22000", "INVALID_VECTOR_NORM_DEGREE": "22023",
           "WKB_PARSE_ERROR": "22023", "ST_INVALID_SRID_VALUE": "22023",
           "ST_INVALID_ENDIANNESS_VALUE": "22023"}
_DIVIDE_TEXT = ("Division by zero. Use `try_divide` to tolerate divisor being 0 and return "
                "NULL instead.")


def _by_class(error_class: str, text: str) -> Exception:
    from .. import errors as E
    if error_class.startswith("INVALID_ARRAY_INDEX") or error_class == "INVALID_BITMAP_POSITION":
        return E.ArrayIndexOutOfBoundsException(text, error_class)
    if error_class == "ILLEGAL_DAY_OF_WEEK":
        return E.IllegalArgumentException(text, error_class)
    if error_class.startswith(("DATETIME_FIELD_OUT_OF_BOUNDS", "INVALID_FRACTION_OF_SECOND",
                               "CANNOT_PARSE_TIMESTAMP")):
        return E.DateTimeException(text, error_class)
    if error_class in ("INVALID_URL", "CANNOT_DECODE_URL", "WKB_PARSE_ERROR") or \
            error_class.startswith(("INVALID_FORMAT", "ST_INVALID")):
        return E.IllegalArgumentException(text, error_class, None, _STATES.get(error_class))
    if error_class in _ARITHMETIC:
        return E.ArithmeticException(text, error_class)
    if error_class.startswith(("DATETIME_FIELD_OUT_OF_BOUNDS", "CANNOT_PARSE_TIME")):
        return E.DateTimeException(text, error_class)
    if error_class == "DATETIME_OVERFLOW":
        return E.ArithmeticException(text, error_class)
    if error_class == "CAST_INVALID_INPUT":
        if re.search(r'"(DATE|TIMESTAMP[A-Z_]*|TIME\(\d\))"', text):
            return E.DateTimeException(text, error_class)
        return E.NumberFormatException(text, error_class)
    return E.SparkRuntimeException(text, error_class, None, _STATES.get(error_class))


def too_many_rows() -> Exception:
    """Spark's error for a scalar subquery that returned more than one row."""
    from ..errors import SparkRuntimeException
    return SparkRuntimeException(
        "More than one row returned by a subquery used as an expression.",
        "SCALAR_SUBQUERY_TOO_MANY_ROWS", sqlState="21000")


def translate_error(e: Exception) -> Exception:
    """The Spark error for a DuckDB error raised while a query ran."""
    text = str(e)
    if "Could not parse string" in text and "format specifier" in text:
        from ..errors import DateTimeException   # a Java date pattern the text did not match
        return DateTimeException(f"[CANNOT_PARSE_TIMESTAMP] {text.splitlines()[0]}",
                                 "CANNOT_PARSE_TIMESTAMP")
    ours = re.search(r"\[([A-Z_]+(?:\.[A-Z_]+)?)\] (.*)", text, re.S)
    if ours:
        return _by_class(ours.group(1), ours.group(2).strip())
    low = text.lower()
    if "more than one row returned by a subquery" in low:
        return too_many_rows()
    if "division by zero" in low:
        return _by_class("DIVIDE_BY_ZERO", _DIVIDE_TEXT)
    if "conversion error" in low and ("date" in low or "timestamp" in low):
        return _by_class("CAST_INVALID_INPUT", f'The value cannot be cast to "DATE" because '
                         f"it is malformed: {text}")
    if "could not convert string" in low or "could not parse string" in low:
        return _by_class("CAST_INVALID_INPUT", f"The value cannot be cast because it is "
                         f"malformed: {text}")
    if "can't be cast because the value is out of range" in low and "int128" not in low:
        return _by_class("CAST_OVERFLOW", f"The value cannot be cast due to an overflow: "
                         f"{text}")
    decimal = re.search(r"(?:of|to|to type) DECIMAL\((\d+)(?:,(\d+))?\)", text)
    if decimal and ("overflow in" in low or "could not cast value" in low or
                    "out of range" in low):
        return _decimal_out_of_range(text, decimal)
    if "out of range" in low or "overflow" in low:
        return _by_class("ARITHMETIC_OVERFLOW", f"Overflow: {text}")
    return _by_class("INTERNAL_ERROR", text)


def _decimal_out_of_range(text: str, decimal) -> Exception:
    """Spark's error for a decimal result of more digits than its type holds (an overflow
    of DuckDB's decimal arithmetic, or of a cast to a decimal type)."""
    p, s = decimal.group(1), decimal.group(2) or "?"
    return _by_class("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
                     f"The value cannot be represented as Decimal({p}, {s}) "
                     f"({text.splitlines()[0]}). If necessary set \"spark.sql.ansi.enabled\" "
                     "to \"false\" to bypass this error, and return NULL instead.")
