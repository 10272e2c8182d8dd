"""Real servers the tests start on 127.0.0.1: moto's S3 (and IAM/STS) endpoint.

``MotoServer`` runs ``python -m moto.server`` in its own process on a free
port; boto3 talks to it over HTTP with real signing, ranged GETs and
pagination. Used through the ``moto_server`` fixture in ``conftest.py``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(server, url: str, what: str, seconds: float = 60) -> None:
    """Poll ``url`` until it answers; stop ``server`` and raise if its process exits or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if server.proc.poll() is not None:
                break
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"the {what} did not start")


class MotoServer:
    def __init__(self, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
        wait_until_up(self, self.url + "/moto-api/", "moto server (is moto[server] installed?)")

    def env(self) -> dict:
        """Environment that points boto3 (driver and executors) at this server."""
        return {"AWS_ENDPOINT_URL_S3": self.url, "AWS_ENDPOINT_URL_IAM": self.url,
                "AWS_ENDPOINT_URL_STS": self.url, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_REGION": "us-east-1"}

    def reset(self) -> None:
        req = urllib.request.Request(self.url + "/moto-api/reset", method="POST")
        urllib.request.urlopen(req, timeout=10)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def apply_env(env: dict) -> dict:
    """Set ``env`` in os.environ; returns the previous values to restore."""
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    return old


def restore_env(old: dict) -> None:
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


class EmulatorServer:
    """``spark-lambda emulator`` in its own process on a free port; its output goes to ``log_path``."""

    def __init__(self, log_path: str, concurrency: int = 4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "spark_lambda.cli", "emulator", "--port", str(self.port),
             "--concurrency", str(concurrency)], stdout=self._log, stderr=subprocess.STDOUT, cwd=root)
        wait_until_up(self, self.url + "/2016-08-19/account-settings", "Lambda emulator (see " + log_path + ")")

    def output(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()
