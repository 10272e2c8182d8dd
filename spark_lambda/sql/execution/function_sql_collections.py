"""DuckDB text of the nested-type functions: LIST, MAP and STRUCT values, 1-based and 0-based
element access with Spark's ANSI errors, ``array_contains``'s NULL rule, Java-style ``split``
with a limit, generators as ``unnest`` in the select list, and JSON."""

from __future__ import annotations

import json

from ..types import ArrayType, MapType, StructType
from .function_sql_hooks import Ctx, error, scalar
from .function_sql_maps import unique_keys_map

_ELEMENT_AT_OOB = ("'[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ' || {i} || ' is out of "
                   "bounds. The array has ' || len({a}) || ' elements. Use `try_element_at` to "
                   "tolerate accessing element at invalid index and return NULL instead.'")
_INDEX_OOB = ("'[INVALID_ARRAY_INDEX] The index ' || {i} || ' is out of bounds. The array has "
              "' || len({a}) || ' elements. Use the SQL function `get()` to tolerate accessing "
              "element at invalid index and return NULL instead.'")


@scalar("array")
def _array(c: Ctx) -> str:
    return f"CAST([{', '.join(c.a)}] AS {c.t})"


@scalar("struct")
def _struct(c: Ctx) -> str:
    names = [f.name for f in c.e.dtype.fields]
    body = ", ".join(f'"{n}" := {x}' for n, x in zip(names, c.a))
    return f"struct_pack({body})"


@scalar("map")
def _map(c: Ctx) -> str:
    keys, vals = c.a[0::2], c.a[1::2]
    return unique_keys_map(f"[{', '.join(keys)}]", f"[{', '.join(vals)}]", c.t)


@scalar("size")
def _size(c: Ctx) -> str:
    fn = "cardinality" if isinstance(c.arg_type(0), MapType) else "len"
    return f"CAST({fn}({c.a[0]}) AS INTEGER)"


@scalar("array_contains")
def _array_contains(c: Ctx) -> str:
    a, v = c.a
    return (f"(CASE WHEN {a} IS NULL OR {v} IS NULL THEN NULL WHEN list_contains({a}, {v}) "
            f"THEN TRUE WHEN list_count({a}) < len({a}) THEN NULL ELSE FALSE END)")


@scalar("element_at", "try_element_at", "get_item")
def _element_at(c: Ctx) -> str:
    a, i = c.a
    if isinstance(c.arg_type(0), MapType):
        return f"map_extract_value({a}, {i})"
    if c.e.fn == "get_item":          # arr[i]: 0-based
        return (f"(CASE WHEN {a} IS NULL OR {i} IS NULL THEN NULL WHEN {i} < 0 OR {i} >= "
                f"len({a}) THEN {error(_INDEX_OOB.format(a=a, i=i))} ELSE {a}[{i} + 1] END)")
    bad = "NULL" if c.e.fn == "try_element_at" else error(_ELEMENT_AT_OOB.format(a=a, i=i))
    zero = ("NULL" if c.e.fn == "try_element_at" else error(
        "'[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or "
        "> 0 (the first element has index 1).'"))
    return (f"(CASE WHEN {a} IS NULL OR {i} IS NULL THEN NULL WHEN {i} = 0 THEN {zero} "
            f"WHEN abs({i}) > len({a}) THEN {bad} ELSE list_extract({a}, {i}) END)")


@scalar("get_field")
def _get_field(c: Ctx) -> str:
    return f"struct_extract({c.a[0]}, {c.quote(c.value(1))})"


@scalar("split")
def _split(c: Ctx) -> str:
    """Parts around the matches of the pattern; a positive ``limit`` keeps at most that many,
    the last holding the rest of the string (pattern and limit may be columns)."""
    s, p, limit = c.a
    parts = f"regexp_split_to_array({s}, {p})"
    # the text after the (limit - 1)-th match
    skip = f"('^(?s:(?:.*?(?:' || {p} || ')){{' || CAST({limit} - 1 AS VARCHAR) || '}})')"
    rest = f"regexp_replace({s}, {skip}, '')"
    return (f"(CASE WHEN {s} IS NULL OR {p} IS NULL OR {limit} IS NULL THEN NULL "
            f"WHEN {s} = '' THEN [''] WHEN {limit} <= 0 THEN {parts} "
            f"WHEN {limit} = 1 THEN [{s}] WHEN len({parts}) <= {limit} THEN {parts} ELSE "
            f"list_concat({parts}[1:{limit} - 1], [{rest}]) END)")


@scalar("explode", "explode_outer")
def _explode(c: Ctx) -> str:
    x = c.a[0]
    src = c.arg_type(0)
    if isinstance(src, MapType):
        raise NotImplementedError("explode of a map is written as its key and value columns")
    if c.e.fn == "explode_outer":
        x = f"(CASE WHEN {x} IS NULL OR len({x}) = 0 THEN CAST([NULL] AS {c.t}[]) ELSE {x} END)"
    return f"unnest({x})"


def _outer_map(c: Ctx, part: str) -> str:
    m = c.a[0]
    if c.e.fn.endswith("_outer"):
        return (f"(CASE WHEN {m} IS NULL OR cardinality({m}) = 0 THEN CAST([NULL] AS {c.t}[]) "
                f"ELSE {part}({m}) END)")
    return f"{part}({m})"


@scalar("explode_key", "explode_key_outer")
def _explode_key(c: Ctx) -> str:
    return f"unnest({_outer_map(c, 'map_keys')})"


@scalar("explode_value", "explode_value_outer")
def _explode_value(c: Ctx) -> str:
    return f"unnest({_outer_map(c, 'map_values')})"


@scalar("posexplode_pos", "posexplode_pos_outer")
def _posexplode_pos(c: Ctx) -> str:
    x = c.a[0]
    n = f"CAST(cardinality({x}) AS BIGINT)" if isinstance(c.arg_type(0), MapType) \
        else f"len({x})"
    if c.e.fn.endswith("_outer"):
        return (f"unnest(CASE WHEN {x} IS NULL OR {n} = 0 THEN CAST([NULL] AS INTEGER[]) "
                f"ELSE CAST(range({n}) AS INTEGER[]) END)")
    return f"unnest(CAST(range({n}) AS INTEGER[]))"


def _structure(t, duck_type) -> object:
    if isinstance(t, StructType):
        return {f.name: _structure(f.dataType, duck_type) for f in t}
    if isinstance(t, ArrayType):
        return [_structure(t.elementType, duck_type)]
    return duck_type(t)


@scalar("from_json")
def _from_json(c: Ctx) -> str:
    # a second argument: field names may be unquoted (``spark_json_quote_names`` quotes them)
    j = c.a[0] if len(c.a) == 1 else f"spark_json_quote_names({c.a[0]})"
    t = c.e.dtype
    structure = c.quote(json.dumps(_structure(t, c.duck_type)))
    if isinstance(t, StructType):
        empty = "struct_pack(" + ", ".join(f'"{f.name}" := CAST(NULL AS '
                                           f'{c.duck_type(f.dataType)})' for f in t) + ")"
        ok = f"json_valid({j}) AND json_type({j}) = 'OBJECT'"
    else:
        empty = f"CAST(NULL AS {c.t})"
        ok = f"json_valid({j})"
    return (f"(CASE WHEN {j} IS NULL THEN NULL WHEN {ok} THEN "
            f"CAST(json_transform({j}, {structure}) AS {c.t}) ELSE {empty} END)")


def json_text(x: str, t, quote) -> str:
    """SQL writing value ``x`` of type ``t`` as Spark's JSON (struct fields that are NULL
    left out)."""
    if isinstance(t, StructType):
        fields = ", ".join(
            f"CASE WHEN struct_extract({x}, {quote(f.name)}) IS NOT NULL THEN "
            f"{quote(json.dumps(f.name) + ':')} || "
            f"{json_text(f'struct_extract({x}, {quote(f.name)})', f.dataType, quote)} END"
            for f in t)
        return f"('{{' || concat_ws(',', {fields}) || '}}')"
    return f"CAST(to_json({x}) AS VARCHAR)"


@scalar("to_json")
def _to_json(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN {x} IS NULL THEN NULL ELSE {json_text(x, c.arg_type(0), c.quote)} END)"


@scalar("schema_of_json")
def _schema_of_json(c: Ctx) -> str:
    from ..catalyst.type_rules_collections import json_schema_text
    return c.quote(json_schema_text(c.value(0)))


@scalar("array_reverse")
def _array_reverse(c: Ctx) -> str:
    return f"list_reverse({c.a[0]})"
