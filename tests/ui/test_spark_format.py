"""Our event log against the one PySpark itself writes (tests/data/spark_eventlog, recorded by
its record.py): the same events with the same fields, and Spark's own log read by the report."""

from __future__ import annotations

import json
import os

from spark_lambda.ui import analysis
from spark_lambda.ui.eventlog import read_event_log
from spark_lambda.ui.report import render

REFERENCE = os.path.join(os.path.dirname(__file__), "..", "data", "spark_eventlog", "reference.json")
# fields Spark's reader treats as optional, which we have nothing to put in (the History Server
# test shows the server reads our logs without them); Spark-only events: block managers
OPTIONAL = ("Task Executor Metrics/", "Task Metrics/Shuffle Read Metrics/Push Based Shuffle",
            "Task Metrics/Peak On Heap", "Task Metrics/Peak Off Heap")
MAPS = ("Spark Properties", "JVM Information", "Properties", "Executor Resource Requests",
        "Task Resource Requests", "Hadoop Properties", "System Properties", "Classpath Entries",
        "Metrics Properties", "Attributes", "Log Urls", "Resources")


def _first_of_each(lines) -> dict:
    found = {}
    for line in lines:
        event = json.loads(line)
        found.setdefault(event["Event"], event)
    return found


def _fields(d: dict, prefix: str = "") -> set:
    out = set()
    for k, v in d.items():
        out.add(prefix + k)
        if isinstance(v, dict) and k not in MAPS:
            out |= _fields(v, prefix + k + "/")
    return out


def test_our_events_have_every_field_spark_writes(logged_run):
    with open(REFERENCE, encoding="utf-8") as f:
        spark = _first_of_each(f)
    with open(logged_run[0], encoding="utf-8") as f:
        ours = _first_of_each(f)
    assert set(spark) - set(ours) == {"SparkListenerBlockManagerAdded"}
    for name, event in spark.items():
        if name in ours:
            missing = {k for k in _fields(event) - _fields(ours[name]) if not k.startswith(OPTIONAL)}
            assert missing == set(), name


def test_the_report_reads_a_log_spark_wrote():
    events = read_event_log(REFERENCE)
    run = analysis.build(events)
    assert run.complete and run.app["app_name"] == "reference"
    assert [j.name.split(" at ")[0] for j in run.jobs] == ["collect", "count"]
    assert all(j.ok for j in run.jobs)
    assert [(s.kind, s.num_tasks, len(s.tasks)) for s in run.stages] == [("map", 4, 4), ("result", 3, 3),
                                                                         ("result", 2, 2)]
    map_stage, reduce_stage, _ = run.stages
    assert map_stage.total("bytes_written") > 0   # PySpark counts pickled batches as records:
    assert reduce_stage.total("records_read") == map_stage.total("records_written") > 0
    assert all(t.status == "success" and t.duration_ms > 0 for t in run.attempts)
    assert render(events).count('class="task-attempt ok') == 9   # stragglers add a class
