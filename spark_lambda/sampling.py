"""Seeded, reproducible sampling of partitions (``RDD.sample`` and friends).

Each partition draws from its own generator seeded by ``(seed, split)``, so a
sample is the same whichever executor computes it and however often.
Without replacement every element is kept with probability ``fraction``
(Bernoulli); with replacement each element is repeated a Poisson(``fraction``)
number of times.
"""

from __future__ import annotations

import math
import random


def partition_rng(seed: int, split: int) -> random.Random:
    return random.Random((seed * 1_000_003) ^ (split * 0x9E3779B1))


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; fine for the small means sampling uses.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def sampler(with_replacement: bool, fraction: float, seed: int):
    """A partition function ``f(split, iterator)`` that samples the partition."""
    if fraction < 0:
        raise ValueError(f"fraction must be >= 0, got {fraction}")
    if not with_replacement and fraction > 1:
        raise ValueError(f"fraction must be in [0, 1] without replacement, got {fraction}")

    def sample(split, it):
        rng = partition_rng(seed, split)
        if with_replacement:
            for x in it:
                for _ in range(_poisson(rng, fraction)):
                    yield x
        else:
            for x in it:
                if rng.random() < fraction:
                    yield x
    return sample
