"""The cost of a run on the Lambda emulator reconciles with its invocations' REPORT lines.

Runs where the Lambda backend and emulator are part of the build (the
``lambda_emulator`` and ``lambda_conf`` fixtures come with them).
"""

from __future__ import annotations

import importlib.util
import re
from operator import add

import pytest

from spark_lambda import SparkContext
from spark_lambda.ui.cost import cost_of_events
from spark_lambda.ui.eventlog import read_event_log
from spark_lambda.ui.report import render

from .htmlscan import Elements

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")

pytestmark = pytest.mark.skipif(importlib.util.find_spec("spark_lambda.emulator") is None,
                                reason="the Lambda backend and emulator are not in this build")


def report_lines(output: str) -> list[dict]:
    """Billed ms, memory MB and cold start of every REPORT line in the emulator's output."""
    found = []
    for line in output.splitlines():
        if not line.startswith("REPORT RequestId:"):
            continue
        billed = re.search(r"Billed Duration: (\d+) ms", line)
        memory = re.search(r"Memory Size: (\d+) MB", line)
        found.append({"billed": int(billed.group(1)), "memory": int(memory.group(1)),
                      "cold": "Init Duration:" in line})
    return found


def test_cost_reconciles_with_the_emulators_report_lines(request, tmp_path):
    emulator = request.getfixturevalue("lambda_emulator")
    conf = request.getfixturevalue("lambda_conf")
    conf.set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", str(tmp_path / "events"))
    before = len(emulator.output())
    with SparkContext(conf=conf) as sc:
        sums = sorted(sc.parallelize(range(100), 4).map(lambda x: (x % 3, x)).reduceByKey(add, 2).collect())
        app_id = sc.app_id
    assert sums == [(k, sum(x for x in range(100) if x % 3 == k)) for k in range(3)]
    reports = report_lines(emulator.output()[before:])
    events = read_event_log(str(tmp_path / "events" / app_id))
    ends = [e for e in events if e["event"] == "task_end"]
    side = events[-1]["backend_invocations"]    # the version check (and any pre-warming)
    assert len(ends) == 4 + 2 and len(side) >= 1
    assert len(reports) == len(ends) + len(side)
    cost = cost_of_events(events)
    assert not cost.estimated and cost.invocations == len(reports)
    gb_seconds = sum(r["billed"] / 1000 * r["memory"] / 1024 for r in reports)
    assert cost.gb_seconds == pytest.approx(gb_seconds)
    assert cost.cold_starts == sum(r["cold"] for r in reports)
    rows = {a["data-cost-item"]: a for a in Elements(render(events)).with_attr("data-cost-item")}
    assert float(rows["lambda-compute"]["data-usd"]) == pytest.approx(gb_seconds * 0.0000166667)
    assert float(rows["lambda-requests"]["data-usd"]) == pytest.approx(len(reports) * 0.2e-6)
