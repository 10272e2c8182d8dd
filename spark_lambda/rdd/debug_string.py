"""``RDD.toDebugString``: the lineage drawn as Spark draws it.

``|`` marks a narrow dependency, ``+-`` a shuffle that starts a new stage;
each stage's first line carries its partition count.
"""

from __future__ import annotations


class DebugStringMixin:
    """Mixed into RDD; every method is PySpark's of the same name."""

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
