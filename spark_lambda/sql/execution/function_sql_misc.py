"""DuckDB text of the functions ``type_rules_misc`` types: most call the Python functions of
``function_udfs_misc`` (``xpath*``, ``hmac``, base32, ``parse_url``,
``jaro_winkler_similarity``, ``sentences``); ``try_url_decode`` is DuckDB's ``url_decode``
where every ``%`` starts an escape, else NULL."""

from __future__ import annotations

from .function_sql_hooks import Ctx, scalar

_XPATH = {"xpath": "list", "xpath_string": "str", "xpath_boolean": "bool",
          "xpath_double": "f64", "xpath_number": "f64", "xpath_float": "f32",
          "xpath_short": "i16", "xpath_int": "i32", "xpath_long": "i64"}
# a '%' not followed by two hexadecimal digits
BAD_ESCAPE = "'%([^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|[0-9A-Fa-f]?$)'"


@scalar(*_XPATH)
def _xpath(c: Ctx) -> str:
    return f"spark_xpath_{_XPATH[c.e.fn]}({c.a[0]}, {c.a[1]})"


@scalar("hmac")
def _hmac(c: Ctx) -> str:
    return f"spark_hmac({', '.join(c.a)})"


@scalar("to_base32")
def _to_base32(c: Ctx) -> str:
    return f"spark_to_base32({c.a[0]})"


@scalar("from_base32")
def _from_base32(c: Ctx) -> str:
    return f"spark_from_base32({c.a[0]})"


@scalar("parse_url", "try_parse_url")
def _parse_url(c: Ctx) -> str:
    mode = (1 if c.e.fn == "try_parse_url" else 0) | (2 if len(c.a) > 2 else 0)
    key = c.a[2] if len(c.a) > 2 else "NULL"
    return f"spark_parse_url({c.a[0]}, {c.a[1]}, {key}, {mode})"


@scalar("try_url_decode")
def _try_url_decode(c: Ctx) -> str:
    s = c.a[0]
    return (f"(CASE WHEN regexp_matches({s}, {BAD_ESCAPE}) THEN NULL "
            f"ELSE url_decode(replace({s}, '+', ' ')) END)")


@scalar("jaro_winkler_similarity")
def _jaro_winkler(c: Ctx) -> str:
    return f"spark_jaro_winkler({c.a[0]}, {c.a[1]})"


@scalar("sentences")
def _sentences(c: Ctx) -> str:
    return f"spark_sentences({', '.join(c.a)})"
