"""Spark's number formats (``to_number``, ``to_char``): ``[MI|S] [$] [0|9|G|,]* [.|D] [0|9]*
[$] [PR|MI|S]``, case-insensitive.

``NumberFormat(text)`` checks the format (an ``AnalysisException`` with Spark's
``INVALID_FORMAT`` class when it breaks the structure) and gives the DECIMAL it reads
(``precision``, ``scale``: its digits, those after the point); ``parse`` reads a string (None
when the string does not match), ``format`` writes a Decimal (``#`` in every digit place when
the value does not fit).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .errors import AnalysisException

_STRUCTURE = ("the structure of the format string must match: `[MI|S]` `[$]` `[0|9|G|,]*` "
              "`[.|D]` `[0|9]*` `[$]` `[PR|MI|S]`")


def _invalid(fmt: str, kind: str, why: str) -> AnalysisException:
    return AnalysisException(f"The format is invalid: '{fmt}'. {why}", f"INVALID_FORMAT.{kind}")


class NumberFormat:
    """One number format, checked."""

    def __init__(self, text: str):
        fmt = text.upper()
        self.text = fmt
        m = re.fullmatch(r"(MI|S)?(\$)?([09G,]*)([.D])?([09]*)(\$)?(PR|MI|S)?", fmt)
        if m is None:
            bad = next((ch for ch in fmt if ch not in "09GD,.$SMIPR"), None)
            if fmt.count(".") + fmt.count("D") > 1:
                raise _invalid(fmt, "WRONG_NUM_TOKEN",
                               "At most one . or D is allowed in the number format.")
            if re.search(r"[.D].*[G,]", fmt):
                raise _invalid(fmt, "THOUSANDS_SEPS_MUST_BEFORE_DEC",
                               "Thousands separators (, or G) may not appear after the decimal "
                               "point in the number format.")
            raise _invalid(fmt, "UNEXPECTED_TOKEN",
                           f"Found the unexpected character '{bad or fmt}' in the format "
                           f"string; {_STRUCTURE}.")
        lead, dollar1, whole, point, frac, dollar2, trail = m.groups()
        if lead and trail:
            raise _invalid(fmt, "WRONG_NUM_TOKEN", "At most one sign token (S, MI or PR) is "
                           "allowed in the number format.")
        if dollar1 and dollar2:
            raise _invalid(fmt, "WRONG_NUM_TOKEN", "At most one $ is allowed in the number "
                           "format.")
        self.whole = whole.replace("G", ",")
        self.frac = frac
        self.point = point is not None
        self.sign = lead or trail
        self.sign_first = lead is not None
        self.dollar = "first" if dollar1 else ("last" if dollar2 else None)
        self.int_digits = sum(ch in "09" for ch in self.whole)
        if self.int_digits + len(frac) == 0:
            raise _invalid(fmt, "CONT_THOUSANDS_SEPS" if self.whole else "WRONG_NUM_DIGIT",
                           "The format string requires at least one number digit.")
        self.precision = self.int_digits + len(frac)
        self.scale = len(frac)

    def parse(self, text: str) -> Decimal | None:
        """The number ``text`` holds in this format, or None when it does not match."""
        s, negative = text, False
        if self.sign == "PR":
            if s.startswith("<") and s.endswith(">"):
                s, negative = s[1:-1], True
        elif self.sign in ("S", "MI"):
            signs = "+-" if self.sign == "S" else "-"
            if self.sign_first and s[:1] in signs:
                s, negative = s[1:], s[0] == "-"
            elif not self.sign_first and s[-1:] in signs:
                s, negative = s[:-1], s[-1] == "-"
        if self.dollar == "first":
            if not s.startswith("$"):
                return None
            s = s[1:]
        elif self.dollar == "last":
            if not s.endswith("$"):
                return None
            s = s[:-1]
        m = re.fullmatch(r"([\d,]*)(?:(\.)(\d*))?", s)
        if m is None or (m.group(2) and not self.point):
            return None
        whole, frac = m.group(1), m.group(3) or ""
        if not (whole.replace(",", "") or frac) or len(frac) > self.scale:
            return None
        if "," in whole and not self._groups_match(whole):
            return None
        digits = whole.replace(",", "")
        if len(digits) > self.int_digits or (self.whole[:1] == "0" and
                                              len(digits) != self.int_digits):
            return None
        value = Decimal(f"{digits or '0'}.{frac or '0'}")
        return (-value if negative else value).quantize(Decimal(1).scaleb(-self.scale))

    def _groups_match(self, whole: str) -> bool:
        want = [len(g) for g in self.whole.split(",")]
        got = [len(g) for g in whole.split(",")]
        if len(got) > len(want) or got[-1:] == [0]:
            return False
        want = want[len(want) - len(got):]
        return got[1:] == want[1:] and 0 < got[0] <= want[0]

    def format(self, value: Decimal) -> str:
        """``value`` written in this format."""
        negative = value < 0
        plain = format(abs(value).normalize(), "f")
        whole, _, frac = plain.partition(".")
        whole = whole.lstrip("0")
        if not whole and self.int_digits and not self.sign_first:   # Spark's: no 0 after a sign
            whole = "0"
        if len(whole) > self.int_digits or len(frac) > self.scale:
            body = re.sub(r"[09]", "#", self.whole + ("." if self.point else "") + self.frac)
        else:
            point = ("." if self.scale else " ") if self.point else ""
            body = self._whole(whole) + point + frac.ljust(self.scale, "0")
        if self.dollar == "first":
            body = "$" + body
        elif self.dollar == "last":
            body = body + "$"
        return self._signed(body, negative)

    def _whole(self, digits: str) -> str:
        out, k = [], len(digits)
        for i in range(len(self.whole) - 1, -1, -1):
            ch = self.whole[i]
            if ch == ",":
                out.append(",")
            elif k > 0:
                k -= 1
                out.append(digits[k])
            else:   # a 0 in the format pads its place and every place after it with zeros
                out.append("0" if "0" in self.whole[:i + 1] else " ")
        text = "".join(reversed(out))
        # a separator with nothing printed to its left is a space
        chars, seen = list(text), False
        for i, ch in enumerate(chars):
            if ch == "," and not seen:
                chars[i] = " "
            elif ch not in " ,":
                seen = True
        return "".join(chars)

    def _signed(self, body: str, negative: bool) -> str:
        if self.sign is None:
            return body
        if self.sign == "PR":
            if not negative:
                return body + "  "
            i = len(body) - len(body.lstrip(" $"))
            return body[:i] + "<" + body[i:] + ">"
        mark = "-" if negative else ("+" if self.sign == "S" else " ")
        if not self.sign_first:
            return body + mark
        i = len(body) - len(body.lstrip(" "))
        return body[:i] + mark + body[i:] if i else mark + body


@lru_cache(maxsize=64)
def number_format(text: str) -> NumberFormat:
    """The checked format ``text`` (kept: a column's format is usually one constant)."""
    return NumberFormat(text)


def to_decimal(value) -> Decimal | None:
    """A number as the Decimal ``format`` writes (a float by its shortest digits)."""
    if value is None:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)

