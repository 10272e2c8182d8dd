"""ResultIterable: the values of one key after ``groupByKey`` or ``cogroup`` (``pyspark.resultiterable``)."""

from __future__ import annotations


class ResultIterable:
    """The values of one key after ``groupByKey``: iterable, sized, picklable."""

    def __init__(self, data: list):
        self.data = data
        self.maxindex = len(data)

    def __iter__(self):
        return iter(self.data)

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        return f"ResultIterable({self.data!r})"
