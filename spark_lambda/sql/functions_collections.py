"""``pyspark.sql.functions`` over arrays, maps and structs, and JSON."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column
from .functions_common import c, call, cols, cv, v


def array(*columns) -> Column:
    """An array of the columns' values."""
    return call("array", *cols(columns))


def struct(*columns) -> Column:
    """A struct with one field per column (named after it)."""
    return call("struct", *cols(columns))


def named_struct(*columns) -> Column:
    """A struct from name, value, name, value... arguments."""
    return call("named_struct", *(v(x) if i % 2 == 0 else c(x) for i, x in enumerate(columns)))


def create_map(*columns) -> Column:
    """A map from key, value, key, value... columns."""
    return call("map", *cols(columns))


def size(col) -> Column:
    """The number of elements of an array or map (NULL for NULL)."""
    return call("size", c(col))


def cardinality(col) -> Column:
    """``size``, named ``cardinality(col)``."""
    return call("cardinality", c(col))


def array_contains(col, value) -> Column:
    """Whether the array contains ``value`` (NULL if not and the array holds a NULL)."""
    return call("array_contains", c(col), v(value))


def element_at(col, extraction) -> Column:
    """The element at 1-based index (negative: from the end) or the value of a map key;
    an index out of bounds is an error (ANSI)."""
    return call("element_at", c(col), v(extraction))


def try_element_at(col, extraction) -> Column:
    """``element_at``, NULL where the index is out of bounds (``extraction`` a Column or a
    column name, as PySpark takes it)."""
    return call("try_element_at", c(col), c(extraction))


def explode(col) -> Column:
    """One row per element of an array (column ``col``) or entry of a map (``key``,
    ``value``); NULL and empty give no row."""
    return call("explode", c(col))


def explode_outer(col) -> Column:
    """``explode``, with one NULL row for a NULL or empty array or map."""
    return call("explode_outer", c(col))


def posexplode(col) -> Column:
    """``explode`` with each element's position first (``pos``)."""
    return call("posexplode", c(col))


def posexplode_outer(col) -> Column:
    """``posexplode``, with one NULL row for a NULL or empty array or map."""
    return call("posexplode_outer", c(col))


def split(str, pattern: str, limit: int = -1) -> Column:  # noqa: A002 (PySpark's names)
    """The string split around matches of the regular expression ``pattern`` (at most
    ``limit`` parts when positive; a string ``limit`` names a column)."""
    return call("split", c(str), v(pattern), cv(limit))


def from_json(col, schema, options: dict | None = None) -> Column:
    """The JSON string parsed with ``schema`` (a DDL string or a DataType); malformed input
    gives a struct of NULLs."""
    if not isinstance(schema, (str, Column)):
        schema = schema.simpleString()
    return call("from_json", c(col), v(schema), *_options(options))


def _options(options: dict | None) -> tuple:
    """A JSON function's ``options`` as its SQL argument ``map(key, value, ...)`` (none when
    empty); ``allowUnquotedFieldNames`` is the one read, the others are accepted."""
    if not options:
        return ()
    return (call("map", *(v(str(x)) for kv in options.items() for x in kv)).expr,)


def to_json(col, options: dict | None = None) -> Column:
    """A struct, array or map as a JSON string (NULL struct fields left out)."""
    return call("to_json", c(col))


def schema_of_json(json, options: dict | None = None) -> Column:
    """The DDL schema of a JSON document (a literal)."""
    return call("schema_of_json", v(json), *_options(options))
