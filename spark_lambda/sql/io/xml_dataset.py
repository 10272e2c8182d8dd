"""``spark.read.xml(dataset)``: XML held in an RDD of strings or a DataFrame of one string
column, each string's ``rowTag`` elements read as from files (the schema inferred over every
string, a partition at a time, unless given)."""

from __future__ import annotations


class _PartitionRows:
    """A partition's strings → its rows (for the schema, collected on the driver)."""

    def __init__(self, options: dict):
        self.options = options

    def __call__(self, strings):
        from .xml_format import XmlOptions, parse_rows
        opts = XmlOptions(self.options)
        for s in strings:
            yield from parse_rows(s or "", opts, "the XML dataset")


class _PartitionType:
    """A partition's strings → the merged type of its rows."""

    def __init__(self, options: dict):
        self.options = options

    def __call__(self, strings):
        from .xml_format import XmlOptions, rows_type
        yield rows_type(_PartitionRows(self.options)(strings), XmlOptions(self.options))


class _PartitionTable:
    """A partition's strings → ``("out", ipc)`` of the schema's columns."""

    def __init__(self, fields, ids, options: dict, tz: str):
        self.fields, self.ids, self.options, self.tz = fields, ids, options, tz

    def __call__(self, strings):
        import pyarrow as pa
        from ..execution.arrow_io import to_ipc
        from .formats import _zone
        from .xml_format import XmlOptions, read_rows
        opts = XmlOptions(self.options)
        rows = list(_PartitionRows(self.options)(strings))
        arrays, _ = read_rows(rows, self.fields, opts, _zone(self.tz), "the XML dataset")
        yield ("out", to_ipc(pa.table(arrays, names=[f"_{i}" for i in self.ids])))


def read_xml_dataset(session, strings, schema, options: dict):
    """``(attributes, RDD of ("out", ipc))`` of the XML rows in ``strings`` (an RDD of str),
    for an ``RddRelation``."""
    from ..catalyst import expressions as ex
    from .xml_format import XmlOptions, merge_types, schema_of
    opts = XmlOptions(options)
    if schema is None:
        merged = None
        for t in strings.mapPartitions(_PartitionType(options)).collect():
            merged = merge_types(merged, t)
        schema = schema_of(merged, opts)
    attrs = tuple(ex.Attr(f.name, f.dataType, f.nullable) for f in schema.fields)
    tz = session.conf.get("spark.sql.session.timeZone", "UTC")
    return attrs, strings.mapPartitions(_PartitionTable(
        list(schema.fields), [a.expr_id for a in attrs], options, tz))
