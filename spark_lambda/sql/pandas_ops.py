"""pandas, the optional extra: the check every pandas-based API makes first.

pandas is needed by ``pandas_udf``, ``mapInPandas``, ``applyInPandas`` and
``cogroup().applyInPandas`` on the driver and in the Lambda code package
(``pip install 'spark-lambda[pandas]'``, ``spark-lambda deploy --with pandas``).
"""

from __future__ import annotations

INSTALL_HINT = ("pandas is not installed: it is the optional 'pandas' extra of spark-lambda. "
                "Install it with `pip install 'spark-lambda[pandas]'` (and deploy Lambda "
                "functions with `spark-lambda deploy --with pandas`).")


def require_pandas():
    """The pandas module, or PySpark's ``PackageNotInstalledError`` naming the extra."""
    try:
        import pandas
    except ImportError:
        from .errors import PackageNotInstalledError
        raise PackageNotInstalledError(INSTALL_HINT, "PACKAGE_NOT_INSTALLED",
                                       {"package_name": "pandas"}) from None
    return pandas


def _schema_attrs(schema) -> tuple:
    from .catalyst import expressions as ex
    from .types import DataType, StructType
    if isinstance(schema, str):
        schema = DataType.fromDDL(schema)
    if not isinstance(schema, StructType):
        from .errors import PySparkTypeError
        raise PySparkTypeError("[NOT_DATATYPE_OR_STR] Argument `schema` should be a "
                               "StructType or a DDL string.", "NOT_DATATYPE_OR_STR")
    return tuple(ex.Attr(f.name, f.dataType, True) for f in schema)


def _ref(func):
    from .catalyst.udf_expr import FunctionRef
    return FunctionRef(getattr(func, "func", func), getattr(func, "__name__", "func"))


def map_in_batches(df, func, schema, kind: str):
    """``df.mapInPandas`` (``kind="pandas"``) / ``df.mapInArrow`` (``kind="arrow"``)."""
    from .catalyst.python_plans import MapInBatches
    if kind == "pandas":
        require_pandas()
    plan = df._plan
    return df._with_plan(MapInBatches(_ref(func), kind, _schema_attrs(schema), plan,
                                      tuple(plan.output)))


def _key_attrs(df, keys) -> tuple:
    from .catalyst import expressions as ex
    out = []
    for k in keys:
        e = df.sparkSession._analyzer.resolve(k, df._plan.output)
        if not isinstance(e, ex.Attr):
            from .errors import PySparkValueError
            raise PySparkValueError("applyInPandas groups by columns of the DataFrame.")
        out.append(e)
    return tuple(out)


def apply_in_pandas(grouped, func, schema):
    """``df.groupBy(keys).applyInPandas(func, schema)``."""
    from .catalyst.python_plans import FlatMapGroups
    require_pandas()
    df = grouped._df
    plan = df._plan
    return df._with_plan(FlatMapGroups(_key_attrs(df, grouped._keys), _ref(func),
                                       _schema_attrs(schema), plan, tuple(plan.output)))


class PandasCogroupedOps:
    """``df1.groupBy(k).cogroup(df2.groupBy(k))``: waiting for ``applyInPandas``."""

    def __init__(self, left, right):
        self._left, self._right = left, right

    def applyInPandas(self, func, schema):
        """Call ``func(left_pdf, right_pdf)`` (or ``func(key, left, right)``) per key."""
        import inspect
        from .catalyst.python_plans import FlatMapCoGroups
        require_pandas()
        l, r = self._left._df, self._right._df
        lk, rk = _key_attrs(l, self._left._keys), _key_attrs(r, self._right._keys)
        fn = func
        try:
            takes_key = len(inspect.signature(func).parameters) == 3
        except (TypeError, ValueError):
            takes_key = False
        if takes_key:
            fn = _WithKey(func, len(lk))
        plan = FlatMapCoGroups(lk, rk, _ref(fn), _schema_attrs(schema), l._plan, r._plan,
                               tuple(l._plan.output) + tuple(r._plan.output))
        return l._with_plan(plan)


class _WithKey:
    """``func(key, left, right)``: the key tuple taken from whichever side has rows."""

    def __init__(self, func, n):
        self.func, self.n, self.__name__ = func, n, getattr(func, "__name__", "func")

    def __call__(self, left, right):
        side = left if len(left) else right
        key = tuple(side.iloc[0, i] for i in range(self.n)) if len(side) else ()
        return self.func(key, left, right)
