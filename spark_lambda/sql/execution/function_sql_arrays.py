"""DuckDB text of the array and map functions of ``type_rules_arrays``, as DuckDB list and map
functions and lambdas. Spark's rules kept: set-like results keep the first occurrence's order
and at most one NULL, ``array_position`` is 1-based and 0 when absent, ``slice`` counts a
negative start from the end, ``flatten`` is NULL when an inner array is, ``get`` is 0-based and
NULL out of bounds, ``arrays_overlap`` is NULL when only NULLs could match."""

from __future__ import annotations

from .function_sql_hooks import INDEX_OF_ZERO, Ctx, error, scalar
from .function_sql_maps import entries_map, unique_keys_map

_X = "_sl_x"       # lambda variables, named apart from every column ("c1"...)
_I = "_sl_i"


def _null_if_any_null(args: list, body: str) -> str:
    """``body``, NULL when any of ``args`` is."""
    nulls = " OR ".join(f"{x} IS NULL" for x in args)
    return f"(CASE WHEN {nulls} THEN NULL ELSE {body} END)"


def _distinct(a: str) -> str:
    """``a`` without repeats, first occurrences in order (one NULL kept)."""
    return f"list_filter({a}, lambda {_X}, {_I}: list_position({a}, {_X}) = {_I})"


@scalar("array_append")
def _append(c: Ctx) -> str:
    a, v = c.a
    return f"(CASE WHEN {a} IS NULL THEN NULL ELSE CAST(list_append({a}, {v}) AS {c.t}) END)"


@scalar("array_prepend")
def _prepend(c: Ctx) -> str:
    a, v = c.a
    return f"(CASE WHEN {a} IS NULL THEN NULL ELSE CAST(list_prepend({v}, {a}) AS {c.t}) END)"


@scalar("array_remove")
def _remove(c: Ctx) -> str:
    a, v = c.a
    return (f"(CASE WHEN {v} IS NULL THEN NULL ELSE "
            f"list_filter({a}, lambda {_X}: {_X} IS NULL OR {_X} <> {v}) END)")


@scalar("array_position")
def _position(c: Ctx) -> str:
    a, v = c.a
    return (f"(CASE WHEN {a} IS NULL OR {v} IS NULL THEN NULL ELSE "
            f"CAST(coalesce(list_position({a}, {v}), 0) AS BIGINT) END)")


@scalar("array_insert")
def _insert(c: Ctx) -> str:
    a, p, v = c.a
    # the 1-based place the new element takes; past the end the gap is filled with NULLs
    at = f"(CASE WHEN {p} > 0 THEN {p} ELSE len({a}) + {p} + 2 END)"
    pad = f"list_transform(range(greatest({at} - 1 - len({a}), 0)), lambda {_X}: NULL)"
    front = f"list_transform(range(greatest(1 - {at}, 0)), lambda {_X}: NULL)"
    body = (f"list_concat({front}, list_slice({a}, 1, {at} - 1), {pad}, [{v}], "
            f"list_slice({a}, greatest({at}, 1), len({a})))")
    return (f"(CASE WHEN {p} = 0 THEN {error(INDEX_OF_ZERO)} WHEN {a} IS NULL OR {p} IS NULL "
            f"THEN NULL ELSE CAST({body} AS {c.t}) END)")


@scalar("array_compact")
def _compact(c: Ctx) -> str:
    return f"list_filter({c.a[0]}, lambda {_X}: {_X} IS NOT NULL)"


@scalar("array_distinct")
def _array_distinct(c: Ctx) -> str:
    return _distinct(c.a[0])


@scalar("array_concat")
def _array_concat(c: Ctx) -> str:
    """``concat`` of arrays: their elements in order, NULL when any array is."""
    return _null_if_any_null(c.a, f"list_concat({', '.join(c.a)})")


@scalar("array_union")
def _union(c: Ctx) -> str:
    a, b = c.a
    return _null_if_any_null(c.a, _distinct(f"list_concat({a}, {b})"))


@scalar("array_intersect", "array_except")
def _intersect(c: Ctx) -> str:
    a, b = c.a
    test = "IS NOT NULL" if c.e.fn == "array_intersect" else "IS NULL"
    kept = f"list_filter({a}, lambda {_X}: list_position({b}, {_X}) {test})"
    return f"(CASE WHEN {b} IS NULL THEN NULL ELSE {_distinct(kept)} END)"


@scalar("arrays_overlap")
def _overlap(c: Ctx) -> str:
    a, b = c.a
    common = f"len(list_filter({a}, lambda {_X}: {_X} IS NOT NULL AND list_contains({b}, {_X})))"
    return (f"(CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL WHEN {common} > 0 THEN TRUE "
            f"WHEN len({a}) > 0 AND len({b}) > 0 AND (list_count({a}) < len({a}) OR "
            f"list_count({b}) < len({b})) THEN NULL ELSE FALSE END)")


@scalar("array_join")
def _join(c: Ctx) -> str:
    a, d = c.a[:2]
    if len(c.a) > 2:
        items = f"list_transform({a}, lambda {_X}: coalesce({_X}, {c.a[2]}))"
    else:
        items = f"list_filter({a}, lambda {_X}: {_X} IS NOT NULL)"
    return f"(CASE WHEN {d} IS NULL THEN NULL ELSE array_to_string({items}, {d}) END)"


@scalar("array_max", "array_min")
def _extreme(c: Ctx) -> str:
    return f"list_{c.e.fn[6:]}({c.a[0]})"


@scalar("array_size")
def _size(c: Ctx) -> str:
    return f"CAST(len({c.a[0]}) AS INTEGER)"


@scalar("array_sort")
def _sort(c: Ctx) -> str:
    return f"list_sort({c.a[0]}, 'ASC', 'NULLS LAST')"


@scalar("array_repeat")
def _repeat(c: Ctx) -> str:
    v, n = c.a
    return (f"(CASE WHEN {n} IS NULL THEN NULL ELSE CAST(list_transform(range(greatest({n}, 0)),"
            f" lambda {_X}: {v}) AS {c.t}) END)")


@scalar("arrays_zip")
def _zip(c: Ctx) -> str:
    return _null_if_any_null(c.a, f"CAST(list_zip({', '.join(c.a)}) AS {c.t})")


@scalar("flatten")
def _flatten(c: Ctx) -> str:
    a = c.a[0]
    return f"(CASE WHEN list_count({a}) < len({a}) THEN NULL ELSE flatten({a}) END)"


_SLICE_ZERO = ("'[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in "
               "`slice` is invalid: Expects a positive or a negative value for `start`, but got "
               "0.'")
_SLICE_LENGTH = ("'[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in "
                 "`slice` is invalid: Expects `length` greater than or equal to 0, but got ' "
                 "|| {n} || '.'")


@scalar("slice")
def _slice(c: Ctx) -> str:
    a, s, n = c.a
    begin = f"(CASE WHEN {s} > 0 THEN {s} ELSE len({a}) + {s} + 1 END)"
    return (f"(CASE WHEN {s} = 0 THEN {error(_SLICE_ZERO)} WHEN {n} < 0 THEN "
            f"{error(_SLICE_LENGTH.format(n=n))} WHEN {begin} < 1 THEN list_slice({a}, 1, 0) "
            f"ELSE list_slice({a}, {begin}, {begin} + {n} - 1) END)")


@scalar("get")
def _get(c: Ctx) -> str:
    a, i = c.a
    return f"(CASE WHEN {i} < 0 OR {i} >= len({a}) THEN NULL ELSE {a}[{i} + 1] END)"


@scalar("sequence")
def _sequence(c: Ctx) -> str:
    start, stop = c.a[:2]
    step = c.a[2] if len(c.a) > 2 else f"(CASE WHEN {start} <= {stop} THEN 1 ELSE -1 END)"
    return f"CAST(generate_series({start}, {stop}, {step}) AS {c.t})"


@scalar("map_keys", "map_values")
def _map_part(c: Ctx) -> str:
    return f"{c.e.fn}({c.a[0]})"


@scalar("map_entries")
def _map_entries(c: Ctx) -> str:
    return f"CAST(map_entries({c.a[0]}) AS {c.t})"


@scalar("map_contains_key")
def _contains_key(c: Ctx) -> str:
    return f"map_contains({c.a[0]}, {c.a[1]})"


@scalar("map_from_arrays")
def _from_arrays(c: Ctx) -> str:
    return unique_keys_map(c.a[0], c.a[1], c.t)


@scalar("map_from_entries")
def _from_entries(c: Ctx) -> str:
    return entries_map(c.a[0], c.t)


@scalar("map_concat")
def _map_concat(c: Ctx) -> str:
    keys = "flatten([" + ", ".join(f"map_keys({m})" for m in c.a) + "])"
    values = "flatten([" + ", ".join(f"map_values({m})" for m in c.a) + "])"
    return _null_if_any_null(c.a, unique_keys_map(keys, values, c.t))


@scalar("str_to_map")
def _str_to_map(c: Ctx) -> str:
    s = c.a[0]
    pd = c.a[1] if len(c.a) > 1 else "','"
    kd = c.a[2] if len(c.a) > 2 else "':'"
    key = (f"CASE WHEN regexp_matches({_X}, {kd}) THEN regexp_extract({_X}, '^(.*?)(?:' || "
           f"{kd} || ')', 1) ELSE {_X} END")
    value = (f"CASE WHEN regexp_matches({_X}, {kd}) THEN regexp_extract({_X}, '^.*?(?:' || "
             f"{kd} || ')(.*)$', 1) END")
    entries = (f"list_transform(string_split_regex({s}, {pd}), lambda {_X}: "
               f"struct_pack(key := {key}, value := {value}))")
    return entries_map(entries, c.t)
