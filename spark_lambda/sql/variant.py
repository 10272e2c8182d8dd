"""VARIANT values: ``VariantVal`` (what ``collect`` gives for a VARIANT column) and the text
form every VARIANT value has between tasks.

A VARIANT value travels (Arrow, DuckDB, shuffle blocks, Parquet) as its JSON text in Spark's
own form: no spaces, object keys sorted (Spark's variant objects keep their fields by key),
numbers as Spark's ``to_json`` writes them. Parsed, a value is a Python tree: ``dict``,
``list``, ``str``, ``bool``, ``None``, ``int`` (Spark's integer kinds), ``Decimal`` (a JSON
number with a fraction and at most 38 digits) and ``float`` (a JSON number with an exponent,
or too long for a decimal), as Spark's ``parse_json`` types them. In the text a decimal has no
trailing zeros and a double is written as Java does (``1.0``, ``1.0E10``); a double whose text
is also a decimal's (``1.5``) reads back as that decimal: its JSON is the same.
"""

from __future__ import annotations

import decimal
import json

_MAX_DIGITS = 38
_LONG = 1 << 63


class VariantError(ValueError):
    """Text that is not one JSON value, or has a key twice in an object."""


def _number(text: str):
    """A JSON number as ``parse_json`` types it."""
    if any(ch in text for ch in "eE"):
        return float(text)
    d = decimal.Decimal(text)
    if "." not in text and -_LONG <= d < _LONG:
        return int(text)
    if len(d.as_tuple().digits) <= _MAX_DIGITS and -d.as_tuple().exponent <= _MAX_DIGITS:
        return d
    return float(text)


def _stored_number(text: str):
    """A number of the text form (``dump``): decimals are written without trailing zeros,
    so a fraction ending in 0 (``1.0``) is a double's."""
    if "." in text and "e" not in text.lower() and text.endswith("0"):
        return float(text)
    return _number(text)


def _reject(name: str):
    raise ValueError(f"not JSON: {name}")


def _object(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate object key {k!r}")   # Spark: a malformed record
        out[k] = v
    return out


def _integer(text: str):
    return int(text) if len(text) < 19 else _number(text)


def _decoder(number) -> json.JSONDecoder:
    return json.JSONDecoder(parse_float=number, parse_int=_integer, parse_constant=_reject,
                            object_pairs_hook=_object)


_DECODERS = {True: _decoder(_stored_number), False: _decoder(_number)}


def parse(text: str, stored: bool = True):
    """The value of a VARIANT's text (``stored``), or of JSON text as ``parse_json`` types it
    (raises ``VariantError``)."""
    try:
        return _DECODERS[stored].decode(text)
    except VariantError:
        raise
    except (ValueError, RecursionError):
        raise VariantError(f"[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records "
                           f"are detected in record parsing: {text[:100]}. Parse Mode: "
                           f"FAILFAST. To process malformed records as null result, try "
                           f"setting the option 'mode' as 'PERMISSIVE'.") from None


def _decimal_text(d: decimal.Decimal) -> str:
    if d == 0:
        return "0"
    return format(d.normalize(), "f")


_text = json.JSONEncoder(ensure_ascii=False).encode   # a string as JSON, non-ASCII kept


def _double_text(x: float) -> str:
    from .java_text import java_double
    text = java_double(x)
    return text if text[-1].isdigit() else _text(text)   # NaN as Spark writes it: a string


def _object_text(value: dict) -> str:
    return "{" + ",".join(f"{_text(k)}:{dump(value[k])}" for k in sorted(value)) + "}"


def _array_text(value) -> str:
    return "[" + ",".join(map(dump, value)) + "]"


_WRITERS = {type(None): lambda v: "null", bool: lambda v: "true" if v else "false", int: str,
            decimal.Decimal: _decimal_text, float: _double_text, str: _text,
            dict: _object_text, list: _array_text, tuple: _array_text}


def dump(value) -> str:
    """A parsed value as Spark's JSON text of it."""
    write = _WRITERS.get(type(value))
    if write is not None:
        return write(value)
    if hasattr(value, "isoformat"):        # dates and timestamps from typed values
        return _text(value.isoformat(sep=" ") if hasattr(value, "hour")
                     and hasattr(value, "year") else value.isoformat())
    if isinstance(value, (bytes, bytearray)):
        import base64
        return _text(base64.b64encode(bytes(value)).decode())
    raise TypeError(f"no VARIANT form for {type(value).__name__}")


def canonical(text: str) -> str:
    """JSON text in Spark's form (raises ``VariantError`` for text that is not JSON)."""
    return dump(parse(text, stored=False))


def kind(value) -> str:
    """The type ``schema_of_variant`` names for a scalar (``BIGINT``, ``DECIMAL(2,1)``...)."""
    if value is None:
        return "VOID"
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "BIGINT"
    if isinstance(value, decimal.Decimal):     # as Spark: trailing zeros do not count
        _, digits, exp = (value.normalize() if value else decimal.Decimal(0)).as_tuple()
        scale = max(-exp, 0)
        return f"DECIMAL({max(len(digits) + max(exp, 0), scale, 1)},{scale})"
    if isinstance(value, float):
        return "DOUBLE"
    if isinstance(value, str):
        return "STRING"
    raise TypeError(type(value).__name__)


class VariantVal:
    """A VARIANT value on the driver (``pyspark.sql.types.VariantVal``): Spark's binary
    encoding of it, ``value`` and ``metadata`` (``variant_binary``). Collected values are
    encoded from the engine's JSON text, whose object keys are sorted: the bytes are Spark's
    for a value whose keys were written in that order, the same value in any case."""

    def __init__(self, value: bytes, metadata: bytes):
        self.value = value
        self.metadata = metadata

    @classmethod
    def from_text(cls, text: str) -> "VariantVal":
        """The value of a VARIANT's text (as tasks hold it)."""
        from .variant_binary import encode
        value, metadata = encode(parse(text))
        return cls(bytearray(value), bytearray(metadata))

    def __str__(self) -> str:
        return self.toJson()

    def __repr__(self) -> str:
        return "VariantVal(%r, %r)" % (self.value, self.metadata)

    def __eq__(self, other) -> bool:
        return isinstance(other, VariantVal) and (bytes(other.value), bytes(other.metadata)) \
            == (bytes(self.value), bytes(self.metadata))

    def __hash__(self) -> int:
        return hash((bytes(self.value), bytes(self.metadata)))

    def toPython(self):
        """The value as Python objects: dict, list, str, int, Decimal, float, bool, None."""
        from .variant_binary import decode
        return decode(self.value, self.metadata)

    def toJson(self, zone_id: str = "UTC") -> str:
        """The value as JSON text (``zone_id`` is accepted for PySpark's signature: timestamps
        in values read from Spark's files are shown in UTC)."""
        return dump(self.toPython())

    @classmethod
    def parseJson(cls, json_str: str) -> "VariantVal":
        """The VARIANT value of JSON text (object keys kept in the order written)."""
        from .variant_binary import encode
        value, metadata = encode(parse(json_str, stored=False))
        return cls(bytearray(value), bytearray(metadata))
