"""``pyspark.sql.functions`` taking Python lambdas over columns: ``transform``, ``filter``,
``exists``, ``forall``, ``aggregate``/``reduce``, ``zip_with``, ``map_filter``,
``transform_keys``, ``transform_values``. The lambda is called once, with placeholder
columns, to build the expression it stands for."""

from __future__ import annotations

import inspect

from .catalyst.lambdas import Body, Lambda, LambdaVar, fresh_name
from .column import Column, to_expr
from .errors import PySparkValueError
from .functions_common import c, call, v


def _lambda(f, arity: tuple) -> Lambda:
    """``f`` (taking one of ``arity`` numbers of columns) as a lambda expression."""
    n = len([p for p in inspect.signature(f).parameters.values()
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
    if n not in arity:
        raise PySparkValueError(
            f"The function {getattr(f, '__name__', f)!r} takes {n} arguments; it should take "
            f"{' or '.join(map(str, arity))}.", "WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION")
    params = tuple(LambdaVar(fresh_name(x)) for x in "xyz"[:n])
    out = f(*(Column(p) for p in params))
    if not isinstance(out, Column):
        out = Column(to_expr(out))
    return Lambda(params, Body(out.expr))


def transform(col, f) -> Column:
    """Each element mapped by ``f(x)`` or ``f(x, index)``."""
    return call("transform", c(col), _lambda(f, (1, 2)))


def filter(col, f) -> Column:  # noqa: A001 (PySpark's name)
    """The elements for which ``f(x)`` or ``f(x, index)`` is true."""
    return call("filter", c(col), _lambda(f, (1, 2)))


def exists(col, f) -> Column:
    """Whether ``f(x)`` is true for an element (NULL when none is and one gives NULL)."""
    return call("exists", c(col), _lambda(f, (1,)))


def forall(col, f) -> Column:
    """Whether ``f(x)`` is true for every element (NULL when none is false and one gives
    NULL)."""
    return call("forall", c(col), _lambda(f, (1,)))


def aggregate(col, initialValue, merge, finish=None) -> Column:
    """The elements folded by ``merge(acc, x)`` from ``initialValue``, then ``finish(acc)``."""
    rest = (_lambda(finish, (1,)),) if finish is not None else ()
    return call("aggregate", c(col), v(initialValue), _lambda(merge, (2,)), *rest)


def reduce(col, initialValue, merge, finish=None) -> Column:
    """``aggregate`` under its other name."""
    rest = (_lambda(finish, (1,)),) if finish is not None else ()
    return call("reduce", c(col), v(initialValue), _lambda(merge, (2,)), *rest)


def zip_with(left, right, f) -> Column:
    """The arrays merged element by element with ``f(x, y)`` (the shorter padded with NULLs)."""
    return call("zip_with", c(left), c(right), _lambda(f, (2,)))


def map_filter(col, f) -> Column:
    """The entries for which ``f(key, value)`` is true."""
    return call("map_filter", c(col), _lambda(f, (2,)))


def transform_keys(col, f) -> Column:
    """The map with each key replaced by ``f(key, value)``."""
    return call("transform_keys", c(col), _lambda(f, (2,)))


def transform_values(col, f) -> Column:
    """The map with each value replaced by ``f(key, value)``."""
    return call("transform_values", c(col), _lambda(f, (2,)))


def array_sort(col, comparator=None) -> Column:
    """The array sorted ascending, NULLs last; or by ``comparator(x, y)`` (negative, 0 or
    positive as ``x`` goes before, with or after ``y``)."""
    if comparator is None:
        return call("array_sort", c(col))
    return call("array_sort", c(col), _lambda(comparator, (2,)))


def map_zip_with(col1, col2, f) -> Column:
    """The two maps merged by key with ``f(key, value1, value2)`` (a value missing from one
    map is NULL)."""
    return call("map_zip_with", c(col1), c(col2), _lambda(f, (3,)))


__all__ = ["array_sort", "map_zip_with", "transform", "filter", "exists", "forall", "aggregate", "reduce", "zip_with",
           "map_filter", "transform_keys", "transform_values"]
