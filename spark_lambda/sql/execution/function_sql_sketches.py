"""DuckDB text of the sketch and bitmap functions (``hll_*``, ``theta_*``, ``tuple_*``,
``kll_*``, ``bitmap_*``, ``count_min_sketch``): calls of the ``sk_*`` functions of
``sketch_udfs``. An aggregate builds a sketch from DuckDB's ``list()`` of a group's values;
in two steps (``partial``) each task builds its groups' sketches and the final step merges
them (a BINARY column), so a sketch crosses the shuffle instead of the rows.

The HLL, theta, tuple and KLL sketches' bytes are this project's own (``sketch_hll``,
``sketch_theta``, ``sketch_kll``), not the Apache DataSketches bytes Spark writes: a sketch
made by Spark cannot be read here, nor one made here by Spark. Bitmaps and count-min
sketches are Spark's bytes exactly (``sketch_spark_formats``)."""

from __future__ import annotations

from ..types import ArrayType, BinaryType, DoubleType, LongType, NullType, StringType
from .function_sql_hooks import WINDOWED, Ctx, aggregate, partial, scalar

_KIND = {"double": 1, "integer": 2}
_KLL = {"bigint": (0, "i"), "double": (1, "d"), "float": (2, "f")}


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _item(c: Ctx, i: int) -> tuple:
    """(builder suffix, SQL) of a hashed item: ``i`` integers, ``d`` doubles, ``s`` bytes (a
    string's UTF-8 bytes), ``a`` arrays of INT, ``l`` arrays of BIGINT."""
    t, x = c.arg_type(i), c.a[i]
    if isinstance(t, StringType):
        return "s", f"encode({x})"
    if isinstance(t, BinaryType):
        return "s", x
    if isinstance(t, DoubleType):
        return "d", x
    if isinstance(t, ArrayType):
        return ("l" if isinstance(t.elementType, LongType) else "a"), x
    if isinstance(t, NullType):
        return "i", "CAST(NULL AS BIGINT)"
    return "i", x


def _values(x: str, c: Ctx | None = None) -> str:
    """The list of a group's (a window's, with ``c.over``) non-NULL ``x``."""
    return f"list({x}) FILTER (WHERE {x} IS NOT NULL){c.over if c is not None else ''}"


def _two_step(names, build, merge):
    """Register ``names`` as aggregates: ``build(c)`` the SQL of a group's sketch from its
    values (the whole aggregate when computed in one step, each task's part in two), and
    ``merge(c, sketches)`` the SQL merging a list of those parts after the shuffle."""
    def complete(c: Ctx) -> str:
        return build(c)

    def two(c: Ctx):
        return build(c), lambda col: merge(c, _values(col))
    aggregate(*names)(complete)
    partial(*names)(two)
    WINDOWED.update(names)


# --- HLL ---------------------------------------------------------------------------------------
_two_step(["hll_sketch_agg"],
          lambda c: f"sk_hll_build_{_item(c, 0)[0]}({_values(_item(c, 0)[1], c)}, {c.a[1]})",
          lambda c, sketches: f"coalesce(sk_hll_merge({sketches}, true), "
                              f"sk_hll_build_i(NULL, {c.a[1]}))")
# a task without sketches gives NULL (an empty sketch's lgConfigK could differ from the rest)
_EMPTY_HLL = "sk_hll_build_i(NULL, 12)"
aggregate("hll_union_agg")(
    lambda c: f"coalesce(sk_hll_merge({_values(c.a[0], c)}, {c.a[1]}), {_EMPTY_HLL})")
WINDOWED.add("hll_union_agg")
partial("hll_union_agg")(
    lambda c: (f"sk_hll_merge({_values(c.a[0])}, {c.a[1]})",
               lambda col: f"coalesce(sk_hll_merge({_values(col)}, {c.a[1]}), {_EMPTY_HLL})"))


@scalar("hll_sketch_estimate")
def _hll_estimate(c: Ctx) -> str:
    return f"sk_hll_estimate({c.a[0]})"


@scalar("hll_union")
def _hll_union(c: Ctx) -> str:
    return f"sk_hll_union({c.a[0]}, {c.a[1]}, {c.a[2]})"


# --- theta and tuple ---------------------------------------------------------------------------
def _kind(c: Ctx) -> int:
    fn = c.e.fn
    return _KIND["double" if fn.endswith("_double") else "integer"] \
        if fn.startswith("tuple_") else 0


def _merge(c: Ctx, sketches: str, op: str, lg: str = "12", mode: str = "'sum'") -> str:
    return f"sk_theta_merge({sketches}, {lg}, '{op}', {mode}, {_kind(c)}, {_q(c.e.fn)})"


_two_step(["theta_sketch_agg"],
          lambda c: f"sk_theta_build_{_item(c, 0)[0]}({_values(_item(c, 0)[1], c)}, {c.a[1]})",
          lambda c, sketches: _merge(c, sketches, "union", c.a[1]))
_two_step(["theta_union_agg"],
          lambda c: _merge(c, _values(c.a[0], c), "union", c.a[1]),
          lambda c, sketches: _merge(c, sketches, "union", c.a[1]))
_two_step(["theta_intersection_agg"],
          lambda c: _merge(c, _values(c.a[0], c), "intersection" if c.over else
                           "intersection_partial"),
          lambda c, sketches: _merge(c, sketches, "intersection"))


def _tuple_build(c: Ctx) -> str:
    code, key = _item(c, 0)
    vcode, value = ("d", c.a[1]) if _kind(c) == 1 else ("i", f"CAST({c.a[1]} AS BIGINT)")
    pairs = (f"list({{'k': {key}, 'v': {value}}}) FILTER (WHERE {key} IS NOT NULL AND "
             f"{value} IS NOT NULL){c.over}")
    return f"sk_tuple_build_{code}{vcode}({pairs}, {c.a[2]}, {c.a[3]}, {_kind(c)})"


_TUPLE_AGGS = ["tuple_sketch_agg_double", "tuple_sketch_agg_integer"]
_two_step(_TUPLE_AGGS, _tuple_build,
          lambda c, sketches: _merge(c, sketches, "union", c.a[2], c.a[3]))
_two_step(["tuple_union_agg_double", "tuple_union_agg_integer"],
          lambda c: _merge(c, _values(c.a[0], c), "union", c.a[1], c.a[2]),
          lambda c, sketches: _merge(c, sketches, "union", c.a[1], c.a[2]))
_two_step(["tuple_intersection_agg_double", "tuple_intersection_agg_integer"],
          lambda c: _merge(c, _values(c.a[0], c), "intersection" if c.over else
                           "intersection_partial", mode=c.a[1]),
          lambda c, sketches: _merge(c, sketches, "intersection", mode=c.a[1]))


@scalar("theta_sketch_estimate")
def _theta_estimate(c: Ctx) -> str:
    return f"sk_theta_estimate({c.a[0]})"


def _op(c: Ctx, op: str, lg: str = "12", mode: str = "'sum'") -> str:
    kind = _kind(c)
    right = 0 if "_theta_" in c.e.fn else kind
    return (f"sk_theta_op({c.a[0]}, {c.a[1]}, '{op}', {lg}, {mode}, {kind}, {right}, "
            f"{_q(c.e.fn)})")


@scalar("theta_union", "tuple_union_double", "tuple_union_integer",
        "tuple_union_theta_double", "tuple_union_theta_integer")
def _union(c: Ctx) -> str:
    return _op(c, "union", c.a[2], c.a[3] if len(c.a) > 3 else "'sum'")


@scalar("theta_intersection", "tuple_intersection_double", "tuple_intersection_integer",
        "tuple_intersection_theta_double", "tuple_intersection_theta_integer")
def _intersection(c: Ctx) -> str:
    return _op(c, "intersection", mode=c.a[2] if len(c.a) > 2 else "'sum'")


@scalar("theta_difference", "tuple_difference_double", "tuple_difference_integer",
        "tuple_difference_theta_double", "tuple_difference_theta_integer")
def _difference(c: Ctx) -> str:
    return _op(c, "difference")


@scalar("tuple_sketch_estimate_double", "tuple_sketch_estimate_integer",
        "tuple_sketch_theta_double", "tuple_sketch_theta_integer",
        "tuple_sketch_summary_double", "tuple_sketch_summary_integer")
def _tuple_read(c: Ctx) -> str:
    what = c.e.fn.split("_")[2]
    mode = c.a[1] if len(c.a) > 1 else "'sum'"
    read = "sk_tuple_read_i" if isinstance(c.e.dtype, LongType) else "sk_tuple_read_d"
    return f"{read}({c.a[0]}, '{what}', {mode}, {_kind(c)}, {_q(c.e.fn)})"


# --- KLL ---------------------------------------------------------------------------------------
def _kll(c: Ctx) -> tuple:
    return _KLL[c.e.fn.rsplit("_", 1)[1]]


_two_step([f"kll_sketch_agg_{t}" for t in _KLL],
          lambda c: (f"sk_kll_build_{_kll(c)[1]}({_values(c.a[0], c)}, "
                     f"{c.a[1] if len(c.a) > 1 else 200}, {_kll(c)[0]})"),
          lambda c, sketches: f"sk_kll_merge({sketches}, 0, {_kll(c)[0]}, {_q(c.e.fn)})")
_two_step([f"kll_merge_agg_{t}" for t in _KLL],
          lambda c: (f"sk_kll_merge({_values(c.a[0], c)}, {c.a[1] if len(c.a) > 1 else 0}, "
                     f"{_kll(c)[0]}, {_q(c.e.fn)})"),
          lambda c, sketches: f"sk_kll_merge({sketches}, 0, {_kll(c)[0]}, {_q(c.e.fn)})")


@scalar(*(f"kll_sketch_get_n_{t}" for t in _KLL))
def _kll_n(c: Ctx) -> str:
    return f"sk_kll_n({c.a[0]}, {_q(c.e.fn)})"


@scalar(*(f"kll_sketch_get_quantile_{t}" for t in _KLL))
def _kll_quantile(c: Ctx) -> str:
    kind, code = _kll(c)
    many = "s" if isinstance(c.arg_type(1), ArrayType) else ""
    return f"sk_kll_quantile{many}_{code}({c.a[0]}, {c.a[1]}, {kind}, {_q(c.e.fn)})"


@scalar(*(f"kll_sketch_get_rank_{t}" for t in _KLL))
def _kll_rank(c: Ctx) -> str:
    kind, code = _kll(c)
    many = "s" if isinstance(c.arg_type(1), ArrayType) else ""
    code = "i" if code == "i" else "d"
    return f"sk_kll_rank{many}_{code}({c.a[0]}, {c.a[1]}, {kind}, {_q(c.e.fn)})"


@scalar(*(f"kll_sketch_merge_{t}" for t in _KLL))
def _kll_merge(c: Ctx) -> str:
    return f"sk_kll_merge2({c.a[0]}, {c.a[1]}, {_kll(c)[0]}, {_q(c.e.fn)})"


@scalar(*(f"kll_sketch_to_string_{t}" for t in _KLL))
def _kll_string(c: Ctx) -> str:
    return f"sk_kll_string({c.a[0]}, {_kll(c)[0]}, {_q(c.e.fn)})"


# --- bitmaps and count-min sketches ------------------------------------------------------------
@scalar("bitmap_bit_position")
def _bit_position(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN {x} > 0 THEN ({x} - 1) % 32768 ELSE (-{x}) % 32768 END)"


@scalar("bitmap_bucket_number")
def _bucket_number(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN {x} > 0 THEN 1 + ({x} - 1) // 32768 ELSE -((-{x}) // 32768) END)"


@scalar("bitmap_count")
def _bitmap_count(c: Ctx) -> str:
    return f"sk_bitmap_count({c.a[0]})"


_two_step(["bitmap_construct_agg"],
          lambda c: f"sk_bitmap_build({_values(c.a[0], c)})",
          lambda c, sketches: f"sk_bitmap_merge({sketches}, 'or')")
_two_step(["bitmap_or_agg"],
          lambda c: f"sk_bitmap_merge({_values(c.a[0], c)}, 'or')",
          lambda c, sketches: f"sk_bitmap_merge({sketches}, 'or')")
_two_step(["bitmap_and_agg"],
          lambda c: f"sk_bitmap_merge({_values(c.a[0], c)}, 'and')",
          lambda c, sketches: f"sk_bitmap_merge({sketches}, 'and')")


def _cms_params(c: Ctx) -> str:
    return f"{float(c.value(1))!r}, {float(c.value(2))!r}, {int(c.value(3))}"


_two_step(["count_min_sketch"],
          lambda c: (f"sk_cms_build_{'i' if isinstance(c.arg_type(0), LongType) else 's'}("
                     f"{_values(_item(c, 0)[1], c)}, {_cms_params(c)})"),
          lambda c, sketches: f"sk_cms_merge({sketches}, {_cms_params(c)})")
