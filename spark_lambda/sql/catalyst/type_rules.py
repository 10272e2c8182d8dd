"""The type rules of the functions beyond the registry's core, by name (see
``type_rules_common``); the registry asks ``find_rule`` before its own table."""

from __future__ import annotations

from . import (type_rules_aggregate, type_rules_arrays, type_rules_collections,  # noqa: F401
               type_rules_datetime, type_rules_higher_order, type_rules_math,
               type_rules_strings, type_rules_time, type_rules_time_windows,
               type_rules_variant)
from . import type_rules_sketches  # noqa: F401
from . import type_rules_intervals  # noqa: F401
from . import (type_rules_csv, type_rules_misc, type_rules_timestamps,  # noqa: F401
               type_rules_xml)
from . import type_rules_rollups  # noqa: F401
from . import type_rules_binary  # noqa: F401  (after the rules it hands STRING calls to)
from . import type_rules_geo, type_rules_vector  # noqa: F401
from .type_rules_common import RULES


def find_rule(name: str):
    """The rule for ``name`` (lower case), or None."""
    return RULES.get(name)
