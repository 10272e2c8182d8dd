"""Type rules of the sketch and bitmap functions: ``hll_*``, ``theta_*``, ``tuple_*``,
``kll_*``, ``bitmap_*`` and ``count_min_sketch``. Defaults Spark shows in a column's name
(``hll_sketch_agg(v, 12)``, ``tuple_union_double(a, b, 12, sum)``) are added as literals;
sketches are BINARY."""

from __future__ import annotations

from ..errors import AnalysisException
from ..types import (ArrayType, BinaryType, BooleanType, ByteType, DataType, DoubleType,
                     FloatType, IntegerType, IntegralType, LongType, NullType, ShortType,
                     StringType)
from . import coercion as co
from . import expressions as ex
from .type_rules_common import call, literal_value, rule

_SKETCH_TUPLE_MODES = ("sum", "min", "max", "alwaysone")


def _shown(name: str, args) -> str:
    from .naming import auto_name
    return f"{name}({', '.join(auto_name(a) for a in args)})"


def _unexpected(name: str, args, i: int, wanted: str) -> AnalysisException:
    from .naming import auto_name
    ordinal = ["first", "second", "third", "fourth"][i]
    t = args[i].dtype.simpleString().upper()
    return AnalysisException(
        f"Cannot resolve \"{_shown(name, args)}\" due to data type mismatch: The {ordinal} "
        f"parameter requires the {wanted} type, however \"{auto_name(args[i])}\" has the type "
        f"\"{t}\".", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")


def _hint(name: str, args, inner: str) -> AnalysisException:
    return AnalysisException(
        f"Cannot resolve \"{_shown(name, args)}\" due to data type mismatch: {inner}",
        "DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT")


def _of(name, args, i, types: tuple, wanted: str, to: DataType | None = None) -> ex.Expr:
    """Argument ``i``, which must be of one of ``types`` (cast to ``to`` when given)."""
    t = args[i].dtype
    if isinstance(t, NullType) or isinstance(t, types):
        return co.cast_to(args[i], to) if to is not None else args[i]
    raise _unexpected(name, args, i, wanted)


def _binary(name, args, i):
    return _of(name, args, i, (BinaryType,), '"BINARY"')


def _arg(args, i, default):
    return args[i] if len(args) > i else default


def _int_lit(v):
    return ex.Lit(v, IntegerType())


def _int_param(name, args, i) -> ex.Expr:
    """A size parameter (``lgConfigK``, ``lgNomEntries``, ``k``): a constant INT."""
    _of(name, args, i, (IntegerType,), '"INT"')
    literal_value(name, args[i])
    return args[i]


# --- HLL ---------------------------------------------------------------------------------------
@rule("hll_sketch_agg")
def _hll_sketch_agg(name, args, distinct):
    args = (args[0], _arg(args, 1, _int_lit(12)))
    x = args[0]
    if isinstance(x.dtype, IntegralType):
        x = co.cast_to(x, LongType())
    else:
        x = _of(name, args, 0, (StringType, BinaryType),
                '("INT" or "BIGINT" or "STRING" or "BINARY")')
    return ex.AggCall(name, (x, _int_param(name, args, 1)), False, BinaryType(), False)


@rule("hll_union_agg")
def _hll_union_agg(name, args, distinct):
    allow = _arg(args, 1, ex.Lit(False, BooleanType()))
    literal_value(name, allow)
    return ex.AggCall(name, (_binary(name, args, 0), allow), False, BinaryType(), False)


@rule("hll_sketch_estimate")
def _hll_estimate(name, args, distinct):
    return call(name, [_binary(name, args, 0)], LongType())


@rule("hll_union")
def _hll_union(name, args, distinct):
    allow = _arg(args, 2, ex.Lit(False, BooleanType()))
    literal_value(name, allow)
    return call(name, [_binary(name, args, 0), _binary(name, args, 1), allow], BinaryType())


# --- theta and tuple ---------------------------------------------------------------------------
def _item(name, args, i) -> ex.Expr:
    """A theta or tuple sketch's item: integers as BIGINT, FLOAT as DOUBLE, strings and bytes
    as they are, arrays of integers as ARRAY<INT> or ARRAY<BIGINT> (counted apart)."""
    t = args[i].dtype
    if isinstance(t, IntegralType):
        return co.cast_to(args[i], LongType())
    if isinstance(t, FloatType):
        return co.cast_to(args[i], DoubleType())
    if isinstance(t, ArrayType) and isinstance(t.elementType, IntegralType):
        element = LongType() if isinstance(t.elementType, LongType) else IntegerType()
        return co.cast_to(args[i], ArrayType(element, t.containsNull))
    return _of(name, args, i, (DoubleType, StringType, BinaryType, NullType),
               '("INT" or "BIGINT" or "FLOAT" or "DOUBLE" or "STRING" or "BINARY" or '
               '"ARRAY<INT>" or "ARRAY<BIGINT>")')


def _lg(args, i):
    return _arg(args, i, _int_lit(12))


def _checked_lg(name, args, i):
    """``lgNomEntries`` (argument ``i``, default 12): a constant INT."""
    shown = tuple(args[:i]) + (_lg(args, i),) + tuple(args[i + 1:])
    return _int_param(name, shown, i)


def _mode(name, args, i, checked_args) -> ex.Expr:
    mode = _arg(args, i, ex.Lit("sum", StringType()))
    value = literal_value(name, mode)
    if value not in _SKETCH_TUPLE_MODES:
        raise _hint(name, checked_args,
                    f"[TUPLE_INVALID_SKETCH_MODE] Invalid call to `{name}`: mode '{value}' is "
                    f"not supported. Valid modes are: {', '.join(_SKETCH_TUPLE_MODES)}.")
    return ex.Lit(value, StringType())


def _tuple_lg(name, lg, checked_args) -> ex.Expr:
    _int_param(name, checked_args, list(checked_args).index(lg))
    value = literal_value(name, lg)
    if not 4 <= value <= 26:
        raise _hint(name, checked_args,
                    f"[SKETCH_INVALID_LG_NOM_ENTRIES] Invalid call to `{name}`; the "
                    f"`lgNomEntries` value must be between 4 and 26, inclusive: {value}.")
    return lg


@rule("theta_sketch_agg")
def _theta_sketch_agg(name, args, distinct):
    lg = _checked_lg(name, args, 1)
    return ex.AggCall(name, (_item(name, args, 0), lg), False, BinaryType(), False)


@rule("theta_union_agg", "theta_intersection_agg")
def _theta_aggs(name, args, distinct):
    rest = (_checked_lg(name, args, 1),) if name == "theta_union_agg" else ()
    return ex.AggCall(name, (_binary(name, args, 0),) + rest, False, BinaryType(), False)


@rule("theta_sketch_estimate")
def _theta_estimate(name, args, distinct):
    return call(name, [_binary(name, args, 0)], LongType())


@rule("theta_union", "theta_intersection", "theta_difference")
def _theta_ops(name, args, distinct):
    rest = [_checked_lg(name, args, 2)] if name == "theta_union" else []
    return call(name, [_binary(name, args, 0), _binary(name, args, 1)] + rest, BinaryType())


def _suffix(name: str) -> str:
    return "double" if name.endswith("_double") else "integer"


def _summary_type(name: str) -> DataType:
    return DoubleType() if name.endswith("_double") else IntegerType()


@rule("tuple_sketch_agg_double", "tuple_sketch_agg_integer")
def _tuple_sketch_agg(name, args, distinct):
    shown = (args[0], args[1], _lg(args, 2), _arg(args, 3, ex.Lit("sum", StringType())))
    key = _item(name, args, 0)
    t = args[1].dtype
    if not (co.is_numeric(t) or isinstance(t, (NullType, StringType))):
        raise _unexpected(name, args, 1, '"DOUBLE"' if _suffix(name) == "double" else '"INT"')
    summary = co.cast_to(args[1], _summary_type(name))
    lg = _tuple_lg(name, shown[2], shown)
    return ex.AggCall(name, (key, summary, lg, _mode(name, shown, 3, shown)), False,
                      BinaryType(), False)


@rule("tuple_union_agg_double", "tuple_union_agg_integer")
def _tuple_union_agg(name, args, distinct):
    shown = (args[0], _lg(args, 1), _arg(args, 2, ex.Lit("sum", StringType())))
    lg = _tuple_lg(name, shown[1], shown)
    return ex.AggCall(name, (_binary(name, args, 0), lg, _mode(name, shown, 2, shown)), False,
                      BinaryType(), False)


@rule("tuple_intersection_agg_double", "tuple_intersection_agg_integer")
def _tuple_intersection_agg(name, args, distinct):
    shown = (args[0], _arg(args, 1, ex.Lit("sum", StringType())))
    return ex.AggCall(name, (_binary(name, args, 0), _mode(name, shown, 1, shown)), False,
                      BinaryType(), False)


@rule("tuple_sketch_estimate_double", "tuple_sketch_estimate_integer",
      "tuple_sketch_theta_double", "tuple_sketch_theta_integer")
def _tuple_read(name, args, distinct):
    return call(name, [_binary(name, args, 0)], DoubleType())


@rule("tuple_sketch_summary_double", "tuple_sketch_summary_integer")
def _tuple_summary(name, args, distinct):
    shown = (args[0], _arg(args, 1, ex.Lit("sum", StringType())))
    out = DoubleType() if _suffix(name) == "double" else LongType()
    return call(name, [_binary(name, args, 0), _mode(name, shown, 1, shown)], out)


@rule("tuple_union_double", "tuple_union_integer", "tuple_union_theta_double",
      "tuple_union_theta_integer")
def _tuple_union(name, args, distinct):
    shown = (args[0], args[1], _lg(args, 2), _arg(args, 3, ex.Lit("sum", StringType())))
    lg = _tuple_lg(name, shown[2], shown)
    return call(name, [_binary(name, args, 0), _binary(name, args, 1), lg,
                       _mode(name, shown, 3, shown)], BinaryType())


@rule("tuple_intersection_double", "tuple_intersection_integer",
      "tuple_intersection_theta_double", "tuple_intersection_theta_integer")
def _tuple_intersection(name, args, distinct):
    shown = (args[0], args[1], _arg(args, 2, ex.Lit("sum", StringType())))
    return call(name, [_binary(name, args, 0), _binary(name, args, 1),
                       _mode(name, shown, 2, shown)], BinaryType())


@rule("tuple_difference_double", "tuple_difference_integer", "tuple_difference_theta_double",
      "tuple_difference_theta_integer")
def _tuple_difference(name, args, distinct):
    return call(name, [_binary(name, args, 0), _binary(name, args, 1)], BinaryType())


# --- KLL ---------------------------------------------------------------------------------------
_KLL_ITEMS = {"bigint": (LongType(), (ByteType, ShortType, IntegerType, LongType),
                         '("TINYINT" or "INT" or "BIGINT" or "SMALLINT")'),
              "double": (DoubleType(), (FloatType, DoubleType), '("FLOAT" or "DOUBLE")'),
              "float": (FloatType(), (FloatType,), '"FLOAT"')}


def _kll_kind(name: str) -> str:
    return name.rsplit("_", 1)[1]


def _kll_k(name, args) -> tuple:
    if len(args) < 2:
        return ()
    k = literal_value(name, _int_param(name, args, 1))
    if not 8 <= k <= 65535:
        raise _hint(name, args, f"[KLL_SKETCH_K_OUT_OF_RANGE] For function `{name}`, the k "
                                f"parameter must be between 8 and 65535 (inclusive), but got "
                                f"{k}.")
    return (args[1],)


@rule(*(f"kll_sketch_agg_{t}" for t in _KLL_ITEMS))
def _kll_sketch_agg(name, args, distinct):
    to, types, wanted = _KLL_ITEMS[_kll_kind(name)]
    x = _of(name, args, 0, types, wanted, to)
    return ex.AggCall(name, (x,) + _kll_k(name, args), False, BinaryType(), False)


@rule(*(f"kll_merge_agg_{t}" for t in _KLL_ITEMS))
def _kll_merge_agg(name, args, distinct):
    return ex.AggCall(name, (_binary(name, args, 0),) + _kll_k(name, args), False,
                      BinaryType(), False)


@rule(*(f"kll_sketch_get_n_{t}" for t in _KLL_ITEMS))
def _kll_n(name, args, distinct):
    return call(name, [_binary(name, args, 0)], LongType())


@rule(*(f"kll_sketch_to_string_{t}" for t in _KLL_ITEMS))
def _kll_string(name, args, distinct):
    return call(name, [_binary(name, args, 0)], StringType())


@rule(*(f"kll_sketch_merge_{t}" for t in _KLL_ITEMS))
def _kll_merge(name, args, distinct):
    return call(name, [_binary(name, args, 0), _binary(name, args, 1)], BinaryType())


@rule(*(f"kll_sketch_get_quantile_{t}" for t in _KLL_ITEMS))
def _kll_quantile(name, args, distinct):
    item = _KLL_ITEMS[_kll_kind(name)][0]
    r = args[1]
    if isinstance(r.dtype, ArrayType):
        r = co.cast_to(r, ArrayType(DoubleType(), r.dtype.containsNull))
        return call(name, [_binary(name, args, 0), r], ArrayType(item, False))
    return call(name, [_binary(name, args, 0), co.cast_to(r, DoubleType())], item)


@rule(*(f"kll_sketch_get_rank_{t}" for t in _KLL_ITEMS))
def _kll_rank(name, args, distinct):
    item = _KLL_ITEMS[_kll_kind(name)][0]
    item = DoubleType() if isinstance(item, FloatType) else item
    q = args[1]
    if isinstance(q.dtype, ArrayType):
        q = co.cast_to(q, ArrayType(item, q.dtype.containsNull))
        return call(name, [_binary(name, args, 0), q], ArrayType(DoubleType(), False))
    return call(name, [_binary(name, args, 0), co.cast_to(q, item)], DoubleType())


# --- bitmaps -----------------------------------------------------------------------------------
def _bigint(name, args, i):
    """A BIGINT argument: numbers and strings cast to it (as Spark casts them implicitly)."""
    if co.is_numeric(args[i].dtype) or isinstance(args[i].dtype, StringType):
        return co.cast_to(args[i], LongType())
    return _of(name, args, i, (IntegralType,), '"BIGINT"', LongType())


@rule("bitmap_bit_position", "bitmap_bucket_number")
def _bitmap_position(name, args, distinct):
    return call(name, [_bigint(name, args, 0)], LongType())


@rule("bitmap_construct_agg")
def _bitmap_construct_agg(name, args, distinct):
    return ex.AggCall(name, (_bigint(name, args, 0),), False, BinaryType(), False)


@rule("bitmap_or_agg", "bitmap_and_agg")
def _bitmap_aggs(name, args, distinct):
    return ex.AggCall(name, (_binary(name, args, 0),), False, BinaryType(), False)


@rule("bitmap_count")
def _bitmap_count(name, args, distinct):
    return call(name, [_binary(name, args, 0)], LongType())


# --- count-min sketch --------------------------------------------------------------------------
@rule("count_min_sketch")
def _count_min_sketch(name, args, distinct):
    x = args[0]
    if isinstance(x.dtype, IntegralType):
        x = co.cast_to(x, LongType())
    elif not isinstance(x.dtype, (StringType, BinaryType)):
        raise _unexpected(name, args, 0, '("INTEGRAL" or "STRING" or "BINARY")')
    values = []
    for i, what in ((1, "eps"), (2, "confidence"), (3, "seed")):
        if i < 3:
            _of(name, args, i, (DoubleType,), '"DOUBLE"')
        else:
            _of(name, args, i, (IntegerType, LongType), '("INT" or "BIGINT")')
        e = args[i]
        while isinstance(e, ex.Cast):
            e = e.child
        if not isinstance(e, ex.Lit):
            from .naming import auto_name
            want = "INT" if i == 3 else "DOUBLE"
            raise AnalysisException(
                f"Cannot resolve \"{_shown(name, args)}\" due to data type mismatch: the input "
                f"`{what}` should be a foldable \"{want}\" expression; however, got "
                f"\"{auto_name(args[i])}\".", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
        values.append(e.value)
    eps, confidence, _ = values
    if eps is None or eps <= 0:
        why = f"The eps must be greater than 0.0 (current value = {eps}D)"
    elif confidence is None or not 0 < confidence < 1:
        why = f"The confidence must be between (0.0, 1.0] (current value = {confidence}D)"
    else:
        why = None
    if why:
        raise AnalysisException(
            f"Cannot resolve \"{_shown(name, args)}\" due to data type mismatch: {why}.",
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
    return ex.AggCall(name, (x,) + tuple(args[1:4]), False, BinaryType(), False)
