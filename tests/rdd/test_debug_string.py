"""toDebugString."""

from __future__ import annotations

import operator
from collections import defaultdict

import pytest

from spark_lambda import portable_hash


def test_to_debug_string(sc):
    base = sc.parallelize(range(10), 2).setName("numbers")
    rdd = base.map(lambda x: (x % 3, x)).reduceByKey(operator.add).cache()
    text = rdd.toDebugString()
    assert isinstance(text, bytes)
    lines = text.decode().splitlines()
    assert lines[0].startswith("(2) MapPartitionsRDD[") and "Memory Serialized 1x Replicated" in lines[0]
    assert any(line.startswith(" |  ShuffledRDD[") for line in lines)
    assert any(line.startswith(" +-(2) MapPartitionsRDD[") for line in lines)
    assert lines[-1].startswith("    |  ParallelCollectionRDD[") and "numbers" in lines[-1]
