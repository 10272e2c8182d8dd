"""``pyspark.sql.functions`` over strings: regular expressions (Java replacement syntax),
padding, translation, positions, formatting."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column
from .functions_common import c, call, cv, define_all, v


def regexp_extract(str, pattern: str, idx: int) -> Column:  # noqa: A002
    """Group ``idx`` of the first match of ``pattern`` ('' when none)."""
    return call("regexp_extract", c(str), ex.Lit(pattern), v(idx))


def regexp_replace(string, pattern, replacement, position=None) -> Column:
    """Every match of ``pattern`` from 1-based ``position`` on replaced (``$1`` names a
    group)."""
    return call("regexp_replace", c(string), v(pattern), v(replacement),
                v(1 if position is None else position))


def lpad(col, len: int, pad: str) -> Column:  # noqa: A002
    """The string left-padded with ``pad`` (or cut) to ``len`` characters."""
    return call("lpad", c(col), v(len), v(pad))


def rpad(col, len: int, pad: str) -> Column:  # noqa: A002
    """The string right-padded with ``pad`` (or cut) to ``len`` characters."""
    return call("rpad", c(col), v(len), v(pad))


def repeat(col, n) -> Column:
    """The string repeated ``n`` times."""
    return call("repeat", c(col), cv(n))


def translate(srcCol, matching: str, replace: str) -> Column:
    """Each character of ``matching`` replaced by the one at the same place in ``replace``
    (dropped when ``replace`` is shorter)."""
    return call("translate", c(srcCol), v(matching), v(replace))


def instr(str, substr, start=None, occurrence=None) -> Column:  # noqa: A002
    """1-based position of the first ``substr`` (0 when absent); with ``start``, of its
    ``occurrence``-th one (default 1) at or after 1-based ``start``."""
    if start is None and occurrence is None:
        return call("instr", c(str), v(substr))
    return call("instr", c(str), v(substr), v(1 if start is None else start),
                v(1 if occurrence is None else occurrence))


def locate(substr: str, str, pos: int = 1) -> Column:  # noqa: A002
    """1-based position of the first ``substr`` at or after ``pos`` (0 when absent)."""
    return call("locate", v(substr), c(str), v(pos))


def substring_index(str, delim: str, count: int) -> Column:  # noqa: A002
    """The part before the ``count``-th ``delim`` (from the right when negative)."""
    return call("substring_index", c(str), v(delim), v(count))


def format_string(format: str, *cols) -> Column:  # noqa: A002
    """Java ``String.format`` of the columns (NULL printed as ``null``)."""
    return call("format_string", ex.Lit(format), *(c(x) for x in cols))


def printf(format, *cols) -> Column:  # noqa: A002
    """``format_string`` with the format taken from a column (a Column or a column name)."""
    return call("printf", c(format), *(c(x) for x in cols))


def ascii(col) -> Column:
    """The code of the first character (0 for '')."""
    return call("ascii", c(col))


def base64(col) -> Column:
    """The bytes (a string's UTF-8) in base 64."""
    return call("base64", c(col))


def left(str, len) -> Column:  # noqa: A002
    """The leftmost ``len`` characters."""
    return call("left", c(str), v(len))


def right(str, len) -> Column:  # noqa: A002
    """The rightmost ``len`` characters."""
    return call("right", c(str), v(len))


def btrim(str, trim=None) -> Column:  # noqa: A002
    """The string without leading and trailing spaces (or ``trim`` characters)."""
    return call("btrim", c(str), *((v(trim),) if trim is not None else ()))


def octet_length(col) -> Column:
    """The number of bytes of the UTF-8 string."""
    return call("octet_length", c(col))


def bit_length(col) -> Column:
    """The number of bits of the UTF-8 string."""
    return call("bit_length", c(col))


define_all(globals(), [
    ("chr", "col", "The character of the code point (modulo 256; '' for a negative)."),
    ("char", "col", "The character of the code point (modulo 256; '' for a negative)."),
    ("levenshtein", "@left, @right, threshold=None",
     "The edit distance of two strings (-1 when over ``threshold``)."),
    ("overlay", "@src, @replace, pos, len=-1",
     "``src`` with ``len`` characters from ``pos`` replaced by ``replace``."),
    ("regexp", "@str, @regexp", "Whether the string matches the regular expression."),
    ("regexp_like", "@str, @regexp", "Whether the string matches the regular expression."),
    ("rlike", "@str, @regexp", "Whether the string matches the regular expression."),
    ("regexp_count", "@str, @regexp", "The number of matches of the regular expression."),
    ("regexp_instr", "@str, @regexp, idx=None",
     "The 1-based position of the first match (0 when none)."),
    ("regexp_substr", "@str, @regexp", "The first match (NULL when none)."),
    ("regexp_extract_all", "@str, @regexp, idx=None",
     "Group ``idx`` (default 1) of every match, as an array."),
    ("split_part", "@src, @delimiter, @partNum",
     "Part ``partNum`` (1-based; negative from the end) of the string split by ``delimiter``."),
    ("url_encode", "@str", "The string encoded for a URL query (form encoding)."),
    ("url_decode", "@str", "A URL-encoded string decoded."),
    ("format_number", "col, d", "The number with thousands separators and ``d`` decimals."),
    ("encode", "col, charset", "The string encoded as bytes (UTF-8)."),
    ("decode", "col, charset", "The bytes decoded as a string (UTF-8)."),
    ("position", "@substr, @str, @start=None",
     "The 1-based position of ``substr`` in ``str`` from ``start`` (0 when absent)."),
    ("sha", "col", "The SHA-1 digest in hex."),
    ("to_binary", "col, format=None",
     "The string as bytes: hex digits (the default), ``utf-8`` text or ``base64``."),
    ("try_to_binary", "col, format=None", "``to_binary``, NULL where the input is malformed."),
    ("like", "@str, @pattern, escapeChar=None", "Whether the string matches the LIKE pattern."),
    ("ilike", "@str, @pattern, escapeChar=None",
     "Whether the string matches the LIKE pattern, case ignored."),
    ("contains", "@left, @right", "Whether ``left`` contains ``right``."),
    ("startswith", "@str, @prefix", "Whether the string starts with ``prefix``."),
    ("endswith", "@str, @suffix", "Whether the string ends with ``suffix``."),
    ("replace", "@src, @search, @replace=None", "Every ``search`` in ``src`` replaced."),
    ("elt", "*inputs", "The input at 1-based index (the first input)."),
    ("find_in_set", "@str, @str_array",
     "The 1-based position of the string in a comma-separated list (0 when absent)."),
    ("get_json_object", "col, path", "The value at a JSON path (``$.a.b``) of a JSON string."),
    ("json_array_length", "col", "The number of elements of a JSON array (NULL otherwise)."),
    ("json_object_keys", "col", "The keys of a JSON object (NULL otherwise)."),
    ("soundex", "col", "The American Soundex code of the string."),
    ("quote", "col", "The string in single quotes, its quotes escaped by a backslash."),
    ("is_valid_utf8", "@str", "Whether the string is valid UTF-8 (a string here always is)."),
    ("make_valid_utf8", "@str", "The string with invalid UTF-8 replaced (a string here is "
     "always valid: itself)."),
    ("validate_utf8", "@str", "The string, an error if it is not valid UTF-8 (a string here "
     "always is)."),
    ("try_validate_utf8", "@str", "The string, NULL if it is not valid UTF-8 (a string here "
     "always is)."),
])


def mask(col, upperChar=None, lowerChar=None, digitChar=None, otherChar=None) -> Column:
    """The string with upper-case letters as ``upperChar`` (``X``), lower-case ones as
    ``lowerChar`` (``x``), digits as ``digitChar`` (``n``) and the rest as ``otherChar``
    (kept: NULL); a NULL replacement keeps its class as it is."""
    def arg(x, default):
        return v(default) if x is None else c(x)
    return call("mask", c(col), arg(upperChar, "X"), arg(lowerChar, "x"), arg(digitChar, "n"),
                arg(otherChar, None))
