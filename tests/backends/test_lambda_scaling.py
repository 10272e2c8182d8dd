"""Lambda's scaling limits against the emulator (real HTTP): a concurrency cap of 4 and a
scaling rate of 2 new environments per second. The backend ramps up through the 429s, never
fails a task for them, and reports the throttles and how long the ramp took."""

import os
import time

import pytest

from ..servers import EmulatorServer, another_function

pytestmark = pytest.mark.usefixtures("ship_tests_by_value")


def _nap(x):
    time.sleep(1.0)
    return (x, os.getpid())


@pytest.fixture(scope="module")
def scaled_emulator(moto_server, tmp_path_factory):
    server = EmulatorServer(str(tmp_path_factory.mktemp("scaled") / "output.log"), concurrency=4,
                            scale_rate="2/1")
    yield server
    server.stop()


def test_ramp_through_throttles_is_reported_and_never_a_failure(deployed_function, lambda_conf, scaled_emulator,
                                                                tmp_path, monkeypatch):
    from spark_lambda import SparkContext
    from spark_lambda.ui.eventlog import log_url, read_event_log
    from spark_lambda.ui.report import render
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", scaled_emulator.url)
    with another_function(deployed_function, "-ramp", timeout=30, endpoint=scaled_emulator.url) as name:
        conf = (lambda_conf.copy().setMaster("lambda://" + name)
                .set("spark.lambda.concurrent.requests.max", "8")       # twice what the account allows
                .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", str(tmp_path)))
        sc = SparkContext(conf=conf)
        try:
            out = sc.parallelize(range(16), 16).map(_nap).collect()
            app = sc.app_id
        finally:
            sc.stop()
    assert [x for x, _ in out] == list(range(16))
    assert len({pid for _, pid in out}) == 4                  # never more environments than the cap
    events = read_event_log(log_url(str(tmp_path), app))
    assert not [e for e in events if e["event"] == "task_end" and e["status"] != "success"]
    scaling = next(e for e in events if e["event"] == "app_end")["backend_scaling"]
    assert scaling["invocations"] == 16
    assert scaling["throttles"] > 0 and scaling["throttle_wait_s"] > 0
    # Spans are the driver's (request sent to answer read): a new request accepted on a slot
    # just freed may start before the old answer has arrived, so the peak may pass the cap
    # that the environments above (4 processes) show was kept.
    assert scaling["peak_in_flight"] >= 4
    # one environment is warm from the version check, two more may start at once, the fourth
    # only when the bucket has refilled half a second later
    assert 0.4 <= scaling["ramp_s"] < 10
    assert f"{scaling['throttles']} throttled attempt(s) were retried" in render(events)
