"""A worker killed by a signal names it, with faulthandler's traceback when enabled
(PySpark: "Python worker exited unexpectedly (crashed)" and the dumped traceback
under spark.python.worker.faulthandler.enabled)."""

from __future__ import annotations

import ctypes
import signal

import pytest

from spark_lambda.backends.local import crash_signal_name


def crash_in_native_code(x):
    if x == 1:
        ctypes.string_at(0)  # reads address 0: a segmentation fault inside a C function
    return x


def test_signal_names():
    assert crash_signal_name(signal.SIGSEGV) == "Segmentation fault"
    assert crash_signal_name(signal.SIGKILL) == "Killed"
    assert crash_signal_name(1000) == "signal 1000"


def test_a_segfault_names_the_signal_and_suggests_faulthandler(new_context):
    sc = new_context("local[1]", **{"spark.task.maxFailures": "1"})
    with pytest.raises(Exception, match=r"Segmentation fault") as info:
        sc.parallelize([0, 1], 1).map(crash_in_native_code).collect()
    text = str(info.value)
    assert "crashed" in text and f"signal {int(signal.SIGSEGV)}" in text
    assert "spark.python.worker.faulthandler.enabled" in text
    assert "Fatal Python error" not in text
    assert sc.parallelize([2, 3], 1).map(crash_in_native_code).collect() == [2, 3]  # a new worker


def test_faulthandler_traceback_comes_with_the_failure(new_context):
    sc = new_context("local[1]", **{"spark.task.maxFailures": "1",
                                    "spark.python.worker.faulthandler.enabled": "true"})
    with pytest.raises(Exception, match=r"Segmentation fault") as info:
        sc.parallelize([0, 1], 1).map(crash_in_native_code).collect()
    text = str(info.value)
    assert "Fatal Python error: Segmentation fault" in text
    assert "crash_in_native_code" in text  # the Python frame that called into C
