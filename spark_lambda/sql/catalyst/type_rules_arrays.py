"""Type rules of the array and map functions beyond building and reading them: set-like
operations (``array_distinct``, ``array_union``...), positions and slices, ``arrays_zip``,
``flatten``, ``sequence``, ``map_keys``/``map_values``/``map_entries``, ``map_from_arrays``,
``map_concat``, ``str_to_map``."""

from __future__ import annotations

from ..types import (ArrayType, BooleanType, DataType, IntegerType, IntegralType, LongType,
                     MapType, NullType, StringType, StructField, StructType)
from . import coercion as co
from . import expressions as ex
from .type_rules_collections import field_name
from .type_rules_common import call, integer, mismatch, rule, string


def _array(name: str, e) -> ArrayType:
    t = e.dtype
    if isinstance(t, NullType):
        return ArrayType(NullType(), True)
    if not isinstance(t, ArrayType):
        raise mismatch(name, f"the argument requires the \"ARRAY\" type, but got "
                       f"\"{t.simpleString().upper()}\"")
    return t


def _map(name: str, e) -> MapType:
    t = e.dtype
    if not isinstance(t, MapType):
        raise mismatch(name, f"the argument requires the \"MAP\" type, but got "
                       f"\"{t.simpleString().upper()}\"")
    return t


def _element_common(name: str, t: ArrayType, v) -> DataType:
    e = co.common_type(t.elementType, v.dtype)
    if e is None:
        raise mismatch(name, f"the element type {v.dtype.simpleString()} does not match the "
                       f"array's {t.elementType.simpleString()}")
    return e


@rule("array_append", "array_prepend", "array_remove", "array_position")
def _array_and_value(name, args, distinct):
    arr, v = args
    t = _array(name, arr)
    e = _element_common(name, t, v)
    out = ArrayType(e, t.containsNull or (v.nullable and name != "array_remove"))
    a2, v2 = co.cast_to(arr, ArrayType(e, t.containsNull)), co.cast_to(v, e)
    if name == "array_position":
        return call(name, (a2, v2), LongType())
    nullable = arr.nullable or (name == "array_remove" and v.nullable)
    return call(name, (a2, v2), out, nullable)


@rule("array_insert")
def _array_insert(name, args, distinct):
    arr, pos, v = args
    t = _array(name, arr)
    e = _element_common(name, t, v)
    return call(name, (co.cast_to(arr, ArrayType(e, t.containsNull)), integer(pos),
                       co.cast_to(v, e)), ArrayType(e, True), arr.nullable or pos.nullable)


@rule("array_compact", "array_distinct", "array_sort")
def _array_same(name, args, distinct):
    t = _array(name, args[0])
    if name == "array_sort" and len(args) > 1:   # with a comparator (type_rules_higher_order)
        from .type_rules_higher_order import sort_with_comparator
        return sort_with_comparator(args[0], args[1])
    out = ArrayType(t.elementType, False) if name == "array_compact" else t
    return call(name, args[:1], out)


@rule("array_union", "array_intersect", "array_except", "arrays_overlap")
def _two_arrays(name, args, distinct):
    for a in args:
        _array(name, a)
    t = co.common_type_of([a.dtype for a in args])
    if t is None:
        raise mismatch(name, "the arrays' element types differ ("
                       + ", ".join(a.dtype.simpleString() for a in args) + ")")
    vals = [co.cast_to(a, t) for a in args]
    if name == "arrays_overlap":
        return call(name, vals, BooleanType(), True)
    return call(name, vals, t)


@rule("array_join")
def _array_join(name, args, distinct):
    _array(name, args[0])
    arr = co.cast_to(args[0], ArrayType(StringType(), True))
    rest = [string(a) for a in args[1:]]
    return call(name, [arr] + rest, StringType(), args[0].nullable or args[1].nullable)


@rule("array_max", "array_min")
def _array_extreme(name, args, distinct):
    return call(name, args[:1], _array(name, args[0]).elementType, True)


@rule("array_size")
def _array_size(name, args, distinct):
    _array(name, args[0])
    return call(name, args[:1], IntegerType())


@rule("array_repeat")
def _array_repeat(name, args, distinct):
    v, n = args
    return call(name, (v, integer(n)), ArrayType(v.dtype, v.nullable), n.nullable)


@rule("arrays_zip")
def _arrays_zip(name, args, distinct):
    types = [_array(name, a) for a in args]
    fields = [StructField(field_name(a, i) if isinstance(a, (ex.Attr, ex.Alias)) else str(i),
                          t.elementType, True) for i, (a, t) in enumerate(zip(args, types))]
    return call(name, args, ArrayType(StructType(fields), False))


@rule("flatten")
def _flatten(name, args, distinct):
    t = _array(name, args[0])
    inner = t.elementType
    if not isinstance(inner, ArrayType):
        raise mismatch(name, "the argument requires an array of arrays")
    return call(name, args[:1], inner, True)


@rule("slice")
def _slice(name, args, distinct):
    _array(name, args[0])
    return call(name, (args[0], integer(args[1]), integer(args[2])), args[0].dtype)


@rule("get")
def _get(name, args, distinct):
    t = _array(name, args[0])
    return call(name, (args[0], integer(args[1])), t.elementType, True)


@rule("sequence")
def _sequence(name, args, distinct):
    t = co.common_type_of([a.dtype for a in args])
    if not isinstance(t, IntegralType):
        raise mismatch(name, "sequence takes integral start, stop and step here ("
                       + ", ".join(a.dtype.simpleString() for a in args) + ")")
    return call(name, [co.cast_to(a, t) for a in args], ArrayType(t, False))


@rule("map_keys", "map_values", "map_entries")
def _map_parts(name, args, distinct):
    t = _map(name, args[0])
    if name == "map_keys":
        out = ArrayType(t.keyType, True)
    elif name == "map_values":
        out = ArrayType(t.valueType, t.valueContainsNull)
    else:
        out = ArrayType(StructType([StructField("key", t.keyType, False),
                                    StructField("value", t.valueType, t.valueContainsNull)]),
                        False)
    return call(name, args[:1], out)


@rule("map_contains_key")
def _map_contains_key(name, args, distinct):
    t = _map(name, args[0])
    return call(name, (args[0], co.cast_to(args[1], t.keyType)), BooleanType())


@rule("map_from_arrays")
def _map_from_arrays(name, args, distinct):
    k, v = (_array(name, a) for a in args)
    return call(name, args, MapType(k.elementType, v.elementType, v.containsNull))


@rule("map_from_entries")
def _map_from_entries(name, args, distinct):
    t = _array(name, args[0])
    s = t.elementType
    if not isinstance(s, StructType) or len(s.fields) != 2:
        raise mismatch(name, "the argument requires an array of (key, value) structs")
    k, val = s.fields
    return call(name, args[:1], MapType(k.dataType, val.dataType, val.nullable))


@rule("map_concat")
def _map_concat(name, args, distinct):
    for a in args:
        _map(name, a)
    t = co.common_type_of([a.dtype for a in args])
    if t is None:
        raise mismatch(name, "the maps' key and value types differ")
    return call(name, [co.cast_to(a, t) for a in args], t)


@rule("str_to_map")
def _str_to_map(name, args, distinct):
    return call(name, [string(a) for a in args], MapType(StringType(), StringType(), True))
