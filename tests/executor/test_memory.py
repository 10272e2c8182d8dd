"""The worker's memory as the system counts it, and the budget left for data."""

import sys

import pytest

from spark_lambda.executor import memory

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")


@linux
def test_current_rss_follows_what_the_process_touches():
    before = memory.current_rss()
    block = bytearray(48 << 20)  # zero-filled: every page touched
    grown = memory.current_rss() - before
    assert 40 << 20 < grown < 64 << 20
    del block
    assert memory.peak_rss_kb() * 1024 >= before + (40 << 20)


@linux
def test_data_budget_is_the_budget_less_the_worker():
    budget = 1 << 30
    used = memory.current_rss()
    assert used > 0
    left = memory.data_budget(budget)
    assert budget - used - (8 << 20) <= left <= budget - used + (8 << 20)
    block = bytearray(64 << 20)
    assert memory.data_budget(budget) < left - (56 << 20)
    del block


def test_data_budget_never_below_a_quarter():
    # a worker already past a small budget still gets room to make progress
    assert memory.data_budget(1 << 20) == (1 << 20) // 4
