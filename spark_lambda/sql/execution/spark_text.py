"""Spark's text functions DuckDB has no match for, computed in Python over a task's rows:
``conv`` (Hive's ``NumberConverter``: unsigned 64-bit, digits up to the first invalid one) and
``soundex`` (American Soundex; text not starting with a letter is returned as it is) and
``format_string``/``printf`` with a format that is not a constant (Java's ``String.format``).
"""

from __future__ import annotations

import re

# one conversion of Java's Formatter: %[index$][flags][width][.precision]conversion
FORMAT_SPEC = re.compile(r"%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])")

_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_U64 = 1 << 64
_SOUNDEX = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"),
            **dict.fromkeys("DT", "3"), "L": "4", **dict.fromkeys("MN", "5"), "R": "6",
            **dict.fromkeys("HW", "")}


def conv(text: str | None, from_base: int | None, to_base: int | None) -> str | None:
    """``text`` read in base ``from_base`` written in base ``to_base`` (signed when negative);
    NULL for a base outside 2..36 or empty text, 0 for text without a leading digit."""
    if text is None or from_base is None or to_base is None:
        return None
    if not (2 <= from_base <= 36 and 2 <= abs(to_base) <= 36):
        return None
    s = text.strip()
    negative = s.startswith("-")
    value = 0
    for ch in s[1:] if negative else s:
        d = _DIGITS.find(ch.upper())
        if d < 0 or d >= from_base:
            break
        value = value * from_base + d
        if value >= _U64:
            raise ArithmeticError(
                "[ARITHMETIC_OVERFLOW] Overflow in function conv(). If necessary set "
                "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003")
    if not s:
        return None
    if negative:
        value = (-value) % _U64
    sign = ""
    if to_base < 0 and value >= _U64 // 2:
        value, sign = _U64 - value, "-"
    base, out = abs(to_base), []
    while True:
        value, d = divmod(value, base)
        out.append(_DIGITS[d])
        if not value:
            break
    return sign + "".join(reversed(out))


def soundex(text: str | None) -> str | None:
    """The letter and three digits of American Soundex."""
    if text is None or not text or not ("A" <= text[0].upper() <= "Z"):
        return text
    s = text.upper()
    out, last = [s[0]], _SOUNDEX.get(s[0], "0")
    for ch in s[1:]:
        if not "A" <= ch <= "Z":
            last = "0"
            continue
        code = _SOUNDEX.get(ch, "0")
        if code == "":        # H and W do not separate equal codes
            continue
        if code != "0" and code != last:
            out.append(code)
            if len(out) == 4:
                break
        last = code
    return "".join(out).ljust(4, "0")


def _java_value(conv: str, text: str):
    if conv in "doxXc":
        return int(text) if conv != "c" else chr(int(text)) if text.isdigit() else text
    if conv in "eEfgGaA":
        return float(text)
    return text


def java_format(fmt: str | None, args: list) -> str | None:
    """Java's ``String.format(fmt, args)`` over arguments given as their text (a NULL one
    printed as ``null``); NULL when the format is."""
    if fmt is None:
        return None
    out, pos, nxt = [], 0, 0
    for m in FORMAT_SPEC.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        index, flags, width, prec, conv = m.groups()
        if conv in "%n":
            out.append("%" if conv == "%" else "\n")
            continue
        if index:
            i = int(index[:-1]) - 1
        else:
            i, nxt = nxt, nxt + 1
        text = args[i] if i < len(args) else None
        spec = "%" + flags.replace(",", "").replace("(", "") + (width or "") + (prec or "")
        if conv in "bB":   # Java: false for null, a boolean's value, true for anything else
            piece = (spec + "s") % ("false" if text in (None, "false") else "true")
        elif text is None:
            piece = ("%" + "-" * ("-" in flags) + (width or "") + (prec or "") + "s") % "null"
        elif conv in "sS":
            piece = (spec + "s") % text
        else:
            piece = (spec + conv.lower()) % _java_value(conv, text)
        out.append(piece.upper() if conv.isupper() else piece)
    out.append(fmt[pos:])
    return "".join(out)
