"""Spark types of Python values: for literals (``F.lit(1)`` is an INT) and for
``createDataFrame`` schema inference (an ``int`` column is a BIGINT, as PySpark infers).
"""

from __future__ import annotations

import datetime
import decimal

from ..row import Row
from ..types import (ArrayType, AtomicType, BinaryType, BooleanType, DataType, DateType,
                     DecimalType, DoubleType, IntegerType, LongType, MapType, NullType,
                     StringType, StructField, StructType, TimestampNTZType, TimestampType,
                     TimeType, VariantType, CalendarIntervalType,
                     DayTimeIntervalType)
from ..variant import VariantVal
from .intervals import IntervalValue


def decimal_type_of(value: decimal.Decimal) -> DecimalType:
    """The decimal type of exactly the digits of ``value`` (as Spark types a literal)."""
    sign, digits, exp = value.as_tuple()
    scale = max(0, -exp)
    precision = max(len(digits) + max(0, exp), scale, 1)
    return DecimalType(max(precision, scale), scale)


def literal_type(value) -> DataType:
    """The type of a literal: ints that fit 32 bits are INT, else BIGINT; floats DOUBLE."""
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return BooleanType()
    if isinstance(value, int):
        return IntegerType() if -2**31 <= value < 2**31 else LongType()
    if isinstance(value, float):
        return DoubleType()
    if isinstance(value, str):
        return StringType()
    if isinstance(value, decimal.Decimal):
        return decimal_type_of(value)
    if isinstance(value, datetime.datetime):
        return TimestampType()
    if isinstance(value, datetime.date):
        return DateType()
    if isinstance(value, datetime.timedelta):
        return DayTimeIntervalType()
    if isinstance(value, datetime.time):
        return TimeType(6)
    if isinstance(value, (bytes, bytearray)):
        return BinaryType()
    if isinstance(value, IntervalValue):
        return CalendarIntervalType()
    if isinstance(value, VariantVal):
        return VariantType()
    raise TypeError(f"Unsupported literal type {type(value).__name__}: {value!r}")


def infer_type(value) -> DataType:
    """The type PySpark's ``createDataFrame`` infers for a Python value."""
    if isinstance(value, bool):
        return BooleanType()
    if isinstance(value, int):
        return LongType()
    if isinstance(value, decimal.Decimal):
        return DecimalType(38, 18)
    if isinstance(value, Row) and hasattr(value, "__fields__"):
        return StructType([StructField(k, infer_type(v), True)
                           for k, v in zip(value.__fields__, value)])
    if isinstance(value, dict):   # every key's and value's type merged, as PySpark infers
        key: DataType = NullType()
        val: DataType = NullType()
        for k, v in value.items():
            key = key if k is None else merge_types(key, infer_type(k))
            val = val if v is None else merge_types(val, infer_type(v))
        return MapType(key, val, True)
    if isinstance(value, tuple):   # a plain tuple is a struct of _1, _2, … (a list, an array)
        return StructType([StructField(f"_{i + 1}", infer_type(v), True)
                           for i, v in enumerate(value)])
    if isinstance(value, list):
        elem: DataType = NullType()
        for x in value:       # every element's type merged, as PySpark 3.4+ infers
            if x is not None:
                elem = merge_types(elem, infer_type(x))
        return ArrayType(elem, True)
    return literal_type(value)


def merge_types(a: DataType, b: DataType) -> DataType:
    """The type of a column whose rows were inferred as ``a`` and ``b`` (NULL gives way)."""
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType) or a == b:
        return a
    if {type(a), type(b)} == {TimestampType, TimestampNTZType}:
        return TimestampType()
    atomic = isinstance(a, AtomicType) and isinstance(b, AtomicType)
    if atomic and isinstance(b, StringType):   # PySpark 4: a string absorbs any atomic type
        return b
    if atomic and isinstance(a, StringType):
        return a
    if isinstance(a, StructType) and isinstance(b, StructType):
        other = {f.name: f.dataType for f in b.fields}
        fields = [StructField(f.name, merge_types(f.dataType, other.get(f.name, NullType())),
                              True) for f in a.fields]
        fields += [f for f in b.fields if f.name not in {x.name for x in a.fields}]
        return StructType(fields)
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(merge_types(a.elementType, b.elementType), True)
    if isinstance(a, MapType) and isinstance(b, MapType):
        return MapType(merge_types(a.keyType, b.keyType),
                       merge_types(a.valueType, b.valueType), True)
    from ..errors import PySparkTypeError
    raise PySparkTypeError(f"Can not merge type {type(a).__name__} and {type(b).__name__}",
                           "CANNOT_MERGE_TYPE")
