"""spark-lambda shell, driven through a pseudo-terminal and through a pipe."""

from __future__ import annotations

import os
import re
import pty
import select
import subprocess
import sys
import time

from spark_lambda import __version__

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _read_until(fd: int, needle: bytes, limit: float = 60.0) -> bytes:
    buf = b""
    deadline = time.monotonic() + limit
    while needle not in buf and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def _command(tmp_path):
    return [sys.executable, "-m", "spark_lambda.cli", "shell", "--master", "local[1]",
            "--conf", f"spark.local.dir={tmp_path}"]


def test_interactive_shell_in_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=ROOT, TERM="dumb", PYTHONSTARTUP="")
    proc = subprocess.Popen(_command(tmp_path), stdin=follower, stdout=follower, stderr=follower,
                            cwd=ROOT, env=env, close_fds=True)
    os.close(follower)
    try:
        banner = _read_until(leader, b">>> ")
        assert f"spark-lambda {__version__}".encode() in banner
        assert b"master = local[1]" in banner and b"'sc'" in banner
        os.write(leader, b"sc.parallelize(range(10), 2).map(lambda x: x * 3).sum()\r")
        # a slow machine may draw the progress bar (then erased with \r) before the answer
        answer = re.sub(rb"\r\[Stage [^\]]*\]\r *\r", b"\r", _read_until(leader, b">>> "))
        assert re.search(rb"\r\n\r?135\r\n>>> ", answer)
        os.write(leader, b"sc.paralle\t")        # tab completes the attribute
        assert b"sc.parallelize(" in _read_until(leader, b"sc.parallelize(")
        os.write(leader, b"[1, 2]).count()\r")
        assert b"\r\n2\r\n>>> " in _read_until(leader, b">>> ")
        assert b"'spark'" in banner
        os.write(leader, b"spark.range(4).selectExpr('sum(id) AS s').collect()\r")
        assert b"[Row(s=6)]" in _read_until(leader, b">>> ")
        os.write(leader, b"spark.sparkContext is sc\r")
        assert b"True" in _read_until(leader, b">>> ")
        os.write(leader, b"\x04")                # Ctrl-D leaves and stops the context
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)


def test_shell_reads_a_pipe(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run(_command(tmp_path), input="print(sc.master, sc.range(5).count())\n",
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0
    assert "local[1] 5" in out.stdout
    assert "SparkContext available as 'sc'" in out.stderr
