"""Lambda functions of the higher-order functions (``transform``, ``filter``, ``exists``,
``forall``, ``aggregate``, ``zip_with``, ``map_filter``, ``transform_keys``,
``transform_values``): their variables, and binding each variable's type from the function's
other arguments before the body is resolved (``bind_lambdas``, asked by the analyzer)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..errors import AnalysisException
from ..types import ArrayType, DataType, IntegerType, MapType, NullType
from . import expressions as ex

_names = itertools.count(1)


def fresh_name(hint: str) -> str:
    """A variable name no column or other variable has."""
    return f"lv_{hint}_{next(_names)}"


@dataclass(frozen=True)
class LambdaVar(ex.Expr):
    """A lambda's variable (typed once bound; ``data_type`` None before)."""
    name: str
    data_type: DataType | None = None
    is_nullable: bool = True

    @property
    def dtype(self) -> DataType:
        return self.data_type if self.data_type is not None else NullType()

    @property
    def nullable(self) -> bool:
        return self.is_nullable

    def spark_name(self) -> str:
        return "namedlambdavariable()"


@dataclass(frozen=True)
class Body:
    """An unresolved lambda body, held apart so the analyzer resolves it only once its
    variables are typed."""
    expr: ex.Expr = field(compare=False)


@dataclass(frozen=True)
class Lambda(ex.Expr):
    """``lambda params: body``: ``body`` an expression once resolved, a ``Body`` before."""
    params: tuple
    body: object

    @property
    def dtype(self) -> DataType:
        return self.body.dtype

    @property
    def nullable(self) -> bool:
        return self.body.nullable

    def spark_name(self) -> str:
        from .naming import auto_name
        body = self.body.expr if isinstance(self.body, Body) else self.body
        names = ", ".join("namedlambdavariable()" for _ in self.params)
        return f"lambdafunction({auto_name(body)}, {names})"


def _element(name, e) -> tuple:
    t = e.dtype
    if isinstance(t, NullType):
        return (NullType(), True)
    if not isinstance(t, ArrayType):
        raise AnalysisException(f"Cannot resolve \"{name}\": the argument requires the "
                                f"\"ARRAY\" type, but got \"{t.simpleString().upper()}\".",
                                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    return (t.elementType, t.containsNull)


def _entry(name, e) -> list:
    t = e.dtype
    if not isinstance(t, MapType):
        raise AnalysisException(f"Cannot resolve \"{name}\": the argument requires the "
                                f"\"MAP\" type, but got \"{t.simpleString().upper()}\".",
                                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    return [(t.keyType, False), (t.valueType, t.valueContainsNull)]


def _variable_types(name: str, args: tuple, position: int) -> list:
    """(type, nullable) of each variable of the lambda at ``position`` of ``name``'s args."""
    if name in ("transform", "filter", "exists", "forall"):
        return [_element(name, args[0]), (IntegerType(), False)]
    if name in ("aggregate", "reduce"):
        zero = (args[1].dtype, True)
        return [zero, _element(name, args[0])] if position == 2 else [zero]
    if name == "zip_with":
        return [(_element(name, args[0])[0], True), (_element(name, args[1])[0], True)]
    if name in ("map_filter", "transform_keys", "transform_values"):
        return _entry(name, args[0])
    if name == "array_sort":   # a comparator of two elements
        return [(_element(name, args[0])[0], True)] * 2
    if name == "map_zip_with":   # the key, and its value in each map (NULL where missing)
        return [_entry(name, args[0])[0], (_entry(name, args[0])[1][0], True),
                (_entry(name, args[1])[1][0], True)]
    raise AnalysisException(f"{name} does not take a lambda function.",
                            "INVALID_LAMBDA_FUNCTION_CALL")


def bind_lambdas(name: str, args: tuple, resolve_body) -> tuple:
    """``args`` with each unresolved lambda's variables typed and its body resolved by
    ``resolve_body(expr)``; the non-lambda arguments must be resolved already."""
    if not any(isinstance(a, Lambda) and isinstance(a.body, Body) for a in args):
        return args
    name = name.lower()
    out = list(args)
    for i, a in enumerate(args):
        if not (isinstance(a, Lambda) and isinstance(a.body, Body)):
            continue
        types = _variable_types(name, tuple(out), i)
        if len(a.params) > len(types):
            raise AnalysisException(
                f"The lambda function of {name} has {len(a.params)} arguments but "
                f"{len(types)} are expected.", "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH")
        params = tuple(LambdaVar(p.name, t, n) for p, (t, n) in zip(a.params, types))
        bound = {p.name: p for p in params}
        body = a.body.expr.transform_up(
            lambda n: bound.get(n.name, n) if isinstance(n, LambdaVar) else n)
        out[i] = Lambda(params, resolve_body(body))
    return tuple(out)
