"""StorageLevel: where persisted partitions live (``pyspark.storagelevel``).

PySpark's names and flags; every level keeps its partitions in the object store here, since
executors do not outlive their tasks (``rdd/persist.py``).
"""


class StorageLevel:
    """Where persisted partitions live; PySpark's names, all kept in the object store here."""

    def __init__(self, useDisk, useMemory, useOffHeap, deserialized, replication=1):
        self.useDisk, self.useMemory, self.useOffHeap = useDisk, useMemory, useOffHeap
        self.deserialized, self.replication = deserialized, replication

    def __eq__(self, other):
        return isinstance(other, StorageLevel) and vars(self) == vars(other)

    def __hash__(self):
        return hash(tuple(vars(self).values()))

    def __repr__(self):
        return (f"StorageLevel({self.useDisk}, {self.useMemory}, {self.useOffHeap}, "
                f"{self.deserialized}, {self.replication})")

    def __str__(self):
        parts = [("Disk", self.useDisk), ("Memory", self.useMemory), ("OffHeap", self.useOffHeap)]
        kinds = "".join(n + " " for n, on in parts if on)
        ser = "Deserialized" if self.deserialized else "Serialized"
        return f"{kinds}{ser} {self.replication}x Replicated"


for _name, _args in {
    "NONE": (False, False, False, False),
    "DISK_ONLY": (True, False, False, False), "DISK_ONLY_2": (True, False, False, False, 2),
    "DISK_ONLY_3": (True, False, False, False, 3), "MEMORY_ONLY": (False, True, False, False),
    "MEMORY_ONLY_2": (False, True, False, False, 2), "MEMORY_AND_DISK": (True, True, False, False),
    "MEMORY_AND_DISK_2": (True, True, False, False, 2), "OFF_HEAP": (True, True, True, False, 1),
    "MEMORY_AND_DISK_DESER": (True, True, False, True),
}.items():
    setattr(StorageLevel, _name, StorageLevel(*_args))
