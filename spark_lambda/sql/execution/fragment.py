"""The fragment: the SQL of one stage being planned, over its named inputs.

Built by the planner and its helpers (``aggregate``, ``join``); narrow operators wrap a
fragment's SQL, an exchange ends it (see ``planner``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

_names = itertools.count()


@dataclass
class Fragment:
    """A stage being built: ``sql`` over ``inputs`` (name → RDD) and ``broadcasts``."""
    sql: str
    attrs: list
    inputs: dict = field(default_factory=dict)
    broadcasts: dict = field(default_factory=dict)


def _select(attrs_sql: list, frm: str, tail: str = "") -> str:
    return f"SELECT {', '.join(attrs_sql)} FROM ({frm}) AS q{next(_names)}{tail}"
