"""Between Python values and Arrow: result tables → ``Row`` lists, and ``createDataFrame``'s
local data (tuples, dicts, Rows, pandas) → an Arrow table plus a schema.
"""

from __future__ import annotations

from ..gcpause import paused_gc
from .row import Row
from .types import ArrayType, MapType, StringType, StructField, StructType, VariantType
from .variant import VariantVal
from .interval_values import INTERVAL_TYPES, interval_arrow, interval_python


def _python(value, dtype):
    if value is None:
        return None
    if isinstance(dtype, VariantType):
        return VariantVal.from_text(value)
    if hasattr(dtype, "python_value"):   # the spatial types (geo_types)
        return dtype.python_value(value)
    if isinstance(dtype, MapType) and isinstance(value, list):
        return {k: _python(v, dtype.valueType) for k, v in value}
    if isinstance(dtype, MapType) and isinstance(value, dict):
        return {k: _python(v, dtype.valueType) for k, v in value.items()}
    if isinstance(dtype, ArrayType) and isinstance(value, list):
        return [_python(v, dtype.elementType) for v in value]
    if isinstance(dtype, StructType) and isinstance(value, dict):
        return Row.from_fields(dtype.names, [_python(value[f.name], f.dataType)
                                             for f in dtype.fields])
    return value


def _nested_array(t) -> bool:
    return isinstance(t, ArrayType) and isinstance(t.elementType, (ArrayType, MapType,
                                                                    StructType, VariantType))


def table_rows(table, attrs, shown: bool = False) -> list:
    """The rows of a result table (columns in ``attrs`` order); with ``shown``, interval
    values as the text ``show`` prints (``collect`` cannot give year-month or calendar
    intervals, as in PySpark). The cyclic collector is paused meanwhile: the values and
    Rows hold no cycles, and a result of many rows set off collections that scanned the
    driver's whole heap (the SQL stack's modules) several times."""
    with paused_gc():
        return _table_rows(table, attrs, shown)


def _table_rows(table, attrs, shown: bool) -> list:
    names = [a.name for a in attrs]
    cols = []
    for i, a in enumerate(attrs):
        values = table.column(i).to_pylist()
        if isinstance(a.dtype, (MapType, StructType, VariantType)) or _nested_array(a.dtype) \
                or hasattr(a.dtype, "python_value"):
            values = [_python(v, a.dtype) for v in values]
        elif isinstance(a.dtype, INTERVAL_TYPES):
            values = [interval_python(v, a.dtype, shown) for v in values]
        cols.append(values)
    return Row.from_columns(names, cols) if cols else \
        [Row.from_fields([], []) for _ in range(table.num_rows)]


class RowsFromIpc:
    """``("out", ipc)`` records → Rows with the given field names (``df.rdd``)."""

    def __init__(self, names):
        self.names = names

    def __call__(self, records):
        from .execution.arrow_io import from_ipc
        for _, ipc in records:
            table = from_ipc(ipc)
            cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
            for vals in zip(*cols):
                yield Row.from_fields(self.names, vals)


def _row_values(row, names) -> list:
    if isinstance(row, dict):
        return [row.get(n) for n in names]
    if isinstance(row, Row) and hasattr(row, "__fields__"):
        if list(row.__fields__) == list(names):
            return list(row)
        d = row.asDict()
        return [d.get(n) for n in names]
    if isinstance(row, (tuple, list)):
        return list(row)
    return [row]


def infer_schema(rows: list, names: list | None = None) -> StructType:
    """The schema PySpark infers from local rows (all rows, merged)."""
    from .catalyst.literals import merge_types
    from .types import NullType
    first = rows[0]
    if isinstance(first, dict):
        fields = sorted(first)
    elif isinstance(first, Row) and hasattr(first, "__fields__"):
        fields = list(first.__fields__)
    elif isinstance(first, (tuple, list)):
        fields = [f"_{i + 1}" for i in range(len(first))]
    else:
        fields = ["value"]
    if names:
        fields = list(names) + fields[len(names):]
    types = [NullType()] * len(fields)
    for r in rows:
        vals = _row_values(r, fields if isinstance(r, dict) or
                           (isinstance(r, Row) and hasattr(r, "__fields__")) else fields)
        for i, v in enumerate(vals[:len(fields)]):
            if v is not None:
                types[i] = merge_types(types[i], _field_type(fields[i], v))
    return StructType([StructField(n, t, True) for n, t in zip(fields, types)])


def _field_type(name: str, value):
    """The type inferred for one field's value (PySpark's error naming the field when its
    elements' types cannot be merged)."""
    from .catalyst.literals import infer_type
    from .errors import PySparkTypeError
    try:
        return infer_type(value)
    except PySparkTypeError:
        raise PySparkTypeError(f"Unable to infer the type of the field `{name}`.",
                               "CANNOT_INFER_TYPE_FOR_FIELD") from None


def rows_to_table(rows: list, schema: StructType, inferred: bool = False):
    """Local rows as an Arrow table of ``schema`` (columns named ``c0``, ``c1``...). With
    ``inferred`` (the schema merged from the rows themselves), numbers and booleans where
    the merged type is a string become their text, as PySpark's rows do in the JVM."""
    import pyarrow as pa
    from .execution.arrow_io import arrow_type
    from .errors import PySparkTypeError
    names = schema.names
    columns = [[] for _ in names]
    for r in rows:
        vals = _row_values(r, names)
        if len(vals) != len(names):
            raise PySparkTypeError(f"Length of object ({len(vals)}) does not match with "
                                   f"length of fields ({len(names)})", "LENGTH_SHOULD_BE_THE_SAME")
        for c, v in zip(columns, vals):
            c.append(v)
    arrays = []
    for f, values in zip(schema.fields, columns):
        try:
            if inferred and _has_string(f.dataType):
                values = [_as_text(v, f.dataType) for v in values]
            arrays.append(pa.array([_arrow_value(v, f.dataType) for v in values],
                                   arrow_type(f.dataType)))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as e:
            raise PySparkTypeError(f"field {f.name}: {f.dataType!r} can not accept the values "
                                   f"given ({e})", "FIELD_DATA_TYPE_UNACCEPTABLE") from None
    return pa.table(arrays, names=[f"c{i}" for i in range(len(names))])


def _has_string(dtype) -> bool:
    from .types import ArrayType, StringType
    if isinstance(dtype, StringType):
        return True
    if isinstance(dtype, ArrayType):
        return _has_string(dtype.elementType)
    if isinstance(dtype, MapType):
        return _has_string(dtype.keyType) or _has_string(dtype.valueType)
    if isinstance(dtype, StructType):
        return any(_has_string(f.dataType) for f in dtype.fields)
    return False


def _as_text(v, dtype):
    """``v`` with every non-string value at a STRING position as its text (Python's, but
    ``true``/``false`` for booleans, as PySpark converts them)."""
    from .types import ArrayType, StringType
    if v is None:
        return None
    if isinstance(dtype, StringType):
        if isinstance(v, bool):
            return "true" if v else "false"
        return v if isinstance(v, str) else str(v)
    if isinstance(dtype, ArrayType) and isinstance(v, (list, tuple)):
        return [_as_text(x, dtype.elementType) for x in v]
    if isinstance(dtype, MapType) and isinstance(v, dict):
        return {_as_text(k, dtype.keyType): _as_text(x, dtype.valueType) for k, x in v.items()}
    if isinstance(dtype, StructType) and isinstance(v, dict):
        return {f.name: _as_text(v.get(f.name), f.dataType) for f in dtype.fields}
    if isinstance(dtype, StructType) and isinstance(v, (tuple, list)):
        return tuple(_as_text(x, f.dataType) for f, x in zip(dtype.fields, v))
    return v


def _arrow_value(v, dtype):
    if isinstance(v, VariantVal):
        return v.toJson()
    if isinstance(dtype, INTERVAL_TYPES) and v is not None:
        return interval_arrow(v, dtype)
    if isinstance(dtype, StringType) and isinstance(v, (int, float)) and \
            not isinstance(v, bool):
        return str(v)      # as PySpark: a number where the schema says STRING is its text
    if isinstance(dtype, StructType) and isinstance(v, (tuple, list)):
        return {f.name: _arrow_value(x, f.dataType) for f, x in zip(dtype.fields, v)}
    if isinstance(dtype, StructType) and isinstance(v, dict):
        return {f.name: _arrow_value(v.get(f.name), f.dataType) for f in dtype.fields}
    if isinstance(dtype, MapType) and isinstance(v, dict):
        return [(k, _arrow_value(x, dtype.valueType)) for k, x in v.items()]
    if isinstance(dtype, ArrayType) and isinstance(v, list):
        return [_arrow_value(x, dtype.elementType) for x in v]
    return v


class TableFromRows:
    """An RDD partition of rows → ``("out", ipc)`` of a schema (``createDataFrame(rdd)``)."""

    def __init__(self, schema: StructType, ids: list):
        self.schema, self.ids = schema, ids

    def __call__(self, rows):
        from .execution.arrow_io import to_ipc
        table = rows_to_table(list(rows), self.schema)
        yield ("out", to_ipc(table.rename_columns([f"_{i}" for i in self.ids])))
