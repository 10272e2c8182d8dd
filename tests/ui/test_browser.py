"""The report in a real headless browser (Chromium from the system's packages): the DOM
Chromium builds, its console, and the screenshot's pixels.

The session fixture installs Chromium with apt-get when it is missing (as root,
where apt-get exists) and skips with a clear message where it cannot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter

import pytest

from spark_lambda.cli import main
from spark_lambda.ui.eventlog import read_event_log

from .htmlscan import Elements
from .png import pixels

BLUE, RED = (0x4A, 0x90, 0xD9), (0xD0, 0x02, 0x1B)   # the report's ok and failed task marks
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _find() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


def _install() -> str:
    if shutil.which("apt-get") is None:
        return "there is no apt-get on this system"
    if os.geteuid() != 0:
        return "apt-get needs root"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=1200, env=env)
        except subprocess.TimeoutExpired:
            return f"`{' '.join(cmd)}` timed out"
        if done.returncode != 0:
            return f"`{' '.join(cmd)}` failed: {done.stderr.decode(errors='replace')[-300:]}"
    return "installed"


@pytest.fixture(scope="session")
def chromium():
    path = _find()
    if path is None:
        why = _install()
        path = _find()
        if path is None:
            pytest.skip(f"Chromium is not installed and the test setup could not install it ({why}); "
                        "run `apt-get install -y chromium` to run the browser tests.")
    return path


def _run(chromium, tmp_path, *args) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=120, cwd=tmp_path)


@pytest.fixture
def report_file(logged_run, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", logged_run[0], "-o", str(out)]) == 0
    return out


def test_rendered_dom_has_one_mark_per_task_attempt(chromium, report_file, logged_run, tmp_path):
    done = _run(chromium, tmp_path, "--dump-dom", report_file.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Elements(done.stdout.decode("utf-8"))
    attempts = [e for e in read_event_log(logged_run[0]) if e["event"] == "task_end"]
    marks = dom.with_class("task-attempt")
    assert len(marks) == len(attempts) > 0
    assert sorted(int(m["data-task-id"]) for m in marks) == sorted(e["task_id"] for e in attempts)
    assert len(dom.with_attr("data-cost-item")) >= 4


def _console(chromium, tmp_path, page) -> list[str]:
    """The console messages (script errors among them) Chromium logged while loading ``page``."""
    done = _run(chromium, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stderr.decode("utf-8", "replace").splitlines() if ":CONSOLE" in line]


def _screenshot(chromium, tmp_path, page, name) -> tuple[int, int, Counter]:
    shot = tmp_path / name
    done = _run(chromium, tmp_path, f"--screenshot={shot}", "--window-size=1200,2400",
                "--force-device-scale-factor=1", "--hide-scrollbars", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    return pixels(shot.read_bytes())


def test_no_console_messages_and_the_check_sees_script_errors(chromium, report_file, tmp_path):
    assert _console(chromium, tmp_path, report_file) == []
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>notDefinedAnywhere();</script>")
    found = _console(chromium, tmp_path, broken)
    assert any("Uncaught ReferenceError" in line for line in found), found


def test_screenshot_is_the_page_with_its_timeline_drawn(chromium, report_file, logged_run, tmp_path):
    width, height, colours = _screenshot(chromium, tmp_path, report_file, "report.png")
    assert (width, height) == (1200, 2400)
    white = colours[(255, 255, 255)]
    assert white < 0.97 * width * height and len(colours) > 50   # text, tables and charts, not blank
    # the same page with its task marks hidden: what the timeline drew is the difference
    html = report_file.read_text(encoding="utf-8")
    hidden = tmp_path / "no-marks.html"
    hidden.write_text(html.replace("</style>", ".task-attempt{display:none}</style>", 1), encoding="utf-8")
    _, _, without = _screenshot(chromium, tmp_path, hidden, "no-marks.png")
    ok = [e for e in read_event_log(logged_run[0]) if e["event"] == "task_end" and e["status"] == "success"]
    assert colours[BLUE] - without[BLUE] >= 10 * len(ok)      # a coloured mark per successful attempt
    assert colours[RED] - without[RED] >= 10                  # and the failed attempt in red


def test_report_shows_each_querys_plan_with_measured_rows_and_bytes(chromium, sql_logged_run,
                                                                     tmp_path):
    out = tmp_path / "sql-report.html"
    assert main(["report", sql_logged_run[0], "-o", str(out)]) == 0
    done = _run(chromium, tmp_path, "--dump-dom", out.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Elements(done.stdout.decode("utf-8"))
    assert len(dom.with_class("sql-query")) == 1
    nodes = dom.with_class("plan-node")
    assert [n["data-node"] for n in nodes] == ["AdaptiveSparkPlan", "HashAggregate", "Exchange",
                                               "HashAggregate", "Project", "Range"]
    exchange = nodes[2]
    assert exchange["data-rows"] == "6" and int(exchange["data-bytes"]) > 0   # 2 tasks x 3 keys
    assert nodes[1]["data-rows"] == "3"                                      # rows returned
    assert "data-rows" not in nodes[4]                    # not measured: no number is made up
    assert _console(chromium, tmp_path, out) == []
