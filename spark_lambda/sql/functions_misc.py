"""``pyspark.sql.functions`` no other family holds: XPath over XML strings, ``hmac``, base32,
URL parts, string similarity, sentences, and the ``try_`` forms of ``to_date`` and
``to_timestamp``."""

from __future__ import annotations

from .column import Column
from .functions_common import c, call, cv, define_all, v

_XPATH_DOC = "The value of the XPath ``path`` (a constant) over the XML string ``xml``"

__all__ = define_all(globals(), [
    ("xpath", "@xml, @path", _XPATH_DOC + ": the text of each node it selects (NULL for an "
     "element)."),
    ("xpath_string", "@xml, @path", _XPATH_DOC + " as a string ('' when nothing matches)."),
    ("xpath_boolean", "@xml, @path", _XPATH_DOC + " as a boolean (whether it selects a "
     "node)."),
    ("xpath_double", "@xml, @path", _XPATH_DOC + " as a double (NaN when not a number)."),
    ("xpath_number", "@xml, @path", _XPATH_DOC + " as a double (NaN when not a number)."),
    ("xpath_float", "@xml, @path", _XPATH_DOC + " as a float (NaN when not a number)."),
    ("xpath_short", "@xml, @path", _XPATH_DOC + " as a short (0 when not a number)."),
    ("xpath_int", "@xml, @path", _XPATH_DOC + " as an int (0 when not a number)."),
    ("xpath_long", "@xml, @path", _XPATH_DOC + " as a long (0 when not a number)."),
    ("hmac", "@key, @message, @algorithm=None", "The HMAC of ``message`` under ``key`` with "
     "``algorithm`` (SHA-256 unless given; SHA-224, SHA-384, SHA-512, SHA-1, MD5), binary."),
    ("to_base32", "col", "The binary value in base32 (RFC 4648, padded)."),
    ("from_base32", "col", "The bytes of a base32 string (characters outside the alphabet "
     "skipped)."),
    ("parse_url", "@url, @partToExtract, @key=None", "A part of the URL (HOST, PATH, QUERY, "
     "REF, PROTOCOL, FILE, AUTHORITY, USERINFO), or with ``key`` that query parameter's "
     "value; an invalid URL is an error."),
    ("try_parse_url", "@url, @partToExtract, @key=None", "``parse_url``, NULL for an invalid "
     "URL."),
    ("try_url_decode", "@str", "``url_decode``, NULL where a ``%`` escape is malformed."),
    ("jaro_winkler_similarity", "@left, @right", "The Jaro-Winkler similarity of two strings "
     "(0 to 1)."),
    ("sentences", "@string, @language=None, @country=None", "The string's sentences as arrays "
     "of words."),
    ("try_to_date", "col, format=None", "``to_date``, NULL where the text does not parse."),
    ("try_to_timestamp", "col, @format=None", "``to_timestamp``, NULL where the text does not "
     "parse."),
])

__all__ += define_all(globals(), [
    ("make_timestamp_ltz", "@years, @months, @days, @hours, @mins, @secs, @timezone=None",
     "The timestamp of the fields' wall-clock time in ``timezone`` (else the session's)."),
    ("try_make_timestamp_ltz", "@years, @months, @days, @hours, @mins, @secs, @timezone=None",
     "``make_timestamp_ltz``, NULL where a field is out of range."),
    ("assert_true", "@col, errMsg=None", "NULL when ``col`` is true, else an error with "
     "``errMsg`` (a Column or a string)."),
    ("raise_error", "errMsg", "An error with ``errMsg`` (a Column or a string)."),
])


def _fields_or_date_time(name: str, ntz: bool):
    def fn(years=None, months=None, days=None, hours=None, mins=None, secs=None,
           timezone=None, date=None, time=None):
        if date is not None or time is not None:
            parts = [date, time] + ([] if ntz or timezone is None else [timezone])
        else:
            parts = [years, months, days, hours, mins, secs]
            if not ntz and timezone is not None:
                parts.append(timezone)
        return call(name, *(cv(p) for p in parts))
    fn.__name__ = fn.__qualname__ = name
    return fn


def _doc(fn, text: str):
    fn.__doc__ = text
    return fn


make_timestamp = _doc(_fields_or_date_time("make_timestamp", False),
                      "The timestamp of the fields' wall-clock time (or of ``date`` at "
                      "``time``, a TIME) in ``timezone`` (else the session's).")
try_make_timestamp = _doc(_fields_or_date_time("try_make_timestamp", False),
                          "``make_timestamp``, NULL where a field is out of range.")
make_timestamp_ntz = _doc(_fields_or_date_time("make_timestamp_ntz", True),
                          "The TIMESTAMP_NTZ of the fields.")
try_make_timestamp_ntz = _doc(_fields_or_date_time("try_make_timestamp_ntz", True),
                              "``make_timestamp_ntz``, NULL where a field is out of range.")
__all__ += ["make_timestamp", "try_make_timestamp", "make_timestamp_ntz",
            "try_make_timestamp_ntz"]


def convert_timezone(sourceTz, targetTz, sourceTs) -> Column:
    """The wall-clock time ``sourceTs`` in ``sourceTz`` (None: the session's zone) as the
    wall-clock time in ``targetTz``, a TIMESTAMP_NTZ."""
    zones = ([] if sourceTz is None else [v(sourceTz)]) + [v(targetTz)]
    return call("convert_timezone", *zones, cv(sourceTs))


__all__.append("convert_timezone")
__all__ += define_all(globals(), [
    ("try_sum", "col", "``sum``, NULL where it overflows."),
    ("try_avg", "col", "``avg``, NULL where it overflows."),
])
__all__ += define_all(globals(), [
    ("stack", "*cols", "The values after the first (``n``) laid out in ``n`` rows, columns "
     "``col0``, ``col1``, ... (NULL where they run out)."),
    ("inline", "col", "An array of structs as one row per element, a column per field."),
    ("inline_outer", "col", "``inline``, with one row of NULLs for a NULL or empty array."),
])
__all__ += define_all(globals(), [
    ("monotonically_increasing_id", "", "A unique, increasing LONG per row: the partition "
     "index in the upper 31 bits, the row's position in its partition in the lower 33."),
])
__all__ += define_all(globals(), [
    ("grouping", "col", "In ``cube``/``rollup``: 1 where ``col`` is aggregated over (shown "
     "NULL), else 0."),
    ("grouping_id", "*cols", "In ``cube``/``rollup``: the bits of ``grouping`` of every key, "
     "the first key highest."),
])
__all__ += define_all(globals(), [
    ("reflect", "*cols", "The static Java method named by the first two (constant) arguments "
     "called with the rest, as a string; the methods are ``java_methods.METHODS``'."),
    ("java_method", "*cols", "``reflect``."),
    ("try_reflect", "*cols", "``reflect``, NULL where the method raises."),
])


def json_tuple(col, *fields) -> Column:
    """The values of the JSON object's ``fields`` as columns ``c0``, ``c1``, ... (strings;
    NULL where missing or not an object)."""
    return call("json_tuple", c(col), *(v(f) for f in fields))


__all__.append("json_tuple")
__all__ += define_all(globals(), [
    ("to_number", "col, format", "The string read in a number format (``$99.99``: digits 0/9, "
     "``.``/``D``, ``,``/``G``, ``$``, ``S``/``MI``/``PR``) as a DECIMAL; a mismatch is an error."),
    ("try_to_number", "col, format", "``to_number``, NULL where the string does not match."),
    ("to_char", "col, format", "A number in a number format (see ``to_number``), a date or "
     "timestamp in a date pattern, or binary as 'base64', 'hex' or 'utf-8' text."),
    ("to_varchar", "col, format", "``to_char``."),
])
__all__ += define_all(globals(), [
    ("aes_encrypt", "@input, @key, @mode=None, @padding=None, @iv=None, @aad=None",
     "``input`` encrypted with AES under ``key`` (16, 24 or 32 bytes) in ``mode`` GCM "
     "(default), CBC or ECB, as Spark lays the bytes out (IV first)."),
    ("aes_decrypt", "@input, @key, @mode=None, @padding=None, @aad=None",
     "``aes_encrypt``'s output decrypted; a wrong key or data is an error."),
    ("try_aes_decrypt", "@input, @key, @mode=None, @padding=None, @aad=None",
     "``aes_decrypt``, NULL where it fails."),
])
__all__ += define_all(globals(), [
    ("uniform", "min, max, seed=None", "Spark's uniform random number from ``min`` to ``max`` "
     "(an integer when both are), for the seed (random when not given)."),
    ("randstr", "length, seed=None", "Spark's random string of ``length`` letters and digits, "
     "for the seed (random when not given)."),
])


def _options_json(options) -> str:
    import json
    return json.dumps({str(k): v for k, v in (options or {}).items()})


def from_csv(col, schema, options: dict | None = None) -> Column:
    """The CSV line parsed into a struct of ``schema`` (a DDL string, or
    ``schema_of_csv(...)``); a field that does not convert is NULL."""
    return call("from_csv", c(col), v(schema), v(_options_json(options)))


def to_csv(col, options: dict | None = None) -> Column:
    """A struct's fields as one CSV line (quoted where needed, NULL as nothing)."""
    return call("to_csv", c(col), v(_options_json(options)))


def schema_of_csv(csv, options: dict | None = None) -> Column:
    """The schema Spark infers from one CSV line (a constant): ``STRUCT<_c0: INT, ...>``."""
    return call("schema_of_csv", v(csv), v(_options_json(options)))


__all__ += ["from_csv", "to_csv", "schema_of_csv"]
__all__ += define_all(globals(), [
    ("histogram_numeric", "col, nBins", "Spark's streaming histogram of the values: at most "
     "``nBins`` bins ``{x, y}`` (centre, count)."),
])
__all__ += define_all(globals(), [
    ("uuid", "seed=None", "Spark's random UUID (version 4) per row for the seed (random when "
     "not given)."),
])


def _schema_text(schema):
    return schema if isinstance(schema, (str, Column)) else schema.simpleString()


def from_xml(col, schema, options: dict | None = None) -> Column:
    """The XML document read into a struct of ``schema`` (a DDL string, a StructType or
    ``schema_of_xml(...)``): child elements and ``_``-prefixed attributes by name, a repeated
    one as an array; text that does not convert is NULL."""
    return call("from_xml", c(col), v(_schema_text(schema)), v(_options_json(options)))


def to_xml(col, options: dict | None = None) -> Column:
    """A struct as an XML element named by the ``rowTag`` option (``ROW``), its fields as
    child elements indented by four spaces."""
    return call("to_xml", c(col), v(_options_json(options)))


def schema_of_xml(xml, options: dict | None = None) -> Column:
    """The schema Spark infers from an XML document (a constant): ``STRUCT<a: BIGINT>``."""
    return call("schema_of_xml", v(xml), v(_options_json(options)))


__all__ += ["from_xml", "to_xml", "schema_of_xml"]
__all__ += define_all(globals(), [
    ("collation", "col", "The collation of a string: Spark's default, "
     "``SYSTEM.BUILTIN.UTF8_BINARY``."),
])


def call_function(funcName: str, *cols) -> Column:
    """The function (built in, or a UDF registered in the session) named ``funcName`` over
    ``cols`` (columns or column names)."""
    return call(funcName, *(c(x) for x in cols))


def call_udf(udfName: str, *cols) -> Column:
    """The UDF registered in the session as ``udfName`` over ``cols``."""
    return call_function(udfName, *cols)


__all__ += ["call_function", "call_udf"]
__all__ += define_all(globals(), [
    ("to_timestamp_ntz", "@timestamp, @format=None", "Text read as a TIMESTAMP_NTZ (in a Java "
     "date pattern, a constant or a column, when given)."),
])
__all__ += define_all(globals(), [
    ("input_file_name", "", "The URI of the file the row was read from ('' when not read "
     "from a file in this stage)."),
    ("input_file_block_start", "", "The start of the byte range (row groups for Parquet "
     "whose footers the driver read) of the file split the row was read from (-1 when none)."),
    ("input_file_block_length", "", "The length of that range (-1 when none)."),
])
