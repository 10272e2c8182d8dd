"""``Column.withField`` and ``Column.dropFields``: a struct rebuilt with a field added,
replaced or dropped (Spark's ``UpdateFields``).

Before analysis an ``UpdateFields`` node holds the struct and its operations; a dotted name
becomes nested nodes (the inner struct extracted by name, updated, and put back), as Spark
builds them. Once its children are resolved the analyzer expands it into ``named_struct`` of
the struct's fields after the operations (a field named again is replaced where it stands, a
new one goes last, a dropped name removes every field of that name), NULL where the struct is.
"""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import StringType, StructType
from . import expressions as ex
from .function_registry import resolve_function


def split_field_name(name: str) -> tuple:
    """A dotted field name's parts (a part in backquotes may hold dots)."""
    parts, cur, quoted = [], "", False
    for ch in name:
        if ch == "`":
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return tuple(parts + [cur])


def update_fields(struct: ex.Expr, parts: tuple, value: ex.Expr | None) -> ex.Expr:
    """The unresolved node setting (``value``) or dropping (None) the field at ``parts``."""
    if len(parts) == 1:
        return ex.UpdateFields(struct, ((parts[0], value),))
    inner = ex.UnresolvedFunc("get_field", (struct, ex.Lit(parts[0])))
    return ex.UpdateFields(struct, ((parts[0], update_fields(inner, parts[1:], value)),))


def expand_update_fields(n: ex.UpdateFields) -> ex.Expr:
    """The resolved expression an ``UpdateFields`` node (children resolved) stands for."""
    s = n.struct
    t = s.dtype
    if not isinstance(t, StructType):
        raise AnalysisException(
            f"Cannot resolve \"update_fields({ex.expr_name(s)})\" due to data type mismatch: "
            f"parameter 1 requires the \"STRUCT\" type, however \"{ex.expr_name(s)}\" has the "
            f"type \"{t.simpleString().upper()}\".", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    fields = [(f.name, resolve_function("get_field", (s, ex.Lit(f.name, StringType()))))
              for f in t.fields]
    for name, value in n.ops:
        if value is None:
            fields = [(k, e) for k, e in fields if k.lower() != name.lower()]
            continue
        hit = any(k.lower() == name.lower() for k, _ in fields)
        fields = [(name, value) if k.lower() == name.lower() else (k, e) for k, e in fields]
        if not hit:
            fields.append((name, value))
    if not fields:
        raise AnalysisException(
            f"Cannot resolve \"update_fields({ex.expr_name(s)})\" due to data type mismatch: "
            f"cannot drop all fields in struct.", "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS")
    args = tuple(x for k, e in fields for x in (ex.Lit(k, StringType()), e))
    built = resolve_function("named_struct", args)
    if not s.nullable:
        return built
    is_null = resolve_function("isnull", (s,))
    return ex.CaseWhen(((is_null, ex.Lit(None, built.dtype)),), built, built.dtype)
