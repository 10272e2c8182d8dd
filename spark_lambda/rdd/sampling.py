"""Seeded, reproducible sampling of partitions (``RDD.sample`` and friends).

Each partition draws from its own generator seeded by ``(seed, split)``, so a
sample is the same whichever executor computes it and however often.
Without replacement every element is kept with probability ``fraction``
(Bernoulli); with replacement each element is repeated a Poisson(``fraction``)
number of times. ``randomSplit`` draws one number per element and keeps it
in the split whose range of [0, 1) holds it, so with one seed the splits are
disjoint and together hold every element; ``sampleByKey`` takes the fraction
from the element's key; ``takeSample`` oversamples by a margin that makes a
second pass rare (``fraction_for_size``) and then shuffles and cuts.
"""

from __future__ import annotations

import math
import random
import sys


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
    return _per_element(with_replacement, lambda x: fraction, seed)


def range_sampler(low: float, high: float, seed: int):
    """Keep the elements whose draw falls in ``[low, high)``; disjoint ranges split the RDD."""
    def sample(split, it):
        rng = partition_rng(seed, split)
        for x in it:
            if low <= rng.random() < high:
                yield x
    return sample


def key_sampler(with_replacement: bool, fractions: dict, seed: int):
    """Sample (key, value) pairs with a fraction per key."""
    return _per_element(with_replacement, lambda kv: fractions[kv[0]], seed)


def _per_element(with_replacement: bool, fraction_of, seed: int):
    """Keep each element ``x`` with probability ``fraction_of(x)`` (without replacement),
    or repeat it Poisson(``fraction_of(x)``) times (with replacement)."""
    def sample(split, it):
        rng = partition_rng(seed, split)
        for x in it:
            if with_replacement:
                for _ in range(_poisson(rng, fraction_of(x))):
                    yield x
            elif rng.random() < fraction_of(x):
                yield x
    return sample


def fraction_for_size(num: int, total: int, with_replacement: bool) -> float:
    """A sampling fraction that yields at least ``num`` of ``total`` elements with high probability.

    With replacement the sample size is Poisson, so the fraction adds enough
    standard deviations (9 for tiny samples, 5 otherwise) to the mean. Without
    replacement it is binomial; the fraction is the smallest ``q`` for which a
    Chernoff bound makes a sample under ``num`` less likely than 1e-4."""
    fraction = num / total
    if with_replacement:
        deviations = 9 if num < 12 else 5
        return max(fraction + deviations * math.sqrt(fraction / total), 1e-10)
    gamma = -math.log(1e-4) / total
    return min(1.0, max(1e-10, fraction + gamma + math.sqrt(gamma * gamma + 2 * gamma * fraction)))


class SamplingMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def takeSample(self, withReplacement: bool, num: int, seed: int | None = None) -> list:
        """A list of ``num`` elements sampled at random (all of them, shuffled, if fewer)."""
        limit = sys.maxsize - int(10.0 * math.sqrt(sys.maxsize))
        if num < 0:
            raise ValueError("Sample size cannot be negative.")
        if num > limit:
            raise ValueError(f"Sample size cannot be greater than {limit}.")
        if num == 0 or self.getNumPartitions() == 0:
            return []
        total = self.count()
        if total == 0:
            return []
        rng = random.Random(seed)
        if not withReplacement and num >= total:
            items = self.collect()
            rng.shuffle(items)
            return items
        fraction = fraction_for_size(num, total, withReplacement)
        items = self.sample(withReplacement, fraction, rng.randrange(1 << 31)).collect()
        while len(items) < num:  # rare: draw again with a new seed
            items = self.sample(withReplacement, fraction, rng.randrange(1 << 31)).collect()
        rng.shuffle(items)
        return items[:num]

    def randomSplit(self, weights, seed: int | None = None) -> list:
        """Disjoint random RDDs, sized in proportion to ``weights``, covering this one."""
        if not all(w >= 0 for w in weights):
            raise ValueError("Weights must be nonnegative")
        total = float(sum(weights))
        if not total > 0:
            raise ValueError("Sum of weights must be positive")
        seed = random.randrange(1 << 31) if seed is None else seed
        bounds = [0.0]
        for w in weights:
            bounds.append(bounds[-1] + w / total)
        bounds[-1] = 1.0
        return [self.mapPartitionsWithIndex(range_sampler(lo, hi, seed), True)
                for lo, hi in zip(bounds, bounds[1:])]

    def sampleByKey(self, withReplacement: bool, fractions: dict, seed: int | None = None):
        """A sample of (key, value) pairs with the fraction ``fractions[key]`` for each key."""
        for key, fraction in fractions.items():
            if fraction < 0:
                raise ValueError(f"Negative fraction value {fraction} for key {key!r}")
        seed = random.randrange(1 << 31) if seed is None else seed
        return self.mapPartitionsWithIndex(key_sampler(withReplacement, dict(fractions), seed), True)
