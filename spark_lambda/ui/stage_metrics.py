"""Per-stage totals of what executors report: object-store requests and bytes, records.

A listener the ``SparkContext`` keeps (``sc.stage_metrics``). Every
``task_end`` event carries the task's metrics, including ``requests``: the
PUT, GET, LIST, DELETE, HEAD and COPY requests its stores made and the bytes
they moved (``storage/metered.py``). They are summed per stage, over every
attempt, since failed attempts are billed too. Requests the driver makes
itself (stage code uploads, output commits, cleanup) are not in any stage.
"""

from __future__ import annotations

from collections import Counter

COUNTED = ("records_read", "records_written", "bytes_read", "bytes_written", "spill_bytes")


class StageMetrics:
    """``listener(event, fields)`` that sums task metrics by stage id."""

    def __init__(self):
        self.stages: dict[int, dict] = {}

    events = frozenset({"task_end"})   # the only event it takes (``SparkContext.listening``)

    def __call__(self, event: str, fields: dict) -> None:
        if event != "task_end":
            return
        metrics = fields.get("metrics") or {}
        stage = self.stages.setdefault(fields["stage"], {"tasks": 0, "requests": Counter(),
                                                         **{k: 0 for k in COUNTED}})
        stage["tasks"] += 1
        for name in COUNTED:
            stage[name] += metrics.get(name, 0)
        stage["requests"].update(metrics.get("requests") or {})

    def stage(self, stage_id: int) -> dict:
        """Totals of one stage: ``tasks``, ``requests`` (by kind, and ``KIND_bytes``), bytes, records."""
        return self.stages[stage_id]

    def requests(self) -> Counter:
        """Requests and bytes by kind, over every stage so far."""
        total: Counter = Counter()
        for stage in self.stages.values():
            total.update(stage["requests"])
        return total
