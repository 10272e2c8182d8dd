"""Element and field access on a ``Column`` (PySpark's ``col[i]``, ``col["k"]``,
``col.field``, ``getItem``, ``getField``) and struct updates (``withField``, ``dropFields``):
mixed into ``Column``."""

from __future__ import annotations

from .catalyst import expressions as ex
from .catalyst.struct_updates import split_field_name, update_fields
from .errors import PySparkTypeError


def _expr(value) -> ex.Expr:
    return value.expr if hasattr(value, "expr") and isinstance(value.expr, ex.Expr) \
        else ex.Lit(value)


class ColumnAccess:
    """``col[k]`` (array index from 0, map key, struct field), ``col.name`` (a struct's
    field or a map's value of that key, as ``col["name"]``)."""

    def getItem(self, key):
        """The element at 0-based index ``key`` of an array, or the value of map key ``key``."""
        return type(self)(ex.UnresolvedFunc("get_item", (self.expr, _expr(key))))

    def getField(self, name: str):
        """The struct field called ``name``."""
        return type(self)(ex.UnresolvedFunc("get_field", (self.expr, ex.Lit(name))))

    def withField(self, fieldName: str, col):
        """The struct with field ``fieldName`` (dotted for a nested one) set to ``col``: replaced
        where it stands, or added last."""
        if not isinstance(fieldName, str):
            raise PySparkTypeError(f"[NOT_STR] Argument `fieldName` should be a str, got "
                                   f"{type(fieldName).__name__}.", "NOT_STR")
        if not hasattr(col, "expr") or not isinstance(col.expr, ex.Expr):
            raise PySparkTypeError(f"[NOT_COLUMN] Argument `col` should be a Column, got "
                                   f"{type(col).__name__}.", "NOT_COLUMN")
        return type(self)(update_fields(self.expr, split_field_name(fieldName), col.expr))

    def dropFields(self, *fieldNames: str):
        """The struct without the fields named (dotted for nested ones), dropped in order."""
        e = self.expr
        for name in fieldNames:
            if not isinstance(name, str):
                raise PySparkTypeError(f"[NOT_STR] Argument `fieldName` should be a str, got "
                                       f"{type(name).__name__}.", "NOT_STR")
            e = update_fields(e, split_field_name(name), None)
        return type(self)(e)

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step is not None:
                raise ValueError("slice with step is not supported.")
            return self.substr(key.start, key.stop)
        return self.getItem(key)

    def __getattr__(self, name: str):
        if name.startswith("_") or name == "expr":
            raise AttributeError(name)
        return self.getItem(name)   # a struct's field, or a map's value (``col["name"]``)
