"""Python UDTF calls as plan nodes.

``UnresolvedTableFunc``: a call as written (``f(lit(1))``, SQL ``FROM f(1, x => 2)``,
``LATERAL f(t.c)``, ``f(TABLE(t))`` or ``f(df.asTable().partitionBy(...))``). The analyzer
(``resolve_table_func``) finds the function (the UDTF object itself, or by name among
``spark.udtf.register``'s), types the arguments, asks it for its output schema (``returnType``
or ``analyze``) and gives ``PythonTableFunc``: a child projecting the argument columns (and the
partition and sort keys), the UDTF's output attributes, and, for ``LATERAL``, the child's
columns kept in front of them. Run by ``execution/python_udtf.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AnalysisException
from ..types import StructField, StructType
from . import expressions as ex
from . import plans as lp


@dataclass(frozen=True)
class TableSpec:
    """A table argument before analysis: the table's plan, its partition and sort keys."""
    plan: lp.Plan
    partition: tuple = ()
    orders: tuple = ()
    single: bool = False


@dataclass(frozen=True)
class UnresolvedTableFunc(lp.Plan):
    """``name(args)`` in FROM; ``kwargs`` names the last arguments; the table argument (at
    ``table_pos``) or the left side of a ``LATERAL`` (``mode``) is ``child``."""
    name: str
    udtf: lp.Opaque | None
    args: tuple
    kwargs: tuple
    child: lp.Plan
    mode: str = "none"            # "none", "table" or "lateral"
    table_pos: int = -1
    partition: tuple = ()
    orders: tuple = ()
    single: bool = False
    columns: tuple = ()           # SQL ``AS f(a, b)``: names for the output columns
    alias: str = ""               # ... and ``f``, their qualifier


@dataclass(frozen=True)
class PythonTableFunc(lp.Plan):
    """A resolved UDTF call. ``args`` (child attributes) are passed positionally, the last
    ``len(kwargs)`` by those names; the row of ``table`` goes in at ``table_pos``; rows of
    equal ``partition`` keys (or all rows when ``single``) share an instance; ``keep`` is
    the child's columns kept in the output (``LATERAL``)."""
    name: str
    udtf: lp.Opaque
    args: tuple
    kwargs: tuple
    table_pos: int
    table: tuple
    keep: tuple
    partition: tuple
    orders: tuple
    single: bool
    attrs: tuple
    child: lp.Plan
    result: lp.Opaque | None = None     # the AnalyzeResult, for ``__init__(self, result)``
    made_attrs = "attrs"                # the field of new columns (given new ids in a copy)

    @property
    def output(self):
        return list(self.keep) + list(self.attrs)


def table_func_call(name: str, udtf, args: tuple, kwargs: tuple, lateral=None,
                    columns: tuple = (), alias: str = "") -> UnresolvedTableFunc:
    """The unresolved call of ``name`` on ``args`` (expressions or one ``TableSpec``) and
    ``kwargs`` (name, expression) pairs; ``lateral`` is the plan on the left of a LATERAL."""
    all_args = tuple(args) + tuple(v for _, v in kwargs)
    names = tuple(k for k, _ in kwargs)
    tables = [i for i, a in enumerate(all_args) if isinstance(a, TableSpec)]
    if len(tables) > 1:
        raise AnalysisException("[TABLE_VALUED_FUNCTION_TOO_MANY_TABLE_ARGUMENTS] There are "
                                "too many table arguments for table-valued function. It allows "
                                "one table argument, but got: "
                                f"{len(tables)}. If you want to allow it, please set "
                                "\"spark.sql.allowMultipleTableArguments.enabled\" to \"true\"",
                                "TABLE_VALUED_FUNCTION_TOO_MANY_TABLE_ARGUMENTS")
    if tables:
        spec = all_args[tables[0]]
        exprs = tuple(ex.Lit(None) if i == tables[0] else a for i, a in enumerate(all_args))
        return UnresolvedTableFunc(name, udtf, exprs, names, spec.plan, "table", tables[0],
                                   tuple(spec.partition), tuple(spec.orders), spec.single,
                                   tuple(columns), alias)
    child = lateral if lateral is not None else lp.one_row()
    return UnresolvedTableFunc(name, udtf, all_args, names, child,
                               "lateral" if lateral is not None else "none", -1, (), (), False,
                               tuple(columns), alias)


def _unresolvable(name: str) -> AnalysisException:
    return AnalysisException(
        f"[UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve `{name}` to a table-valued "
        f"function. Please make sure that `{name}` is defined as a table-valued function and "
        "that all required parameters are provided correctly. If `{name}` is not defined, "
        "please create the table-valued function before using it.",
        "UNRESOLVABLE_TABLE_VALUED_FUNCTION")


def resolve_table_func(analyzer, p: UnresolvedTableFunc, outer) -> PythonTableFunc:
    """``p`` resolved (its child already is): see the module doc."""
    udtf = p.udtf.value if p.udtf is not None else \
        analyzer.__dict__.get("udtfs", {}).get(p.name.lower())
    if udtf is None:
        raise _unresolvable(p.name)
    child = p.child
    scope = child.output if p.mode == "lateral" else []
    args = [None if i == p.table_pos else analyzer.resolve(a, scope, outer)
            for i, a in enumerate(p.args)]
    table_type = StructType([StructField(a.name, a.dtype, a.nullable) for a in child.output])
    infos = [(table_type, None, True, False) if a is None else
             (a.dtype, a.value if isinstance(a, ex.Lit) else None, False,
              isinstance(a, ex.Lit)) for a in args]
    n_pos = len(args) - len(p.kwargs)
    result = udtf.output_schema(infos[:n_pos], dict(zip(p.kwargs, infos[n_pos:])))
    table_cols = tuple(child.output) if p.mode == "table" else ()
    keep = tuple(child.output) if p.mode == "lateral" else ()
    partition = [analyzer.resolve(e, child.output, outer) for e in p.partition] + \
        [analyzer.resolve(ex.UnresolvedAttr((c.name,)), child.output, outer)
         for c in getattr(result, "partitionBy", [])]
    orders = [analyzer.resolve(o, child.output, outer) for o in p.orders] + \
        [ex.SortOrder(analyzer.resolve(ex.UnresolvedAttr((c.name,)), child.output, outer),
                      c.ascending, c.overrideNullsFirst) for c in getattr(result, "orderBy", [])]
    projected = list(keep or table_cols)
    arg_attrs = []
    for i, a in enumerate(args):
        if a is not None:
            alias = ex.Alias(a, f"__udtf_arg{i}")
            projected.append(alias)
            arg_attrs.append(ex.to_attr(alias))
    part_attrs = tuple(_column(e, projected) for e in partition)
    order_keys = tuple(ex.SortOrder(_column(o.child, projected), o.ascending, o.nulls_first)
                       for o in orders)
    if not projected:      # a relation needs a column to carry its row count
        projected.append(child.output[0])
    names = list(p.columns) or [f.name for f in result.schema.fields]
    if len(names) != len(result.schema.fields):
        raise AnalysisException(
            f"[NUM_TABLE_VALUE_ALIASES_MISMATCH] Number of given aliases does not match "
            f"number of output columns. Function name: {p.name}; number of aliases: "
            f"{len(names)}; number of output columns: {len(result.schema.fields)}.",
            "NUM_TABLE_VALUE_ALIASES_MISMATCH")
    attrs = tuple(ex.Attr(n, f.dataType, True, qualifier=(p.alias,) if p.alias else ())
                  for n, f in zip(names, result.schema.fields))
    single = p.single or bool(getattr(result, "withSinglePartition", False))
    return PythonTableFunc(p.name, lp.Opaque(udtf), tuple(arg_attrs),
                           tuple(p.kwargs), p.table_pos, table_cols, keep, part_attrs,
                           order_keys, single, attrs, lp.Project(tuple(projected), child),
                           lp.Opaque(result))


def _column(e: ex.Expr, projected: list) -> ex.Attr:
    """``e`` as a column of the projection, added to it unless it is one already."""
    if isinstance(e, ex.Attr) and any(ex.to_attr(x).expr_id == e.expr_id for x in projected):
        return e
    alias = ex.Alias(e, f"__udtf_key{len(projected)}")
    projected.append(alias)
    return ex.to_attr(alias)
