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
    """A Column or a literal value (a list: an array of literals)."""
    if isinstance(value, (list, tuple)):
        return ex.UnresolvedFunc("array", tuple(v(x) for x in value))
    return to_expr(value)


def cv(value) -> ex.Expr:
    """A column name, a Column or a literal value (PySpark's ``ColumnOrName`` or value
    parameters: only a string is a name)."""
    return col_expr(value) if isinstance(value, str) else to_expr(value)


def cols(values) -> tuple:
    """Columns or names, given as arguments or as one list."""
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = values[0]
    return tuple(col_expr(x) for x in values)


_MISSING = object()


def define(namespace: dict, name: str, params: str, doc: str, fn: str | None = None) -> None:
    """Put in ``namespace`` a function ``name(params)`` calling ``fn`` (default ``name``).

    ``params`` is PySpark's parameter list: ``col``, ``col2``, ``*cols`` and the names marked
    ``@`` take column names (or Columns or values), the others (``value``, ``n=1``...) Columns
    or literal values (a string is a literal); a parameter with a default of ``None`` is left
    out of the call when not given.
    """
    import inspect
    sig_params, kinds = [], []
    import re
    for p in (x.strip() for x in re.split(r",(?=(?:[^']*'[^']*')*[^']*$)", params)
              if x.strip()):
        star = p.startswith("*")
        pname, _, default = p.lstrip("*").partition("=")
        column = pname.startswith(("col", "@")) or star
        pname = pname.lstrip("@")
        if star:
            sig_params.append(inspect.Parameter(pname, inspect.Parameter.VAR_POSITIONAL))
        else:
            d = eval(default) if default else inspect.Parameter.empty  # noqa: S307 (literal)
            sig_params.append(inspect.Parameter(pname, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                default=d))
        kinds.append((pname, star, column))
    sig = inspect.Signature(sig_params)

    def f(*args, **kwargs) -> Column:
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        out = []
        for pname, star, column in kinds:
            val = bound.arguments.get(pname, _MISSING)
            if star:
                out.extend(cols(val))
            elif val is None and sig.parameters[pname].default is None:
                continue
            else:
                out.append(cv(val) if column else v(val))
        return call(fn or name, *out)
    f.__name__ = f.__qualname__ = name
    f.__signature__ = sig
    f.__doc__ = doc
    namespace[name] = f


def define_all(namespace: dict, rows) -> list:
    """``define`` each ``(name, params, doc)`` of ``rows`` in ``namespace``; the names."""
    for name, params, doc in rows:
        define(namespace, name, params, doc)
    return [name for name, _, _ in rows]
