"""DuckDB text of the vector functions (``type_rules_vector``): each calls its Python
function of ``function_udfs_vector``; the aggregates hand it the group's vectors in order."""

from __future__ import annotations

from .function_sql_hooks import Ctx, aggregate, scalar


@scalar("vector_cosine_similarity", "vector_inner_product", "vector_l2_distance",
        "vector_norm", "vector_normalize")
def _vector(c: Ctx) -> str:
    return f"spark_{c.e.fn}({', '.join(c.a)})"


@aggregate("vector_sum", "vector_avg")
def _vector_aggregate(c: Ctx) -> str:
    return f"spark_{c.e.fn}(list({c.a[0]}))"
