"""Numbers as Java writes them (``Double.toString``, ``Float.toString``): the text Spark
gives doubles and floats in names, ``show()``, CSV/JSON output and VARIANT values."""

from __future__ import annotations

import struct
from decimal import Decimal


def java_float(x: float) -> str:
    """The float (a 32-bit value held in a Python float) ``x`` as Java's ``Float.toString``
    prints it: the fewest digits that read back as the same float."""
    if x != x or x in (float("inf"), float("-inf")) or x == 0:
        return java_double(x)
    for places in range(1, 10):
        text = f"{x:.{places}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == x:
            return java_double(x, text)
    return java_double(x)


def java_double(x: float, shortest: str | None = None) -> str:
    """``x`` as Java's ``Double.toString`` prints it (with the digits of ``shortest`` when
    given: ``java_float``'s)."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if str(x).startswith("-") else "0.0"
    sign, digits, exp = Decimal(shortest or repr(x)).as_tuple()
    digits = "".join(map(str, digits))
    point = len(digits) + exp  # where the decimal point falls after the digits' start
    digits = digits.rstrip("0") or "0"
    if 1e-3 <= abs(x) < 1e7:
        if point <= 0:
            text = "0." + "0" * -point + digits
        elif point >= len(digits):
            text = digits + "0" * (point - len(digits)) + ".0"
        else:
            text = digits[:point] + "." + digits[point:]
    else:
        text = digits[0] + "." + (digits[1:] or "0") + f"E{point - 1}"
    return ("-" if sign else "") + text
