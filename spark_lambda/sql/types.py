"""The data types of ``pyspark.sql.types``: same names, reprs, simple strings and JSON.

::

    DataType
     ├── NullType, StringType, BinaryType, BooleanType, DateType,
     │   TimestampType, TimestampNTZType, TimeType(p), VariantType
     ├── NumericType
     │    ├── IntegralType: ByteType, ShortType, IntegerType, LongType
     │    └── FractionalType: FloatType, DoubleType, DecimalType(p, s)
     ├── ArrayType(elementType, containsNull), MapType(keyType, valueType, valueContainsNull)
     └── StructType([StructField(name, dataType, nullable), ...])

``DataType.fromDDL("a INT, b STRING")`` parses Spark's DDL (see ``ddl.py``). ``Row`` lives in
``row.py`` and is re-exported here, as PySpark has it in this module.
"""

from __future__ import annotations

import json
from typing import Iterator

from .row import Row  # noqa: F401  (pyspark.sql.types exports Row)
from .variant import VariantVal  # noqa: F401  (pyspark.sql.types exports VariantVal)
from .geo_values import Geography, Geometry  # noqa: F401  (pyspark.sql.types exports them)


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
        ``MapType.valueContainsNull`` within it true."""
        if isinstance(self, ArrayType):
            return ArrayType(self.elementType.toNullable(), True)
        if isinstance(self, MapType):
            return MapType(self.keyType.toNullable(), self.valueType.toNullable(), True)
        if isinstance(self, StructType):
            return StructType([StructField(f.name, f.dataType.toNullable(), True, f.metadata)
                               for f in self.fields])
        return self

    def needConversion(self) -> bool:
        """Whether Python values need converting (kept for API compatibility)."""
        return False

    @classmethod
    def fromDDL(cls, ddl: str) -> "DataType":
        """Parse a DDL string: a type (``int``) or a field list (``a INT, b STRING``)."""
        from .ddl import parse_ddl
        return parse_ddl(ddl, keep_char=True)


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


class ArrayType(DataType):
    """Arrays of ``elementType``."""

    def __init__(self, elementType: DataType, containsNull: bool = True):
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:
        return f"array<{self.elementType.simpleString()}>"

    def jsonValue(self):
        return {"type": "array", "elementType": self.elementType.jsonValue(),
                "containsNull": self.containsNull}

    def __repr__(self) -> str:
        return f"ArrayType({self.elementType!r}, {self.containsNull})"


class MapType(DataType):
    """Maps from ``keyType`` to ``valueType``."""

    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"

    def jsonValue(self):
        return {"type": "map", "keyType": self.keyType.jsonValue(),
                "valueType": self.valueType.jsonValue(),
                "valueContainsNull": self.valueContainsNull}

    def __repr__(self) -> str:
        return f"MapType({self.keyType!r}, {self.valueType!r}, {self.valueContainsNull})"


class StructField(DataType):
    """A named field of a struct: name, type, nullability and metadata."""

    def __init__(self, name: str, dataType: DataType, nullable: bool = True, metadata=None):
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self) -> str:
        return f"{self.name}:{self.dataType.simpleString()}"

    def jsonValue(self):
        return {"name": self.name, "type": self.dataType.jsonValue(),
                "nullable": self.nullable, "metadata": self.metadata}

    def __repr__(self) -> str:
        return f"StructField('{self.name}', {self.dataType!r}, {self.nullable})"


class StructType(DataType):
    """A row type: an ordered list of ``StructField``."""

    def __init__(self, fields: list | None = None):
        self.fields = list(fields or [])

    @property
    def names(self) -> list[str]:
        """The field names, in order."""
        return [f.name for f in self.fields]

    def fieldNames(self) -> list[str]:
        """The field names, in order."""
        return self.names

    def add(self, field, data_type=None, nullable: bool = True, metadata=None) -> "StructType":
        """Append a field (a StructField, or a name and a type or DDL type string)."""
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if isinstance(data_type, str):
                data_type = _parse_json_type(data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
        return self

    def simpleString(self) -> str:
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    @classmethod
    def fromJson(cls, json: dict) -> "StructType":
        """The StructType of a ``jsonValue()`` dict."""
        return _parse_json_type(json)

    def jsonValue(self):
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def treeString(self, level: int | None = None) -> str:
        """The text ``printSchema`` shows (nested levels down to ``level``, if given)."""
        lines = ["root"]
        for f in self.fields:
            _tree_lines(f.name, f.dataType, f.nullable, 1, lines, max_depth=level or 1 << 30)
        return "\n".join(lines) + "\n"

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError(f"No StructField named {key}")
        if isinstance(key, int):
            return self.fields[key]
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise TypeError("StructType keys should be strings, integers or slices")

    def __repr__(self) -> str:
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"


def _tree_lines(name: str, dtype: DataType, nullable, depth: int, lines: list,
                label: str = "nullable", max_depth: int = 1 << 30) -> None:
    prefix = " |   " * (depth - 1) + " |-- "
    suffix = f" ({label} = {str(nullable).lower()})" if nullable is not None else ""
    shown = dtype.simpleString() if isinstance(dtype, (DecimalType, TimeType)) or \
        hasattr(dtype, "srid") else dtype.typeName()   # srid: the spatial types
    lines.append(f"{prefix}{name}: {shown}{suffix}")
    if depth >= max_depth:
        return
    if isinstance(dtype, StructType):
        for f in dtype.fields:
            _tree_lines(f.name, f.dataType, f.nullable, depth + 1, lines, max_depth=max_depth)
    elif isinstance(dtype, ArrayType):
        _tree_lines("element", dtype.elementType, dtype.containsNull, depth + 1, lines,
                    "containsNull", max_depth)
    elif isinstance(dtype, MapType):
        _tree_lines("key", dtype.keyType, None, depth + 1, lines, max_depth=max_depth)
        _tree_lines("value", dtype.valueType, dtype.valueContainsNull, depth + 1, lines,
                    "valueContainsNull", max_depth)


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


def _parse_json_type(value) -> DataType:
    from .ddl import parse_json_type
    return parse_json_type(value)


def _parse_datatype_json_string(text: str) -> DataType:
    """Parse the JSON that ``DataType.json()`` writes."""
    return _parse_json_type(json.loads(text))


__all__ = [
    "DataType", "NullType", "StringType", "BinaryType", "BooleanType", "DateType",
    "TimestampType", "TimestampNTZType", "NumericType", "IntegralType", "FractionalType",
    "ByteType", "ShortType", "IntegerType", "LongType", "FloatType", "DoubleType", "DecimalType",
    "ArrayType", "MapType", "StructField", "StructType", "Row", "AtomicType", "CharType",
    "VarcharType", "TimeType", "VariantType", "VariantVal", "DayTimeIntervalType",
    "YearMonthIntervalType", "CalendarIntervalType", "Geography", "Geometry",
]


def _parse_datatype_string(text: str) -> DataType:
    """A DDL string as a type (PySpark's name for ``DataType.fromDDL``)."""
    return DataType.fromDDL(text)
