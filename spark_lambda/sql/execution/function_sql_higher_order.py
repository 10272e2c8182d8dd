"""DuckDB text of the higher-order functions as DuckDB lambdas: ``transform`` and ``filter``
(Spark's index is 0-based, DuckDB's 1-based), ``exists``/``forall`` with Spark's three-valued
logic (NULL when no element decides and one is NULL), ``aggregate`` as ``list_reduce`` from
the initial value, ``zip_with`` over ``list_zip`` (the shorter array padded with NULLs), and
the map functions over the map's entries."""

from __future__ import annotations

import dataclasses

from ..catalyst.lambdas import LambdaVar
from .function_sql_hooks import Ctx, scalar


def _body(c: Ctx, f, texts: dict) -> str:
    """The SQL of lambda ``f``'s body with variable ``i`` written as ``texts[i]``."""
    names = {f.params[i].name: t for i, t in texts.items()}

    def sub(n):
        if isinstance(n, LambdaVar) and n.name in names:
            return dataclasses.replace(n, name=names[n.name])
        return n
    return c.w.sql(f.body.transform_up(sub))


def _over_elements(c: Ctx, fn: str) -> str:
    """``fn(array, lambda x[, i]: body)`` with Spark's 0-based index."""
    f = c.e.args[1]
    params = [p.name for p in f.params]
    texts = {1: f"({params[1]} - 1)"} if len(params) > 1 else {}
    return f"{fn}({c.a[0]}, lambda {', '.join(params)}: {_body(c, f, texts)})"


@scalar("transform")
def _transform(c: Ctx) -> str:
    return f"CAST({_over_elements(c, 'list_transform')} AS {c.t})"


@scalar("filter")
def _filter(c: Ctx) -> str:
    return _over_elements(c, "list_filter")


@scalar("exists", "forall")
def _exists(c: Ctx) -> str:
    a = c.a[0]
    values = _over_elements(c, "list_transform")
    hit, result = ("lambda b: b", "TRUE") if c.e.fn == "exists" else ("lambda b: NOT b", "FALSE")
    return (f"(CASE WHEN {a} IS NULL THEN NULL WHEN len(list_filter({values}, {hit})) > 0 "
            f"THEN {result} WHEN list_count({values}) < len({a}) THEN NULL ELSE NOT {result} "
            f"END)")


@scalar("aggregate")
def _aggregate(c: Ctx) -> str:
    a, zero = c.a[:2]
    merge = c.e.args[2]
    acc_t = c.duck_type(c.e.args[1].dtype)
    params = ", ".join(p.name for p in merge.params)
    out = (f"list_reduce({a}, lambda {params}: CAST({_body(c, merge, {})} AS {acc_t}), "
           f"CAST({zero} AS {acc_t}))")
    if len(c.e.args) > 3:
        finish = c.e.args[3]
        out = (f"list_transform([{out}], lambda {finish.params[0].name}: "
               f"{_body(c, finish, {})})[1]")
    return f"(CASE WHEN {a} IS NULL THEN NULL ELSE CAST({out} AS {c.t}) END)"


@scalar("zip_with")
def _zip_with(c: Ctx) -> str:
    a, b = c.a[:2]
    f = c.e.args[2]
    z = f.params[0].name + "_z"
    body = _body(c, f, {0: f"struct_extract({z}, 1)", 1: f"struct_extract({z}, 2)"})
    zipped = f"list_transform(list_zip({a}, {b}), lambda {z}: {body})"
    return f"(CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL ELSE CAST({zipped} AS {c.t}) END)"


@scalar("map_filter", "transform_keys", "transform_values")
def _map_lambdas(c: Ctx) -> str:
    m = c.a[0]
    f = c.e.args[1]
    e = f.params[0].name + "_e"
    key, value = f"struct_extract({e}, 'key')", f"struct_extract({e}, 'value')"
    body = _body(c, f, {0: key, 1: value})
    if c.e.fn == "map_filter":
        entries = f"list_filter(map_entries({m}), lambda {e}: {body})"
    elif c.e.fn == "transform_keys":
        entries = f"list_transform(map_entries({m}), lambda {e}: struct_pack(key := {body}, " \
                  f"value := {value}))"
    else:
        entries = f"list_transform(map_entries({m}), lambda {e}: struct_pack(key := {key}, " \
                  f"value := {body}))"
    return f"CAST(map_from_entries({entries}) AS {c.t})"


@scalar("map_zip_with")
def _map_zip_with(c: Ctx) -> str:
    """The keys of the first map, then the second's new ones, each with ``f(key, v1, v2)``."""
    m1, m2 = c.a[:2]
    f = c.e.args[2]
    k = f.params[0].name + "_k"
    body = _body(c, f, {0: k, 1: f"map_extract_value({m1}, {k})",
                        2: f"map_extract_value({m2}, {k})"})
    keys = (f"list_concat(map_keys({m1}), list_filter(map_keys({m2}), lambda {k}: "
            f"NOT list_contains(map_keys({m1}), {k})))")
    entries = f"list_transform({keys}, lambda {k}: struct_pack(key := {k}, value := {body}))"
    return (f"(CASE WHEN {m1} IS NULL OR {m2} IS NULL THEN NULL "
            f"ELSE CAST(map_from_entries({entries}) AS {c.t}) END)")


@scalar("array_sort_by")
def _array_sort_by(c: Ctx) -> str:
    """Each element placed at its rank: the number of elements the comparator puts before it
    (ties by position, so the sort is stable)."""
    a = c.a[0]
    f = c.e.args[1]
    i, j, r = (f.params[0].name + s for s in ("_i", "_j", "_r"))
    cmp = _body(c, f, {0: f"{a}[{j}]", 1: f"{a}[{i}]"})
    n = f"len({a})"
    rank = (f"len(list_filter(range(1, {n} + 1), lambda {j}: ({cmp}) < 0 OR "
            f"(({cmp}) = 0 AND {j} < {i})))")
    ranks = f"list_transform(range(1, {n} + 1), lambda {i}: {rank})"
    placed = f"list_transform(range(0, {n}), lambda {r}: {a}[list_position({ranks}, {r})])"
    return f"(CASE WHEN {a} IS NULL THEN NULL ELSE CAST({placed} AS {c.t}) END)"
