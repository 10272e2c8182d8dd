"""A DataFrame action as Spark's "SQL execution": announced with its plan, its jobs tagged.

``sql_execution(session, plan)`` wraps an action (``session._execute``): it emits
``sql_execution_start`` (the execution id, the description Spark gives it — the job
description if set, else the action's call site such as ``collect at app.py:12`` — the
formatted physical plan and the plan's node tree), sets the thread's local property
``spark.sql.execution.id`` so that every job the action starts carries it (the History
Server's SQL tab lists them under the query), and emits ``sql_execution_end`` (with the
rows returned, or the error) when the action ends. An action started inside another (a
broadcast, a subquery) belongs to the outer execution, as in Spark.
"""

from __future__ import annotations

import itertools
import threading

from ..scheduler.job import JOB_DESCRIPTION, SQL_EXECUTION_ID, call_site

_ids = itertools.count()
_lock = threading.Lock()


def plan_info(node) -> dict:
    """Spark's ``sparkPlanInfo`` of a printed physical node (``catalyst.explain.Shown``)."""
    return {"nodeName": node.name, "simpleString": node.line(),
            "children": [plan_info(c) for c in node.inner + node.children],
            "metadata": {}, "metrics": []}


class sql_execution:
    """Run the body as one SQL execution of ``plan`` (an analysed plan); ``as`` gives a dict
    the body may fill with ``rows`` (the rows it returned)."""

    def __init__(self, session, plan):
        self.session, self.plan, self.result = session, plan, {}
        self.eid = None

    def __enter__(self) -> dict:
        sc = self.session.sparkContext
        if sc.getLocalProperty(SQL_EXECUTION_ID) is not None:
            return self.result
        from .catalyst.optimizer import optimize
        from .execution.spark_plan import physical_plan
        from .explain import formatted
        with _lock:
            self.eid = next(_ids)
        physical = physical_plan(self.session, optimize(self.session._use_cache(self.plan)))
        site = call_site()
        sc.emit("sql_execution_start", execution=self.eid,
                description=sc.getLocalProperty(JOB_DESCRIPTION) or site, details=site,
                plan=formatted(physical), plan_info=plan_info(physical))
        sc.setLocalProperty(SQL_EXECUTION_ID, str(self.eid))
        return self.result

    def __exit__(self, kind, error, tb) -> None:
        if self.eid is None:
            return
        sc = self.session.sparkContext
        sc.setLocalProperty(SQL_EXECUTION_ID, None)
        sc.emit("sql_execution_end", execution=self.eid,
                error=None if error is None else f"{kind.__name__}: {error}",
                rows=self.result.get("rows"))
