"""A DataFrame action as Spark's "SQL execution": announced with its plan, its jobs tagged.

``sql_execution(session, plan)`` wraps an action (``session._execute``): it emits
``sql_execution_start`` (the execution id, the description Spark gives it — the job
description if set, else the action's call site such as ``collect at app.py:12`` — the
formatted physical plan and the plan's node tree), sets the thread's local property
``spark.sql.execution.id`` so that every job the action starts carries it (the History
Server's SQL tab lists them under the query), and emits ``sql_execution_end`` (with the
rows returned, the operators' measured metrics, ``sql_metrics``, or the error) when the
action ends. An action started inside another (a
broadcast, a subquery) belongs to the outer execution, as in Spark.
"""

from __future__ import annotations

import itertools
import logging
import threading

from ..scheduler.job import JOB_DESCRIPTION, SQL_EXECUTION_ID, call_site

_ids = itertools.count()
_lock = threading.Lock()


def plan_info(node) -> dict:
    """Spark's ``sparkPlanInfo`` of a printed physical node (``catalyst.explain.Shown``)."""
    return {"nodeName": node.name, "simpleString": node.line(),
            "children": [plan_info(c) for c in node.inner + node.children], "metadata": {},
            "metrics": [{"name": name, "accumulatorId": m[0], "metricType": m[1]}
                        for name, m in node.metrics.items()]}


class sql_execution:
    """One action on ``plan`` (an analysed plan) as a SQL execution: ``with`` gives this
    object; the body runs ``self.optimized`` with a planner, then calls ``finish``."""

    def __init__(self, session, plan):
        from .catalyst.optimizer import optimize
        self.session = session
        self.optimized = optimize(session._use_cache(plan))
        self.eid = None
        self.physical, self.made, self.values, self.rows = None, {}, {}, None

    def __enter__(self) -> "sql_execution":
        sc = self.session.sparkContext
        if sc.getLocalProperty(SQL_EXECUTION_ID) is not None or \
                not sc.listening("sql_execution_start"):   # no one to show the plan to
            return self
        from .execution.spark_plan import physical_plan
        from .explain import formatted
        from .sql_metrics import declare
        try:
            self.physical = physical_plan(self.session, self.optimized, self.made)
            declare(self.physical)
            text, tree = formatted(self.physical), plan_info(self.physical)
        except Exception:  # noqa: BLE001 - describing the plan must never stop the action
            logging.getLogger("spark_lambda").warning(
                "Could not describe the plan of this action; it runs without its SQL "
                "execution events", exc_info=True)
            return self
        with _lock:
            self.eid = next(_ids)
        site = call_site()
        sc.emit("sql_execution_start", execution=self.eid,
                description=sc.getLocalProperty(JOB_DESCRIPTION) or site, details=site,
                plan=text, plan_info=tree)
        sc.setLocalProperty(SQL_EXECUTION_ID, str(self.eid))
        return self

    def instrument(self, planner):
        """``planner``, counting what its file scans read when this execution is announced."""
        if self.eid is not None:
            from .sql_metrics import ScanCounter
            planner.count_scan = ScanCounter(self.session.sparkContext)
        return planner

    def finish(self, planner, rows: int) -> None:
        """The body ran ``planner`` and returned ``rows`` rows: measure the operators."""
        self.rows = rows
        if self.eid is not None:
            from .sql_metrics import measure
            self.values = measure(self.session.sparkContext, planner, self.made,
                                  self.physical, rows)

    def __exit__(self, kind, error, tb) -> None:
        if self.eid is None:
            return
        sc = self.session.sparkContext
        sc.setLocalProperty(SQL_EXECUTION_ID, None)
        sc.emit("sql_execution_end", execution=self.eid,
                error=None if error is None else f"{kind.__name__}: {error}",
                rows=self.rows, metrics=self.values)
