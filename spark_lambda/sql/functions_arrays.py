"""``pyspark.sql.functions`` over arrays and maps beyond building and reading them: set-like
operations, positions, slices, zipping, flattening, and the parts of maps."""

from __future__ import annotations

from .functions_common import define_all

__all__ = define_all(globals(), [
    ("array_append", "col, value", "The array with ``value`` added at the end."),
    ("array_prepend", "col, value", "The array with ``value`` added at the start."),
    ("array_remove", "col, element", "The array without the elements equal to ``element``."),
    ("array_position", "col, value",
     "The 1-based position of the first ``value`` in the array (0 when absent), a BIGINT."),
    ("array_insert", "@arr, pos, value",
     "The array with ``value`` inserted at 1-based ``pos`` (negative: from the end)."),
    ("array_compact", "col", "The array without its NULLs."),
    ("array_distinct", "col", "The array without repeated values (first occurrences, in order)."),
    ("array_union", "col1, col2", "The distinct elements of both arrays."),
    ("array_intersect", "col1, col2", "The distinct elements in both arrays."),
    ("array_except", "col1, col2", "The distinct elements of the first array not in the second."),
    ("arrays_overlap", "@a1, @a2", "Whether the arrays share a non-NULL element."),
    ("array_join", "col, delimiter, null_replacement=None",
     "The elements joined by ``delimiter`` (NULLs skipped, or replaced when told)."),
    ("array_max", "col", "The largest element (NULLs skipped)."),
    ("array_min", "col", "The smallest element (NULLs skipped)."),
    ("array_size", "col", "The number of elements of the array."),
    ("array_repeat", "col, count", "An array of ``count`` copies of the value."),
    ("arrays_zip", "*cols", "An array of structs: the arrays' elements side by side."),
    ("flatten", "col", "An array of arrays as one array (NULL when an inner array is)."),
    ("slice", "@x, start, length",
     "``length`` elements from 1-based ``start`` (negative: counted from the end)."),
    ("get", "col, index", "The element at 0-based ``index`` (NULL out of bounds)."),
    ("sequence", "@start, @stop, @step=None", "The integers from ``start`` to ``stop`` inclusive."),
    ("map_keys", "col", "The keys of the map, as an array."),
    ("map_values", "col", "The values of the map, as an array."),
    ("map_entries", "col", "The map as an array of (key, value) structs."),
    ("map_contains_key", "col, value", "Whether the map has the key."),
    ("map_from_arrays", "col1, col2", "A map from an array of keys and an array of values."),
    ("map_from_entries", "col", "A map from an array of (key, value) structs."),
    ("map_concat", "*cols", "The maps' entries in one map."),
    ("str_to_map", "@text, pairDelim=',', keyValueDelim=':'",
     "A string of ``key:value`` pairs split by ``,`` (or the given delimiters) as a map."),
])
