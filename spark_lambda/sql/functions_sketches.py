"""``pyspark.sql.functions`` sketches and bitmaps: HyperLogLog (``hll_*``), theta
(``theta_*``) and tuple (``tuple_*``) sketches of distinct items, KLL quantile sketches
(``kll_*``), count-min sketches and Spark's bitmaps (``bitmap_*``). Sketches are BINARY
values that the aggregates build and merge and the other functions read."""

from __future__ import annotations

from .column import Column
from .functions_common import c, call, define_all, v

_NAMES = define_all(globals(), [
    ("hll_sketch_agg", "col, lgConfigK=None",
     "A HyperLogLog sketch of the distinct values (``lgConfigK`` 4..21, default 12)."),
    ("hll_union_agg", "col, allowDifferentLgConfigK=None",
     "The union of the HLL sketches of a group."),
    ("hll_sketch_estimate", "col", "The number of distinct values an HLL sketch estimates."),
    ("hll_union", "col1, col2, allowDifferentLgConfigK=None", "The union of two HLL sketches."),
    ("theta_sketch_agg", "col, lgNomEntries=None",
     "A theta sketch of the distinct values (``lgNomEntries`` 4..26, default 12)."),
    ("theta_union_agg", "col, lgNomEntries=None", "The union of the theta sketches of a group."),
    ("theta_intersection_agg", "col", "The intersection of the theta sketches of a group."),
    ("theta_sketch_estimate", "col", "The number of distinct values a theta sketch estimates."),
    ("theta_union", "col1, col2, lgNomEntries=None", "The union of two theta sketches."),
    ("theta_intersection", "col1, col2", "The intersection of two theta sketches."),
    ("theta_difference", "col1, col2",
     "The values of the first theta sketch that the second lacks."),
    ("bitmap_bit_position", "col", "The bit of a value in its bucket's bitmap (0..32767)."),
    ("bitmap_bucket_number", "col", "The bucket (of 32768 values) holding a value."),
    ("bitmap_construct_agg", "col",
     "The 4096-byte bitmap with the bit at each position (0..32767) of the group set."),
    ("bitmap_or_agg", "col", "The bitwise OR of the bitmaps of a group."),
    ("bitmap_and_agg", "col", "The bitwise AND of the bitmaps of a group."),
    ("bitmap_count", "col", "The number of bits set in a bitmap."),
])

for _t in ("bigint", "double", "float"):
    _NAMES += define_all(globals(), [
        (f"kll_sketch_agg_{_t}", "col, k=None",
         f"A KLL quantile sketch of the {_t.upper()} values (``k`` 8..65535, default 200)."),
        (f"kll_merge_agg_{_t}", "col, k=None",
         "The merge of the KLL sketches of a group."),
        (f"kll_sketch_get_n_{_t}", "col", "The number of values a KLL sketch has seen."),
        (f"kll_sketch_get_quantile_{_t}", "@sketch, @rank",
         "The value at a rank (0..1, or an array of them) of a KLL sketch."),
        (f"kll_sketch_get_rank_{_t}", "@sketch, @quantile",
         "The rank (0..1) of a value (or an array of them) in a KLL sketch."),
        (f"kll_sketch_merge_{_t}", "@left, @right", "The merge of two KLL sketches."),
        (f"kll_sketch_to_string_{_t}", "col", "A summary of a KLL sketch."),
    ])


def _tuple(name: str, cols: tuple, lg=None, mode=None, has_lg: bool = True) -> Column:
    args = [c(x) for x in cols]
    if has_lg and (lg is not None or mode is not None):
        args.append(v(12 if lg is None else lg))
    if mode is not None:
        args.append(v(mode))
    return call(name, *args)


def _define_tuple(t: str) -> list:
    """The ``tuple_*_{t}`` functions (``t`` double or integer)."""
    g = globals()

    def agg(key, summary, lgNomEntries=None, mode=None) -> Column:
        return _tuple(f"tuple_sketch_agg_{t}", (key, summary), lgNomEntries, mode)

    def union_agg(col, lgNomEntries=None, mode=None) -> Column:
        return _tuple(f"tuple_union_agg_{t}", (col,), lgNomEntries, mode)

    def intersection_agg(col, mode=None) -> Column:
        return _tuple(f"tuple_intersection_agg_{t}", (col,), mode=mode, has_lg=False)

    def summary(col, mode=None) -> Column:
        return _tuple(f"tuple_sketch_summary_{t}", (col,), mode=mode, has_lg=False)

    def union(col1, col2, lgNomEntries=None, mode=None) -> Column:
        return _tuple(f"tuple_union_{t}", (col1, col2), lgNomEntries, mode)

    def union_theta(col1, col2, lgNomEntries=None, mode=None) -> Column:
        return _tuple(f"tuple_union_theta_{t}", (col1, col2), lgNomEntries, mode)

    def intersection(col1, col2, mode=None) -> Column:
        return _tuple(f"tuple_intersection_{t}", (col1, col2), mode=mode, has_lg=False)

    def intersection_theta(col1, col2, mode=None) -> Column:
        return _tuple(f"tuple_intersection_theta_{t}", (col1, col2), mode=mode, has_lg=False)

    fns = {"tuple_sketch_agg": (agg, f"A tuple sketch of the distinct keys with a {t.upper()} "
                                     f"summary each, merged by ``mode`` (sum, min, max, "
                                     f"alwaysone)."),
           "tuple_union_agg": (union_agg, "The union of the tuple sketches of a group."),
           "tuple_intersection_agg": (intersection_agg,
                                      "The intersection of the tuple sketches of a group."),
           "tuple_sketch_summary": (summary, "The summaries of a tuple sketch aggregated by "
                                             "``mode`` (alwaysone: their count)."),
           "tuple_union": (union, "The union of two tuple sketches."),
           "tuple_union_theta": (union_theta, "The union of a tuple and a theta sketch."),
           "tuple_intersection": (intersection, "The intersection of two tuple sketches."),
           "tuple_intersection_theta": (intersection_theta,
                                        "The intersection of a tuple and a theta sketch.")}
    names = []
    for base, (fn, doc) in fns.items():
        name = f"{base}_{t}"
        fn.__name__ = fn.__qualname__ = name
        fn.__doc__ = doc
        g[name] = fn
        names.append(name)
    return names + define_all(g, [
        (f"tuple_sketch_estimate_{t}", "col",
         "The number of distinct keys a tuple sketch estimates."),
        (f"tuple_sketch_theta_{t}", "col", "The theta (sampling fraction) of a tuple sketch."),
        (f"tuple_difference_{t}", "col1, col2",
         "The keys of the first tuple sketch that the second lacks."),
        (f"tuple_difference_theta_{t}", "col1, col2",
         "The keys of the tuple sketch that the theta sketch lacks."),
    ])


_NAMES += _define_tuple("double") + _define_tuple("integer")


def count_min_sketch(col, eps, confidence, seed=None) -> Column:
    """Spark's count-min sketch of the values (its bytes), with relative error ``eps`` and
    ``confidence``; ``seed`` drawn at random when not given."""
    if seed is None:
        import random
        seed = random.randint(0, 2 ** 31 - 1)
    return call("count_min_sketch", c(col), v(eps), v(confidence), v(seed))


__all__ = _NAMES + ["count_min_sketch"]
