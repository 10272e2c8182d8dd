"""Type rules of the CSV functions: ``from_csv`` (a CSV line as a struct of a DDL schema, or of
``schema_of_csv``'s), ``schema_of_csv`` (worked out here, from a constant line) and ``to_csv``
(a struct's fields as one line). The reader's options ride along as a JSON literal the name
leaves out, as Spark's does."""

from __future__ import annotations

import json

from ..errors import AnalysisException
from ..types import DataType, StringType, StructField, StructType
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import literal_value, rule, string
from .type_rules_misc import check_arity


def options_arg(name: str, args) -> dict:
    """The options map given as a JSON literal (first of ``args``), keys in lower case."""
    if not args:
        return {}
    text = literal_value(name, args[0])
    return {str(k).lower(): v for k, v in json.loads(text or "{}").items()}


def infer_csv_schema(line: str, options: dict) -> StructType:
    """The schema Spark infers from one CSV line: ``_c0``, ``_c1``... typed by their text."""
    from ..io.csv_options import CsvOptions
    from ..io.csv_reader import line_tokens
    from ..io.values import infer_value, spark_type
    opts = CsvOptions.parse(options)
    tokens = line_tokens(line, opts) or [None]
    return StructType([StructField(f"_c{i}", spark_type(infer_value(t) if t is not None
                                                         else None), True)
                       for i, t in enumerate(tokens)])


def schema_sql(t: DataType) -> str:
    """A type as Spark writes it in ``schema_of_csv``/``schema_of_xml``:
    ``STRUCT<_c0: INT, a: ARRAY<BIGINT>>``."""
    from ..types import ArrayType
    if isinstance(t, StructType):
        return "STRUCT<" + ", ".join(f"{f.name}: {schema_sql(f.dataType)}"
                                     for f in t.fields) + ">"
    if isinstance(t, ArrayType):
        return f"ARRAY<{schema_sql(t.elementType)}>"
    return t.simpleString().upper()


@rule("schema_of_csv")
def _schema_of_csv(name, args, distinct):
    check_arity(name, args, 1, 2)
    line = literal_value(name, args[0])
    if not isinstance(line, str):
        raise AnalysisException(
            f"Cannot resolve \"schema_of_csv({auto_name(args[0])})\" due to data type mismatch: "
            f"the input csv should be a foldable \"STRING\" expression.",
            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    text = schema_sql(infer_csv_schema(line, options_arg(name, args[1:])))
    return ex.Call("schema_of_csv", (args[0], ex.Lit(text, StringType())), StringType(), False,
                   pretty=f"schema_of_csv({auto_name(args[0])})")


def schema_arg(name: str, e) -> StructType:
    """The struct type a schema argument names: a DDL string (``a INT, b STRING`` or
    ``STRUCT<a: INT>``) or ``schema_of_csv``/``schema_of_xml`` of a constant."""
    if isinstance(e, ex.Call) and e.fn in ("schema_of_csv", "schema_of_xml"):
        e = e.args[1]
    text = literal_value(name, e)
    try:
        text = text[len("STRUCT<"):-1] if text.upper().startswith("STRUCT<") else text
        t = DataType.fromDDL(text.replace(": ", " "))
    except Exception as err:  # noqa: BLE001 - Spark's own message for any bad schema
        raise AnalysisException(f"Cannot parse the schema in JSON format: {text} ({err}).",
                                "INVALID_SCHEMA.PARSE_ERROR") from None
    if not isinstance(t, StructType):
        t = StructType([StructField("value", t, True)])
    return StructType([StructField(f.name, f.dataType, True) for f in t.fields])


@rule("from_csv")
def _from_csv(name, args, distinct):
    check_arity(name, args, 2, 3)
    t = schema_arg(name, args[1])
    opts = args[2] if len(args) > 2 else ex.Lit("{}", StringType())
    return ex.Call("from_csv", (string(args[0]), opts), t, True,
                   pretty=f"from_csv({auto_name(args[0])})")


def struct_arg(name: str, s):
    """``s``, which ``name`` (``to_csv``, ``to_xml``) needs to be a struct."""
    if not isinstance(s.dtype, StructType):
        raise AnalysisException(
            f"Cannot resolve \"{name}({auto_name(s)})\" due to data type mismatch: the input "
            f"should be a \"STRUCT\", not \"{s.dtype.simpleString().upper()}\".",
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    return s


@rule("to_csv")
def _to_csv(name, args, distinct):
    check_arity(name, args, 1, 2)
    s = struct_arg(name, args[0])
    fields = tuple(ex.Cast(ex.Call("get_field", (s, ex.Lit(f.name, StringType())), f.dataType,
                                   True), StringType()) for f in s.dtype.fields)
    opts = args[1] if len(args) > 1 else ex.Lit("{}", StringType())
    return ex.Call("to_csv", (s, opts) + fields, StringType(), s.nullable,
                   pretty=f"to_csv({auto_name(s)})")
