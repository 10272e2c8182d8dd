"""The report in a real headless browser (Chromium from the system's packages).

The session fixture installs Chromium with apt-get when it is missing (as root,
where apt-get exists) and skips with a clear message where it cannot.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess

import pytest

from spark_lambda.cli import main
from spark_lambda.ui.eventlog import read_event_log

from .htmlscan import Elements

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


def test_screenshot_is_produced(chromium, report_file, tmp_path):
    shot = tmp_path / "report.png"
    done = _run(chromium, tmp_path, f"--screenshot={shot}", "--window-size=1200,2400",
                report_file.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])   # the IHDR chunk
    assert (width, height) == (1200, 2400)
