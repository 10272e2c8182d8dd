"""``pyspark.sql.functions`` no other family holds: XPath over XML strings, ``hmac``, base32,
URL parts, string similarity, sentences, and the ``try_`` forms of ``to_date`` and
``to_timestamp``."""

from __future__ import annotations

from .functions_common import define_all

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
