"""The Python profiler as PySpark's: spark.python.profile runs cProfile per task and
merges a stage's tasks per RDD; show_profiles prints "Profile of RDD<id=N>" once;
dump_profiles writes rdd_<id>.pstats; profiler_cls takes a custom profiler."""

from __future__ import annotations

import os
import pstats

import pytest

from spark_lambda import BasicProfiler, SparkConf, SparkContext


def slow_square(x):
    return x * x


def profiled_context(tmp_path, profiler_cls=None, **settings):
    conf = SparkConf(loadDefaults=False).set("spark.local.dir", str(tmp_path / "local")) \
        .set("spark.python.profile", "true")
    for k, v in settings.items():
        conf.set(k, v)
    return SparkContext("local[2]", "profiled", conf=conf, profiler_cls=profiler_cls)


def calls_of(stats: pstats.Stats, name: str) -> int:
    return sum(v[1] for (_file, _line, func), v in stats.stats.items() if func == name)


def test_profiles_are_merged_per_rdd_shown_once_and_dumped(tmp_path, capsys):
    sc = profiled_context(tmp_path)
    try:
        rdd = sc.parallelize(range(100), 4).map(slow_square)
        assert rdd.sum() == sum(x * x for x in range(100))
        profilers = sc.profiler_collector.profilers
        assert len(profilers) == 1
        (rdd_id, (profiler, _)), = profilers.items()
        assert calls_of(profiler.stats(), "slow_square") == 100  # all four tasks' calls, merged
        sc.show_profiles()
        out = capsys.readouterr().out
        assert f"Profile of RDD<id={rdd_id}>" in out and "slow_square" in out
        sc.show_profiles()
        assert capsys.readouterr().out == ""  # each profile is shown once
        sc.dump_profiles(str(tmp_path / "dump"))
        assert os.listdir(tmp_path / "dump") == [f"rdd_{rdd_id}.pstats"]
        loaded = pstats.Stats(str(tmp_path / "dump" / f"rdd_{rdd_id}.pstats"))
        assert calls_of(loaded, "slow_square") == 100
    finally:
        sc.stop()


def test_profiles_are_dumped_at_stop_when_asked(tmp_path, capsys):
    sc = profiled_context(tmp_path, **{"spark.python.profile.dump": str(tmp_path / "at-stop")})
    sc.parallelize(range(10), 2).map(slow_square).collect()
    sc.stop()
    assert [f for f in os.listdir(tmp_path / "at-stop") if f.startswith("rdd_") and f.endswith(".pstats")]
    assert "Profile of RDD" not in capsys.readouterr().out


class CountingProfiler(BasicProfiler):
    added = 0

    def add(self, stats):
        CountingProfiler.added += 1
        super().add(stats)

    def show(self, id):
        print(f"counted profile {id}: {CountingProfiler.added} tasks")


def test_a_custom_profiler_class(tmp_path, capsys):
    sc = profiled_context(tmp_path, profiler_cls=CountingProfiler)
    try:
        sc.parallelize(range(10), 3).map(slow_square).collect()
        assert CountingProfiler.added == 3
        sc.show_profiles()
        assert "counted profile" in capsys.readouterr().out
    finally:
        sc.stop()


def test_basic_profiler_profiles_a_call():
    profiler = BasicProfiler(None)
    assert profiler.profile(slow_square, 7) == 49
    assert calls_of(profiler.stats(), "slow_square") == 1


def test_profiles_need_spark_python_profile(sc):
    with pytest.raises(RuntimeError, match="spark.python.profile"):
        sc.show_profiles()
    assert sc.parallelize([1], 1).collect() == [1]
