"""reduceByKeyLocally."""

from __future__ import annotations

import operator
from collections import defaultdict

import pytest

from spark_lambda import portable_hash


def test_reduce_by_key_locally(sc):
    pairs = [("a", 1), ("b", 1), ("a", 1), ("c", 5)] * 5
    want = defaultdict(int)
    for k, v in pairs:
        want[k] += v
    assert sc.parallelize(pairs, 3).reduceByKeyLocally(operator.add) == dict(want)
    with pytest.raises(TypeError, match="key, value"):
        sc.parallelize([1, 2]).reduceByKeyLocally(operator.add)
