"""``pyspark.sql.functions`` over the VARIANT type: parsing JSON into VARIANT values, reading
them by path with a cast, their schemas."""

from __future__ import annotations

from .functions_common import define_all

__all__ = define_all(globals(), [
    ("parse_json", "@col",
     "JSON text as a VARIANT value; text that is not JSON is an error."),
    ("try_parse_json", "@col", "``parse_json``, NULL where the text is not JSON."),
    ("variant_get", "@v, path, targetType",
     "The value at ``path`` (``$``, ``.name``, ``['name']``, ``[index]``) cast to "
     "``targetType``; NULL where the path finds nothing, an error where the value does not "
     "cast."),
    ("try_variant_get", "@v, path, targetType",
     "``variant_get``, NULL where the value does not cast."),
    ("is_valid_variant", "@v", "Whether the value is a well-formed VARIANT (NULL for NULL)."),
    ("is_variant_null", "@v", "Whether the VARIANT holds a JSON null (false for SQL NULL)."),
    ("schema_of_variant", "@v", "The schema of a VARIANT value (``OBJECT<a: BIGINT>``)."),
    ("schema_of_variant_agg", "@v", "The merged schema of a column's VARIANT values."),
    ("to_variant_object", "@col", "A struct, map or array as a VARIANT object or array."),
])
