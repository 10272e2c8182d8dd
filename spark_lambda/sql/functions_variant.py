"""``pyspark.sql.functions`` over the VARIANT type: parsing JSON into VARIANT values, reading
them by path with a cast, their schemas."""

from __future__ import annotations

from .column import Column
from .functions_common import c, call, define_all
from .functions_common import v as value_expr

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
    ("variant_set", "@v, path, @value, create_if_missing=None",
     "The VARIANT with ``value`` at ``path`` (replacing what is there; what is missing made "
     "unless ``create_if_missing`` is false)."),
    ("try_variant_set", "@v, path, @value, create_if_missing=None",
     "``variant_set``, NULL where the path does not fit the value."),
    ("variant_insert", "@v, path, @value",
     "The VARIANT with ``value`` inserted at ``path`` (a new object key, or an array position "
     "shifting the rest); an existing key is an error."),
    ("try_variant_insert", "@v, path, @value", "``variant_insert``, NULL instead of an error."),
    ("variant_array_append", "@v, path, @value",
     "The VARIANT with ``value`` appended to the array at ``path`` (unchanged where nothing is "
     "there)."),
    ("try_variant_array_append", "@v, path, @value",
     "``variant_array_append``, NULL instead of an error."),
    ("variant_strip_nulls", "@v, include_arrays=None",
     "The VARIANT without its null object fields (and null array elements, unless "
     "``include_arrays`` is false), at every depth."),
])


def variant_delete(v, *paths) -> Column:
    """The VARIANT without what each path names (a string is a literal path, a Column gives
    paths at run time), in turn; NULL paths are skipped."""
    return call("variant_delete", c(v), *(value_expr(p) for p in paths))


__all__.append("variant_delete")
