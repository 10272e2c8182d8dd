"""The atomic data types of ``pyspark.sql.types`` and their base, ``DataType``
(re-exported by ``types.py``, where the whole hierarchy is drawn)."""

from __future__ import annotations

import json

# The type parsers, by kind ("ddl": ``parse_ddl``, "json": ``parse_json_type``): put here by
# ``ddl.py``, which imports this module (``types.py`` imports ``ddl``, so they are there).
PARSERS: dict = {}


class DataType:
    """Base class of every Spark SQL data type."""

    def __repr__(self) -> str:
        return type(self).__name__ + "()"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(str(self))

    @classmethod
    def typeName(cls) -> str:
        """The JSON name of the type (``long`` for LongType)."""
        return cls.__name__[:-4].lower()

    def simpleString(self) -> str:
        """The short SQL name (``bigint`` for LongType)."""
        return self.typeName()

    def jsonValue(self):
        """The type as a JSON-ready value."""
        return self.typeName()

    def json(self) -> str:
        """The type as compact JSON text, as Spark writes it in Parquet metadata."""
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def toNullable(self) -> "DataType":
        """The same type with every ``StructField.nullable``, ``ArrayType.containsNull`` and
        ``MapType.valueContainsNull`` within it true (the container types override it)."""
        return self

    def needConversion(self) -> bool:
        """Whether Python values need converting (kept for API compatibility)."""
        return False

    @classmethod
    def fromDDL(cls, ddl: str) -> "DataType":
        """Parse a DDL string: a type (``int``) or a field list (``a INT, b STRING``)."""
        return PARSERS["ddl"](ddl, keep_char=True)


class DataTypeSingleton(type):
    """Metaclass making each parameterless type a singleton, as PySpark does."""

    _instances: dict = {}

    def __call__(cls):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__()
        return cls._instances[cls]


class AtomicType(DataType):
    """A type whose values are not containers."""


class NumericType(AtomicType):
    """Numbers."""


class IntegralType(NumericType, metaclass=DataTypeSingleton):
    """Integers of a fixed width."""


class FractionalType(NumericType):
    """Floating point and decimal numbers."""


class NullType(DataType, metaclass=DataTypeSingleton):
    """The type of a NULL literal."""

    @classmethod
    def typeName(cls) -> str:
        return "void"


class StringType(AtomicType, metaclass=DataTypeSingleton):
    """Text."""


class CharType(AtomicType):
    """``CHAR(n)``: a string of exactly ``length`` characters, as a schema declares it
    (``DataType.fromDDL`` keeps it; DataFrames built from a DDL schema hold strings)."""

    def __init__(self, length: int):
        self.length = length

    def simpleString(self) -> str:
        return f"{self.typeName()}({self.length})"

    jsonValue = simpleString

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.length})"


class VarcharType(CharType):
    """``VARCHAR(n)``: a string of at most ``length`` characters in a table's schema."""


class BinaryType(AtomicType, metaclass=DataTypeSingleton):
    """Byte strings."""


class BooleanType(AtomicType, metaclass=DataTypeSingleton):
    """True or false."""


class DateType(AtomicType, metaclass=DataTypeSingleton):
    """A calendar date (``datetime.date``)."""


class TimestampType(AtomicType, metaclass=DataTypeSingleton):
    """An instant, shown in the session time zone (``datetime.datetime``)."""


class TimestampNTZType(AtomicType, metaclass=DataTypeSingleton):
    """A wall-clock date and time with no time zone."""

    @classmethod
    def typeName(cls) -> str:
        return "timestamp_ntz"


class TimeType(AtomicType):
    """A time of day (``datetime.time``) with ``precision`` digits of the second's fraction
    (0 to 6), Spark 4.1's ``TIME(p)``."""

    def __init__(self, precision: int = 6):
        self.precision = precision

    def simpleString(self) -> str:
        return f"time({self.precision})"

    jsonValue = simpleString

    def __repr__(self) -> str:
        return f"TimeType({self.precision})"


class _AnsiIntervalType(AtomicType):
    """An ANSI interval type: its unit fields run from ``startField`` to ``endField``."""
    _fields: dict = {}

    def __init__(self, startField: int | None = None, endField: int | None = None):
        if startField is None and endField is None:
            startField, endField = 0, max(self._fields)
        elif endField is None:
            endField = startField
        if startField not in self._fields or endField not in self._fields or \
                startField > endField:
            from ..errors import SparkLambdaError
            raise SparkLambdaError(f"[INVALID_INTERVAL_CASTING] no interval type from field "
                                   f"{startField} to {endField}; fields are {self._fields}")
        self.startField, self.endField = startField, endField

    def simpleString(self) -> str:
        start, end = self._fields[self.startField], self._fields[self.endField]
        return f"interval {start}" if start == end else f"interval {start} to {end}"

    jsonValue = simpleString

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.startField}, {self.endField})"


class DayTimeIntervalType(_AnsiIntervalType):
    """A span of days, hours, minutes and seconds in microseconds (``datetime.timedelta``)."""
    DAY, HOUR, MINUTE, SECOND = 0, 1, 2, 3
    _fields = {0: "day", 1: "hour", 2: "minute", 3: "second"}


class YearMonthIntervalType(_AnsiIntervalType):
    """A span of years and months, counted in months."""
    YEAR, MONTH = 0, 1
    _fields = {0: "year", 1: "month"}


class CalendarIntervalType(DataType, metaclass=DataTypeSingleton):
    """Months, days and microseconds together (what ``make_interval`` returns)."""

    @classmethod
    def typeName(cls) -> str:
        return "interval"


class VariantType(AtomicType, metaclass=DataTypeSingleton):
    """Semi-structured values: objects, arrays and scalars as JSON has them (collected as
    ``VariantVal``)."""


class ByteType(IntegralType):
    """8-bit signed integers."""

    def simpleString(self) -> str:
        return "tinyint"


class ShortType(IntegralType):
    """16-bit signed integers."""

    def simpleString(self) -> str:
        return "smallint"


class IntegerType(IntegralType):
    """32-bit signed integers."""

    def simpleString(self) -> str:
        return "int"


class LongType(IntegralType):
    """64-bit signed integers."""

    def simpleString(self) -> str:
        return "bigint"


class FloatType(FractionalType, metaclass=DataTypeSingleton):
    """32-bit floating point."""


class DoubleType(FractionalType, metaclass=DataTypeSingleton):
    """64-bit floating point."""


class DecimalType(FractionalType):
    """Exact decimals with ``precision`` digits, ``scale`` of them after the point."""

    def __init__(self, precision: int = 10, scale: int = 0):
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self) -> str:
        return f"decimal({self.precision},{self.scale})"

    def jsonValue(self):
        return self.simpleString()

    def __repr__(self) -> str:
        return f"DecimalType({self.precision},{self.scale})"


_SIMPLE_NAMES = {t().simpleString(): t for t in (
    NullType, StringType, BinaryType, BooleanType, DateType, TimestampType, TimestampNTZType,
    VariantType, ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType)}


def atomic_type_by_name(name: str) -> DataType | None:
    """The parameterless type whose SQL or JSON name is ``name`` (case-insensitive), if any."""
    name = name.lower()
    aliases = {"integer": "int", "long": "bigint", "short": "smallint", "byte": "tinyint",
               "bool": "boolean", "real": "float", "null": "void", "text": "string",
               "varchar": "string", "char": "string"}
    name = aliases.get(name, name)
    if name == "time":
        return TimeType(6)
    cls = _SIMPLE_NAMES.get(name)
    return cls() if cls else None
