"""Accumulators: variables that tasks only add to and the driver reads.

Created on the driver by ``SparkContext.accumulator``. Pickled into a stage's
code, an accumulator travels as its id, a zero value and its
``AccumulatorParam``; on the executor ``add`` (or ``+=``) does not touch a
shared value but records the task's own update in the running task's
``TaskContext.accumulators`` (starting from ``param.zero``). The executor
sends those updates back in the task result, and the driver's DAG scheduler
hands them to ``SparkContext.apply_accumulators`` only for the first
successful attempt of each partition: a failed or duplicate (speculative)
attempt adds nothing, as Spark guarantees for updates made in actions.
"""

from __future__ import annotations

import copy
import pickle

from .taskcontext import TaskContext
from .wire import unb64


class AccumulatorParam:
    """How to add values of a custom type: ``zero(value)`` and ``addInPlace(v1, v2)``."""

    def zero(self, value):
        """A zero value of the type, compatible in dimensions with ``value``."""
        raise NotImplementedError

    def addInPlace(self, value1, value2):
        """Add two values of the type; may update and return ``value1``."""
        raise NotImplementedError


class AddingAccumulatorParam(AccumulatorParam):
    """Adds with ``+=``, starting from a fixed zero."""

    def __init__(self, zero_value):
        self.zero_value = zero_value

    def zero(self, value):
        return self.zero_value

    def addInPlace(self, value1, value2):
        value1 += value2
        return value1


INT_ACCUMULATOR_PARAM = AddingAccumulatorParam(0)
FLOAT_ACCUMULATOR_PARAM = AddingAccumulatorParam(0.0)
COMPLEX_ACCUMULATOR_PARAM = AddingAccumulatorParam(0.0j)


def default_param(value) -> AccumulatorParam:
    """The param for int, float and complex values; TypeError for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float, complex)):
        raise TypeError(f"No default accumulator param for type {type(value).__name__}; pass an "
                        "AccumulatorParam (with zero and addInPlace) as the second argument.")
    if isinstance(value, int):
        return INT_ACCUMULATOR_PARAM
    if isinstance(value, float):
        return FLOAT_ACCUMULATOR_PARAM
    return COMPLEX_ACCUMULATOR_PARAM


class Accumulator:
    """A shared variable that tasks add to; only the driver may read ``value``."""

    def __init__(self, aid: int, value, accum_param: AccumulatorParam):
        self.aid = aid
        self.accum_param = accum_param
        self._value = value
        self._on_executor = False

    def __reduce__(self):
        return _executor_accumulator, (self.aid, self.accum_param.zero(self._value), self.accum_param)

    @property
    def value(self):
        """The accumulated value (driver only)."""
        if self._on_executor:
            raise RuntimeError("Accumulator.value cannot be accessed inside tasks; read it on the "
                               "driver after the action has run.")
        return self._value

    @value.setter
    def value(self, value) -> None:
        if self._on_executor:
            raise RuntimeError("Accumulator.value cannot be set inside tasks; use add().")
        self._value = value

    def add(self, term) -> None:
        """Add ``term``: on the driver to the value, in a task to the task's update."""
        if not self._on_executor:
            self._value = self.accum_param.addInPlace(self._value, term)
            return
        tc = TaskContext.get()
        if tc is None:
            raise RuntimeError("An accumulator was updated on an executor outside a running task "
                               "(for example from a thread the task started); update it from the "
                               "task's own thread.")
        updates = tc.accumulators
        current = updates[self.aid] if self.aid in updates else \
            copy.deepcopy(self.accum_param.zero(self._value))
        updates[self.aid] = self.accum_param.addInPlace(current, term)

    def __iadd__(self, term) -> "Accumulator":
        self.add(term)
        return self

    def __str__(self) -> str:
        return str(self._value)

    def __repr__(self) -> str:
        return f"Accumulator<id={self.aid}, value={self._value}>"


def _executor_accumulator(aid: int, zero, accum_param) -> Accumulator:
    acc = Accumulator(aid, zero, accum_param)
    acc._on_executor = True
    return acc


class AccumulatorRegistry:
    """The driver's accumulators by id; applies the updates that task results carry."""

    def __init__(self):
        self._by_id: dict[int, Accumulator] = {}

    def create(self, value, accum_param: AccumulatorParam | None) -> Accumulator:
        param = accum_param if accum_param is not None else default_param(value)
        acc = Accumulator(len(self._by_id), value, param)
        self._by_id[acc.aid] = acc
        return acc

    def apply(self, updates: list) -> None:
        """``updates`` is ``[[aid, b64 pickled update], ...]`` from one successful task."""
        for aid, data in updates:
            acc = self._by_id.get(int(aid))
            if acc is not None:
                acc._value = acc.accum_param.addInPlace(acc._value, pickle.loads(unb64(data)))
