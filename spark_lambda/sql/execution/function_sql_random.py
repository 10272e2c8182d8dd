"""DuckDB text of the seeded random functions, Spark's values (``spark_random``): ``rand``,
``randn``, ``uniform``, ``randstr`` and ``uuid`` draw from the generator seeded with ``seed`` plus the
partition's index; ``rand()``/``randn()`` without a seed (SQL text) use DuckDB's generator."""

from __future__ import annotations

import itertools

from ..types import IntegralType
from .function_sql_hooks import Ctx, scalar

_PARTITION = "CAST(coalesce(getvariable('spark_partition_id'), 0) AS BIGINT)"
_RUN = "CAST(getvariable('spark_task_run') AS VARCHAR)"
_calls = itertools.count()   # each call its own generator, as each Spark expression has


def _draw(fn: str, seed: str, length: str = "0") -> str:
    run = f"{_RUN} || '/{next(_calls)}'"
    return f"{fn}(CAST({seed} AS BIGINT) + {_PARTITION}, {run}, {length})"


@scalar("rand")
def _rand(c: Ctx) -> str:
    return _draw("spark_rand", c.a[0]) if c.a else "random()"


@scalar("randn")
def _randn(c: Ctx) -> str:
    if not c.a:
        return "(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))"
    return _draw("spark_randn", c.a[0])


@scalar("uniform")
def _uniform(c: Ctx) -> str:
    """``min + (max - min) * nextDouble()``, truncated when the bounds are integers."""
    lo, hi, seed = c.a
    x = f"(CAST({lo} AS DOUBLE) + (CAST({hi} AS DOUBLE) - {lo}) * {_draw('spark_rand', seed)})"
    return f"CAST(trunc({x}) AS {c.t})" if isinstance(c.e.dtype, IntegralType) else \
        f"CAST({x} AS {c.t})"


@scalar("randstr")
def _randstr(c: Ctx) -> str:
    return _draw("spark_randstr", c.a[1], c.a[0])


@scalar("uuid")
def _uuid(c: Ctx) -> str:
    return _draw("spark_uuid", c.a[0])
