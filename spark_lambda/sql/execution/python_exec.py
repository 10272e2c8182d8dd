"""Running the batch-level Python plan nodes (``catalyst/python_plans.py``) in tasks.

``mapInPandas``/``mapInArrow``: the child's stage runs as usual and each partition's table is
fed to the function as record batches (pandas DataFrames or Arrow ``RecordBatch``); what it
yields is converted to the declared schema (columns matched by name, else by position, as
PySpark does) and becomes the input of the next fragment. ``applyInPandas``: the child is
shuffled by hash(keys), each task sorts its rows by the keys and calls the function once per
group. ``cogroup().applyInPandas``: both sides are shuffled by their keys to the same number
of partitions and each task pairs the groups of a key (an empty DataFrame for a missing side).
A function that raises fails the task with ``PythonException`` and the user's traceback.
"""

from __future__ import annotations

from .arrow_io import arrow_schema, as_table, to_ipc
from .expr_sql import column


def plan_map_in_batches(planner, p):
    """The fragment reading what ``p``'s function yields for each partition."""
    rdd = planner._run(planner.fragment(p.child))
    names = [a.name for a in p.child.output]
    task = MapBatchesTask(p.ref.func, p.kind, names, list(p.attrs))
    return planner._source(rdd.mapPartitions(task), p.attrs)


def plan_flat_map_groups(planner, p):
    """The fragment reading what ``p``'s function returns for each group."""
    child = planner.fragment(p.child)
    keys = [column(k.expr_id) for k in p.keys]
    n = planner.session.shuffle_partitions if keys else 1
    shuffled = planner.exchange(child, keys or None, n)
    rdd = planner._run(shuffled)
    task = GroupsTask(p.ref.func, [a.name for a in p.child.output],
                      [f"_{k.expr_id}" for k in p.keys], list(p.attrs))
    return planner._source(rdd.mapPartitions(task), p.attrs)


def plan_flat_map_cogroups(planner, p):
    """The fragment reading what ``p``'s function returns for each key of either side."""
    n = planner.session.shuffle_partitions
    lf = planner.exchange(planner.fragment(p.left), [column(k.expr_id) for k in p.left_keys], n)
    rf = planner.exchange(planner.fragment(p.right), [column(k.expr_id) for k in p.right_keys],
                          n)
    (lname, lrdd), = lf.inputs.items()
    (rname, rrdd), = rf.inputs.items()
    task = CoGroupsTask(p.ref.func, (lname, rname),
                        ([a.name for a in p.left.output], [a.name for a in p.right.output]),
                        ([f"_{k.expr_id}" for k in p.left_keys],
                         [f"_{k.expr_id}" for k in p.right_keys]),
                        (arrow_schema(p.left.output), arrow_schema(p.right.output)),
                        list(p.attrs))
    rdd = planner.sc.union([lrdd, rrdd]).mapPartitions(task)
    return planner._source(rdd, p.attrs)


def _tables(records):
    out: dict = {}
    for rec in records:
        if isinstance(rec[0], int):
            rec = rec[1]
        out.setdefault(rec[0], []).append(as_table(rec[1]))
    return out


def _concat(tables, schema=None):
    import pyarrow as pa
    tables = [t for t in tables if t.num_rows] or tables[:1]
    if not tables:
        return schema.empty_table()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def conform(result, attrs: list):
    """A function's output (pandas DataFrame, Arrow table or batch) as a table of ``attrs``
    (columns named by attribute id), matched by name when the names are there, else by
    position; a wrong type or shape is PySpark's error."""
    import pyarrow as pa
    from ..errors import PythonException
    from .arrow_io import arrow_type
    if isinstance(result, (pa.Table, pa.RecordBatch)):
        table = pa.table(result) if isinstance(result, pa.RecordBatch) else result
    else:
        pd = _pandas()
        if not isinstance(result, pd.DataFrame):
            raise PythonException(
                "\n  An exception was thrown from the Python worker. Please see the stack "
                "trace below.\npyspark.errors.exceptions.base.PySparkTypeError: "
                "[UDF_RETURN_TYPE] Return type of the user-defined function should be "
                f"pandas.DataFrame, but is {type(result).__name__}.")
        table = pa.Table.from_pandas(result, preserve_index=False)
    names = table.column_names
    by_name = all(a.name in names for a in attrs)
    if not by_name and len(names) != len(attrs):
        raise PythonException(
            "\n  An exception was thrown from the Python worker. Please see the stack trace "
            "below.\npyspark.errors.exceptions.base.PySparkRuntimeError: "
            "[RESULT_COLUMNS_MISMATCH_FOR_PANDAS_UDF] Column names of the returned "
            "pandas.DataFrame do not match specified schema. Missing: "
            f"{', '.join(a.name for a in attrs if a.name not in names)}.")
    cols = []
    for i, a in enumerate(attrs):
        c = table.column(a.name) if by_name else table.column(i)
        try:
            cols.append(c.cast(arrow_type(a.dtype)))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as e:
            raise PythonException(
                "\n  An exception was thrown from the Python worker. Please see the stack "
                "trace below.\npyspark.errors.exceptions.base.PySparkRuntimeError: "
                f"[RESULT_TYPE_MISMATCH_FOR_ARROW_UDF] Column '{a.name}' of the result "
                f"should be {a.dtype.simpleString()}, but cannot be converted: {e}") from None
    return pa.table(cols, names=[f"_{a.expr_id}" for a in attrs])


def _pandas():
    from ..pandas_ops import require_pandas
    return require_pandas()


def _call(fn, *args):
    from .python_udf import python_exception
    try:
        return fn(*args)
    except Exception as exc:
        raise python_exception(exc) from None


class MapBatchesTask:
    """``mapInPandas``/``mapInArrow`` over one partition's table."""

    def __init__(self, func, kind, in_names, attrs):
        self.func, self.kind, self.in_names, self.attrs = func, kind, in_names, attrs

    def __call__(self, records):
        tables = [as_table(r[1]) for r in records]
        schema = arrow_schema(self.attrs)
        if not tables:
            return
        table = _concat(tables).rename_columns(self.in_names)
        if self.kind == "pandas":
            _pandas()
            batches = (b.to_pandas() for b in table.to_batches())
        else:
            batches = iter(table.to_batches())
        out = []
        it = _call(self.func, batches)
        while True:
            try:
                item = next(it)
            except StopIteration:
                break
            except Exception as exc:
                from .python_udf import python_exception
                raise python_exception(exc) from None
            out.append(conform(item, self.attrs))
        yield ("out", to_ipc(_concat(out, schema)))


class GroupsTask:
    """``applyInPandas``: one call per group of the partition's rows."""

    def __init__(self, func, in_names, key_cols, attrs):
        self.func, self.in_names, self.key_cols, self.attrs = func, in_names, key_cols, attrs

    def __call__(self, records):
        _pandas()
        tables = [as_table(r[1]) for r in records]
        schema = arrow_schema(self.attrs)
        if not tables:
            yield ("out", to_ipc(schema.empty_table()))
            return
        table = _concat(tables)
        out = [conform(_call(self.func, g.rename_columns(self.in_names).to_pandas()),
                       self.attrs) for g in split_groups(table, self.key_cols)]
        yield ("out", to_ipc(_concat(out, schema)))


class CoGroupsTask:
    """``cogroup().applyInPandas``: one call per key present on either side."""

    def __init__(self, func, names, in_names, key_cols, schemas, attrs):
        self.func, self.names, self.in_names = func, names, in_names
        self.key_cols, self.schemas, self.attrs = key_cols, schemas, attrs

    def __call__(self, records):
        _pandas()
        got = _tables(records)
        sides = []
        for name, keys, schema in zip(self.names, self.key_cols, self.schemas):
            t = _concat(got.get(name, []), schema)
            sides.append({_key(g, keys): g for g in split_groups(t, keys)})
        out = []
        for key in sorted(set(sides[0]) | set(sides[1]), key=repr):
            frames = []
            for side, schema, names in zip(sides, self.schemas, self.in_names):
                g = side.get(key, schema.empty_table())
                frames.append(g.rename_columns(names).to_pandas())
            out.append(conform(_call(self.func, *frames), self.attrs))
        yield ("out", to_ipc(_concat(out, arrow_schema(self.attrs))))


def _key(table, keys):
    return tuple(table.column(k)[0].as_py() for k in keys)


def split_groups(table, keys: list):
    """The table's rows split into one table per distinct value of ``keys`` (nulls a group)."""
    import pyarrow.compute as pc
    if not table.num_rows:
        return []
    if not keys:
        return [table]
    idx = pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys])
    table = table.take(idx)
    cols = [table.column(k).to_pylist() for k in keys]
    rows = list(zip(*cols))
    out, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i] != rows[start]:
            out.append(table.slice(start, i - start))
            start = i
    return out
