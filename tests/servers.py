"""Real servers the tests start on 127.0.0.1: moto's S3 (and IAM/STS) endpoint.

``MotoServer`` runs ``python -m moto.server`` in its own process on a free
port; boto3 talks to it over HTTP with real signing, ranged GETs and
pagination. Used through the ``moto_server`` fixture in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
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
    """``spark-lambda emulator`` in its own process on a free port; its output goes to ``log_path``
    (with ``faults``, ``seed`` and ``s3_upstream``, it injects faults and serves an S3 proxy at
    ``s3_url``; with ``s3_model``, "" or a constants file, it applies the planner's S3 model;
    ``scale_rate`` "N/SECONDS" limits new instances per function; ``instances`` "threads" runs
    them as threads of the emulator)."""

    def __init__(self, log_path: str, concurrency: int = 4, faults: str = "", seed: int = 0,
                 s3_upstream: str | None = None, s3_model: str | None = None, scale_rate: str = "",
                 instances: str = "processes"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        extra = ["--faults", faults, "--seed", str(seed)] if faults else []
        extra += (["--scale-rate", scale_rate] if scale_rate else []) + ["--instances", instances]
        self.s3_url = None
        if s3_upstream:
            s3_port = free_port()
            extra += ["--s3-upstream", s3_upstream, "--s3-port", str(s3_port)]
            self.s3_url = f"http://127.0.0.1:{s3_port}"
            if s3_model is not None:
                extra += ["--s3-model"] + ([s3_model] if s3_model else [])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "spark_lambda.cli", "emulator", "--port", str(self.port),
             "--concurrency", str(concurrency), *extra], stdout=self._log, stderr=subprocess.STDOUT, cwd=root)
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


@contextlib.contextmanager
def another_function(deployed: dict, suffix: str, timeout: int, memory: int = 512, endpoint: str | None = None):
    """A second function made through the Lambda API (at ``endpoint``, or the one the
    environment names) from the deployed code package."""
    import boto3
    client = boto3.client("lambda", endpoint_url=endpoint)
    name = deployed["function"] + suffix
    client.create_function(FunctionName=name, Runtime="python3.11", Role="arn:aws:iam::123456789012:role/x",
                           Handler="spark_lambda.executor.handler.handler", Timeout=timeout, MemorySize=memory,
                           Code={"S3Bucket": deployed["bucket"],
                                 "S3Key": f"lambda/spark-lambda-{deployed['version']}.zip"})
    try:
        yield name
    finally:
        client.delete_function(FunctionName=name)


def spark_distribution() -> str | None:
    """The Spark distribution inside the installed pyspark package (found, not imported), when
    it has the History Server's launcher and Java is on the machine; else None."""
    import importlib.util
    import shutil
    spec = importlib.util.find_spec("pyspark")
    if spec is None or not spec.submodule_search_locations or not shutil.which("java"):
        return None
    home = list(spec.submodule_search_locations)[0]
    return home if os.path.exists(os.path.join(home, "bin", "spark-class")) else None


class HistoryServer:
    """Spark's History Server (``spark-class org.apache.spark.deploy.history.HistoryServer``)
    over the event logs in ``log_dir``, on 127.0.0.1 and a free port; its output goes to
    ``log_path``. ``get(path)`` reads its REST API (``/api/v1/...``)."""

    def __init__(self, spark_home: str, log_dir: str, log_path: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        options = [f"-Dspark.history.fs.logDirectory=file:{log_dir}", f"-Dspark.history.ui.port={self.port}",
                   "-Dspark.history.fs.update.interval=1s", "-Dspark.ui.bindAddress=127.0.0.1"]
        env = {**os.environ, "SPARK_HOME": spark_home, "SPARK_LOCAL_IP": "127.0.0.1",
               "SPARK_HISTORY_OPTS": " ".join(options)}
        self.proc = subprocess.Popen(
            [os.path.join(spark_home, "bin", "spark-class"), "org.apache.spark.deploy.history.HistoryServer"],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        wait_until_up(self, self.url + "/api/v1/applications", f"Spark History Server (see {log_path})", 120)

    def get(self, path: str):
        import json
        with urllib.request.urlopen(self.url + "/api/v1/" + path.lstrip("/"), timeout=30) as response:
            return json.loads(response.read())

    def wait_for(self, app_ids, seconds: float = 120) -> list:
        """The applications list once every id in ``app_ids`` is in it (the server scans its
        directory every second); RuntimeError naming the server's output when they never are."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            apps = self.get("applications")
            if set(app_ids) <= {a["id"] for a in apps}:
                return apps
            time.sleep(0.5)
        raise RuntimeError(f"the History Server never listed {sorted(app_ids)}; see {self.log_path}")

    def output(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self) -> None:
        self.proc.terminate()   # spark-class execs java: this is the server's own process
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()
