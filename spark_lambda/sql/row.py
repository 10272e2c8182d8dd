"""``Row``: a tuple with field names, as ``pyspark.sql.Row``.

``Row(a=1, b='x')`` is a row with fields ``a`` and ``b`` (in the order given); ``Row('a', 'b')``
is a row *class* whose call makes rows (``Row('a', 'b')(1, 'x')``). Fields are reachable by
attribute, by name and by position; equality is tuple equality.
"""

from __future__ import annotations

import itertools


class Row(tuple):
    """A row of a DataFrame: a tuple whose items may have names."""

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Can not use both args and kwargs to create Row")
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs)
            return row
        return tuple.__new__(cls, args)

    @classmethod
    def from_fields(cls, names, values) -> "Row":
        """A row with the given field names (duplicates allowed) and values."""
        row = tuple.__new__(cls, values)
        row.__fields__ = list(names)
        return row

    @classmethod
    def from_columns(cls, names, columns: list) -> list:
        """The rows of a result, from one list of values per column: every row's field names
        are one list (as PySpark's rows of one result share their schema's names), and
        none goes through ``__setattr__`` (a result of many rows spent most of its
        conversion there)."""
        names = list(names)
        rows = list(map(tuple.__new__, itertools.repeat(cls), zip(*columns)))
        for row in rows:
            row.__dict__["__fields__"] = names
        return rows

    def asDict(self, recursive: bool = False) -> dict:
        """The row as a dict of field name to value (nested rows too when ``recursive``)."""
        if not hasattr(self, "__fields__"):
            raise TypeError("Cannot convert a Row class into dict")

        def conv(v):
            if not recursive:
                return v
            if isinstance(v, Row):
                return v.asDict(True)
            if isinstance(v, list):
                return [conv(x) for x in v]
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            return v
        return {k: conv(v) for k, v in zip(self.__fields__, self)}

    def __contains__(self, item) -> bool:
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args) -> "Row":
        """A row class (made by ``Row('a', 'b')``) called with values makes a row."""
        if len(args) > len(self):
            raise ValueError(f"Can not create Row with fields {self}, expected {len(self)} "
                             f"values but got {args}")
        return Row.from_fields(list(self), args)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            idx = self.__fields__.index(item)
        except (IndexError, ValueError, AttributeError):
            raise KeyError(item) from None
        return super().__getitem__(idx)

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            idx = self.__fields__.index(item)
        except (ValueError, AttributeError):
            from .errors import PySparkAttributeError
            raise PySparkAttributeError(f"Attribute `{item}` is not supported.",
                                        "ATTRIBUTE_NOT_SUPPORTED", {"attr_name": item}) from None
        return self[idx]

    def __setattr__(self, key, value):
        if key != "__fields__":
            raise RuntimeError("Row is read-only")
        self.__dict__[key] = value

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (_make_row, (self.__fields__, tuple(self)))
        return (Row, tuple(self))

    def __repr__(self) -> str:
        if hasattr(self, "__fields__"):
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self.__fields__, self)) + ")"
        return "<Row(" + ", ".join(repr(v) for v in self) + ")>"


def _make_row(fields, values) -> Row:
    return Row.from_fields(fields, values)
