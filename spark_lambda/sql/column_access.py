"""Element and field access on a ``Column`` (PySpark's ``col[i]``, ``col["k"]``,
``col.field``, ``getItem``, ``getField``, ``withField``-free): mixed into ``Column``."""

from __future__ import annotations

from .catalyst import expressions as ex


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
