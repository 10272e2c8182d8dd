"""The errors of ``pyspark.errors`` that DataFrame and SQL programs catch.

::

    SparkLambdaError
     └── PySparkException                 error_class, message parameters, SQLSTATE
          ├── AnalysisException            a plan cannot be resolved (names, types)
          │    ├── ParseException          malformed SQL text (with line and position)
          │    └── TempTableAlreadyExistsException
          ├── IllegalArgumentException
          ├── UnsupportedOperationException
          ├── SparkRuntimeException        an error while tasks ran
          │    ├── ArithmeticException     overflow, division by zero (ANSI)
          │    ├── NumberFormatException   CAST of text that is not a number (ANSI)
          │    └── DateTimeException
          ├── SparkNoSuchElementException  an unset setting read without a default
          ├── PythonException              a user's function raised in a task (its traceback)
          ├── PackageNotInstalledError     an optional extra (pandas) is missing
          ├── PySparkValueError / PySparkTypeError / PySparkAttributeError
          │                                bad arguments to the Python API

Messages follow Spark's: ``[ERROR_CLASS] text. SQLSTATE: xxxxx``.
"""

from __future__ import annotations

from ..errors import SparkLambdaError


class PySparkException(SparkLambdaError):
    """Base of the DataFrame and SQL errors, with Spark's error class and parameters."""

    sql_state = "XX000"

    def __init__(self, message: str | None = None, errorClass: str | None = None,
                 messageParameters: dict | None = None, sqlState: str | None = None):
        self.errorClass = errorClass
        self.messageParameters = dict(messageParameters or {})
        if sqlState:
            self.sql_state = sqlState
        text = message or ""
        if errorClass:
            text = f"[{errorClass}] {text}"
            if self.sql_state and "SQLSTATE" not in text:
                text = f"{text} SQLSTATE: {self.sql_state}"
        self.message = text
        super().__init__(text)

    def getErrorClass(self) -> str | None:
        """Spark's error class, e.g. ``UNRESOLVED_COLUMN.WITH_SUGGESTION``."""
        return self.errorClass

    getCondition = getErrorClass

    def getMessageParameters(self) -> dict:
        """The named values the message was built from."""
        return self.messageParameters

    def getSqlState(self) -> str | None:
        """The SQLSTATE of the error."""
        return self.sql_state

    def getMessage(self) -> str:
        """The full message."""
        return self.message


class AnalysisException(PySparkException):
    """A query cannot be analysed: a missing or ambiguous name, a type mismatch, ..."""

    sql_state = "42000"


class ParseException(AnalysisException):
    """SQL text that does not parse; the message gives the line and position."""

    sql_state = "42601"


class TempTableAlreadyExistsException(AnalysisException):
    """A temporary view of that name already exists."""


class IllegalArgumentException(PySparkException, ValueError):
    """An argument is not acceptable."""


class UnsupportedOperationException(PySparkException):
    """The operation is not supported."""


class SparkRuntimeException(PySparkException):
    """An error raised while tasks ran."""


class ArithmeticException(SparkRuntimeException, ArithmeticError):
    """Overflow or division by zero under ANSI mode."""

    sql_state = "22003"


class NumberFormatException(SparkRuntimeException, ValueError):
    """A cast of text that is not a number of the target type (ANSI mode)."""

    sql_state = "22018"


class DateTimeException(SparkRuntimeException, ValueError):
    """A date or time that cannot be parsed or represented."""

    sql_state = "22007"


class PythonException(PySparkException):
    """A user's Python function (a UDF) raised in a task; the message holds its traceback."""


class PackageNotInstalledError(PySparkException, ImportError):
    """An optional package (an extra of spark-lambda, such as pandas) is missing."""


class ArrayIndexOutOfBoundsException(SparkRuntimeException, IndexError):
    """An array index out of bounds (ANSI mode)."""

    sql_state = "22003"


class PySparkValueError(PySparkException, ValueError):
    """A bad value given to the Python API."""


class PySparkTypeError(PySparkException, TypeError):
    """A value of the wrong type given to the Python API."""


class PySparkNotImplementedError(PySparkException, NotImplementedError):
    """An operation PySpark does not offer (``NOT_IMPLEMENTED``)."""


class PySparkIndexError(PySparkException, IndexError):
    """A position out of range given to the Python API (a column ordinal)."""


class PySparkAttributeError(PySparkException, AttributeError):
    """An attribute that does not exist (``df.no_such_column``)."""


class SparkNoSuchElementException(PySparkException, KeyError):
    """A lookup of something that is not there (an unset SQL setting)."""

    def __str__(self) -> str:
        return self.message


__all__ = [
    "PySparkException", "AnalysisException", "ParseException", "TempTableAlreadyExistsException",
    "IllegalArgumentException", "UnsupportedOperationException", "SparkRuntimeException",
    "ArithmeticException", "NumberFormatException", "DateTimeException", "PySparkValueError",
    "PySparkTypeError", "PySparkIndexError", "PythonException", "PackageNotInstalledError",
    "PySparkAttributeError", "SparkNoSuchElementException", "ArrayIndexOutOfBoundsException",
    "PySparkNotImplementedError",
]
