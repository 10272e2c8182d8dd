"""Generators in a projection (``explode``, ``explode_outer``, ``posexplode``,
``posexplode_outer``) become their output columns: ``col`` for an array, ``key`` and
``value`` for a map, with ``pos`` first for the ``pos`` forms. Each column is a call the SQL
writer turns into ``unnest`` in the select list, so one input row gives one row per element.

``stack`` and ``inline`` (several columns per row) are ``row_generators``'.

Also here: a dotted name whose head is a struct column (``s.a.b``) as field access.
"""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import ArrayType, IntegerType, MapType, StringType, StructType
from . import expressions as ex

GENERATORS = {"explode", "explode_outer", "posexplode", "posexplode_outer"}
# calls that must stay where they are written (never pushed below a filter or duplicated)
NONDETERMINISTIC = {"explode", "explode_outer", "explode_key", "explode_key_outer",
                    "explode_value", "explode_value_outer", "posexplode_pos",
                    "posexplode_pos_outer", "rand", "randn", "monotonically_increasing_id",
                    "uniform", "randstr", "uuid", "input_file_name",
                    "input_file_block_start", "input_file_block_length"}


def expand_generators(exprs: list, resolve) -> list:
    """``exprs`` with each generator (possibly aliased) replaced by its output columns;
    ``resolve`` resolves an argument expression."""
    from .row_generators import ROW_GENERATORS, MultiAlias
    out = []
    for e in exprs:
        inner, name = (e.child, e.name) if isinstance(e, ex.Alias) else (e, None)
        if isinstance(e, MultiAlias):
            inner, name = e.child, e.names
        fn = inner.name.lower() if isinstance(inner, ex.UnresolvedFunc) else None
        if fn in ROW_GENERATORS:
            names = (name,) if isinstance(name, str) else name
            out.extend(ROW_GENERATORS[fn](fn, tuple(resolve(a) for a in inner.args), names))
        elif isinstance(e, MultiAlias):
            raise AnalysisException(f"Only a generator gives several columns to name: "
                                    f"{', '.join(e.names)}.", "MULTI_ALIAS_WITHOUT_GENERATOR")
        elif isinstance(inner, ex.UnresolvedFunc) and inner.name.lower() in GENERATORS:
            out.extend(_columns(inner.name.lower(), resolve(inner.args[0]), name))
        else:
            out.append(e)
    return out


def _columns(name: str, arg: ex.Expr, alias: str | None) -> list:
    outer = name.endswith("_outer")
    suffix = "_outer" if outer else ""
    t = arg.dtype
    cols = []
    if name.startswith("pos"):
        cols.append(("pos", ex.Call("posexplode_pos" + suffix, (arg,), IntegerType(), outer)))
    if isinstance(t, ArrayType):
        cols.append(("col", ex.Call("explode" + suffix, (arg,), t.elementType,
                                    outer or t.containsNull)))
    elif isinstance(t, MapType):
        cols.append(("key", ex.Call("explode_key" + suffix, (arg,), t.keyType, outer)))
        cols.append(("value", ex.Call("explode_value" + suffix, (arg,), t.valueType,
                                      outer or t.valueContainsNull)))
    else:
        raise AnalysisException(
            f"Cannot resolve \"{name}({ex.expr_name(arg)})\" due to data type mismatch: the "
            f"input should be an \"ARRAY\" or \"MAP\", not \"{t.simpleString().upper()}\".",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    if alias is not None and len(cols) == 1:
        cols = [(alias, cols[0][1])]
    return [ex.Alias(c, n) for n, c in cols]


def nested_field(parts: tuple, match):
    """``parts`` as a column (found by ``match(prefix)``) and struct fields under it, as an
    aliased field access; None when no prefix is a struct column."""
    from .function_registry import resolve_function
    for k in range(len(parts) - 1, 0, -1):
        try:
            base = match(parts[:k])
        except Exception:
            base = None
        if base is None or not isinstance(base.dtype, StructType):
            continue
        e = base
        for f in parts[k:]:
            e = resolve_function("get_field", (e, ex.Lit(f, StringType())))
        return ex.Alias(e, parts[-1])
    return None


def struct_star(qualifier: str, match) -> list:
    """``s.*`` / ``s.a.*``: one aliased field access per field of the struct column (empty
    when ``qualifier`` names no struct)."""
    from .function_registry import resolve_function
    parts = tuple(qualifier.split("."))
    base = None
    try:
        base = match(parts)
    except Exception:
        base = None
    if base is None and len(parts) > 1:
        base = nested_field(parts, match)
    if base is None or not isinstance(base.dtype, StructType):
        return []
    inner = base.child if isinstance(base, ex.Alias) else base
    return [ex.Alias(resolve_function("get_field", (inner, ex.Lit(f.name, StringType()))),
                     f.name) for f in base.dtype.fields]
