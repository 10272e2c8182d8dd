"""Type rules of the nested-type functions: building arrays, structs and maps, reading them
(``size``, ``element_at``, ``arr[i]``, ``s.f``, ``array_contains``), ``split``, and JSON
(``from_json``, ``to_json``, ``schema_of_json``). Generators (``explode``) are expanded in
projections by ``generators.py``.
"""

from __future__ import annotations

import dataclasses

import json

from ..errors import AnalysisException
from ..types import (ArrayType, BooleanType, DataType, IntegerType, MapType, NullType,
                     StringType, StructField, StructType)
from . import coercion as co
from . import expressions as ex
from .type_rules_common import call, integer, literal_value, mismatch, rule, string


def _common(name: str, args) -> tuple[list, DataType]:
    t = co.common_type_of([a.dtype for a in args]) if args else NullType()
    if t is None:
        raise mismatch(name, "the arguments have incompatible types ("
                       + ", ".join(a.dtype.simpleString() for a in args) + ")")
    if isinstance(t, NullType) and args:
        t = NullType()
    return [co.cast_to(a, t) for a in args], t


@rule("array")
def _array(name, args, distinct):
    vals, t = _common(name, args)
    t = StringType() if not args else t
    return call("array", vals, ArrayType(t, any(a.nullable for a in vals)), False)


def field_name(e: ex.Expr, i: int) -> str:
    """The struct field name Spark gives an argument of ``struct(...)``."""
    if isinstance(e, (ex.Attr, ex.Alias)):
        return e.name
    if isinstance(e, ex.Call) and e.fn == "get_field":
        return e.args[1].value
    return f"col{i + 1}"


@rule("struct", "named_struct")
def _struct(name, args, distinct):
    if name == "named_struct":
        names = [literal_value(name, a) for a in args[0::2]]
        vals = list(args[1::2])
    else:
        names = [field_name(a, i) for i, a in enumerate(args)]
        vals = list(args)
    t = StructType([StructField(n, v.dtype, v.nullable) for n, v in zip(names, vals)])
    pretty = None
    if name == "named_struct":
        from .naming import auto_name
        pretty = "named_struct(" + ", ".join(f"{n}, {auto_name(v)}" for n, v in
                                             zip(names, vals)) + ")"
    return ex.Call("struct", tuple(vals), t, False, pretty=pretty)


@rule("map", "create_map")
def _map(name, args, distinct):
    if len(args) % 2:
        raise AnalysisException(f"{name} expects a positive even number of arguments.",
                                "WRONG_NUM_ARGS")
    keys, kt = _common(name, list(args[0::2]))
    vals, vt = _common(name, list(args[1::2]))
    inter = [x for pair in zip(keys, vals) for x in pair]
    t = MapType(kt if args else StringType(), vt if args else StringType(),
                any(v.nullable for v in vals))
    return call("map", inter, t, False)


def _container(name, e) -> DataType:
    t = e.dtype
    if not isinstance(t, (ArrayType, MapType, NullType)):
        raise mismatch(name, f"the first argument requires the \"ARRAY\" or \"MAP\" type, "
                       f"but got \"{t.simpleString().upper()}\"")
    return t


@rule("size", "cardinality")
def _size(name, args, distinct):
    _container(name, args[0])
    return dataclasses.replace(call("size", args[:1], IntegerType()), pretty=name)


@rule("array_contains")
def _array_contains(name, args, distinct):
    arr, v = args
    t = arr.dtype
    if not isinstance(t, ArrayType):
        raise mismatch(name, "the first argument requires the \"ARRAY\" type")
    return call("array_contains", (arr, co.cast_to(v, t.elementType)), BooleanType(), True)


@rule("element_at", "try_element_at", "get_item")
def _element_at(name, args, distinct):
    c, k = args
    if name == "get_item" and isinstance(c.dtype, StructType):
        return _get_field("get_field", args, distinct)
    t = _container(name, c)
    if isinstance(t, ArrayType):
        return call(name, (c, integer(k)), t.elementType, True)
    if isinstance(t, MapType):
        return call(name, (c, co.cast_to(k, t.keyType)), t.valueType, True)
    return call(name, (c, k), NullType(), True)


@rule("get_field")
def _get_field(name, args, distinct):
    s, f = args
    t = s.dtype
    field = literal_value(name, f)
    if not isinstance(t, StructType):
        raise AnalysisException(f"Can't extract value from {s}: need struct type but got "
                                f"{t.simpleString()}.", "INVALID_EXTRACT_BASE_FIELD_TYPE")
    for fl in t.fields:
        if fl.name.lower() == str(field).lower():
            return call("get_field", (s, ex.Lit(fl.name, StringType())), fl.dataType,
                        s.nullable or fl.nullable)
    raise AnalysisException(f"No such struct field `{field}` in "
                            f"{', '.join('`' + x.name + '`' for x in t.fields)}.",
                            "FIELD_NOT_FOUND", {"fieldName": f"`{field}`"})


@rule("split")
def _split(name, args, distinct):
    s, p = string(args[0]), string(args[1])
    limit = integer(args[2]) if len(args) > 2 else ex.Lit(-1, IntegerType())
    return call("split", (s, p, limit), ArrayType(StringType(), False))


@rule("from_json")
def _from_json(name, args, distinct):
    from ..types import DataType as DT
    schema = literal_value(name, args[1]) if len(args) > 1 else None
    t = DT.fromDDL(schema) if isinstance(schema, str) else schema
    if not isinstance(t, DataType):
        raise AnalysisException("from_json needs a schema.", "INVALID_SCHEMA")
    out = call("from_json", (string(args[0]),), _all_nullable(t), True)
    from .naming import auto_name
    if _unquoted_names(name, args[2:]):
        out = dataclasses.replace(out, args=out.args + (ex.Lit(True, BooleanType()),),
                                  pretty=f"from_json({auto_name(args[0])})")
    return out


def _unquoted_names(name: str, options) -> bool:
    """Whether a JSON function's options (``map('key', 'value', ...)``) allow unquoted field
    names (``allowUnquotedFieldNames``)."""
    if not options:
        return False
    m = options[0]
    if not (isinstance(m, ex.Call) and m.fn in ("map", "create_map")):
        raise AnalysisException(f"[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options of {name}: "
                                f"must use the `map()` function for options.",
                                "INVALID_OPTIONS.NON_MAP_FUNCTION")
    values = [str(literal_value(name, a)) for a in m.args]
    opts = {k.lower(): val for k, val in zip(values[::2], values[1::2])}
    return opts.get("allowunquotedfieldnames", "false").lower() == "true"


def _all_nullable(t: DataType) -> DataType:
    if isinstance(t, StructType):
        return StructType([StructField(f.name, _all_nullable(f.dataType), True) for f in t])
    if isinstance(t, ArrayType):
        return ArrayType(_all_nullable(t.elementType), True)
    if isinstance(t, MapType):
        return MapType(t.keyType, _all_nullable(t.valueType), True)
    return t


@rule("to_json")
def _to_json(name, args, distinct):
    if not isinstance(args[0].dtype, (StructType, ArrayType, MapType)):
        raise mismatch(name, "the input requires the \"STRUCT\", \"ARRAY\" or \"MAP\" type")
    return call("to_json", args[:1], StringType(), True)


@rule("schema_of_json")
def _schema_of_json(name, args, distinct):
    from .naming import auto_name
    text = literal_value(name, args[0])
    if _unquoted_names(name, args[1:]):
        from ..json_unquoted import quote_field_names
        text = quote_field_names(text)
    return ex.Call("schema_of_json", (ex.Lit(text, StringType()),), StringType(), False,
                   pretty=f"schema_of_json({auto_name(args[0])})")


def json_schema_text(text: str) -> str:
    """The DDL Spark's ``schema_of_json`` infers for one JSON document."""
    return _infer(json.loads(text))


def _infer(v) -> str:
    if isinstance(v, bool):
        return "BOOLEAN"
    if isinstance(v, int):
        return "BIGINT"
    if isinstance(v, float):
        return "DOUBLE"
    if isinstance(v, str) or v is None:
        return "STRING"
    if isinstance(v, list):
        kinds = [_infer(x) for x in v if x is not None]
        if not kinds:
            return "ARRAY<STRING>"
        if all(k == kinds[0] for k in kinds):
            return f"ARRAY<{kinds[0]}>"
        if set(kinds) <= {"BIGINT", "DOUBLE"}:
            return "ARRAY<DOUBLE>"
        return "ARRAY<STRING>"
    return "STRUCT<" + ", ".join(f"{k}: {_infer(v[k])}" for k in sorted(v)) + ">"
