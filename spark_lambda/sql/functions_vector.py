"""``pyspark.sql.functions`` over float vectors (``ARRAY<FLOAT>``): similarity, distance,
norms, normalization, and the element-wise ``vector_sum``/``vector_avg`` aggregates."""

from __future__ import annotations

from .functions_common import define_all

_SAME = " The vectors must have the same dimension (else VECTOR_DIMENSION_MISMATCH); NULL " \
        "when either holds a NULL element."
_DEGREE = " ``degree`` (a FLOAT, default 2.0) is 1.0, 2.0 or float('inf'); any other is " \
          "INVALID_VECTOR_NORM_DEGREE."

__all__ = define_all(globals(), [
    ("vector_cosine_similarity", "@left, @right", "The cosine similarity of two float vectors, "
     "a FLOAT (NULL for empty or zero-length vectors)." + _SAME),
    ("vector_inner_product", "@left, @right", "The inner (dot) product of two float vectors, "
     "a FLOAT (0.0 for empty vectors)." + _SAME),
    ("vector_l2_distance", "@left, @right", "The Euclidean distance between two float "
     "vectors, a FLOAT (0.0 for empty vectors)." + _SAME),
    ("vector_norm", "@vector, @degree=None", "The Lp norm of a float vector, a FLOAT; NULL "
     "when it holds a NULL element." + _DEGREE),
    ("vector_normalize", "@vector, @degree=None", "The float vector divided by its Lp norm "
     "(NULL for a zero norm or a NULL element)." + _DEGREE),
    ("vector_sum", "@col", "Aggregate: the element-wise sum of the group's float vectors "
     "(NULL vectors and vectors holding a NULL skipped; all must have one dimension)."),
    ("vector_avg", "@col", "Aggregate: the element-wise average of the group's float vectors "
     "(NULL vectors and vectors holding a NULL skipped; all must have one dimension)."),
])
