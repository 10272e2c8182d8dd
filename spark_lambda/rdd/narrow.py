"""Narrow transformations: every one lowers to ``mapPartitionsWithIndex``.

Mixed into ``RDD``. ``map``, ``filter``, ``flatMap``, ``mapPartitions`` and the
rest build ``f(split, iterator)`` and hand it to the primitive
``mapPartitionsWithIndex`` (``lineage.py``), where a chain of them fuses into one
function by composition. A ``StopIteration`` raised by a user's function
inside the built-in ``map``/``filter`` would end the iteration as if the
partition were over, silently dropping the rest (checking afterwards whether
the input was over cannot see a stop on the last record); so ``map`` and
``filter`` call the function in a loop of their own, where it is caught
around the loop (no cost per record beyond the generator step), and
``flatMap`` guards each call (one per input element; its outputs are still
chained in C). Either way the task fails as PySpark's does. ``repartition`` and ``distinct`` go through a shuffle
(``pairs.py``).

``pipe`` runs a command per partition on the executor, feeding it the
partition's elements as lines from a separate thread (so a command that
writes before it has read everything cannot deadlock; the thread sees the
task's TaskContext, since it runs the upstream functions) and yielding its
output lines.
"""

from __future__ import annotations

import itertools
import random
import shlex
import subprocess
import threading
import warnings

from ..errors import StopIterationFailure
from ..shuffle.partitioner import HashPartitioner, check_partitions
from ..taskcontext import TaskContext
from .sampling import sampler


class NarrowMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def mapPartitions(self, f, preservesPartitioning: bool = False) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: f(it), preservesPartitioning)

    def map(self, f, preservesPartitioning: bool = False) -> "RDD":
        def apply(_, it):
            try:
                for x in it:
                    yield f(x)
            except StopIteration as e:
                raise StopIterationFailure(e) from None
        return self.mapPartitionsWithIndex(apply, preservesPartitioning)

    def flatMap(self, f, preservesPartitioning: bool = False) -> "RDD":
        def call(x):  # one guarded call per input element; the outputs are chained in C
            try:
                return f(x)
            except StopIteration as e:
                raise StopIterationFailure(e) from None
        chain = itertools.chain.from_iterable
        return self.mapPartitionsWithIndex(lambda _, it: chain(map(call, it)), preservesPartitioning)

    def filter(self, f) -> "RDD":
        def apply(_, it):
            try:
                for x in it:
                    if f(x):
                        yield x
            except StopIteration as e:
                raise StopIterationFailure(e) from None
        return self.mapPartitionsWithIndex(apply, True)

    def glom(self) -> "RDD":
        return self.mapPartitionsWithIndex(lambda _, it: [list(it)])

    def sample(self, withReplacement: bool, fraction: float, seed: int | None = None) -> "RDD":
        """A seeded random sample: Bernoulli without replacement, Poisson with it."""
        seed = random.randrange(1 << 31) if seed is None else seed
        return self.mapPartitionsWithIndex(sampler(withReplacement, fraction, seed), True)

    def keyBy(self, f) -> "RDD":
        return self.map(lambda x: (f(x), x))

    def union(self, other: "RDD") -> "RDD":
        return self.ctx.union([self, other])

    def repartition(self, numPartitions: int) -> "RDD":
        """Exactly ``numPartitions`` partitions, through a shuffle."""
        check_partitions(numPartitions)

        def add_keys(split, it):
            for i, x in enumerate(it, split * 7919):
                yield i, x
        keyed = self.mapPartitionsWithIndex(add_keys)
        return keyed.partitionBy(numPartitions, HashPartitioner(numPartitions, _identity_int).partition_func) \
            .values()

    def distinct(self, numPartitions: int | None = None) -> "RDD":
        return self.map(lambda x: (x, None)).reduceByKey(lambda x, _: x, numPartitions).keys()

    def mapPartitionsWithSplit(self, f, preservesPartitioning: bool = False):
        """Deprecated name of ``mapPartitionsWithIndex``."""
        warnings.warn("mapPartitionsWithSplit is deprecated; use mapPartitionsWithIndex instead",
                      FutureWarning, stacklevel=2)
        return self.mapPartitionsWithIndex(f, preservesPartitioning)

    def pipe(self, command: str, env: dict | None = None, checkCode: bool = False):
        """The output lines of ``command`` run over each partition's elements, one per line."""
        args = shlex.split(command)
        environment = dict(env or {})

        def run(it):
            tc = TaskContext.get()
            proc = subprocess.Popen(args, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            failure: list = []

            def feed():  # runs the upstream functions, so it acts as the task's thread
                if tc is not None:
                    tc.__enter__()
                try:
                    for x in it:
                        proc.stdin.write((str(x).rstrip("\n") + "\n").encode("utf-8"))
                except BrokenPipeError:
                    pass
                except BaseException as e:  # noqa: BLE001 - re-raised in the task's thread
                    failure.append(e)
                finally:
                    try:
                        proc.stdin.close()
                    except BrokenPipeError:
                        pass
                    if tc is not None:
                        tc.__exit__(None, None, None)
            writer = threading.Thread(target=feed, daemon=True)
            writer.start()
            for line in proc.stdout:
                yield line.decode("utf-8").rstrip("\n")
            writer.join()
            code = proc.wait()
            if failure:
                raise failure[0]
            if checkCode and code:
                raise RuntimeError(f"Pipe function `{command}' exited with error code {code}")
        return self.mapPartitions(run)


def _identity_int(i: int) -> int:
    return i

