"""The container types of ``pyspark.sql.types``: arrays, maps and structs (re-exported by
``types.py``)."""

from __future__ import annotations

from typing import Iterator

from .types_atomic import PARSERS, DataType, DecimalType, TimeType


class ArrayType(DataType):
    """Arrays of ``elementType``."""

    def __init__(self, elementType: DataType, containsNull: bool = True):
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:
        return f"array<{self.elementType.simpleString()}>"

    def jsonValue(self):
        return {"type": "array", "elementType": self.elementType.jsonValue(),
                "containsNull": self.containsNull}

    def toNullable(self) -> "ArrayType":
        return ArrayType(self.elementType.toNullable(), True)

    def __repr__(self) -> str:
        return f"ArrayType({self.elementType!r}, {self.containsNull})"


class MapType(DataType):
    """Maps from ``keyType`` to ``valueType``."""

    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"

    def jsonValue(self):
        return {"type": "map", "keyType": self.keyType.jsonValue(),
                "valueType": self.valueType.jsonValue(),
                "valueContainsNull": self.valueContainsNull}

    def toNullable(self) -> "MapType":
        return MapType(self.keyType.toNullable(), self.valueType.toNullable(), True)

    def __repr__(self) -> str:
        return f"MapType({self.keyType!r}, {self.valueType!r}, {self.valueContainsNull})"


class StructField(DataType):
    """A named field of a struct: name, type, nullability and metadata."""

    def __init__(self, name: str, dataType: DataType, nullable: bool = True, metadata=None):
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self) -> str:
        return f"{self.name}:{self.dataType.simpleString()}"

    def jsonValue(self):
        return {"name": self.name, "type": self.dataType.jsonValue(),
                "nullable": self.nullable, "metadata": self.metadata}

    def __repr__(self) -> str:
        return f"StructField('{self.name}', {self.dataType!r}, {self.nullable})"


class StructType(DataType):
    """A row type: an ordered list of ``StructField``."""

    def __init__(self, fields: list | None = None):
        self.fields = list(fields or [])

    @property
    def names(self) -> list[str]:
        """The field names, in order."""
        return [f.name for f in self.fields]

    def fieldNames(self) -> list[str]:
        """The field names, in order."""
        return self.names

    def add(self, field, data_type=None, nullable: bool = True, metadata=None) -> "StructType":
        """Append a field (a StructField, or a name and a type or DDL type string)."""
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if isinstance(data_type, str):
                data_type = PARSERS["json"](data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
        return self

    def simpleString(self) -> str:
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    @classmethod
    def fromJson(cls, json: dict) -> "StructType":
        """The StructType of a ``jsonValue()`` dict."""
        return PARSERS["json"](json)

    def jsonValue(self):
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def toNullable(self) -> "StructType":
        return StructType([StructField(f.name, f.dataType.toNullable(), True, f.metadata)
                           for f in self.fields])

    def treeString(self, level: int | None = None) -> str:
        """The text ``printSchema`` shows (nested levels down to ``level``, if given)."""
        lines = ["root"]
        for f in self.fields:
            _tree_lines(f.name, f.dataType, f.nullable, 1, lines, max_depth=level or 1 << 30)
        return "\n".join(lines) + "\n"

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError(f"No StructField named {key}")
        if isinstance(key, int):
            return self.fields[key]
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise TypeError("StructType keys should be strings, integers or slices")

    def __repr__(self) -> str:
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"


def _tree_lines(name: str, dtype: DataType, nullable, depth: int, lines: list,
                label: str = "nullable", max_depth: int = 1 << 30) -> None:
    prefix = " |   " * (depth - 1) + " |-- "
    suffix = f" ({label} = {str(nullable).lower()})" if nullable is not None else ""
    shown = dtype.simpleString() if isinstance(dtype, (DecimalType, TimeType)) or \
        hasattr(dtype, "srid") else dtype.typeName()   # srid: the spatial types
    lines.append(f"{prefix}{name}: {shown}{suffix}")
    if depth >= max_depth:
        return
    if isinstance(dtype, StructType):
        for f in dtype.fields:
            _tree_lines(f.name, f.dataType, f.nullable, depth + 1, lines, max_depth=max_depth)
    elif isinstance(dtype, ArrayType):
        _tree_lines("element", dtype.elementType, dtype.containsNull, depth + 1, lines,
                    "containsNull", max_depth)
    elif isinstance(dtype, MapType):
        _tree_lines("key", dtype.keyType, None, depth + 1, lines, max_depth=max_depth)
        _tree_lines("value", dtype.valueType, dtype.valueContainsNull, depth + 1, lines,
                    "valueContainsNull", max_depth)
