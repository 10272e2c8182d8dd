"""Spark's type coercion: the common type of two types, and decimal result types.

Called by the function registry when it resolves an operator or function. Decimal rules are
Spark's ``DecimalPrecision`` with ``allowPrecisionLoss``: a result wider than 38 digits keeps
its integer digits and gives up scale down to 6.
"""

from __future__ import annotations

from ..types import (ArrayType, ByteType, DataType, DateType, DecimalType, DoubleType, FloatType,
                     IntegerType, IntegralType, LongType, MapType, NullType, NumericType,
                     ShortType, StructField, StructType,
                     StringType, TimestampNTZType, TimestampType, TimeType)
from . import expressions as ex

MAX_PRECISION = 38
_INTEGRAL_ORDER = [ByteType, ShortType, IntegerType, LongType]
_INTEGRAL_AS_DECIMAL = {ByteType: (3, 0), ShortType: (5, 0), IntegerType: (10, 0),
                        LongType: (20, 0)}


def bounded_decimal(p: int, s: int) -> DecimalType:
    """``DecimalType.bounded``: precision and scale capped at 38."""
    return DecimalType(min(p, MAX_PRECISION), min(s, MAX_PRECISION))


def adjusted_decimal(p: int, s: int) -> DecimalType:
    """A result type of more than 38 digits, losing scale (down to 6) to keep integer digits."""
    if p <= MAX_PRECISION:
        return DecimalType(p, s)
    int_digits = p - s
    min_scale = min(s, 6)
    return DecimalType(MAX_PRECISION, max(MAX_PRECISION - int_digits, min_scale))


def as_decimal(t: DataType) -> DecimalType | None:
    """An integral or decimal type as the decimal that holds it exactly."""
    if isinstance(t, DecimalType):
        return t
    for cls, (p, s) in _INTEGRAL_AS_DECIMAL.items():
        if isinstance(t, cls):
            return DecimalType(p if cls is not LongType else 20, s)
    return None


def is_numeric(t: DataType) -> bool:
    """Whether ``t`` is a number type."""
    return isinstance(t, NumericType)


def wider_decimal(a: DecimalType, b: DecimalType) -> DecimalType:
    """The decimal holding both: max scale, max integer digits."""
    s = max(a.scale, b.scale)
    rng = max(a.precision - a.scale, b.precision - b.scale)
    return DecimalType(min(MAX_PRECISION, rng + s), s)


def common_type(a: DataType, b: DataType) -> DataType | None:
    """The type both sides are cast to for a comparison, union, CASE or coalesce (None: none)."""
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, IntegralType) and isinstance(b, IntegralType):
        return max(a, b, key=lambda t: _INTEGRAL_ORDER.index(type(t)))
    if is_numeric(a) and is_numeric(b) and (isinstance(a, (FloatType, DoubleType))
                                            or isinstance(b, (FloatType, DoubleType))):
        return _fractional(a, b)
    da, db = as_decimal(a), as_decimal(b)
    if da is not None and db is not None:
        return wider_decimal(da, db)
    if isinstance(a, StringType) and not isinstance(b, StringType):
        return b
    if isinstance(b, StringType) and not isinstance(a, StringType):
        return a
    if {type(a), type(b)} <= {DateType, TimestampType}:
        return TimestampType()
    if type(a) is type(b) and isinstance(a, (ArrayType, MapType, StructType)):
        return _common_nested(a, b)
    if {type(a), type(b)} <= {DateType, TimestampNTZType}:
        return TimestampNTZType()
    if isinstance(a, TimeType) and isinstance(b, TimeType):
        return TimeType(max(a.precision, b.precision))
    if type(a) is type(b) and hasattr(a, "startField"):   # ANSI intervals of one kind
        return type(a)(min(a.startField, b.startField), max(a.endField, b.endField))
    return None


def _common_nested(a, b) -> DataType | None:
    """Arrays, maps and structs (fields matched by position and name) of common types."""
    if isinstance(a, ArrayType):
        e = common_type(a.elementType, b.elementType)
        return None if e is None else ArrayType(e, a.containsNull or b.containsNull)
    if isinstance(a, MapType):
        k, v = common_type(a.keyType, b.keyType), common_type(a.valueType, b.valueType)
        return None if k is None or v is None else MapType(
            k, v, a.valueContainsNull or b.valueContainsNull)
    if len(a.fields) != len(b.fields) or any(
            x.name.lower() != y.name.lower() for x, y in zip(a.fields, b.fields)):
        return None
    fields = []
    for x, y in zip(a.fields, b.fields):
        t = common_type(x.dataType, y.dataType)
        if t is None:
            return None
        fields.append(StructField(x.name, t, x.nullable or y.nullable))
    return StructType(fields)


def common_type_of(types: list[DataType]) -> DataType | None:
    """The common type of several types (None if there is none)."""
    out: DataType = NullType()
    for t in types:
        out = common_type(out, t)
        if out is None:
            return None
    return out


def _fractional(a: DataType, b: DataType) -> DataType:
    """Float with float or an integer stays float; anything with double or decimal is double."""
    if all(isinstance(t, (FloatType, IntegralType)) for t in (a, b)):
        return FloatType()
    return DoubleType()


def cast_to(e: ex.Expr, t: DataType) -> ex.Expr:
    """``e`` cast to ``t`` unless it already has that type."""
    if e.dtype == t:
        return e
    if isinstance(e, ex.Lit) and e.value is None:
        return ex.Lit(None, t)
    return ex.Cast(e, t, True, True)


def arithmetic_type(op: str, a: DataType, b: DataType) -> DataType:
    """The result type of ``a op b`` for numbers (``op`` one of + - * / %)."""
    if op == "/" and not (isinstance(a, DecimalType) or isinstance(b, DecimalType)):
        return DoubleType()
    if isinstance(a, (FloatType, DoubleType)) or isinstance(b, (FloatType, DoubleType)):
        return DoubleType() if op == "/" else _fractional(a, b)
    if isinstance(a, IntegralType) and isinstance(b, IntegralType):
        return common_type(a, b)
    da, db = as_decimal(a), as_decimal(b)
    if isinstance(a, IntegralType):
        da = DecimalType(*_INTEGRAL_AS_DECIMAL[type(a)])
    if isinstance(b, IntegralType):
        db = DecimalType(*_INTEGRAL_AS_DECIMAL[type(b)])
    p1, s1, p2, s2 = da.precision, da.scale, db.precision, db.scale
    if op in ("+", "-"):
        s = max(s1, s2)
        return adjusted_decimal(max(p1 - s1, p2 - s2) + s + 1, s)
    if op == "*":
        return adjusted_decimal(p1 + p2 + 1, s1 + s2)
    if op == "/":
        s = max(6, s1 + p2 + 1)
        return adjusted_decimal(p1 - s1 + s2 + s, s)
    s = max(s1, s2)
    return adjusted_decimal(min(p1 - s1, p2 - s2) + s, s)


def operand_type(result: DataType, a: DataType) -> DataType:
    """The type an arithmetic operand is cast to before the operation."""
    if isinstance(result, DecimalType):
        d = as_decimal(a)
        if isinstance(a, IntegralType):
            d = DecimalType(*_INTEGRAL_AS_DECIMAL[type(a)])
        return d
    return result
