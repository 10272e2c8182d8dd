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

The atomic types live in ``types_atomic.py``, the containers in ``types_complex.py``; this module
is where they are imported from. ``DataType.fromDDL("a INT, b STRING")`` parses Spark's DDL
(see ``ddl.py``). ``Row`` lives in
``row.py`` and is re-exported here, as PySpark has it in this module.
"""

from __future__ import annotations

import json

from .row import Row  # noqa: F401  (pyspark.sql.types exports Row)
from .variant import VariantVal  # noqa: F401  (pyspark.sql.types exports VariantVal)
from .geo_values import Geography, Geometry  # noqa: F401  (pyspark.sql.types exports them)
from .types_atomic import (  # noqa: F401  (this module is where they are imported from)
    AtomicType, BinaryType, BooleanType, ByteType, CalendarIntervalType, CharType, DataType,
    DataTypeSingleton, DateType, DayTimeIntervalType, DecimalType, DoubleType, FloatType,
    FractionalType, IntegerType, IntegralType, LongType, NullType, NumericType, ShortType,
    StringType, TimestampNTZType, TimestampType, TimeType, VarcharType, VariantType,
    YearMonthIntervalType, _AnsiIntervalType, atomic_type_by_name)
from .types_complex import ArrayType, MapType, StructField, StructType  # noqa: F401
from .ddl import parse_json_type  # also puts the DDL and JSON parsers in DataType's reach


def _parse_json_type(value) -> DataType:
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
