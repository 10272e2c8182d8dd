"""The DuckDB writers of the functions beyond ``function_sql``'s core, gathered from the
``function_sql_*`` modules (``SCALARS`` and ``AGGREGATES`` by name)."""

from __future__ import annotations

from . import (function_sql_aggregate, function_sql_arrays,  # noqa: F401
               function_sql_collections, function_sql_datetime,
               function_sql_higher_order, function_sql_math, function_sql_strings,
               function_sql_time, function_sql_time_windows, function_sql_variant)
from . import function_sql_sketches  # noqa: F401
from . import function_sql_intervals  # noqa: F401
from . import (function_sql_csv, function_sql_misc, function_sql_random,  # noqa: F401
               function_sql_timestamps, function_sql_xml)
from . import function_sql_binary  # noqa: F401
from . import function_sql_geo, function_sql_vector  # noqa: F401
from . import function_sql_rollups  # noqa: F401
from .function_sql_hooks import AGGREGATES, PARTIALS, SCALARS, WINDOWED, Ctx

__all__ = ["AGGREGATES", "PARTIALS", "SCALARS", "WINDOWED", "Ctx"]
