"""Helpers the ``functions_*`` modules share to build calls from columns, names and values."""

from __future__ import annotations

from .catalyst import expressions as ex
from .column import Column, col_expr, to_expr


def call(name: str, *args) -> Column:
    """``name(args)``: each argument an expression already."""
    return Column(ex.UnresolvedFunc(name, tuple(args)))


def c(value) -> ex.Expr:
    """A Column or a column name."""
    return col_expr(value)


def v(value) -> ex.Expr:
    """A Column or a literal value."""
    return to_expr(value)


def cols(values) -> tuple:
    """Columns or names, given as arguments or as one list."""
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = values[0]
    return tuple(col_expr(x) for x in values)
