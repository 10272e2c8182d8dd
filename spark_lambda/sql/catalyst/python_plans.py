"""Plan nodes that hand whole batches of rows to a user's Python function.

``MapInBatches``: ``mapInPandas`` / ``mapInArrow`` (an iterator of batches in, an iterator of
batches out, per partition). ``FlatMapGroups``: ``groupBy(keys).applyInPandas`` (a pandas
DataFrame per group in, a DataFrame out). ``FlatMapCoGroups``:
``groupBy().cogroup(other.groupBy()).applyInPandas`` (the two sides' rows of a key in, a
DataFrame out). ``attrs`` is the output the user's schema declares. Executed by
``execution/python_exec.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import plans as lp
from .udf_expr import FunctionRef


@dataclass(frozen=True)
class MapInBatches(lp.Plan):
    """``mapInPandas`` (``kind="pandas"``) or ``mapInArrow`` (``kind="arrow"``)."""
    ref: FunctionRef
    kind: str
    attrs: tuple
    child: lp.Plan
    inputs: tuple = ()       # the child's columns, all read by the function

    @property
    def output(self):
        return list(self.attrs)


@dataclass(frozen=True)
class FlatMapGroups(lp.Plan):
    """``applyInPandas`` over the groups of ``keys`` (attributes of the child)."""
    keys: tuple
    ref: FunctionRef
    attrs: tuple
    child: lp.Plan
    inputs: tuple = ()

    @property
    def output(self):
        return list(self.attrs)


@dataclass(frozen=True)
class FlatMapCoGroups(lp.Plan):
    """``cogroup().applyInPandas``: the function gets each key's rows from both sides."""
    left_keys: tuple
    right_keys: tuple
    ref: FunctionRef
    attrs: tuple
    left: lp.Plan
    right: lp.Plan
    inputs: tuple = ()

    @property
    def output(self):
        return list(self.attrs)
