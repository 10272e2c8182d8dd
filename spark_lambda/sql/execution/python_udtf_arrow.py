"""PyArrow-native UDTFs (``F.arrow_udtf``) in the tasks: ``eval`` is called once per group of
rows (a partition key's rows, or the task's) with the table argument as a
``pyarrow.RecordBatch`` and each other argument as a ``pyarrow.Array``, and yields
``pyarrow.Table``s or ``RecordBatch``es whose columns are cast, by position, to the declared
ones. The rest (instances, ``terminate``, ``cleanup``, errors) is ``python_udtf.UdtfTask``'s.
"""

from __future__ import annotations

from .arrow_io import arrow_schema, arrow_type, as_table, to_ipc
from .python_exec import split_groups
from .python_udtf import UdtfTask, _runtime_error, results


class ArrowUdtfTask(UdtfTask):
    """One task's rows through an Arrow-native UDTF, a batch per group."""

    def __call__(self, records):
        import pyarrow as pa
        tables = [t for t in (as_table(r[1]) for r in records) if t.num_rows]
        schema = arrow_schema(self.out_attrs)
        groups = split_groups(pa.concat_tables(tables), self.partition) if tables else []
        if not groups and self.always_terminate:
            groups = [None]
        out = []
        for g in groups:
            inst = self._instance()
            try:
                args = [g.column(c).combine_chunks() for c in self.args] if g is not None \
                    else []
                if self.table_pos >= 0:
                    batch = g.select(self.table).rename_columns(self.table_names)
                    args.insert(self.table_pos, batch.combine_chunks().to_batches()[0])
                n_pos = len(args) - len(self.kwargs)
                self._batches(inst.eval, args[:n_pos], dict(zip(self.kwargs, args[n_pos:])),
                              out)
                if getattr(inst, "terminate", None) is not None:
                    self._batches(inst.terminate, [], {}, out)
            finally:
                self._cleanup(inst)
        yield ("out", to_ipc(pa.concat_tables(out) if out else schema.empty_table()))

    def _batches(self, method, args, kwargs, out: list) -> None:
        import pyarrow as pa
        for item in results(method, args, kwargs):
            if not isinstance(item, (pa.Table, pa.RecordBatch)):
                raise _runtime_error("UDTF_ARROW_TYPE_CONVERSION_ERROR", "PyArrow UDTF must "
                                     "return an iterator of pyarrow.Table or "
                                     "pyarrow.RecordBatch objects.")
            out.append(self._cast(pa.table(item) if isinstance(item, pa.RecordBatch) else item,
                                  method.__name__))

    def _cast(self, table, name: str):
        import pyarrow as pa
        if table.num_columns != len(self.out_attrs):
            raise _runtime_error("UDTF_RETURN_SCHEMA_MISMATCH", "The number of columns in the "
                                 "result does not match the specified schema. Expected column "
                                 f"count: {len(self.out_attrs)}, Actual column count: "
                                 f"{table.num_columns}. Please make sure the values returned "
                                 f"by the '{name}' method have the same number of columns as "
                                 "specified in the output schema.")
        try:
            cols = [table.column(i).cast(arrow_type(a.dtype))
                    for i, a in enumerate(self.out_attrs)]
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            raise self._conversion_error(table.to_pylist()[:5]) from None
        return pa.Table.from_arrays(cols, schema=arrow_schema(self.out_attrs))
