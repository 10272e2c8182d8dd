"""PySpark's Python profilers: cProfile statistics per RDD, shown or dumped on the driver.

With ``spark.python.profile=true`` every task runs under ``cProfile``
(``executor.run_task``) and sends its statistics back in the task result,
marshalled. The scheduler hands each counted task's statistics to
``SparkContext.add_profile``, which adds them to the profiler of the stage's
RDD (one per RDD id, made by ``ProfilerCollector`` from the context's
``profiler_cls``): a stage's tasks merge into one ``pstats.Stats``.
``sc.show_profiles()`` prints each profile once, ``sc.dump_profiles(path)``
writes ``rdd_<id>.pstats`` files, as PySpark does; at ``stop()`` the profiles
are dumped to ``spark.python.profile.dump`` if set, else shown.

A custom profiler subclasses ``BasicProfiler`` (or ``Profiler``) and is given
to ``SparkContext(profiler_cls=...)``: it receives the tasks' statistics
through ``add`` and answers ``stats``, ``show`` and ``dump``. Executors always
profile with cProfile; ``profile(func)`` profiles a call where it is made.
"""

from __future__ import annotations

import cProfile
import marshal
import os
import pstats


class Profiler:
    """PySpark's profiler interface: ``profile``, ``stats``, ``show(id)``, ``dump(id, path)``."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx

    def profile(self, func, *args, **kwargs):
        """Run ``func(*args, **kwargs)`` under the profiler; returns its value."""
        raise NotImplementedError

    def stats(self):
        """The collected statistics (a ``pstats.Stats``), or None when there are none."""
        raise NotImplementedError

    def show(self, id: int) -> None:
        """Print the profile of RDD ``id``, sorted by internal time, then cumulative time."""
        stats = self.stats()
        if stats:
            print("=" * 60)
            print(f"Profile of RDD<id={id}>")
            print("=" * 60)
            stats.sort_stats("time", "cumulative").print_stats()

    def dump(self, id: int, path: str) -> None:
        """Write the profile of RDD ``id`` to ``path/rdd_<id>.pstats`` (``pstats`` can load it)."""
        os.makedirs(path, exist_ok=True)
        stats = self.stats()
        if stats:
            stats.dump_stats(os.path.join(path, f"rdd_{id}.pstats"))


class BasicProfiler(Profiler):
    """The default profiler: cProfile statistics, merged as they are added."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._stats: pstats.Stats | None = None

    def profile(self, func, *args, **kwargs):
        profile = cProfile.Profile()
        value = profile.runcall(func, *args, **kwargs)
        self.add(pstats.Stats(profile))
        return value

    def add(self, stats: pstats.Stats) -> None:
        """Merge one task's (or call's) statistics into this profile."""
        stats.stream = None
        stats.strip_dirs()
        if self._stats is None:
            self._stats = stats
        else:
            self._stats.add(stats)

    def stats(self):
        return self._stats


def task_stats(data: bytes) -> pstats.Stats:
    """A task's marshalled ``cProfile`` statistics (``executor.run_task``) as ``pstats.Stats``."""
    stats = pstats.Stats()  # an empty one: filled from the table a profile would have produced
    stats.stats = marshal.loads(data)
    stats.get_top_level_stats()
    return stats


class ProfilerCollector:
    """The context's profilers by RDD id: made on the first statistics of an RDD, shown once."""

    def __init__(self, profiler_cls, ctx, dump_path: str | None = None) -> None:
        self.profiler_cls = profiler_cls
        self.ctx = ctx
        self.dump_path = dump_path
        self.profilers: dict[int, list] = {}   # id -> [profiler, shown]

    def add(self, rdd_id: int, stats: pstats.Stats) -> None:
        entry = self.profilers.get(rdd_id)
        if entry is None:
            entry = self.profilers[rdd_id] = [self.profiler_cls(self.ctx), False]
        entry[0].add(stats)

    def show_profiles(self) -> None:
        """Print every profile not printed yet."""
        for rdd_id, entry in sorted(self.profilers.items()):
            if not entry[1]:
                entry[0].show(rdd_id)
                entry[1] = True

    def dump_profiles(self, path: str) -> None:
        """Write every profile to ``path/rdd_<id>.pstats``."""
        for rdd_id, (profiler, _shown) in sorted(self.profilers.items()):
            profiler.dump(rdd_id, path)

    def finish(self) -> None:
        """At the context's stop: dump to ``spark.python.profile.dump``, or show what is left."""
        if self.dump_path:
            self.dump_profiles(self.dump_path)
        else:
            self.show_profiles()
