"""Type rules of the VARIANT functions: ``parse_json``/``try_parse_json``, ``variant_get``/
``try_variant_get`` (the target type is the call's type; Spark leaves it out of the name),
``is_variant_null``, ``schema_of_variant`` and its aggregate, ``to_variant_object``, and
``to_json`` of a VARIANT (other arguments keep ``type_rules_collections``' rule)."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (ArrayType, BooleanType, DataType, MapType, NullType, StringType,
                     StructType, VariantType)
from . import coercion as co
from . import expressions as ex
from . import type_rules_collections  # noqa: F401  (its to_json rule is wrapped below)
from .type_rules_common import RULES, call, literal_value, mismatch, rule, string

_TO_JSON = RULES["to_json"]


def variant_arg(name: str, e: ex.Expr) -> ex.Expr:
    """A VARIANT argument (a NULL literal becomes a NULL VARIANT)."""
    if isinstance(e.dtype, VariantType):
        return e
    if isinstance(e.dtype, NullType):
        return co.cast_to(e, VariantType())
    raise mismatch(name, f"the argument requires the \"VARIANT\" type, but got "
                   f"\"{e.dtype.simpleString().upper()}\"")


@rule("parse_json", "try_parse_json")
def _parse_json(name, args, distinct):
    return call(name, (string(args[0]),), VariantType(),
                True if name == "try_parse_json" else None)


@rule("variant_get", "try_variant_get")
def _variant_get(name, args, distinct):
    text = literal_value(name, args[2])
    try:
        to = DataType.fromDDL(text)
    except Exception:  # noqa: BLE001 - any DDL error is the same mistake here
        raise AnalysisException(f"[PARSE_SYNTAX_ERROR] {name}: {text!r} is not a data type.",
                                "PARSE_SYNTAX_ERROR") from None
    if isinstance(to, StructType) and "," not in text and ":" not in text and " " in text:
        raise AnalysisException(f"{name}: {text!r} is not a data type.", "PARSE_SYNTAX_ERROR")
    return call(name, (variant_arg(name, args[0]), string(args[1])), to, True)


@rule("is_valid_variant")
def _is_valid_variant(name, args, distinct):
    return call(name, (variant_arg(name, args[0]),), BooleanType())


@rule("is_variant_null")
def _is_variant_null(name, args, distinct):
    return call(name, (variant_arg(name, args[0]),), BooleanType(), False)


@rule("schema_of_variant")
def _schema_of_variant(name, args, distinct):
    return call(name, (variant_arg(name, args[0]),), StringType())


@rule("schema_of_variant_agg")
def _schema_of_variant_agg(name, args, distinct):
    return ex.AggCall(name, (variant_arg(name, args[0]),), distinct, StringType(), False)


@rule("to_variant_object")
def _to_variant_object(name, args, distinct):
    a = args[0]
    if not isinstance(a.dtype, (StructType, MapType, ArrayType)):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"{name}({a})\" due "
            f"to data type mismatch: cannot cast \"{a.dtype.simpleString().upper()}\" to "
            f"\"VARIANT\".", "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
    return call(name, (a,), VariantType())


@rule("variant_set", "try_variant_set", "variant_insert", "try_variant_insert",
      "variant_array_append", "try_variant_array_append")
def _variant_edit(name, args, distinct):
    args = list(args)
    if name.endswith("variant_set"):
        flag = args[3] if len(args) > 3 else ex.Lit(True, BooleanType())
        literal_value(name, flag)
        args = args[:3] + [co.cast_to(flag, BooleanType())]
    return call(name, [variant_arg(name, args[0]), string(args[1]),
                       co.cast_to(args[2], VariantType())] + args[3:], VariantType(), True)


@rule("variant_delete")
def _variant_delete(name, args, distinct):
    return call(name, [variant_arg(name, args[0])] + [string(a) for a in args[1:]],
                VariantType())


@rule("variant_strip_nulls")
def _variant_strip_nulls(name, args, distinct):
    flag = args[1] if len(args) > 1 else ex.Lit(True, BooleanType())
    return call(name, (variant_arg(name, args[0]), co.cast_to(flag, BooleanType())),
                VariantType())


@rule("to_json")
def _to_json(name, args, distinct):
    if isinstance(args[0].dtype, VariantType):
        return call(name, args[:1], StringType(), True)
    return _TO_JSON(name, args, distinct)
