from collections import Counter

from spark_lambda.ui.stage_metrics import StageMetrics


def test_sums_task_end_metrics_per_stage_over_every_attempt():
    m = StageMetrics()
    m("task_start", {"stage": 1})
    m("task_end", {"stage": 1, "status": "failed", "metrics": {"requests": {"GET": 2, "GET_bytes": 10}}})
    m("task_end", {"stage": 1, "status": "success",
                   "metrics": {"bytes_written": 7, "requests": {"GET": 1, "PUT": 1, "PUT_bytes": 7}}})
    m("task_end", {"stage": 2, "status": "success", "metrics": {"requests": {"LIST": 1}}})
    m("task_end", {"stage": 3, "status": "failed", "metrics": {}})
    assert m.stage(1)["tasks"] == 2 and m.stage(1)["bytes_written"] == 7
    assert m.stage(1)["requests"] == Counter({"GET": 3, "GET_bytes": 10, "PUT": 1, "PUT_bytes": 7})
    assert m.requests() == Counter({"GET": 3, "GET_bytes": 10, "PUT": 1, "PUT_bytes": 7, "LIST": 1})
    assert m.stage(3)["tasks"] == 1
