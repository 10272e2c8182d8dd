"""Python functions a fragment's DuckDB connection gets for Spark functions DuckDB has no
match for: ``xpath*`` (``spark_xpath_eval``), ``hmac``, ``to_base32``/``from_base32``
(Apache Commons' lenient decoder), ``parse_url`` (``java.net.URI``'s parts),
``jaro_winkler_similarity``, ``sentences``, ``reflect`` (``java_methods``), the number
formats of ``to_number``/``to_char`` (``number_format``), AES (``spark_aes``) and Spark's
random numbers (``spark_random``). ``UDFS`` maps
each SQL name to ``(function over Arrow arrays, parameter types, result type)``;
``function_udfs`` registers those a query calls.

A value Spark refuses raises ``ValueError("[ERROR_CLASS] text")``, which the task turns into
Spark's error (``runtime_errors``)."""

from __future__ import annotations

import math
import re


def _rowwise(fn, result: str, params: list, duck_result: str) -> tuple:
    """A ``UDFS`` entry: an Arrow UDF of ``len(params)`` arguments applying ``fn`` to each
    row's Python values (NULLs included); ``result`` names the Arrow type it gives."""
    def run(*columns):
        import pyarrow as pa
        types = {"str": pa.string(), "bytes": pa.binary(), "bool": pa.bool_(),
                 "f64": pa.float64(), "f32": pa.float32(), "i16": pa.int16(),
                 "i32": pa.int32(), "i64": pa.int64(), "strs": pa.list_(pa.string()),
                 "sentences": pa.list_(pa.list_(pa.string())),
                 "bins": pa.list_(pa.struct([("x", pa.float64()), ("y", pa.float64())])),
                 "ts": pa.timestamp("us")}
        out = [fn(*row) for row in zip(*(c.to_pylist() for c in columns))]
        return pa.array(out, types[result])
    # DuckDB counts the function's parameters: one named parameter per argument
    fixed = {1: lambda a: run(a), 2: lambda a, b: run(a, b), 3: lambda a, b, c: run(a, b, c),
             4: lambda a, b, c, d: run(a, b, c, d),
             6: lambda a, b, c, d, e, f: run(a, b, c, d, e, f)}[len(params)]
    return fixed, params, duck_result


# --- xpath ------------------------------------------------------------------------------------
def _xpath_value(xml, path):
    from .spark_xpath import XPathError
    from .spark_xpath_eval import evaluate
    try:
        return evaluate(xml, path)
    except XPathError as e:
        raise ValueError(f"[INVALID_XPATH] {e}") from None
    except RecursionError:
        raise ValueError(f"[INVALID_XPATH] Invalid XPath '{path}': nested too deeply") from None


def _java_int(x: float, bits: int) -> int:
    """Java's ``(int)``/``(long)`` of a double (NaN is 0, out of range saturates); a short
    is the int's low 16 bits."""
    if math.isnan(x):
        return 0
    width = 64 if bits == 64 else 32
    lo, hi = -(1 << (width - 1)), (1 << (width - 1)) - 1
    n = hi if x >= hi else lo if x <= lo else int(x)
    if bits == 16:
        n = ((n + (1 << 15)) & 0xFFFF) - (1 << 15)
    return n


def _xpath_fn(kind: str):
    def fn(xml, path):
        if xml is None or xml == "" or path is None:
            return None
        from .spark_xpath import to_bool, to_number, to_string
        v = _xpath_value(xml, path)
        if kind == "list":
            if not isinstance(v, list):
                raise ValueError(f"[INVALID_XPATH] The XPath '{path}' does not give a node-set")
            return [n.value if n.kind in ("text", "attribute") else None for n in v]
        if kind == "str":
            return to_string(v)
        if kind == "bool":
            return to_bool(v)
        x = to_number(v)
        if kind in ("f64", "f32"):
            return x
        return _java_int(x, {"i16": 16, "i32": 32, "i64": 64}[kind])
    return fn


# --- hmac, base32 -----------------------------------------------------------------------------
_HMAC = {"SHA-224": "sha224", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
         "SHA-1": "sha1", "MD5": "md5"}


def _hmac(key, message, algorithm):
    if key is None or message is None or algorithm is None:
        return None
    import hmac
    name = _HMAC.get(algorithm.upper())
    if name is None:
        raise ValueError(
            "[INVALID_PARAMETER_VALUE.HMAC_ALGORITHM] The value of parameter(s) `algorithm` in "
            "`hmac` is invalid: expects one of the algorithms 'SHA-224', 'SHA-256', 'SHA-384', "
            f"'SHA-512', 'SHA-1', 'MD5', but got '{algorithm}'.")
    if not key:   # Java's SecretKeySpec refuses an empty key
        raise ValueError("[INVALID_PARAMETER_VALUE.HMAC_CRYPTO_ERROR] The value of "
                         "parameter(s) `key` in `hmac` is invalid: Empty key.")
    return hmac.new(key, message, name).digest()


def _to_base32(data):
    import base64
    return None if data is None else base64.b32encode(data).decode()


def _from_base32(text):
    """Base32 read leniently: letters of either case and 2-7 count, anything else is skipped,
    and the bits short of a whole byte at the end are dropped."""
    if text is None:
        return None
    bits = nbits = 0
    out = bytearray()
    for ch in text.upper():
        k = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".find(ch)
        if k < 0:
            continue
        bits, nbits = (bits << 5) | k, nbits + 5
        if nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
    return bytes(out)


# --- parse_url --------------------------------------------------------------------------------
_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)
_BAD_URI_CHAR = re.compile(r"[\x00-\x20\"<>\\^`{|}\x7f]|%(?![0-9A-Fa-f]{2})")


def _uri_parts(url: str):
    """``java.net.URI``'s raw parts of ``url``, or None when it would refuse it."""
    m = _URI.match(url)
    if m is None or _BAD_URI_CHAR.search(url) or url.count("#") > 1:
        return None
    scheme, authority, path, query, fragment = m.groups()
    if scheme is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        return None
    if "[" in url.replace(authority or "", "") or "]" in url.replace(authority or "", ""):
        return None
    parts = {"PROTOCOL": scheme, "REF": fragment, "AUTHORITY": authority}
    if scheme is not None and authority is None and not path.startswith("/"):
        return dict(parts, PATH=None, QUERY=None, FILE=None, HOST=None, USERINFO=None)
    userinfo, host = None, None
    if authority is not None:
        userinfo, at, hostport = authority.rpartition("@")
        userinfo = userinfo if at else None
        host = re.sub(r":\d*$", "", hostport) or None
    file = path + "?" + query if query is not None else path
    return dict(parts, PATH=path, QUERY=query, FILE=file, HOST=host, USERINFO=userinfo)


def _parse_url(url, part, key, mode):
    """``mode``: 1 for ``try_parse_url`` (NULL for an invalid URL), 2 when a key was given."""
    if url is None or part is None or (mode & 2 and key is None):
        return None
    parts = _uri_parts(url)
    if parts is None:
        if mode & 1:
            return None
        raise ValueError(f"[INVALID_URL] The url is invalid: {url}. Use `try_parse_url` to "
                         f"tolerate invalid URL and return NULL instead.")
    if mode & 2:
        if part != "QUERY" or parts["QUERY"] is None:
            return None
        m = re.search("(&|^)" + re.escape(key) + "=([^&]*)", parts["QUERY"])
        return m.group(2) if m else None
    return parts.get(part)


# --- jaro_winkler_similarity, sentences -------------------------------------------------------
def _jaro_winkler(a, b):
    if a is None or b is None:
        return None
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    used = [False] * len(b)
    matched_a = []
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not used[j] and b[j] == ch:
                used[j] = True
                matched_a.append(ch)
                break
    m = len(matched_a)
    if m == 0:
        return 0.0
    matched_b = [b[j] for j in range(len(b)) if used[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b)) // 2
    jaro = (m / len(a) + m / len(b) + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[^a-z\s])")


def _sentences(text, language, country):
    """Sentences (split after ``.``, ``!`` or ``?`` and white space) as lists of words (white
    space separated, punctuation around them removed)."""
    if text is None:
        return None
    out = []
    for sentence in _SENTENCE_END.split(text):
        words = [re.sub(r"^[^\w]+|[^\w]+$", "", w) for w in sentence.split()]
        words = [w for w in words if w and w[0].isalnum()]
        if words:
            out.append(words)
    return out


def _reflect(cls, method, args, soft):
    """``cls.method(*args)`` (``java_methods``); with ``soft`` NULL where it raises."""
    from ..java_methods import call
    try:
        return call(cls, method, list(args or []))
    except Exception as e:  # noqa: BLE001 - what the Java method would throw
        if soft:
            return None
        raise ValueError(f"{cls}.{method} failed: {e}") from None


def _to_number(text, fmt, soft):
    """``to_number``: the number's digits as text (cast to the format's DECIMAL in SQL)."""
    if text is None or fmt is None:
        return None
    from ..number_format import number_format
    value = number_format(fmt).parse(text)
    if value is None and not soft:
        raise ValueError(f'[INVALID_FORMAT.MISMATCH_INPUT] The format is invalid: {fmt}. The '
                         f'input "STRING" {text} does not match the format.')
    return None if value is None else str(value)


def _to_char(number, fmt):
    """``to_char`` of a number (given as its text)."""
    if number is None or fmt is None:
        return None
    from decimal import Decimal
    from ..number_format import number_format
    return number_format(fmt).format(Decimal(number))


def _aes(name: str):
    def run(*args):
        from . import spark_aes
        return getattr(spark_aes, name)(*args)
    return run


def _random(kind: int, result: str, duck_result: str) -> tuple:
    """A ``UDFS`` entry drawing Spark's random values for a whole batch (``spark_random``)."""
    def run(seed, task_run, length):
        import pyarrow as pa
        from .spark_random import values
        out = values(kind, seed.to_pylist(), task_run.to_pylist(), length.to_pylist())
        return pa.array(out, pa.float64() if result == "f64" else pa.string())
    return run, ["BIGINT", "VARCHAR", "INTEGER"], duck_result


def _csv_options(options_json):
    import json
    from ..io.csv_options import CsvOptions, flag
    raw = {str(k).lower(): v for k, v in json.loads(options_json or "{}").items()}
    return CsvOptions.parse(raw), raw, flag


def _csv_fields(line, options_json):
    """``from_csv``'s tokens of one line (unquoted empty fields NULL), white space trimmed
    where the options say."""
    if line is None:
        return None
    from ..io.csv_reader import line_tokens
    opts, raw, flag = _csv_options(options_json)
    tokens = line_tokens(line, opts)
    if flag(raw, "ignoreleadingwhitespace", False):
        tokens = [t if t is None else t.lstrip() for t in tokens]
    if flag(raw, "ignoretrailingwhitespace", False):
        tokens = [t if t is None else t.rstrip() for t in tokens]
    return [None if t == opts.null_value and t != "" else t for t in tokens]


def _csv_line(fields, options_json):
    """``to_csv``: the fields' text in one line, quoted where they hold the separator, a
    quote or a line break (NULL as nothing)."""
    if fields is None:
        return None
    opts, _, _ = _csv_options(options_json)
    out = []
    for f in fields:
        if f is None:
            out.append(opts.null_value)
        elif opts.quote_all or any(ch in f for ch in (opts.sep, opts.quote, "\n", "\r")) \
                or f.startswith(" ") or f.endswith(" "):
            out.append(opts.quote + f.replace(opts.quote, opts.escape + opts.quote)
                       + opts.quote)
        else:
            out.append(f)
    return opts.sep.join(out)


def _xml_to_json(xml, schema_ddl, options_json):
    """``from_xml``'s document as the JSON text of its struct."""
    if xml is None:
        return None
    import json
    from ..types import DataType
    from ..xml_values import read_row
    options = {str(k).lower(): v for k, v in json.loads(options_json or "{}").items()}
    return json.dumps(read_row(xml, DataType.fromDDL(schema_ddl), options))


def _json_to_xml(doc, row_tag):
    """``to_xml``: a struct's JSON text as an element named ``row_tag``."""
    if doc is None:
        return None
    import json
    from ..xml_values import to_text
    return to_text(json.loads(doc), row_tag or "ROW")


def _strptime(text, pattern):
    """Text read in a Java date pattern given per row (``to_timestamp(s, fmt_column)``)."""
    if text is None or pattern is None:
        return None
    import datetime
    from .function_sql_datetime import java_pattern
    codes = java_pattern(pattern, True).replace("%g", "%f")
    try:
        return datetime.datetime.strptime(text, codes)
    except ValueError:
        raise ValueError(f"[CANNOT_PARSE_TIMESTAMP] Text '{text}' could not be parsed with "
                         f"the pattern '{pattern}'. Use `try_to_timestamp` to tolerate "
                         f"invalid input string and return NULL instead.") from None


def _histogram(values, nbins):
    from .spark_histogram import histogram
    return None if nbins is None else histogram(values, nbins)


def _json_quote_names(text):
    from ..json_unquoted import quote_field_names
    return quote_field_names(text)


# UDFs giving another value on each call (DuckDB must call them for every row)
VOLATILE = {"spark_rand", "spark_randn", "spark_randstr", "spark_uuid"}
_S, _B = "VARCHAR", "BLOB"
UDFS = {
    "spark_xpath_list": _rowwise(_xpath_fn("list"), "strs", [_S, _S], "VARCHAR[]"),
    "spark_xpath_str": _rowwise(_xpath_fn("str"), "str", [_S, _S], _S),
    "spark_xpath_bool": _rowwise(_xpath_fn("bool"), "bool", [_S, _S], "BOOLEAN"),
    "spark_xpath_f64": _rowwise(_xpath_fn("f64"), "f64", [_S, _S], "DOUBLE"),
    "spark_xpath_f32": _rowwise(_xpath_fn("f32"), "f32", [_S, _S], "FLOAT"),
    "spark_xpath_i16": _rowwise(_xpath_fn("i16"), "i16", [_S, _S], "SMALLINT"),
    "spark_xpath_i32": _rowwise(_xpath_fn("i32"), "i32", [_S, _S], "INTEGER"),
    "spark_xpath_i64": _rowwise(_xpath_fn("i64"), "i64", [_S, _S], "BIGINT"),
    "spark_hmac": _rowwise(_hmac, "bytes", [_B, _B, _S], _B),
    "spark_to_base32": _rowwise(_to_base32, "str", [_B], _S),
    "spark_from_base32": _rowwise(_from_base32, "bytes", [_S], _B),
    "spark_parse_url": _rowwise(_parse_url, "str", [_S, _S, _S, "INTEGER"], _S),
    "spark_jaro_winkler": _rowwise(_jaro_winkler, "f64", [_S, _S], "DOUBLE"),
    "spark_reflect": _rowwise(_reflect, "str", [_S, _S, "VARCHAR[]", "INTEGER"], _S),
    "spark_to_number": _rowwise(_to_number, "str", [_S, _S, "INTEGER"], _S),
    "spark_to_char": _rowwise(_to_char, "str", [_S, _S], _S),
    "spark_aes_encrypt": _rowwise(_aes("encrypt"), "bytes", [_B, _B, _S, _S, _B, _B], _B),
    "spark_aes_decrypt": _rowwise(_aes("decrypt"), "bytes", [_B, _B, _S, _S, _B, "INTEGER"],
                                  _B),
    "spark_rand": _random(0, "f64", "DOUBLE"),
    "spark_randn": _random(1, "f64", "DOUBLE"),
    "spark_randstr": _random(2, "str", _S),
    "spark_uuid": _random(3, "str", _S),
    "spark_csv_fields": _rowwise(_csv_fields, "strs", [_S, _S], "VARCHAR[]"),
    "spark_csv_line": _rowwise(_csv_line, "str", ["VARCHAR[]", _S], _S),
    "spark_histogram": _rowwise(_histogram, "bins", ["DOUBLE[]", "INTEGER"],
                                "STRUCT(x DOUBLE, y DOUBLE)[]"),
    "spark_xml_to_json": _rowwise(_xml_to_json, "str", [_S, _S, _S], _S),
    "spark_json_to_xml": _rowwise(_json_to_xml, "str", [_S, _S], _S),
    "spark_strptime": _rowwise(_strptime, "ts", [_S, _S], "TIMESTAMP"),
    "spark_sentences": _rowwise(_sentences, "sentences", [_S, _S, _S], "VARCHAR[][]"),
    "spark_json_quote_names": _rowwise(_json_quote_names, "str", [_S], _S),
}
