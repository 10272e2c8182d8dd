"""The Python functions behind the vector functions, with Spark's arithmetic: the pairwise
functions and norms accumulate the products in double precision, eight elements at a time
then one by one (Spark's unrolled loops, whose sums group that way), and round the result to
a float; ``vector_sum``/``vector_avg`` accumulate in float (the average as a running mean).
``UDFS`` maps each SQL name to ``(function over Arrow arrays, parameter types, result
type)``; ``function_udfs`` registers those a query calls."""

from __future__ import annotations

import math

import numpy as np

_F32 = np.float32


def _dimension_mismatch(fn: str, a: int, b: int) -> ValueError:
    return ValueError(f"[VECTOR_DIMENSION_MISMATCH] Vectors passed to `{fn}` must have the "
                      f"same dimension, but got {a} and {b}.")


def _grouped_sum(terms: list) -> float:
    """Java's ``s += t0 + ... + t7`` per full block of eight, then ``s += t`` per rest."""
    s, n = 0.0, len(terms) // 8 * 8
    for i in range(0, n, 8):
        block = terms[i]
        for t in terms[i + 1:i + 8]:
            block += t
        s += block
    for t in terms[n:]:
        s += t
    return s


def _pair(fn: str, a, b):
    """The pairwise function ``fn`` of two vectors (Python lists of floats or NULLs)."""
    if a is None or b is None:
        return None
    if len(a) != len(b):
        raise _dimension_mismatch(fn, len(a), len(b))
    if None in a or None in b:
        return None
    if fn == "vector_inner_product":
        return float(_F32(_grouped_sum([x * y for x, y in zip(a, b)])))
    if fn == "vector_l2_distance":
        return float(_F32(math.sqrt(_grouped_sum([(x - y) * (x - y) for x, y in zip(a, b)]))))
    if not a:
        return None
    dot = _grouped_sum([x * y for x, y in zip(a, b)])
    norm = math.sqrt(_grouped_sum([x * x for x in a]) * _grouped_sum([y * y for y in b]))
    return None if norm == 0.0 else float(_F32(dot / norm))


def _norm(fn: str, v, degree):
    """The norm of ``v`` of ``degree`` as a double (Spark's ``vectorNormAsDouble``)."""
    if degree == 1.0:
        kind = 1
    elif degree == 2.0:
        kind = 2
    elif degree == math.inf:
        kind = 0
    else:
        raise ValueError(f"[INVALID_VECTOR_NORM_DEGREE] For the `{fn}` function, degree must "
                         f"be 1.0, 2.0, or float('inf'), but got {_F32(degree)}.")
    if v is None or None in v:
        return None
    if kind == 1:
        return _grouped_sum([abs(x) for x in v])
    if kind == 2:
        return math.sqrt(_grouped_sum([x * x for x in v]))
    return max((abs(x) for x in v), default=0.0)


def _vector_norm(v, degree):
    if v is None or degree is None:
        return None
    n = _norm("vector_norm", v, degree)
    return None if n is None else float(_F32(n))


def _vector_normalize(v, degree):
    if v is None or degree is None:
        return None
    n = _norm("vector_normalize", v, degree)
    if n is None:
        return None
    if not v:
        return []
    return None if n == 0.0 else [float(_F32(x / n)) for x in v]


def _aggregate(vectors, fn: str):
    """``vector_sum``/``vector_avg`` over one group's vectors, in their order."""
    acc, count = None, 0
    for v in vectors or ():
        if v is None or None in v:
            continue
        if acc is None:   # Spark's buffer starts at zeros
            acc, count = [_F32(0) + _F32(x) for x in v], 1
            continue
        if len(v) != len(acc):
            raise _dimension_mismatch(fn, len(acc), len(v))
        count += 1
        if fn == "vector_sum":
            acc = [s + _F32(x) for s, x in zip(acc, v)]
        else:
            inv = _F32(1) / _F32(count)
            acc = [m + (_F32(x) - m) * inv for m, x in zip(acc, v)]
    return None if acc is None else [float(x) for x in acc]


def _arrow(fn, result: str):
    """An Arrow UDF applying ``fn`` to each row's Python values."""
    def run(*columns):
        import pyarrow as pa
        t = pa.float32() if result == "f32" else pa.list_(pa.float32())
        return pa.array([fn(*row) for row in zip(*(c.to_pylist() for c in columns))], t)
    return run


def _pair_udf(fn: str):
    run = _arrow(lambda a, b: _pair(fn, a, b), "f32")
    return (lambda a, b: run(a, b)), ["FLOAT[]", "FLOAT[]"], "FLOAT"


def _agg_udf(fn: str):
    run = _arrow(lambda vs: _aggregate(vs, fn), "f32s")
    return (lambda vs: run(vs)), ["FLOAT[][]"], "FLOAT[]"


UDFS = {
    "spark_vector_cosine_similarity": _pair_udf("vector_cosine_similarity"),
    "spark_vector_inner_product": _pair_udf("vector_inner_product"),
    "spark_vector_l2_distance": _pair_udf("vector_l2_distance"),
    "spark_vector_norm": ((lambda v, d: _arrow(_vector_norm, "f32")(v, d)),
                          ["FLOAT[]", "FLOAT"], "FLOAT"),
    "spark_vector_normalize": ((lambda v, d: _arrow(_vector_normalize, "f32s")(v, d)),
                               ["FLOAT[]", "FLOAT"], "FLOAT[]"),
    "spark_vector_sum": _agg_udf("vector_sum"),
    "spark_vector_avg": _agg_udf("vector_avg"),
}
