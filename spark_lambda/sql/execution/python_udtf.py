"""Running a Python UDTF (``catalyst/udtf_plans.PythonTableFunc``) in the tasks.

The child's stage computes the argument columns (and, for ``LATERAL``, the columns kept), laid
out by ``python_udtf_plan.py`` (partitioned, sorted, or all in one task). Each task
creates an instance of the UDTF class (one per group of equal keys when partitioned), calls
``eval`` once per row (a table argument as a ``Row``), ``terminate`` after the last row of the
instance and ``cleanup`` at the end, and turns what they yield into an Arrow table of the
declared columns. Rows of the wrong shape and exceptions are PySpark's errors
(``UDTF_RETURN_SCHEMA_MISMATCH``, ``UDTF_INVALID_OUTPUT_ROW_TYPE``,
``UDTF_RETURN_NOT_ITERABLE``, ``UDTF_EXEC_ERROR``, the user's traceback).
"""

from __future__ import annotations

from collections.abc import Iterable

from .arrow_io import arrow_schema, arrow_type, as_table, to_ipc
from .python_udf import _WORKER_HEADER, coerce, python_exception


class SkipRestOfInputTableException(Exception):
    """Raised by a UDTF's ``eval`` to skip the rest of its partition's rows (``terminate``
    is still called)."""


def takes_analyze_result(cls) -> bool:
    """Whether the class's constructor takes the ``AnalyzeResult`` (``__init__(self, r)``)."""
    import inspect
    try:
        return len(inspect.signature(cls.__init__).parameters) == 2
    except (TypeError, ValueError):
        return False


def _check_signature(method, args, kwargs) -> None:
    import inspect
    try:
        inspect.signature(method).bind(*args, **kwargs)
    except TypeError as e:
        raise _runtime_error(
            "UDTF_EVAL_METHOD_ARGUMENTS_DO_NOT_MATCH_SIGNATURE", "Failed to evaluate the "
            f"user-defined table function '{method.__self__.__class__.__name__}' because the "
            f"function arguments did not match the expected signature of the '{method.__name__}'"
            f" method ({e}). Please update the query so that this table function call provides "
            "arguments matching the expected signature, or else update the table function so "
            f"that its '{method.__name__}' method accepts the provided arguments, and then try "
            "the query again.") from None
    except ValueError:
        return


def results(method, args, kwargs):
    """What ``method(*args, **kwargs)`` (a UDTF's ``eval`` or ``terminate``) yields, its
    failures as PySpark reports them (``SkipRestOfInputTableException`` passed through)."""
    name = method.__name__
    try:
        res = method(*args, **kwargs)
    except SkipRestOfInputTableException:
        raise
    except Exception as exc:
        if isinstance(exc, TypeError):
            _check_signature(method, args, kwargs)
        raise _runtime_error("UDTF_EXEC_ERROR", "User defined table function encountered "
                             f"an error in the '{name}' method: {exc}") from None
    if res is None:
        return
    if not isinstance(res, Iterable):
        raise _runtime_error("UDTF_RETURN_NOT_ITERABLE", f"The return value of the '{name}' "
                             "method of the UDTF is invalid. It should be an iterable (e.g., "
                             f"generator or list), but got '{type(res).__name__}'. Please "
                             "make sure that the UDTF returns one of these types.")
    it = iter(res)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except SkipRestOfInputTableException:
            raise
        except Exception as exc:
            raise python_exception(exc) from None
        yield item


def _ids(attrs) -> list:
    return [f"_{a.expr_id}" for a in attrs]


def _runtime_error(cond: str, message: str):
    from ..errors import PythonException
    return PythonException(_WORKER_HEADER + "pyspark.errors.exceptions.base."
                           f"PySparkRuntimeError: [{cond}] {message}")


class UdtfTask:
    """One task's rows through the UDTF (picklable; see the module doc)."""

    def __init__(self, cls, strict, args, kwargs, table_pos, table, table_names, keep,
                 partition, out_attrs, always_terminate, result):
        self.cls, self.strict, self.args, self.kwargs = cls, strict, args, kwargs
        self.table_pos, self.table, self.table_names = table_pos, table, table_names
        self.keep, self.partition, self.out_attrs = keep, partition, out_attrs
        self.always_terminate, self.result = always_terminate, result

    def __call__(self, records):
        tables = [t for t in (as_table(r[1]) for r in records) if t.num_rows]
        rows_out: list = []
        if tables or self.always_terminate:
            self._run(tables, rows_out)
        cols = list(zip(*rows_out)) if rows_out else [()] * len(self.out_attrs)
        yield ("out", to_ipc(self._table(cols)))

    def _instance(self):
        try:
            if self.result is not None and takes_analyze_result(self.cls):
                return self.cls(self.result)
            return self.cls()
        except Exception as exc:
            raise _runtime_error("UDTF_EXEC_ERROR", "User defined table function encountered "
                                 f"an error in the '__init__' method: {exc}") from None

    def _run(self, tables, out: list) -> None:
        from ..row import Row
        inst, current, kept = None, None, ()
        try:
            for table in tables:
                data = {n: table.column(n).to_pylist() for n in table.column_names}
                for i in range(table.num_rows):
                    key = tuple(data[k][i] for k in self.partition)
                    if inst is None or key != current:
                        if inst is not None:
                            self._terminate(inst, kept, out)
                            self._cleanup(inst)
                        inst, current, skipping = self._instance(), key, False
                    if skipping:
                        continue
                    values = [data[c][i] for c in self.args]
                    if self.table_pos >= 0:
                        values.insert(self.table_pos, Row(**{
                            n: data[c][i] for n, c in zip(self.table_names, self.table)}))
                    kept = tuple(data[c][i] for c in self.keep)
                    n_pos = len(values) - len(self.kwargs)
                    kw = dict(zip(self.kwargs, values[n_pos:]))
                    try:
                        self._emit(inst.eval, values[:n_pos], kw, kept, out)
                    except SkipRestOfInputTableException:
                        skipping = True
            if inst is None and self.always_terminate and not self.partition:
                inst = self._instance()
            if inst is not None:
                self._terminate(inst, kept, out)
        finally:
            if inst is not None:
                self._cleanup(inst)

    def _terminate(self, inst, kept, out) -> None:
        method = getattr(inst, "terminate", None)
        if method is not None:
            self._emit(method, [], {}, kept, out)

    @staticmethod
    def _cleanup(inst) -> None:
        method = getattr(inst, "cleanup", None)
        if method is not None:
            try:
                method()
            except Exception as exc:
                raise python_exception(exc) from None

    def _emit(self, method, args, kwargs, kept, out) -> None:
        width = len(self.out_attrs) - len(self.keep)
        for row in results(method, args, kwargs):
            out.append(kept + self._row(row, width, method.__name__))

    def _row(self, row, width: int, name: str) -> tuple:
        if row is None:
            return (None,) * width
        if hasattr(row, "__len__") and len(row) != width:
            raise _runtime_error("UDTF_RETURN_SCHEMA_MISMATCH", "The number of columns in the "
                                 f"result does not match the specified schema. Expected "
                                 f"column count: {width}, Actual column count: {len(row)}. "
                                 "Please make sure the values returned by the "
                                 f"'{name}' method have the same number of columns as "
                                 "specified in the output schema.")
        if self.strict and not isinstance(row, (list, tuple, dict)):
            if width == 1:
                return (row,)
            raise self._conversion_error([row])
        if isinstance(row, dict):
            attrs = self.out_attrs[len(self.keep):]
            return tuple(row.get(a.name) for a in attrs)
        if not isinstance(row, (list, tuple)):
            raise _runtime_error("UDTF_INVALID_OUTPUT_ROW_TYPE", "The type of an individual "
                                 f"output row in the '{name}' method of the UDTF is invalid. "
                                 "Each row should be a tuple, list, or dict, but got "
                                 f"'{type(row).__name__}'. Please make sure that the output "
                                 "rows are of the correct type.")
        return tuple(row)

    def _conversion_error(self, data):
        from ..types import StructField, StructType
        attrs = self.out_attrs[len(self.keep):]
        schema = StructType([StructField(a.name, a.dtype) for a in attrs])
        arrow = ", ".join(f"{a.name}: {arrow_type(a.dtype)}" for a in attrs)
        return _runtime_error("UDTF_ARROW_DATA_CONVERSION_ERROR", "Cannot convert UDTF output "
                              f"to Arrow. Data: {data}. Schema: {schema.simpleString()}. Arrow "
                              f"Schema: struct<{arrow}>.")

    def _table(self, cols):
        import pyarrow as pa
        schema = arrow_schema(self.out_attrs)
        arrays = []
        for i, (a, values) in enumerate(zip(self.out_attrs, cols)):
            t = arrow_type(a.dtype)
            if i < len(self.keep) or not self.strict:
                values = values if i < len(self.keep) else [coerce(v, a.dtype) for v in values]
                arrays.append(pa.array(list(values), t))
                continue
            try:
                arrays.append(pa.array(list(values), t))
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError,
                    OverflowError):
                raise self._conversion_error(list(zip(*cols[len(self.keep):]))) from None
        return pa.Table.from_arrays(arrays, schema=schema)
