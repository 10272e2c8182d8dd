"""Maps built from lists of keys and values as Spark builds them: a key given twice raises
``DUPLICATED_MAP_KEY`` or, with ``spark.sql.mapKeyDedupPolicy`` set to ``LAST_WIN``, keeps
the key at its first place with the value given last (``map``/``create_map``,
``map_from_arrays``, ``map_from_entries``, ``map_concat``, ``str_to_map``)."""

from __future__ import annotations

from .function_sql_hooks import error

# ``spark.sql.mapKeyDedupPolicy`` of the session whose plan is being written; set by
# ``SparkSession._planner`` on the driver before a stage's SQL is written.
dedup_policy = "EXCEPTION"

_K = "_sl_mk"   # lambda variables, named apart from every column
_I = "_sl_mi"
_DUPLICATE = ("'[DUPLICATED_MAP_KEY] Duplicate map key ' || CAST({dup} AS VARCHAR) || ' was "
              "found, please check the input data. If you want to remove the duplicated keys, "
              "you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key "
              "inserted at last takes precedence.'")


def unique_keys_map(keys: str, values: str, t: str) -> str:
    """The DuckDB MAP (of type ``t``) of the lists ``keys`` and ``values``, duplicate keys
    handled by the session's policy."""
    if dedup_policy.upper() == "LAST_WIN":
        firsts = f"list_filter({keys}, lambda {_K}, {_I}: list_position({keys}, {_K}) = {_I})"
        last_value = (f"{values}[len({keys}) + 1 - list_position(list_reverse({keys}), "
                      f"{_K})]")
        return f"CAST(map({firsts}, list_transform({firsts}, lambda {_K}: {last_value})) AS {t})"
    dup = f"list_filter({keys}, lambda {_K}, {_I}: list_position({keys}, {_K}) < {_I})[1]"
    return (f"(CASE WHEN len(list_distinct({keys})) < len({keys}) THEN "
            f"{error(_DUPLICATE.format(dup=dup))} ELSE CAST(map({keys}, {values}) AS {t}) END)")


def entries_map(entries: str, t: str) -> str:
    """``unique_keys_map`` of a list of key/value structs."""
    return unique_keys_map(f"list_transform({entries}, lambda {_K}: struct_extract_at({_K}, 1))",
                           f"list_transform({entries}, lambda {_K}: struct_extract_at({_K}, 2))",
                           t)
