"""``Column``: an expression tree under construction (PySpark's Column API).

Operators and methods build a new ``Column`` around a new unresolved node; nothing is
resolved or run until a DataFrame uses the column.
"""

from __future__ import annotations

from .catalyst import expressions as ex
from .column_access import ColumnAccess
from .errors import PySparkTypeError, PySparkValueError


def to_expr(value) -> ex.Expr:
    """A Column's expression, or a Python value as a literal."""
    if isinstance(value, Column):
        return value.expr
    return ex.Lit(value)


def col_expr(value) -> ex.Expr:
    """A Column's expression, or a column name (``"a"``, ``"t.a"``, ``"*"``)."""
    if isinstance(value, Column):
        return value.expr
    if isinstance(value, str):
        return name_expr(value)
    raise TypeError(f"expected a Column or a column name, got {type(value).__name__}")


def name_expr(name: str) -> ex.Expr:
    """``"*"``, ``"t.*"`` or a (possibly dotted, possibly backquoted) column name."""
    if name == "*":
        return ex.UnresolvedStar()
    if name.endswith(".*"):
        return ex.UnresolvedStar(name[:-2])
    if name.startswith("`") and name.endswith("`"):
        return ex.UnresolvedAttr((name[1:-1],))
    return ex.UnresolvedAttr(tuple(name.split(".")))


def _fn(name: str, *args) -> "Column":
    return Column(ex.UnresolvedFunc(name, tuple(to_expr(a) for a in args)))


class Column(ColumnAccess):
    """A column expression of a DataFrame."""

    def __init__(self, expr: ex.Expr):
        self.expr = expr

    # arithmetic
    def __add__(self, o): return _fn("+", self, o)
    def __radd__(self, o): return _fn("+", o, self)
    def __sub__(self, o): return _fn("-", self, o)
    def __rsub__(self, o): return _fn("-", o, self)
    def __mul__(self, o): return _fn("*", self, o)
    def __rmul__(self, o): return _fn("*", o, self)
    def __truediv__(self, o): return _fn("/", self, o)
    def __rtruediv__(self, o): return _fn("/", o, self)
    def __mod__(self, o): return _fn("%", self, o)
    def __rmod__(self, o): return _fn("%", o, self)
    def __neg__(self): return _fn("negative", self)
    def __pow__(self, o): return _fn("pow", self, o)

    # comparisons
    def __eq__(self, o): return _fn("=", self, o)  # type: ignore[override]
    def __ne__(self, o): return _fn("not", _fn("=", self, o))  # type: ignore[override]
    def __lt__(self, o): return _fn("<", self, o)
    def __le__(self, o): return _fn("<=", self, o)
    def __gt__(self, o): return _fn(">", self, o)
    def __ge__(self, o): return _fn(">=", self, o)

    def bitwiseAND(self, other) -> "Column":
        """The bitwise AND of two integral values (``a & b``)."""
        return _fn("&", self, other)

    def bitwiseOR(self, other) -> "Column":
        """The bitwise OR of two integral values (``a | b``)."""
        return _fn("|", self, other)

    def bitwiseXOR(self, other) -> "Column":
        """The bitwise XOR of two integral values (``a ^ b``)."""
        return _fn("^", self, other)

    def eqNullSafe(self, o) -> "Column":
        """Equality where NULL equals NULL."""
        return _fn("<=>", self, o)

    # logic
    def __and__(self, o): return _fn("and", self, o)
    def __rand__(self, o): return _fn("and", o, self)
    def __or__(self, o): return _fn("or", self, o)
    def __ror__(self, o): return _fn("or", o, self)
    def __invert__(self): return _fn("not", self)

    def __bool__(self):
        raise ValueError("Cannot convert column into bool: please use '&' for 'and', '|' for "
                         "'or', '~' for 'not' when building DataFrame boolean expressions.")

    __hash__ = None  # type: ignore[assignment]

    # predicates
    def isNull(self) -> "Column":
        """True where the value is NULL."""
        return _fn("isnull", self)

    def isNotNull(self) -> "Column":
        """True where the value is not NULL."""
        return _fn("isnotnull", self)

    def isNaN(self) -> "Column":
        """True where the value is NaN."""
        return _fn("isnan", self)

    def transform(self, f) -> "Column":
        """``f(self)``: a function of a Column applied, for chaining."""
        return f(self)

    def outer(self) -> "Column":
        """This column taken from the query enclosing the subquery it is used in (with
        ``DataFrame.scalar()``/``exists()``)."""
        return Column(ex.OuterColumn(self.expr))

    def isin(self, *values) -> "Column":
        """True where the value is one of ``values`` (or of a one-column DataFrame's rows:
        ``value IN (subquery)``)."""
        if len(values) == 1 and hasattr(values[0], "_plan"):
            return Column(ex.SubqueryExpr("in", values[0]._plan, self.expr))
        if len(values) == 1 and isinstance(values[0], (list, tuple, set)):
            values = tuple(values[0])
        return _fn("in", self, *values)

    def between(self, lower, upper) -> "Column":
        """``lower <= value <= upper``."""
        return (self >= lower) & (self <= upper)

    def like(self, pattern: str) -> "Column":
        """SQL LIKE."""
        return _fn("like", self, pattern)

    def ilike(self, pattern: str) -> "Column":
        """Case-insensitive LIKE."""
        return _fn("ilike", self, pattern)

    def rlike(self, pattern: str) -> "Column":
        """True where a regular expression matches part of the value."""
        return _fn("rlike", self, pattern)

    def startswith(self, other) -> "Column":
        """True where the value starts with ``other``."""
        return _fn("startswith", self, other)

    def endswith(self, other) -> "Column":
        """True where the value ends with ``other``."""
        return _fn("endswith", self, other)

    def contains(self, other) -> "Column":
        """True where the value contains ``other``."""
        return _fn("contains", self, other)

    def substr(self, startPos, length) -> "Column":
        """``substring(value, startPos, length)``, 1-based."""
        return _fn("substr", self, startPos, length)

    # naming, types, ordering
    def alias(self, *alias: str, **kwargs) -> "Column":
        """The column under a new name; ``metadata=`` (a dict) becomes its
        ``StructField.metadata``."""
        metadata = kwargs.pop("metadata", None)
        if kwargs:
            raise PySparkValueError(f"Unexpected kwargs where passed: {kwargs}")
        if metadata is not None and not isinstance(metadata, dict):
            raise PySparkTypeError(f"[NOT_DICT] Argument `metadata` should be a dict, got "
                                   f"{type(metadata).__name__}.", "NOT_DICT")
        if len(alias) > 1:   # a generator's columns (``stack``, ``inline``)
            from .catalyst.row_generators import MultiAlias
            return Column(MultiAlias(self.expr, tuple(alias)))
        return Column(ex.Alias(self.expr, alias[0],
                               metadata=None if metadata is None else ex.metadata_text(metadata)))

    name = alias

    def cast(self, dataType) -> "Column":
        """The value cast to a type (a DataType or a DDL type string)."""
        from .types import DataType
        t = DataType.fromDDL(dataType) if isinstance(dataType, str) else dataType
        if not isinstance(self.expr, (ex.UnresolvedAttr, ex.Attr, ex.Alias)):
            return Column(ex.Cast(self.expr, t))   # named CAST(expr AS TYPE), as in Spark
        return Column(ex.Alias(ex.Cast(self.expr, t), ex.expr_name(self.expr)))

    astype = cast

    def try_cast(self, dataType) -> "Column":
        """The value cast to a type, NULL where it cannot be."""
        from .types import DataType
        t = DataType.fromDDL(dataType) if isinstance(dataType, str) else dataType
        return Column(ex.Alias(ex.Cast(self.expr, t, ansi=False), ex.expr_name(self.expr)))

    def asc(self) -> "Column":
        """Ascending order, nulls first."""
        return Column(ex.SortOrder(self.expr, True, None))

    def desc(self) -> "Column":
        """Descending order, nulls last."""
        return Column(ex.SortOrder(self.expr, False, None))

    def asc_nulls_first(self): return Column(ex.SortOrder(self.expr, True, True))
    def asc_nulls_last(self): return Column(ex.SortOrder(self.expr, True, False))
    def desc_nulls_first(self): return Column(ex.SortOrder(self.expr, False, True))
    def desc_nulls_last(self): return Column(ex.SortOrder(self.expr, False, False))

    # conditionals
    def when(self, condition: "Column", value) -> "Column":
        """Another ``WHEN`` branch of a ``F.when`` chain."""
        if not isinstance(self.expr, ex.CaseWhen) or self.expr.otherwise is not None:
            raise TypeError("when() can only be applied on a Column previously generated by "
                            "when() function")
        branch = (to_expr(condition), to_expr(value))
        return Column(ex.CaseWhen(self.expr.branches + (branch,)))

    def otherwise(self, value) -> "Column":
        """The ``ELSE`` of a ``F.when`` chain."""
        if not isinstance(self.expr, ex.CaseWhen) or self.expr.otherwise is not None:
            raise TypeError("otherwise() can only be applied on a Column previously generated "
                            "by when()")
        return Column(ex.CaseWhen(self.expr.branches, to_expr(value)))

    def over(self, window) -> "Column":
        """This column (an aggregate or a window function) evaluated over a window."""
        if not hasattr(window, "_apply"):
            raise PySparkTypeError(f"[NOT_WINDOWSPEC] Argument `window` should be a "
                                   f"WindowSpec, got {type(window).__name__}.", "NOT_WINDOWSPEC")
        return window._apply(self)

    def __repr__(self) -> str:
        return f"Column<'{ex.expr_name(self.expr)}'>"

    def __iter__(self):
        raise TypeError("Column is not iterable")
