"""sqlglot expression trees → unresolved Catalyst expressions.

The expression half of the SQL converter (``query_sql.QueryConverter`` adds the query half):
columns, literals, operators, ``CASE``/``IF``, casts and typed literals, intervals, function
calls (by Spark's name, ``DISTINCT`` aggregates included), ``arr[i]``/``m[k]``, window
expressions (``window_sql.py``) and subqueries (scalar, ``EXISTS``, ``IN``), which it hands
back to the query half. Unsupported syntax raises ``ParseException``.
"""

from __future__ import annotations

import decimal

from ..catalyst import expressions as ex
from ..catalyst.intervals import interval_literal
from ..errors import ParseException
from .sql_functions import bracket

_BINARY = {"Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "Mod": "%", "EQ": "=", "NEQ": "<>",
           "GT": ">", "GTE": ">=", "LT": "<", "LTE": "<=", "And": "and", "Or": "or",
           "NullSafeEQ": "<=>", "IntDiv": "div", "Like": "like", "ILike": "ilike",
           "RegexpLike": "rlike", "BitwiseAnd": "&", "BitwiseOr": "|", "BitwiseXor": "^"}
_FUNC_NAMES = {"Avg": "avg", "Sum": "sum", "Min": "min", "Max": "max", "Stddev": "stddev",
               "StddevSamp": "stddev", "StddevPop": "stddev_pop", "Variance": "variance",
               "VariancePop": "var_pop", "ArrayAgg": "collect_list", "ArrayUniqueAgg":
               "collect_set", "First": "first", "Last": "last", "DateDiff": "datediff",
               "SafeAdd": "try_add", "SafeSubtract": "try_subtract",
               "SafeMultiply": "try_multiply", "SafeDivide": "try_divide",
               "GroupConcat": "listagg"}


class ExpressionConverter:
    """Converts sqlglot expressions; ``query(node, ctes)`` (a subquery's plan) comes from
    the subclass ``QueryConverter``. ``ctes`` maps the WITH names in scope to their queries."""

    def expr(self, node, ctes) -> ex.Expr:
        """The expression of a sqlglot node (``NOT`` applied where the node is negated)."""
        out = self.positive_expr(node, ctes)
        if node.args.get("negate") is True:
            return ex.UnresolvedFunc("not", (out,))
        return out

    def positive_expr(self, node, ctes) -> ex.Expr:
        """The expression of a sqlglot node, leaving out its negation."""
        from sqlglot import exp
        name = type(node).__name__
        if isinstance(node, exp.Paren):
            return self.expr(node.this, ctes)
        if isinstance(node, exp.Alias):
            return ex.Alias(self.expr(node.this, ctes), node.alias)
        if isinstance(node, exp.Column):
            if isinstance(node.this, exp.Star):
                return ex.UnresolvedStar(node.table or None)
            return ex.UnresolvedAttr(tuple(p.name for p in node.parts))
        if isinstance(node, exp.Star):
            return ex.UnresolvedStar()
        if isinstance(node, exp.Literal):
            if node.is_string:
                return ex.Lit(node.this)
            text = node.this
            if any(c in text.lower() for c in "e"):
                return ex.Lit(float(text))
            if "." in text:
                return ex.Lit(decimal.Decimal(text))
            return integer_literal(text)
        if isinstance(node, exp.Boolean):
            return ex.Lit(bool(node.this))
        if isinstance(node, exp.Null):
            return ex.Lit(None)
        if name in _BINARY:
            return ex.UnresolvedFunc(_BINARY[name], (self.expr(node.this, ctes),
                                                     self.expr(node.expression, ctes)))
        if isinstance(node, exp.Not):
            inner = node.this
            if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
                return ex.UnresolvedFunc("isnotnull", (self.expr(inner.this, ctes),))
            return ex.UnresolvedFunc("not", (self.expr(inner, ctes),))
        if isinstance(node, exp.Neg):
            inner = node.this
            if isinstance(inner, exp.Literal) and not inner.is_string and inner.this.isdigit():
                return integer_literal("-" + inner.this)   # -9223372036854775808 is a BIGINT
            return ex.UnresolvedFunc("negative", (self.expr(inner, ctes),))
        if isinstance(node, exp.BitwiseNot):
            return ex.UnresolvedFunc("bitwise_not", (self.expr(node.this, ctes),))
        if isinstance(node, exp.Is):
            return ex.UnresolvedFunc("isnull", (self.expr(node.this, ctes),))
        if isinstance(node, exp.DPipe):
            return ex.UnresolvedFunc("concat", (self.expr(node.this, ctes),
                                                self.expr(node.expression, ctes)))
        if isinstance(node, exp.Between):
            v = self.expr(node.this, ctes)
            lo = ex.UnresolvedFunc(">=", (v, self.expr(node.args["low"], ctes)))
            hi = ex.UnresolvedFunc("<=", (v, self.expr(node.args["high"], ctes)))
            return ex.UnresolvedFunc("and", (lo, hi))
        if isinstance(node, exp.In):
            v = self.expr(node.this, ctes)
            q = node.args.get("query")
            if q is not None:
                return ex.SubqueryExpr("in", self.query(q.this if isinstance(q, exp.Subquery)
                                                        else q, ctes), v)
            return ex.UnresolvedFunc("in", (v,) + tuple(self.expr(e, ctes)
                                                         for e in node.expressions))
        if isinstance(node, exp.RespectNulls):   # the default but for ``collect_union``
            f = self.expr(node.this, ctes)
            keep = isinstance(f, ex.UnresolvedFunc) and f.name == "collect_union"
            return ex.UnresolvedFunc(f.name, f.args + (ex.Lit(True),)) if keep else f
        if isinstance(node, exp.Window):
            from .window_sql import convert_window
            return convert_window(self, node, ctes)
        if isinstance(node, exp.Exists):
            return ex.SubqueryExpr("exists", self.query(node.this, ctes))
        if isinstance(node, exp.Subquery):
            return ex.SubqueryExpr("scalar", self.query(node.this, ctes))
        if isinstance(node, exp.Case):
            base = node.this
            branches = []
            for w in node.args.get("ifs") or []:
                cond = self.expr(w.this, ctes)
                if base is not None:
                    cond = ex.UnresolvedFunc("=", (self.expr(base, ctes), cond))
                branches.append((cond, self.expr(w.args["true"], ctes)))
            default = node.args.get("default")
            return ex.CaseWhen(tuple(branches), self.expr(default, ctes)
                               if default is not None else None)
        if isinstance(node, exp.If):
            false = node.args.get("false")
            return ex.CaseWhen(((self.expr(node.this, ctes), self.expr(node.args["true"], ctes)),),
                               self.expr(false, ctes) if false is not None else None)
        if isinstance(node, (exp.Cast, exp.TryCast)):
            from ..types import DataType
            to = DataType.fromDDL(_type_text(node.to))
            # sqlglot reads Spark's CAST as a TryCast too (TRY_CAST has ``safe``), and a typed
            # literal (TIMESTAMP '...') as a Cast
            return ex.Cast(self.expr(node.this, ctes), to, ansi=not node.args.get("safe"),
                           typed_literal=type(node) is exp.Cast and node.this.is_string)
        if isinstance(node, exp.Interval):
            unit = node.unit
            span = isinstance(unit, exp.IntervalSpan)
            value, dtype = interval_literal(node.this.name, unit.this.name if span else unit.name,
                                            unit.expression.name if span else None)
            return ex.Lit(value, dtype)
        if isinstance(node, exp.Extract):
            return ex.UnresolvedFunc("extract", (ex.Lit(node.this.name),
                                                 self.expr(node.expression, ctes)))
        if isinstance(node, exp.Count):
            arg = node.this
            distinct = isinstance(arg, exp.Distinct)
            if distinct:
                args = tuple(self.expr(e, ctes) for e in arg.expressions)
            elif arg is None or isinstance(arg, exp.Star):
                args = (ex.UnresolvedStar(),)
            else:
                args = (self.expr(arg, ctes),)
            return ex.UnresolvedFunc("count", args, distinct)
        if isinstance(node, exp.Substring):
            args = [node.this, node.args.get("start"), node.args.get("length")]
            return ex.UnresolvedFunc("substring", tuple(self.expr(a, ctes) for a in args
                                                        if a is not None))
        if isinstance(node, exp.Anonymous):   # ``f(DISTINCT x, ...)``: an aggregate's
            items = list(node.expressions)
            distinct = bool(items) and isinstance(items[0], exp.Distinct)
            if distinct:
                items[:1] = items[0].expressions
            return ex.UnresolvedFunc(node.name.lower(), tuple(self.expr(a, ctes) for a in items),
                                     distinct)
        if isinstance(node, exp.TsOrDsToDate):
            return ex.UnresolvedFunc("to_date", (self.expr(node.this, ctes),))
        if isinstance(node, exp.Func):
            return self.function(node, ctes)
        if bracket(node, lambda n: self.expr(n, ctes)) is not None:
            return bracket(node, lambda n: self.expr(n, ctes))
        raise ParseException(f"Unsupported expression: {node.sql(dialect='spark')}.")

    def function(self, node, ctes) -> ex.Expr:
        """A call of a function sqlglot parsed into its own node, by Spark's name, its
        arguments in Spark's order."""
        from sqlglot import exp
        name = _FUNC_NAMES.get(type(node).__name__) or node.sql_name().lower()
        if isinstance(node, (exp.TimestampAdd, exp.TimestampDiff)) and \
                isinstance(node.args.get("unit"), exp.Var):   # (unit, n or start, ts or end)
            return ex.UnresolvedFunc(name, (ex.Lit(node.args["unit"].name),
                                            self.expr(node.expression, ctes),
                                            self.expr(node.this, ctes)))
        distinct = False
        args = []
        for key in node.arg_types:
            v = node.args.get(key)
            if v is None or isinstance(v, (bool, str)):
                continue
            for item in (v if isinstance(v, list) else [v]):
                if isinstance(item, exp.Distinct):
                    distinct = True
                    args.extend(item.expressions)
                elif isinstance(item, exp.Var):
                    continue
                else:
                    args.append(item)
        if isinstance(node, exp.DateDiff):
            args = [node.this, node.expression]
        return ex.UnresolvedFunc(name, tuple(self.expr(a, ctes) for a in args), distinct)


def _type_text(to) -> str:
    """A cast's target as DDL text (sqlglot's Spark dialect writes TIME as TIMESTAMP)."""
    from sqlglot import exp
    if to.this != exp.DataType.Type.TIME:
        return to.sql(dialect="spark")
    params = to.expressions
    return f"time({params[0].this.name if params else 6})"


def integer_literal(text: str) -> ex.Lit:
    """An integer literal as Spark types it: INT or BIGINT when it fits a long, else
    DECIMAL(digits, 0), and more than 38 digits is an error."""
    value = int(text)
    if -(1 << 63) <= value < (1 << 63):
        return ex.Lit(value)
    digits = len(text.lstrip("-"))
    if digits > 38:
        from ..errors import ArithmeticException
        raise ArithmeticException(
            f"Decimal precision {digits} exceeds max "
            "precision 38.", "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION")
    return ex.Lit(decimal.Decimal(text))
