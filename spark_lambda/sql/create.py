"""``spark.createDataFrame``: local rows, an RDD of rows, or a pandas DataFrame, with a schema
given as a StructType, a DDL string or a list of names, or inferred as PySpark infers it.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst import plans as lp
from .conversion import TableFromRows, infer_schema, rows_to_table
from .dataframe import DataFrame
from .types import DataType, StructField, StructType


def _schema_arg(schema):
    if isinstance(schema, str):
        from .ddl import parse_schema
        return parse_schema(schema), None
    if isinstance(schema, StructType):
        return schema, None
    if isinstance(schema, DataType):
        return StructType([StructField("value", schema, True)]), None
    if isinstance(schema, (list, tuple)):
        return None, list(schema)
    return None, None


def create_dataframe(session, data, schema=None) -> DataFrame:
    """The DataFrame for ``spark.createDataFrame(data, schema)``."""
    from .execution.engine_bridge import RDD
    struct, names = _schema_arg(schema)
    if _is_pandas(data):
        return _from_pandas(session, data, struct, names)
    if isinstance(data, RDD):
        if struct is None:
            sample = data.take(100)
            struct = infer_schema(sample, names)
        attrs = _attrs(struct)
        rdd = data.mapPartitions(TableFromRows(struct, [a.expr_id for a in attrs]))
        return DataFrame(lp.RddRelation(attrs, lp.Opaque(rdd)), session)
    rows = list(data)
    inferred = False
    if struct is None:
        if not rows:
            from .errors import PySparkValueError
            raise PySparkValueError("can not infer schema from empty dataset",
                                    "CANNOT_INFER_EMPTY_SCHEMA")
        struct = infer_schema(rows, names)
        inferred = True
    elif not all(isinstance(r, (tuple, list, dict)) for r in rows):
        rows = [(r,) for r in rows]
    table = rows_to_table(rows, struct, inferred)
    return _local(session, table, struct)


def _attrs(struct: StructType) -> tuple:
    """New attributes for a schema's fields (metadata kept)."""
    return tuple(ex.Attr(f.name, f.dataType, f.nullable, metadata=ex.metadata_text(f.metadata))
                 for f in struct.fields)


def _local(session, table, struct: StructType) -> DataFrame:
    attrs = _attrs(struct)
    table = table.rename_columns([f"_{a.expr_id}" for a in attrs])
    slices = session.sparkContext.defaultParallelism
    return DataFrame(lp.LocalRelation(attrs, lp.Opaque(table), slices), session)


def _is_pandas(data) -> bool:
    return type(data).__module__.startswith("pandas") and type(data).__name__ == "DataFrame"


def _from_pandas(session, pdf, struct, names) -> DataFrame:
    import pyarrow as pa
    from .execution.arrow_io import arrow_type, spark_type
    table = pa.Table.from_pandas(pdf, preserve_index=False)
    if struct is None:
        cols = names or [str(c) for c in pdf.columns]
        struct = StructType([StructField(n, spark_type(f.type), True)
                             for n, f in zip(cols, table.schema)])
    table = pa.table([table.column(i).cast(arrow_type(f.dataType))
                      for i, f in enumerate(struct.fields)],
                     names=[f"c{i}" for i in range(len(struct.fields))])
    return _local(session, table, struct)
