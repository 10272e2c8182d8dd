"""The HTML report built from a real event log: one mark per attempt, cost from the log's numbers."""

from __future__ import annotations

import math

import pytest

from spark_lambda.cli import main
from spark_lambda.ui import analysis
from spark_lambda.ui.eventlog import read_event_log
from spark_lambda.ui.report import render

from .htmlscan import Elements


@pytest.fixture(scope="module")
def report(logged_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", logged_run[0], "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    return read_event_log(logged_run[0]), html, Elements(html)


def test_self_contained(report):
    _, html, page = report
    assert html.startswith("<!DOCTYPE html>")
    for tag, attrs in page.found:
        assert tag not in ("script", "link", "img", "iframe"), tag
        assert not any(str(v).startswith(("http:", "https:", "//")) for k, v in attrs.items()
                       if k in ("src", "href")), attrs


def test_timeline_has_one_mark_per_task_attempt(report):
    events, _, page = report
    ends = [e for e in events if e["event"] == "task_end"]
    marks = page.with_class("task-attempt")
    assert sorted(int(m["data-task-id"]) for m in marks) == sorted(e["task_id"] for e in ends)
    for e in ends:
        mark = next(m for m in marks if int(m["data-task-id"]) == e["task_id"])
        assert (int(mark["data-stage"]), int(mark["data-partition"]), int(mark["data-attempt"]),
                mark["data-status"]) == (e["stage"], e["partition"], e["attempt"], e["status"])
    failed = page.with_class("failed")
    assert [m for m in failed if "task-attempt" in m["class"]] == \
        [m for m in marks if m["data-status"] != "success"]
    assert len(page.with_attr("data-failed-task")) == sum(e["status"] != "success" for e in ends)
    # one timeline per stage attempt, each counting its own marks
    timelines = [a for t, a in page.found if t == "svg" and "timeline" in a.get("class", "")]
    stages = [e for e in events if e["event"] == "stage_submitted"]
    assert len(timelines) == len(stages)
    assert sum(int(t["data-attempts"]) for t in timelines) == len(ends)


def test_cost_matches_the_logs_own_numbers(report):
    events, _, page = report
    app = events[0]
    ends = [e for e in events if e["event"] == "task_end"]
    rows = {a["data-cost-item"]: a for a in page.with_attr("data-cost-item")}
    billed_ms = sum(math.ceil(e["metrics"].get("duration_ms", 0)) for e in ends)
    gb_seconds = billed_ms / 1000 * app["memory_mb"] / 1024
    assert float(rows["lambda-compute"]["data-quantity"]) == pytest.approx(gb_seconds)
    assert float(rows["lambda-compute"]["data-usd"]) == pytest.approx(gb_seconds * 0.0000166667)
    assert float(rows["lambda-requests"]["data-quantity"]) == len(ends)
    assert float(rows["lambda-requests"]["data-usd"]) == pytest.approx(len(ends) * 0.20 / 1e6)
    counts: dict = {}
    for r in [e["metrics"].get("requests", {}) for e in ends] + [events[-1]["driver_requests"]]:
        for kind, n in r.items():
            if not kind.endswith("_bytes"):
                counts[kind] = counts.get(kind, 0) + n
    assert counts["PUT"] > 0 and counts["GET"] > 0
    price = {"PUT": 0.005, "LIST": 0.005, "GET": 0.0004, "HEAD": 0.0004, "DELETE": 0.0}
    for kind, n in counts.items():
        row = rows[f"s3-{kind.lower()}"]
        assert int(row["data-quantity"]) == n
        assert float(row["data-usd"]) == pytest.approx(n * price[kind] / 1000)
    total = gb_seconds * 0.0000166667 + len(ends) * 0.2e-6 + sum(n * price[k] / 1000 for k, n in counts.items())
    assert float(rows["total"]["data-usd"]) == pytest.approx(total)


def test_prices_are_shown_and_configurable(logged_run, tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", logged_run[0], "-o", str(out), "--conf", "spark.lambda.price.gbSecond=1",
                 "--conf", "spark.executor.memory=2g"]) == 0
    html = out.read_text()
    rows = {a["data-cost-item"]: a for a in Elements(html).with_attr("data-cost-item")}
    assert float(rows["lambda-compute"]["data-usd"]) == float(rows["lambda-compute"]["data-quantity"])
    assert "spark.lambda.price.gbSecond" in html and "at 2048 MB" in html


def test_bad_report_arguments_are_clear_errors(logged_run, tmp_path, capsys):
    assert main(["report", logged_run[0], "-o", str(tmp_path / "x.html"),
                 "--conf", "spark.lambda.price.gbsecond=1"]) == 1
    assert "Did you mean spark.lambda.price.gbSecond" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing"), "-o", str(tmp_path / "x.html")]) == 1
    assert not (tmp_path / "x.html").exists()


def synthetic_run():
    """One stage of 4 tasks at t=10: three of 100 ms, one of 1 s; partition 0 failed once."""
    events = [{"event": "app_start", "time": 10.0, "app_id": "app-x", "app_name": "x", "memory_mb": 512,
               "max_concurrency": 8, "conf": {}},
              {"event": "job_start", "time": 10.0, "job": 0, "name": "collect at x.py:1"},
              {"event": "stage_submitted", "time": 10.0, "job": 0, "stage": 0, "attempt": 0,
               "tasks": 4, "kind": "result", "name": "collect at x.py:1"}]
    runs = [(0, 0, 0, 0.05, "failed"), (1, 0, 1, 0.1, "success"), (2, 1, 0, 0.1, "success"),
            (3, 2, 0, 0.1, "success"), (4, 3, 0, 1.0, "success")]
    for task_id, partition, attempt, seconds, status in runs:
        start = 10.0 + (0.06 if attempt else 0)
        common = {"job": 0, "stage": 0, "stage_attempt": 0, "partition": partition, "attempt": attempt,
                  "task_id": task_id}
        report = {"billed_duration_ms": seconds * 1000, "memory_size_mb": 512}
        if task_id < 2:
            report["init_duration_ms"] = 300.0
        events.append({"event": "task_start", "time": start, **common})
        events.append({"event": "task_end", "time": start + seconds, **common, "status": status,
                       "metrics": {"start": start, "duration_ms": seconds * 1000, "lambda": report},
                       "error": {"type": "OSError", "message": "disk"} if status == "failed" else None})
    events += [{"event": "stage_completed", "time": 11.1, "job": 0, "stage": 0, "attempt": 0},
               {"event": "job_end", "time": 11.1, "job": 0, "ok": True},
               {"event": "app_end", "time": 11.2, "app_id": "app-x", "driver_requests": {}}]
    return events


def test_stragglers_failures_and_concurrency_are_shown():
    page = Elements(render(synthetic_run()))
    stragglers = page.with_class("straggler")
    assert [int(m["data-task-id"]) for m in stragglers] == [4]
    assert [int(a["data-failed-task"]) for a in page.with_attr("data-failed-task")] == [0]
    assert [int(a["data-straggler"]) for a in page.with_attr("data-straggler")] == [4]
    chart = [a for t, a in page.found if t == "svg" and a.get("class") == "concurrency"]
    assert chart[0]["data-peak"] == "4"   # the failed attempt ends before the retry starts


def test_measured_cost_uses_report_lines():
    html = render(synthetic_run())
    rows = {a["data-cost-item"]: a for a in Elements(html).with_attr("data-cost-item")}
    gb_seconds = (50 + 100 * 3 + 1000) / 1000 * 0.5
    assert float(rows["lambda-compute"]["data-quantity"]) == pytest.approx(gb_seconds)
    assert "Measured" in html and "2 cold start(s)" in html


def test_lanes_never_overlap():
    run = analysis.build(synthetic_run())
    rows = analysis.lanes(run.attempts)
    for a in run.attempts:
        for b in run.attempts:
            if a is not b and rows[a.task_id] == rows[b.task_id]:
                assert a.end <= b.start or b.end <= a.start
    assert max(rows.values()) + 1 == 4


def test_an_incomplete_log_still_reports():
    events = [e for e in synthetic_run() if e["event"] not in ("app_end", "job_end", "stage_completed")]
    events = [e for e in events if not (e["event"] == "task_end" and e["task_id"] == 4)]
    page = Elements(html := render(events))
    assert "incomplete" in html
    assert len(page.with_class("task-attempt")) == 5
