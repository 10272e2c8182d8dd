"""Spark's rules for an explicit ``CAST`` beyond its result type: which casts can give NULL
from a non-NULL value (``Cast.forceNullable``) and which casts to or from BINARY ANSI mode
refuses."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (BinaryType, BooleanType, ByteType, DataType, DateType, DecimalType,
                     DoubleType, FloatType, IntegerType, IntegralType, LongType, NullType,
                     NumericType, ShortType, StringType, TimestampType, VariantType)

# the decimal each integral type fits in whole
_INTEGRAL_DECIMAL = {ByteType: DecimalType(3, 0), ShortType: DecimalType(5, 0),
                     IntegerType: DecimalType(10, 0), LongType: DecimalType(20, 0)}


def _wider(to: DecimalType, other: DecimalType) -> bool:
    return to.precision - to.scale >= other.precision - other.scale and to.scale >= other.scale


def _safe_decimal(src: DataType, to: DecimalType) -> bool:
    if isinstance(src, BooleanType):
        return True
    if isinstance(src, DecimalType):
        return _wider(to, src)
    d = _INTEGRAL_DECIMAL.get(type(src))
    return d is not None and _wider(to, d)


def force_nullable(src: DataType, to: DataType) -> bool:
    """Whether casting a non-NULL ``src`` value to ``to`` can give NULL, so that Spark marks
    the cast nullable (text or a VARIANT that is not a number, a NaN made an integer, a decimal that does
    not fit)."""
    if isinstance(src, NullType) or src == to:
        return False
    if isinstance(src, (StringType, VariantType)):
        return not isinstance(to, BinaryType)
    if isinstance(to, StringType):
        return False
    if isinstance(src, (FloatType, DoubleType)) and isinstance(to, TimestampType):
        return True
    if isinstance(to, DateType):
        return not isinstance(src, (DateType, TimestampType))
    if isinstance(src, DateType):
        return not isinstance(to, TimestampType)
    if isinstance(to, DecimalType) and not _safe_decimal(src, to):
        return True
    return isinstance(src, (FloatType, DoubleType, DecimalType)) and isinstance(to, IntegralType)


def check_binary_cast(name: str, src: DataType, to: DataType) -> None:
    """Refuse, as ANSI mode does, a cast of a number or a boolean to BINARY or of BINARY to
    anything but STRING; an integer's names the setting that would allow it."""
    other = to if isinstance(src, BinaryType) else src if isinstance(to, BinaryType) else None
    if other is None or isinstance(other, (BinaryType, StringType, NullType)):
        return
    if not isinstance(other, (NumericType, BooleanType, DateType, TimestampType)):
        return
    a, b = src.simpleString().upper(), to.simpleString().upper()
    why = f"cannot cast \"{a}\" to \"{b}\""
    if isinstance(src, IntegralType):
        raise AnalysisException(
            f"Cannot resolve \"{name}\" due to data type mismatch: {why} with ANSI mode on.\n"
            f"If you have to cast \"{a}\" to \"{b}\", you can set \"spark.sql.ansi.enabled\" "
            f"as 'false'.", "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
            {"sqlExpr": f"\"{name}\"", "srcType": f"\"{a}\"", "targetType": f"\"{b}\""})
    raise AnalysisException(f"Cannot resolve \"{name}\" due to data type mismatch: {why}.",
                            "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
                            {"sqlExpr": f"\"{name}\"", "srcType": f"\"{a}\"",
                             "targetType": f"\"{b}\""})
