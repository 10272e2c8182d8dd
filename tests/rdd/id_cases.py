"""Programs whose RDD ids were recorded from PySpark (tests/data/pyspark_rdd_ids.json, written
by bench/record_pyspark_ids.py); ``test_ids.py`` runs them here and compares.

Each case takes a SparkContext and a text file's path and returns the ids it observed, less
the id of an RDD made first, so cases can share a context."""

from __future__ import annotations

from operator import add


def _f(x):
    return x + 1


def _g(x):
    return x > 2


def _base(sc):
    return sc.parallelize([0], 1).id()


def narrow_chain(sc, path):
    b = _base(sc)
    a = sc.parallelize([1, 2, 3], 2)
    return [i - b for i in (a.id(), a.map(_f).id(), a.map(_f).filter(_g).id(),
                            sc.parallelize([1, 2], 2).map(_f).filter(_g).id())]


def asked_late(sc, path):
    b = _base(sc)
    e = sc.parallelize(range(10), 2)
    m = e.map(_f)
    fl = m.filter(_g)
    return [i - b for i in (fl.id(), m.id(), e.id(), m.id(), fl.id())]


def ranges(sc, path):
    b = _base(sc)
    r = sc.range(5)
    out = [r.map(_f).id(), r.id(), sc.range(0, 10, 2, 3).id(), sc.parallelize(range(4)).id(),
           sc.parallelize(range(0)).id()]
    return [i - b for i in out]


def actions(sc, path):
    b = _base(sc)
    x = sc.parallelize(range(4)).map(_f)
    x.collect()
    out = [x.id(), x.map(_f).id()]
    y = sc.parallelize([1, 2, 3], 2).map(_f)
    y.count()
    out.append(y.id())
    z = sc.parallelize([3, 1, 2], 2).map(_f)
    z.sum()
    z.reduce(add)
    z.take(1)
    out += [z.id(), sc.parallelize([1]).id()]
    return [i - b for i in out]


def shuffles(sc, path):
    b = _base(sc)
    pairs = sc.parallelize([(1, 2), (2, 3), (1, 4)], 2)
    out = [pairs.reduceByKey(add).id(), pairs.map(lambda kv: kv).reduceByKey(add).map(_f).id(),
           pairs.partitionBy(3).id(), pairs.groupByKey().id(), pairs.mapValues(_f).partitionBy(2).id(),
           sc.parallelize([1, 2, 1]).distinct().id()]
    return [i - b for i in out]


def persisted(sc, path):
    b = _base(sc)
    c = sc.parallelize(range(4)).map(_f).cache()
    out = [c.map(_f).id(), c.id()]
    n = sc.parallelize([1, 2]).map(_f)
    n.setName("n")
    out.append(n.id())
    return [i - b for i in out]


def unions_and_files(sc, path):
    b = _base(sc)
    u = sc.parallelize([1]).union(sc.parallelize([2]))
    m = sc.parallelize([1]).map(_f)
    um = m.union(sc.parallelize([2]))
    out = [u.id(), um.id(), m.id(), sc.textFile(path).id(), sc.textFile(path).map(_f).id(),
           sc.textFile(path).union(sc.parallelize([1, 2, 3])).id(),
           sc.union([sc.parallelize([1, 2], 1), sc.parallelize([1, 2, 3, 4], 1)]).id(),
           sc.union([sc.parallelize([1, 2], 1), sc.parallelize([3, 4], 1), m]).id()]
    return [i - b for i in out]


CASES = {f.__name__: f for f in (narrow_chain, asked_late, ranges, actions, shuffles, persisted,
                                 unions_and_files)}
