"""The generators giving several columns per row: ``stack(n, v1, v2, ...)`` (the values laid
out in ``n`` rows, ``col0``, ``col1``, ...) and ``inline``/``inline_outer`` (an array of
structs as one row per element, a column per field), ``json_tuple`` (fields of a JSON object,
``c0``, ``c1``, ...: one row per row), and ``MultiAlias``, the names
``Column.alias('a', 'b')`` gives such columns.

Each output column of ``stack``/``inline`` is an ``explode`` (or ``explode_outer``) of an array
computed per input row, so the SQL writer unnests them side by side: the k-th elements form
the k-th row.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AnalysisException
from ..types import ArrayType, IntegralType, NullType, StringType, StructType
from . import coercion as co
from . import expressions as ex


@dataclass(frozen=True)
class MultiAlias(ex.Expr):
    """A generator's output columns under the given names."""
    child: ex.Expr
    names: tuple

    @property
    def dtype(self):
        return self.child.dtype

    @property
    def nullable(self) -> bool:
        return self.child.nullable


def _named(name: str, cols: list, names) -> list:
    if names is not None and len(names) != len(cols):
        raise AnalysisException(
            f"The number of aliases supplied in the AS clause does not match the number of "
            f"columns output by the UDTF expected {len(cols)} aliases but got "
            f"{', '.join(names)} .", "UDTF_ALIAS_NUMBER_MISMATCH")
    return [ex.Alias(c, n) for (n, c) in zip(names or [n for n, _ in cols],
                                               [c for _, c in cols])]


def _mismatch(shown: str, why: str, error_class: str) -> AnalysisException:
    return AnalysisException(f"Cannot resolve \"{shown}\" due to data type mismatch: {why}.",
                             error_class)


def _stack(name: str, args: tuple, names) -> list:
    shown = f"stack({', '.join(ex.expr_name(a) for a in args)})"
    if len(args) < 2:
        raise AnalysisException(f"The `stack` requires > 1 parameters but the actual number "
                                f"is {len(args)}.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    n_arg = args[0]
    while isinstance(n_arg, ex.Cast):
        n_arg = n_arg.child
    if not isinstance(n_arg, ex.Lit) or not isinstance(n_arg.dtype, IntegralType):
        raise _mismatch(shown, f"the input `n` should be a foldable \"INT\" expression; "
                        f"however, got \"{ex.expr_name(args[0])}\"",
                        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    n = n_arg.value
    if n is None or n <= 0:
        raise _mismatch(shown, f"The `n` must be between (0, 2147483647] (current value = {n})",
                        "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
    values = args[1:]
    width = -(-len(values) // n)
    cols = []
    for j in range(width):
        cells = [values[i * width + j] if i * width + j < len(values) else None
                 for i in range(n)]
        typed = [c for c in cells if c is not None and not isinstance(c.dtype, NullType)]
        t = typed[0].dtype if typed else NullType()
        for k, c in enumerate(cells):
            if c is not None and not isinstance(c.dtype, NullType) and c.dtype != t:
                raise _mismatch(
                    shown, f"The data type of the column ({j}) do not have the same type: "
                    f"\"{t.simpleString().upper()}\" ({1 + j}) <> "
                    f"\"{c.dtype.simpleString().upper()}\" ({1 + k * width + j})",
                    "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES")
        items = tuple(ex.Lit(None, t) if c is None else co.cast_to(c, t) for c in cells)
        array = ex.Call("array", items, ArrayType(t, True), False)
        cols.append((f"col{j}", ex.Call("explode", (array,), t, True)))
    return _named(name, cols, names)


def _inline(name: str, args: tuple, names) -> list:
    if len(args) != 1:
        raise AnalysisException(f"The `{name}` requires 1 parameters but the actual number "
                                f"is {len(args)}.", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    (arr,) = args
    t = arr.dtype
    if not (isinstance(t, ArrayType) and isinstance(t.elementType, StructType)):
        raise _mismatch(f"{name}({ex.expr_name(arr)})",
                        f"The first parameter requires the \"ARRAY<STRUCT>\" type, however "
                        f"\"{ex.expr_name(arr)}\" has the type \"{t.simpleString().upper()}\"",
                        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    explode = "explode_outer" if name == "inline_outer" else "explode"
    cols = []
    for f in t.elementType.fields:
        field = ex.Call("inline_field", (arr, ex.Lit(f.name, StringType())), ArrayType(f.dataType, True),
                        arr.nullable)
        cols.append((f.name, ex.Call(explode, (field,), f.dataType, True)))
    return _named(name, cols, names)


def _json_tuple(name: str, args: tuple, names) -> list:
    if len(args) < 2:
        raise AnalysisException(f"The `json_tuple` requires more than one argument but the "
                                f"actual number is {len(args)}.",
                                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    doc = co.cast_to(args[0], StringType())
    cols = []
    for i, field in enumerate(args[1:]):
        key = field
        while isinstance(key, ex.Cast):
            key = key.child
        if not (isinstance(key, ex.Lit) and isinstance(key.value, str)):
            raise AnalysisException(
                f"The fields of json_tuple must be constant strings, got "
                f"\"{ex.expr_name(field)}\".", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
        path = ex.Lit('$."' + key.value.replace('"', '\\"') + '"', StringType())
        cols.append((f"c{i}", ex.Call("get_json_object", (doc, path), StringType(), True)))
    return _named(name, cols, names)


ROW_GENERATORS = {"stack": _stack, "inline": _inline, "inline_outer": _inline,
                  "json_tuple": _json_tuple}
