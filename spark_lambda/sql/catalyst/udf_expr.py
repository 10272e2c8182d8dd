"""``PythonUDF``: a call of a user's Python function inside an expression tree.

Built by ``udf.py`` (``F.udf``, ``pandas_udf``, ``spark.udf.register``). ``eval_type`` says
how the function is called on a batch: ``batched`` (once per row, Python values in and out,
PySpark's pickled UDF), ``arrow`` (once per row, results converted strictly by Arrow,
``useArrow=True``), ``scalar_pandas`` (once per batch, pandas Series in and out). The code
generator writes it as a call of a function registered on the task's DuckDB connection
(``execution/python_udf.py``). ``PandasAggCall`` is a grouped-aggregate pandas UDF: an
aggregate to the analyzer, computed by ``execution/python_agg.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import DataType
from . import expressions as ex


class FunctionRef:
    """A Python function held in a frozen expression, compared by identity."""

    def __init__(self, func, name: str):
        self.func, self.name = func, name

    def __repr__(self):
        return f"<function {self.name}>"


@dataclass(frozen=True)
class PythonUDF(ex.Expr):
    """``name(args)`` computed by a Python function; the result has ``return_type``."""
    name: str
    ref: FunctionRef = field(compare=True)
    args: tuple
    return_type: DataType = field(compare=False)
    eval_type: str = "batched"
    arg_names: tuple = ()

    @property
    def dtype(self) -> DataType:
        return self.return_type

    @property
    def nullable(self) -> bool:
        return True

    def spark_name(self) -> str:
        """Spark's column name: ``name(arg, ...)``, a keyword argument as ``key => arg``."""
        from .naming import auto_name
        names = self.arg_names or (None,) * len(self.args)
        shown = [f"{k} => {auto_name(a)}" if k else auto_name(a)
                 for k, a in zip(names, self.args)]
        return f"{self.name}({', '.join(shown)})"

    def to_sql(self, w) -> str:
        """The call's SQL, by the writer's ``udf_sql`` (the planner gives it one that also
        keeps the function for the task: ``execution/python_udf.py``)."""
        return w.udf_sql(self)


@dataclass(frozen=True)
class PandasAggCall(ex.AggCall):
    """A grouped-aggregate pandas UDF (Series → scalar) in ``agg`` or over a window."""
    ref: FunctionRef | None = None
    name: str = ""

    def spark_name(self) -> str:
        """Spark's column name: ``name(arg, ...)``."""
        from .naming import auto_name
        return f"{self.name}({', '.join(auto_name(a) for a in self.args)})"
