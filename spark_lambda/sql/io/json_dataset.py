"""``spark.read.json(dataset)``: JSON records held in an RDD of strings or a DataFrame of one
string column, read as from files (each record one JSON object; the schema inferred over every
record, a partition at a time, unless given)."""

from __future__ import annotations


class _PartitionType:
    """A partition's strings → its ``partial_type`` (for the schema)."""

    def __init__(self, mode: str):
        self.mode = mode

    def __call__(self, strings):
        from .json_reader import parse_records, partial_type
        yield partial_type(parse_records(strings, False), self.mode, "the JSON dataset")


class _PartitionTable:
    """A partition's strings → ``("out", ipc)`` of the schema's columns."""

    def __init__(self, fields, ids, corrupt: str, mode: str, tz: str):
        self.fields, self.ids, self.corrupt, self.mode, self.tz = fields, ids, corrupt, mode, tz

    def __call__(self, strings):
        import pyarrow as pa
        from ..execution.arrow_io import to_ipc
        from .formats import _zone
        from .json_reader import parse_records, read_records
        arrays, _ = read_records(parse_records(strings, False), self.fields, self.corrupt,
                                 self.mode, _zone(self.tz), "the JSON dataset")
        yield ("out", to_ipc(pa.table(arrays, names=[f"_{i}" for i in self.ids])))


def read_json_dataset(session, strings, schema, options: dict):
    """``(attributes, RDD of ("out", ipc))`` of the JSON records in ``strings`` (an RDD of
    str), for an ``RddRelation``."""
    from ..catalyst import expressions as ex
    from .csv_options import parse_mode
    from .json_reader import merge_partial, schema_of
    mode = parse_mode(options)
    corrupt = str(options.get("columnnameofcorruptrecord", "_corrupt_record"))
    if schema is None:
        parts = strings.mapPartitions(_PartitionType(mode)).collect()
        merged = (("struct", {}), False)
        for p in parts:
            merged = merge_partial(merged, p)
        schema = schema_of(merged, corrupt, mode)
    attrs = tuple(ex.Attr(f.name, f.dataType, f.nullable) for f in schema.fields)
    tz = session.conf.get("spark.sql.session.timeZone", "UTC")
    return attrs, strings.mapPartitions(_PartitionTable(
        list(schema.fields), [a.expr_id for a in attrs], corrupt, mode, tz))
