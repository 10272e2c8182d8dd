"""VARIANT columns in Parquet files as Spark writes them: a group of two binaries, ``metadata``
and ``value``, in Spark's binary encoding (``variant_binary``), and the file's Spark schema
(``org.apache.spark.sql.parquet.row.metadata``) naming the column's type ``variant``. Inside
the engine a VARIANT column is its JSON text (``sql/variant.py``)."""

from __future__ import annotations

SPARK_SCHEMA_KEY = b"org.apache.spark.sql.parquet.row.metadata"


def variant_arrow_type():
    """The Arrow type of a VARIANT column in a file."""
    import pyarrow as pa
    return pa.struct([pa.field("metadata", pa.binary(), False),
                      pa.field("value", pa.binary(), False)])


def is_variant(arrow_type) -> bool:
    """Whether a file's column is a VARIANT (a struct of exactly binary ``metadata`` and
    ``value``)."""
    import pyarrow as pa
    return pa.types.is_struct(arrow_type) and arrow_type.num_fields == 2 and \
        sorted(f.name for f in arrow_type) == ["metadata", "value"] and \
        all(pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
            for f in arrow_type)


def to_file_column(column):
    """A column of VARIANT text as the file's binary pairs."""
    import pyarrow as pa
    from ..variant import parse
    from ..variant_binary import encode
    out = []
    for text in column.to_pylist():
        if text is None:
            out.append(None)
        else:
            value, metadata = encode(parse(text))
            out.append({"metadata": metadata, "value": value})
    return pa.array(out, variant_arrow_type())


def from_file_column(column):
    """A file's VARIANT column as VARIANT text."""
    import pyarrow as pa
    from ..variant import dump
    from ..variant_binary import decode
    return pa.array([None if v is None else dump(decode(v["value"], v["metadata"]))
                     for v in column.to_pylist()], pa.string())
