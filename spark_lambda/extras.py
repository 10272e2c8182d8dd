"""More RDD methods: pipe, sorting within partitions, local iteration, debugging.

Mixed into ``RDD``. ``pipe`` runs a command per partition on the executor,
feeding it the partition's elements as lines from a separate thread (so a
command that writes before it has read everything cannot deadlock; the
thread sees the task's TaskContext, since it runs the upstream functions)
and yielding its output lines. ``toDebugString`` draws the lineage as Spark does:
``|`` for a narrow dependency, ``+-`` where a shuffle starts a new stage.
"""

from __future__ import annotations

import shlex
import subprocess
import threading

from .partitioner import portable_hash


class ExtrasMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

    def pipe(self, command: str, env: dict | None = None, checkCode: bool = False):
        """The output lines of ``command`` run over each partition's elements, one per line."""
        args = shlex.split(command)
        environment = dict(env or {})

        def run(it):
            from .taskcontext import TaskContext
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

    def groupBy(self, f, numPartitions=None, partitionFunc=portable_hash):
        """Group the elements by ``f(element)``: pairs of a key and the ResultIterable of its elements."""
        return self.map(lambda x: (f(x), x)).groupByKey(numPartitions, partitionFunc)

    def mapPartitionsWithSplit(self, f, preservesPartitioning: bool = False):
        """Deprecated name of ``mapPartitionsWithIndex``."""
        import warnings
        warnings.warn("mapPartitionsWithSplit is deprecated; use mapPartitionsWithIndex instead",
                      FutureWarning, stacklevel=2)
        return self.mapPartitionsWithIndex(f, preservesPartitioning)

    def repartitionAndSortWithinPartitions(self, numPartitions=None, partitionFunc=portable_hash,
                                           ascending: bool = True, keyfunc=lambda x: x):
        """Repartition by key with ``partitionFunc`` and sort each partition by key."""
        if numPartitions is None:
            numPartitions = self._default_reduce_partitions()

        def sort_partition(it):
            from .pairs import _sorted_partition
            return _sorted_partition(it, lambda kv: keyfunc(kv[0]), ascending)
        return self.partitionBy(numPartitions, partitionFunc).mapPartitions(sort_partition, True)

    def reduceByKeyLocally(self, func) -> dict:
        """Merge the values of each key with ``func`` and return the result to the driver as a dict."""
        def reduce_partition(it):
            from .pairs import not_a_pair
            merged: dict = {}
            for kv in it:
                error = not_a_pair(kv)
                if error:
                    raise error
                k, v = kv
                merged[k] = func(merged[k], v) if k in merged else v
            return merged

        result: dict = {}
        for part in self.ctx.run_job(self, reduce_partition):
            for k, v in part.items():
                result[k] = func(result[k], v) if k in result else v
        return result

    def toLocalIterator(self, prefetchPartitions: bool = False):
        """Iterate over the elements on the driver, fetching one partition per job."""
        for split in range(self.getNumPartitions()):
            yield from self.ctx.run_job(self, list, [split])[0]

    def saveAsPickleFile(self, path: str, batchSize: int = 10) -> None:
        """Save the elements as pickled batches (read back with ``SparkContext.pickleFile``)."""
        from .io.pickled import save_pickled
        save_pickled(self, path, batchSize)

    def toDebugString(self) -> bytes:
        """The lineage as text (bytes, as PySpark returns it)."""
        lines: list[str] = []
        _describe(self, "", "", lines)
        return "\n".join(lines).encode("utf-8")


def _describe(rdd, head: str, prefix: str, lines: list, stage_start: bool = True) -> None:
    """Append ``rdd``'s line and its ancestors' (``prefix`` indents the current stage)."""
    stored = f" [{rdd.getStorageLevel()}]" if rdd.storage_level is not None else " []"
    label = f"{type(rdd).__name__}[{rdd.id}]" + (f" {rdd.name()}" if rdd.name() else "")
    if rdd.checkpoint_data is not None and rdd.checkpoint_data.done:
        label += " (checkpointed)"
    count = f"({rdd.getNumPartitions()}) " if stage_start else ""
    lines.append(f"{head}{count}{label}{stored}")
    for parent in rdd.parents:
        _describe(parent, prefix + " |  ", prefix, lines, False)
    for dep in rdd.shuffle_deps:
        _describe(dep.rdd, prefix + " +-", prefix + "   ", lines)
