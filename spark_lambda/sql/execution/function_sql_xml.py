"""DuckDB text of the XML functions' parts (``type_rules_xml``): the document as JSON for
``from_json`` and a struct's JSON as an XML element, both Python functions
(``function_udfs_misc``, over ``xml_values``); ``schema_of_xml`` is the constant worked out in
analysis."""

from __future__ import annotations

from .function_sql_hooks import Ctx, scalar


@scalar("schema_of_xml")
def _schema_of_xml(c: Ctx) -> str:
    return c.a[1]


@scalar("xml_to_json")
def _xml_to_json(c: Ctx) -> str:
    return f"spark_xml_to_json({', '.join(c.a)})"


@scalar("to_xml")
def _to_xml(c: Ctx) -> str:
    return f"spark_json_to_xml({c.a[0]}, {c.a[1]})"
