"""Arrow tables as bytes (IPC streams, lz4) and Spark types as Arrow types.

Used on both sides: tasks pass tables between stages as IPC bytes inside RDD records, the
driver turns result tables into Rows. pyarrow is imported on first use.
"""

from __future__ import annotations


def to_ipc(table) -> bytes:
    """A table, or the batches of a ``RecordBatchReader`` as it gives them, as one
    lz4-compressed Arrow IPC stream."""
    import pyarrow as pa
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        if isinstance(table, pa.RecordBatchReader):
            for batch in table:
                writer.write_batch(batch)
        else:
            writer.write_table(table)
    return sink.getvalue().to_pybytes()


def empty_ipc(schema_b64: str) -> bytes:
    """An empty table of a map status's schema (base64 of a serialized Arrow schema)."""
    import base64
    import pyarrow as pa
    schema = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(schema_b64)))
    return to_ipc(schema.empty_table())


def from_ipc(data: bytes):
    """The table an IPC stream holds."""
    import pyarrow as pa
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def as_table(data):
    """A record's table: an exchange and a scan give tables (or a split to read:
    ``read_table``), other sources IPC streams."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return from_ipc(data)
    read = getattr(data, "read_table", None)
    return read() if read is not None else data


def arrow_type(t):
    """The Arrow type of a Spark type."""
    import pyarrow as pa
    from .. import types as T
    simple = {T.ByteType: pa.int8(), T.ShortType: pa.int16(), T.IntegerType: pa.int32(),
              T.LongType: pa.int64(), T.FloatType: pa.float32(), T.DoubleType: pa.float64(),
              T.StringType: pa.string(), T.BinaryType: pa.binary(), T.BooleanType: pa.bool_(),
              T.DateType: pa.date32(), T.TimestampType: pa.timestamp("us"),
              T.TimestampNTZType: pa.timestamp("us"), T.NullType: pa.null(),
              T.TimeType: pa.time64("us"), T.VariantType: pa.string()}
    if type(t) in simple:
        return simple[type(t)]
    if isinstance(t, (T.DayTimeIntervalType, T.YearMonthIntervalType, T.CalendarIntervalType)):
        return pa.month_day_nano_interval()
    if isinstance(t, T.DecimalType):
        return pa.decimal128(t.precision, t.scale)
    if hasattr(t, "arrow"):   # the spatial types (geo_types)
        return t.arrow()
    if isinstance(t, T.ArrayType):
        return pa.list_(arrow_type(t.elementType))
    if isinstance(t, T.MapType):
        return pa.map_(arrow_type(t.keyType), arrow_type(t.valueType))
    if isinstance(t, T.StructType):
        return pa.struct([pa.field(f.name, arrow_type(f.dataType), f.nullable) for f in t])
    raise NotImplementedError(f"no Arrow type for {t!r}")


def spark_type(at):
    """The Spark type of an Arrow type (reading files)."""
    import pyarrow as pa
    from .. import types as T
    if pa.types.is_int8(at):
        return T.ByteType()
    if pa.types.is_int16(at):
        return T.ShortType()
    if pa.types.is_int32(at) or pa.types.is_uint8(at) or pa.types.is_uint16(at):
        return T.IntegerType()
    if pa.types.is_integer(at):
        return T.LongType()
    if pa.types.is_float32(at):
        return T.FloatType()
    if pa.types.is_floating(at):
        return T.DoubleType()
    if pa.types.is_decimal(at):
        return T.DecimalType(at.precision, at.scale)
    if pa.types.is_string(at) or pa.types.is_large_string(at) or pa.types.is_string_view(at):
        return T.StringType()
    if pa.types.is_binary(at) or pa.types.is_large_binary(at):
        return T.BinaryType()
    if pa.types.is_boolean(at):
        return T.BooleanType()
    if pa.types.is_date(at):
        return T.DateType()
    if pa.types.is_timestamp(at):
        return T.TimestampType() if at.tz else T.TimestampNTZType()
    if pa.types.is_time(at):
        return T.TimeType(6)
    if pa.types.is_duration(at):
        return T.DayTimeIntervalType()
    if pa.types.is_interval(at):
        return T.CalendarIntervalType()
    if pa.types.is_list(at) or pa.types.is_large_list(at):
        return T.ArrayType(spark_type(at.value_type), True)
    if pa.types.is_map(at):
        return T.MapType(spark_type(at.key_type), spark_type(at.item_type), True)
    if pa.types.is_struct(at):
        return T.StructType([T.StructField(f.name, spark_type(f.type), f.nullable) for f in at])
    if pa.types.is_null(at):
        return T.NullType()
    raise NotImplementedError(f"no Spark type for Arrow {at}")


def arrow_schema(attrs):
    """The Arrow schema of columns named by attribute id."""
    import pyarrow as pa
    return pa.schema([pa.field(f"_{a.expr_id}", arrow_type(a.dtype)) for a in attrs])
