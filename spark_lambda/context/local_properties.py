"""Local properties: per-thread settings that travel with the jobs a thread runs.

PySpark's ``sc.setLocalProperty(key, value)``. Every thread of the driver has
its own properties: the job group (``spark.jobGroup.id``), the description
(``spark.job.description``), whether cancelling interrupts running tasks
(``spark.job.interruptOnCancel``), the job tags (``spark.job.tags``) and any
the program sets itself. A job takes a copy of its thread's properties when it
starts (``snapshot``); the scheduler files the job under that group and those
tags, and every task of the job carries the copy (``Task.local_properties``),
where ``TaskContext.getLocalProperty`` reads it.

A new thread starts with no properties, as in PySpark's pinned-thread mode,
unless it is an ``InheritableThread``: that copies its creator's properties
when ``start()`` is called and installs the copy in the new thread before its
target runs, so later changes on either side do not leak to the other.

``SparkContext`` makes one ``LocalProperties`` and makes it the active one
(``activate``); a new context starts with none set in any thread.
"""

from __future__ import annotations

import threading

from ..scheduler.job import JOB_DESCRIPTION, JOB_GROUP_ID, JOB_INTERRUPT_ON_CANCEL, JOB_TAGS

__all__ = ["LocalProperties", "InheritableThread", "activate",
           "JOB_DESCRIPTION", "JOB_GROUP_ID", "JOB_INTERRUPT_ON_CANCEL", "JOB_TAGS"]


class LocalProperties:
    """The properties of each thread of the driver, as ``{str: str}``."""

    def __init__(self):
        self._local = threading.local()

    def _current(self) -> dict:
        props = getattr(self._local, "props", None)
        if props is None:
            props = self._local.props = {}
        return props

    def get(self, key: str) -> str | None:
        """The value of ``key`` in this thread, or None."""
        return self._current().get(key)

    def set(self, key: str, value: str | None) -> None:
        """Set ``key`` in this thread; None removes it."""
        if value is None:
            self._current().pop(key, None)
        else:
            self._current()[key] = value

    def snapshot(self) -> dict:
        """A copy of this thread's properties (a job's, an inheriting thread's)."""
        return dict(self._current())

    def install(self, props: dict) -> None:
        """Make a copy of ``props`` this thread's properties."""
        self._local.props = dict(props)


_active: LocalProperties | None = None


def activate(props: LocalProperties | None) -> None:
    """Make ``props`` the active context's properties (None when it stops)."""
    global _active
    _active = props


class InheritableThread(threading.Thread):
    """A thread that runs with a copy of the local properties of the thread that starts it.

    PySpark's ``pyspark.InheritableThread``: use it instead of ``threading.Thread``
    when jobs the thread runs should belong to the creator's job group, carry
    its job tags, or see its ``sc.setLocalProperty`` values. The copy is taken
    by ``start()``. ``session`` is accepted for PySpark's signature (there is
    no SparkSession here) and ignored.
    """

    def __init__(self, target=None, *args, session=None, **kwargs):
        super().__init__(None, target, *args, **kwargs)
        self._inherited: tuple | None = None

    def start(self) -> None:
        props = _active
        self._inherited = (props, props.snapshot()) if props is not None else None
        super().start()

    def run(self) -> None:
        if self._inherited is not None:
            props, values = self._inherited
            props.install(values)
        super().run()
