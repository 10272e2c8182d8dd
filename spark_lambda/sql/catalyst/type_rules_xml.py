"""Type rules of the XML functions (``xml_values``): ``schema_of_xml`` (worked out here from a
constant document), ``from_xml`` (the document read into a struct, through JSON text that
``from_json`` turns into the struct) and ``to_xml`` (a struct, through ``to_json``, as an
element named by the ``rowTag`` option). The options ride along as a JSON literal."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import StringType, StructType
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import RULES, literal_value, rule, string
from .type_rules_csv import options_arg, schema_arg, schema_sql, struct_arg
from .type_rules_misc import check_arity


@rule("schema_of_xml")
def _schema_of_xml(name, args, distinct):
    from ..xml_values import infer_type, parse
    check_arity(name, args, 1, 2)
    doc = literal_value(name, args[0])
    root = parse(doc) if isinstance(doc, str) else None
    if root is None:
        raise AnalysisException(
            f"Cannot resolve \"schema_of_xml({auto_name(args[0])})\" due to data type mismatch: "
            f"the input xml should be a foldable \"STRING\" expression holding an XML "
            f"document.", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    t = infer_type(root, options_arg(name, args[1:]))
    if not isinstance(t, StructType):
        t = StructType().add("_VALUE", t)
    return ex.Call("schema_of_xml", (args[0], ex.Lit(schema_sql(t), StringType())),
                   StringType(), False, pretty=f"schema_of_xml({auto_name(args[0])})")


@rule("from_xml")
def _from_xml(name, args, distinct):
    check_arity(name, args, 2, 3)
    t = schema_arg(name, args[1])
    opts = args[2] if len(args) > 2 else ex.Lit("{}", StringType())
    as_json = ex.Call("xml_to_json", (string(args[0]), ex.Lit(t.simpleString(), StringType()),
                                      opts), StringType(), True)
    return ex.Call("from_json", (as_json,), t, True,
                   pretty=f"from_xml({auto_name(args[0])})")


@rule("to_xml")
def _to_xml(name, args, distinct):
    check_arity(name, args, 1, 2)
    s = struct_arg(name, args[0])
    tag = ex.Lit(str(options_arg(name, args[1:]).get("rowtag", "ROW")), StringType())
    as_json = RULES["to_json"]("to_json", (s,), distinct)
    return ex.Call("to_xml", (as_json, tag), StringType(), s.nullable,
                   pretty=f"to_xml({auto_name(s)})")
