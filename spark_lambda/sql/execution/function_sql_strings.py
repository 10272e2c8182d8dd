"""DuckDB text of the string functions with Spark's behaviour: Java regex replacements
(``$1``), ``lpad`` with an empty pad, ``locate`` from a position, ``initcap`` over spaces,
``substring_index`` both ways, ``format_string`` with Java's ``null``.

Regular expressions run on RE2 (DuckDB's engine): Java-only syntax such as look-around and
backreferences inside the pattern is not supported.
"""

from __future__ import annotations

from .function_sql_hooks import INDEX_OF_ZERO, Ctx, error, scalar
from .function_sql_math import unhex_sql
from .spark_text import FORMAT_SPEC


def java_replacement(text: str) -> str:
    """A Java replacement string (``$1``, ``\\$``) as RE2's (``\\1``, ``$``)."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\\\\" if nxt == "\\" else nxt)
            i += 2
        elif ch == "$" and i + 1 < len(text) and text[i + 1].isdigit():
            out.append("\\" + text[i + 1])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@scalar("regexp_extract")
def _regexp_extract(c: Ctx) -> str:
    s, p, i = c.a
    return f"regexp_extract({s}, {p}, {i})"


@scalar("regexp_replace")
def _regexp_replace(c: Ctx) -> str:
    s, p, r, pos = c.a
    try:
        r = c.quote(java_replacement(c.value(2)))
    except AttributeError:
        pass
    if c.value(3) in (1, None):
        return f"regexp_replace({s}, {p}, {r}, 'g')"
    return (f"(substring({s}, 1, {pos} - 1) || regexp_replace(substring({s}, {pos}), {p}, {r},"
            f" 'g'))")


@scalar("lpad", "rpad")
def _pad(c: Ctx) -> str:
    s, n, pad = c.a
    n = f"greatest({n}, 0)"
    return (f"(CASE WHEN {pad} = '' THEN left({s}, {n}) ELSE {c.e.fn}({s}, {n}, {pad}) END)")


@scalar("repeat")
def _repeat(c: Ctx) -> str:
    return f"repeat({c.a[0]}, greatest({c.a[1]}, 0))"


@scalar("left", "right")
def _left_right(c: Ctx) -> str:
    return f"{c.e.fn}({c.a[0]}, greatest({c.a[1]}, 0))"


@scalar("translate")
def _translate(c: Ctx) -> str:
    return f"translate({', '.join(c.a)})"


@scalar("btrim")
def _btrim(c: Ctx) -> str:
    return f"trim({', '.join(c.a)})"


@scalar("initcap")
def _initcap(c: Ctx) -> str:
    word = "(CASE WHEN w[1] = 'ß' THEN 'Ss' ELSE upper(w[1]) END || w[2:])"
    return (f"array_to_string(list_transform(string_split(lower({c.a[0]}), ' '), "
            f"lambda w: {word}), ' ')")


@scalar("locate")
def _locate(c: Ctx) -> str:
    sub, s, pos = c.a
    at = f"instr(substring({s}, {pos}), {sub})"
    return (f"(CASE WHEN {s} IS NULL OR {sub} IS NULL THEN NULL WHEN {pos} IS NULL OR {pos} < 1"
            f" THEN 0 WHEN {at} = 0 THEN 0 ELSE CAST({at} + {pos} - 1 AS INTEGER) END)")


@scalar("substring_index")
def _substring_index(c: Ctx) -> str:
    s, d, n = c.a
    parts = f"string_split({s}, {d})"
    return (f"(CASE WHEN {n} = 0 OR {d} = '' THEN '' WHEN {n} > 0 THEN "
            f"array_to_string({parts}[1:{n}], {d}) ELSE "
            f"array_to_string({parts}[greatest(len({parts}) + {n} + 1, 1):], {d}) END)")


@scalar("ascii")
def _ascii(c: Ctx) -> str:
    return f"(CASE WHEN {c.a[0]} = '' THEN 0 ELSE CAST(ascii({c.a[0]}) AS INTEGER) END)"


@scalar("base64")
def _base64(c: Ctx) -> str:
    x = c.a[0]
    from ..types import StringType
    if isinstance(c.arg_type(0), StringType):
        x = f"encode({x})"
    return f"to_base64({x})"


def _octets(c: Ctx) -> str:
    """The bytes of argument 0: a string's UTF-8, BINARY as it is."""
    from ..types import BinaryType
    return c.a[0] if isinstance(c.arg_type(0), BinaryType) else f"encode({c.a[0]})"


@scalar("octet_length")
def _octet_length(c: Ctx) -> str:
    return f"CAST(octet_length({_octets(c)}) AS INTEGER)"


@scalar("bit_length")
def _bit_length(c: Ctx) -> str:
    return f"CAST(8 * octet_length({_octets(c)}) AS INTEGER)"




@scalar("format_string", "printf")
def _format_string(c: Ctx) -> str:
    if not c.is_constant(0):   # a format from a column: Java's format row by row
        texts = ", ".join(f"CAST({x} AS VARCHAR)" for x in c.a[1:])
        return f"spark_format({c.a[0]}, [{texts}]::VARCHAR[])"
    fmt = c.value(0)
    args = c.a[1:]
    pieces, pos, nxt = [], 0, 0
    for m in FORMAT_SPEC.finditer(fmt):
        if m.start() > pos:
            pieces.append(c.quote(fmt[pos:m.start()]))
        pos = m.end()
        conv = m.group(5)
        if conv == "%":
            pieces.append("'%'")
            continue
        if conv == "n":
            pieces.append("'\n'")
            continue
        if m.group(1):
            idx = int(m.group(1)[:-1]) - 1
        else:
            idx, nxt = nxt, nxt + 1
        spec = "%" + m.group(2).replace(",", "'") + (m.group(3) or "") + (m.group(4) or "") + \
            {"b": "s", "S": "s"}.get(conv, conv)
        x = args[idx] if idx < len(args) else "NULL"
        if conv in "sS":
            x = f"CAST({x} AS VARCHAR)"
        as_text = "%" + ("-" if "-" in m.group(2) else "") + (m.group(3) or "") + \
            (m.group(4) or "") + "s"
        piece = f"coalesce(printf({c.quote(spec)}, {x}), printf({c.quote(as_text)}, 'null'))"
        pieces.append(f"upper({piece})" if conv.isupper() else piece)
    if pos < len(fmt):
        pieces.append(c.quote(fmt[pos:]))
    return "(" + " || ".join(pieces or ["''"]) + ")"


@scalar("upper")
def _upper(c: Ctx) -> str:
    return f"replace(upper({c.a[0]}), 'ẞ', 'SS')"   # Java upper-cases ß as SS


@scalar("chr")
def _chr(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN {x} < 0 THEN '' ELSE chr(CAST({x} % 256 AS INTEGER)) END)"


@scalar("levenshtein")
def _levenshtein(c: Ctx) -> str:
    d = f"CAST(levenshtein({c.a[0]}, {c.a[1]}) AS INTEGER)"
    if len(c.a) > 2:
        return f"(CASE WHEN {d} > {c.a[2]} THEN -1 ELSE {d} END)"
    return d


@scalar("overlay")
def _overlay(c: Ctx) -> str:
    s, r, pos, n = c.a
    n = f"(CASE WHEN {n} < 0 THEN length({r}) ELSE {n} END)"
    return f"(substring({s}, 1, {pos} - 1) || {r} || substring({s}, {pos} + {n}))"


@scalar("regexp_count")
def _regexp_count(c: Ctx) -> str:
    return f"CAST(len(regexp_extract_all({c.a[0]}, {c.a[1]})) AS INTEGER)"


@scalar("regexp_instr")
def _regexp_instr(c: Ctx) -> str:
    """The 1-based position where the first match starts (0 when none). Spark gives the
    match's start for any group index ``idx`` (the third argument), and so does this."""
    s, p = c.a[:2]
    prefix = f"regexp_extract({s}, '(?s)^(.*?)(?:' || {p} || ')', 1)"
    return (f"CAST(CASE WHEN {s} IS NULL OR {p} IS NULL THEN NULL "
            f"WHEN regexp_matches({s}, {p}) THEN length({prefix}) + 1 ELSE 0 END AS INTEGER)")


@scalar("regexp_substr")
def _regexp_substr(c: Ctx) -> str:
    s, p = c.a
    return f"(CASE WHEN regexp_matches({s}, {p}) THEN regexp_extract({s}, {p}) END)"


@scalar("regexp_extract_all")
def _regexp_extract_all(c: Ctx) -> str:
    return f"regexp_extract_all({', '.join(c.a)})"


@scalar("split_part")
def _split_part(c: Ctx) -> str:
    s, d, n = c.a
    return (f"(CASE WHEN {n} = 0 THEN error({INDEX_OF_ZERO}) WHEN {d} = '' THEN "
            f"(CASE WHEN {n} IN (1, -1) THEN {s} ELSE '' END) ELSE split_part({s}, {d}, {n}) "
            f"END)")


@scalar("url_encode")
def _url_encode(c: Ctx) -> str:
    """Java's ``URLEncoder``: a space as ``+``, ``*`` kept, ``~`` escaped."""
    return (f"replace(replace(replace(url_encode({c.a[0]}), '%20', '+'), '%2A', '*'), '~', "
            f"'%7E')")


# a '%' not followed by two hexadecimal digits
_BAD_ESCAPE = "'%([^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|[0-9A-Fa-f]?$)'"


@scalar("url_decode", "try_url_decode")
def _url_decode(c: Ctx) -> str:
    """Java's ``URLDecoder``: ``+`` is a space; a ``%`` not starting an escape is an error
    (``try_url_decode``: NULL)."""
    s = c.a[0]
    bad = "NULL" if c.e.fn == "try_url_decode" else error(
        f"'[CANNOT_DECODE_URL] The provided URL cannot be decoded: ' || {s} || '. Please "
        f"ensure that the URL is properly formatted and try again.'")
    return (f"(CASE WHEN regexp_matches({s}, {_BAD_ESCAPE}) THEN {bad} "
            f"ELSE url_decode(replace({s}, '+', ' ')) END)")


@scalar("format_number")
def _format_number(c: Ctx) -> str:
    x, d = c.a
    return (f"(CASE WHEN {d} < 0 THEN NULL ELSE format('{{:,.' || {d} || 'f}}', "
            f"round_even(CAST({x} AS DOUBLE), {d})) END)")


@scalar("encode")
def _encode(c: Ctx) -> str:
    return f"encode({c.a[0]})"


@scalar("decode")
def _decode(c: Ctx) -> str:
    return f"decode({c.a[0]})"


@scalar("unbase64")
def _unbase64(c: Ctx) -> str:
    return f"from_base64({c.a[0]})"


_ELT_OOB = ("'[INVALID_ARRAY_INDEX] The index ' || {i} || ' is out of bounds. The array has "
            "{n} elements. Use `try_element_at` to tolerate accessing element at invalid index "
            "and return NULL instead.'")


@scalar("elt")
def _elt(c: Ctx) -> str:
    i, items = c.a[0], c.a[1:]
    return (f"(CASE WHEN {i} IS NULL THEN NULL WHEN {i} < 1 OR {i} > {len(items)} THEN "
            f"error({_ELT_OOB.format(i=i, n=len(items))}) ELSE [{', '.join(items)}][{i}] END)")


@scalar("find_in_set")
def _find_in_set(c: Ctx) -> str:
    s, lst = c.a
    return (f"CAST(CASE WHEN {s} IS NULL OR {lst} IS NULL THEN NULL WHEN contains({s}, ',') "
            f"THEN 0 ELSE coalesce(list_position("
            f"string_split({lst}, ','), {s}), 0) END AS INTEGER)")


@scalar("get_json_object")
def _get_json_object(c: Ctx) -> str:
    """The value at a JSON path, a string without its quotes; with a wildcard (``[*]``), the
    values matched as Spark gives them: one as its JSON text, more as a JSON array, none as
    NULL."""
    s, path = c.a
    if c.is_constant(1) and "[*]" in str(c.value(1) or ""):
        found = f"json_extract({s}, {path})"
        value = (f"(CASE len({found}) WHEN 0 THEN NULL WHEN 1 THEN CAST({found}[1] AS VARCHAR) "
                 f"ELSE '[' || array_to_string({found}, ',') || ']' END)")
        return f"(CASE WHEN json_valid({s}) THEN {value} END)"
    return f"(CASE WHEN json_valid({s}) THEN json_extract_string({s}, {path}) END)"


@scalar("json_array_length")
def _json_array_length(c: Ctx) -> str:
    s = c.a[0]
    return (f"(CASE WHEN json_valid({s}) AND json_type({s}) = 'ARRAY' THEN "
            f"CAST(json_array_length({s}) AS INTEGER) END)")


@scalar("json_object_keys")
def _json_object_keys(c: Ctx) -> str:
    s = c.a[0]
    return f"(CASE WHEN json_valid({s}) AND json_type({s}) = 'OBJECT' THEN json_keys({s}) END)"


_BAD_HEX = ("'[CONVERSION_INVALID_INPUT] The value ' || {x} || ' cannot be converted to BINARY "
            "because it is malformed. Correct the value as per the syntax, or change its format. "
            "Use `try_to_binary` to tolerate malformed input and return NULL instead.'")


@scalar("to_binary", "try_to_binary")
def _to_binary(c: Ctx) -> str:
    x, fmt = c.a[0], (c.value(1) if len(c.a) > 1 else "hex")
    if fmt in ("utf-8", "utf8"):
        return f"encode({x})"
    if fmt == "base64":
        return f"from_base64({x})"
    return unhex_sql(x, "NULL" if c.e.fn == "try_to_binary" else f"error({_BAD_HEX.format(x=x)})")


@scalar("soundex")
def _soundex(c: Ctx) -> str:
    return f"spark_soundex({c.a[0]})"


@scalar("instr")
def _instr(c: Ctx) -> str:
    """The 1-based position of the ``occurrence``-th ``substr`` at or after ``start`` (0 when
    there are fewer)."""
    if len(c.a) == 2:
        return f"CAST(instr({c.a[0]}, {c.a[1]}) AS INTEGER)"
    s, sub, start, n = c.a
    parts = f"string_split(substring({s}, {start}), {sub})"
    before = f"list_sum(list_transform({parts}[1:{n}], lambda p: length(p)))"
    bad = error("'instr: start and occurrence must be at least 1'")
    return (f"(CASE WHEN {s} IS NULL OR {sub} IS NULL THEN NULL "
            f"WHEN {start} < 1 OR {n} < 1 THEN {bad} WHEN {sub} = '' THEN {start} "
            f"WHEN len({parts}) <= {n} THEN 0 "
            f"ELSE CAST({start} + {before} + ({n} - 1) * length({sub}) AS INTEGER) END)")


@scalar("quote")
def _quote(c: Ctx) -> str:
    """In single quotes, each quote escaped by a backslash (a backslash kept as it is)."""
    bs, q = chr(92), chr(39)
    x = f"replace({c.a[0]}, {c.quote(q)}, {c.quote(bs + q)})"
    return f"({c.quote(q)} || {x} || {c.quote(q)})"


@scalar("is_valid_utf8", "make_valid_utf8", "validate_utf8", "try_validate_utf8")
def _utf8(c: Ctx) -> str:
    """Arrow's strings are valid UTF-8: the string itself (true for ``is_valid_utf8``)."""
    x = c.a[0]
    return f"({x} IS NOT NULL OR NULL)" if c.e.fn == "is_valid_utf8" else x


@scalar("mask")
def _mask(c: Ctx) -> str:
    """Each character by its Unicode class: upper case, lower case, decimal digit, other; a
    NULL replacement keeps the character."""
    s, upper, lower, digit, other = c.a
    by_class = (f"CASE WHEN regexp_full_match(ch, '\\p{{Lu}}') THEN coalesce(left({upper}, 1), ch)"
                f" WHEN regexp_full_match(ch, '\\p{{Ll}}') THEN coalesce(left({lower}, 1), ch)"
                f" WHEN regexp_full_match(ch, '\\p{{Nd}}') THEN coalesce(left({digit}, 1), ch)"
                f" ELSE coalesce(left({other}, 1), ch) END")
    return (f"(CASE WHEN {s} IS NULL THEN NULL WHEN {s} = '' THEN '' ELSE array_to_string("
            f"list_transform(string_split({s}, ''), lambda ch: {by_class}), '') END)")
