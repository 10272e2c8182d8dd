"""The cost model against AWS's published pricing arithmetic."""

from __future__ import annotations

import pytest

from spark_lambda.errors import ConfigurationError
from spark_lambda.ui.cost import Prices, compute_cost, cost_of_events, usd

DEFAULTS = Prices.from_settings()


def report_line(billed_ms, memory_mb, init_ms=None):
    report = {"duration_ms": billed_ms - 0.4, "billed_duration_ms": billed_ms,
              "memory_size_mb": memory_mb, "max_memory_used_mb": 80}
    if init_ms is not None:
        report["init_duration_ms"] = init_ms
    return {"status": "success", "metrics": {"duration_ms": billed_ms - 5, "lambda": report}}


def test_default_prices_are_aws_us_east_1():
    assert DEFAULTS == Prices(gb_second=0.0000166667, requests_per_million=0.20,
                              s3_put_per_thousand=0.005, s3_get_per_thousand=0.0004,
                              s3_delete_per_thousand=0.0)


def test_measured_invocations_follow_aws_pricing_example():
    # AWS's example, scaled down 1000x: 512 MB, 1 s each, 3,000 invocations
    # -> 1,500 GB-s x $0.0000166667 = $0.025; 3,000 x $0.20 / 1M = $0.0006.
    ends = [report_line(1000, 512, init_ms=250.0 if i < 7 else None) for i in range(3000)]
    cost = compute_cost(ends, DEFAULTS, memory_mb=4096)
    assert cost.gb_seconds == pytest.approx(1500)
    assert cost.compute_usd == pytest.approx(0.025, rel=1e-5)
    assert cost.requests_usd == pytest.approx(0.0006)
    assert (cost.invocations, cost.reported, cost.cold_starts) == (3000, 3000, 7)
    assert not cost.estimated


def test_local_attempts_are_estimated_from_duration_rounded_up_to_the_ms():
    ends = [{"status": "success", "metrics": {"duration_ms": 1.2}},
            {"status": "failed", "metrics": {"duration_ms": 10.0}},
            {"status": "failed", "metrics": {}}]           # executor lost: an invocation, no time
    cost = compute_cost(ends, DEFAULTS, memory_mb=2048)
    assert cost.billed_ms == 2 + 10
    assert cost.gb_seconds == pytest.approx(12 / 1000 * 2)
    assert cost.invocations == 3 and cost.estimated


def test_s3_requests_priced_by_class():
    ends = [{"metrics": {"duration_ms": 1, "requests": {"PUT": 600, "PUT_bytes": 10 ** 9, "GET": 700}}},
            {"metrics": {"duration_ms": 1, "requests": {"LIST": 400, "HEAD": 300, "DELETE": 50}}}]
    cost = compute_cost(ends, DEFAULTS, 1024, driver_requests={"PUT": 0, "GET": 0})
    assert cost.s3_requests == {"PUT": 600, "GET": 700, "LIST": 400, "HEAD": 300, "DELETE": 50}
    # 1,000 PUT-class at $0.005/1,000 + 1,000 GET-class at $0.0004/1,000; DELETE is free
    assert cost.s3_total_usd == pytest.approx(0.005 + 0.0004)


def test_prices_layer_over_defaults_and_are_checked():
    prices = Prices.from_settings({"spark.lambda.price.gbSecond": "0.00001"},
                                  {"spark.lambda.price.s3.putPerThousand": "1"})
    assert prices.gb_second == 0.00001 and prices.s3_put_per_thousand == 1.0
    assert prices.requests_per_million == 0.20
    with pytest.raises(ConfigurationError, match="spark.lambda.price.gbSecond"):
        Prices.from_settings({"spark.lambda.price.gbSecond": "cheap"})


def test_cost_of_events_uses_the_logged_memory_and_conf():
    events = [{"event": "app_start", "memory_mb": 256, "conf": {"spark.lambda.price.gbSecond": "2"}},
              {"event": "task_end", "metrics": {"duration_ms": 999.1}},
              {"event": "app_end", "driver_requests": {"PUT": 2}}]
    cost = cost_of_events(events)
    assert cost.memory_mb == 256 and cost.compute_usd == pytest.approx(1.0 * 0.25 * 2)
    assert cost.s3_requests == {"PUT": 2}
    again = cost_of_events(events, {"spark.executor.memory": "1g"})
    assert again.compute_usd == pytest.approx(1.0 * 1 * 2)


def test_usd_is_readable_at_every_size():
    assert [usd(x) for x in (0, 25, 0.0123, 0.0000042, 1234.5)] == \
        ["$0", "$25.00", "$0.0123", "$0.00000420", "$1,234.50"]


def test_backend_invocations_outside_tasks_are_billed():
    events = [{"event": "app_start", "memory_mb": 1024, "conf": {}},
              {"event": "task_end", "metrics": {"lambda": {"billed_duration_ms": 100, "memory_size_mb": 2048}}},
              {"event": "app_end", "driver_requests": {},
               "backend_invocations": [{"purpose": "ping", "lambda": {
                   "billed_duration_ms": 20, "memory_size_mb": 2048, "init_duration_ms": 400.5}}]}]
    cost = cost_of_events(events)
    assert (cost.invocations, cost.side_invocations, cost.reported, cost.cold_starts) == (2, 1, 2, 1)
    assert cost.gb_seconds == pytest.approx(0.12 * 2)
    assert not cost.estimated
