"""Spark SQL text → unresolved logical plan, through sqlglot's parser (dialect ``spark``).

Driver-only (sqlglot is never imported on executors). ``parse_query`` handles SELECT with
joins (comma lists, INNER/LEFT/RIGHT/FULL/CROSS/SEMI/ANTI), WHERE, GROUP BY, HAVING, ORDER BY,
LIMIT, DISTINCT, UNION [ALL], CTEs and subqueries in FROM and in expressions (scalar, EXISTS,
IN). A CTE is converted afresh at every reference so each use gets its own ids. Malformed text
raises ``ParseException`` with the line and position.
"""

from __future__ import annotations

import decimal

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..catalyst.intervals import interval_literal
from ..errors import ParseException
from .sql_functions import bracket, function_text, spark_dialect
from .table_args import table_arg_text, table_function

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


_STATEMENT_STARTS = {"SELECT", "WITH", "VALUES", "FROM", "TABLE", "(", "EXPLAIN", "SHOW",
                     "DESCRIBE", "DESC", "CREATE", "INSERT", "DROP", "CACHE", "UNCACHE", "SET"}


def syntax_error(text: str, near: str | None, line: int, pos: int) -> ParseException:
    """Spark's PARSE_SYNTAX_ERROR: the token (or end of input), line, 0-based position, and
    the SQL with the place marked."""
    shown = f"'{near}'" if near is not None else "end of input"
    lines = text.split("\n")
    marked = lines[:line] + ["-" * pos + "^^^"] + lines[line:]
    return ParseException(
        f"Syntax error at or near {shown}. SQLSTATE: 42601 (line {line}, pos {pos})\n\n"
        f"== SQL ==\n" + "\n".join(marked) + "\n", "PARSE_SYNTAX_ERROR",
        {"error": shown, "hint": ""}, "42601")


def _check_tokens(text: str) -> None:
    """Errors sqlglot lets through: a statement that starts with no keyword, doubled commas."""
    from sqlglot.tokens import Tokenizer, TokenType
    tokens = Tokenizer(dialect="spark").tokenize(text)
    if tokens and tokens[0].text.upper() not in _STATEMENT_STARTS:
        t = tokens[0]
        raise syntax_error(text, t.text, t.line, t.col - len(t.text))
    for a, b in zip(tokens, tokens[1:]):
        if a.token_type == TokenType.COMMA and b.token_type in (TokenType.COMMA,
                                                                TokenType.FROM):
            raise syntax_error(text, b.text, b.line, b.col - len(b.text))


# what the first action of a process imports to plan, describe and run itself
ACTION_MODULES = ["spark_lambda.sql.sql_execution", "spark_lambda.sql.sql_metrics",
                  "spark_lambda.sql.explain", "spark_lambda.sql.conversion",
                  "spark_lambda.sql.catalyst.optimizer", "spark_lambda.sql.parser.statements",
                  "spark_lambda.sql.execution.spark_plan", "spark_lambda.sql.execution.planner",
                  "spark_lambda.sql.execution.function_sql", "spark_lambda.sql.execution.aggregate",
                  "spark_lambda.sql.execution.join", "spark_lambda.sql.execution.one_task",
                  "spark_lambda.sql.execution.range_sort", "spark_lambda.sql.execution.task"]


def warm_up() -> None:
    """Import sqlglot and build the dialect now, then the modules an action plans with
    (``ACTION_MODULES``), in a daemon thread, so that the first ``spark.sql`` and the first
    action of a process do not pay for them (called when a session is created; the first
    query waits only for what is not done yet)."""
    import importlib
    import threading

    def run():
        try:
            _parse("SELECT 1")
            for name in ACTION_MODULES:
                importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the query's own parse or import reports it
            pass
    threading.Thread(target=run, name="sql-parser-warm-up", daemon=True).start()


def _parse(text: str):
    import sqlglot
    from sqlglot.errors import ParseError, TokenError
    try:
        _check_tokens(text)
        return sqlglot.parse_one(table_arg_text(function_text(text)), read=spark_dialect())
    except ParseError as e:
        err = e.errors[0] if e.errors else {}
        near = (err.get("highlight") or "").strip()
        line = err.get("line", 1)
        if not near or (not err.get("end_context") and "missing" in err.get("description", "")):
            last = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
            raise syntax_error(text, None, line, len(last.rstrip())) from None
        raise syntax_error(text, near, line, max(0, err.get("col", 1) - len(near))) from None
    except TokenError as e:
        raise ParseException(f"Syntax error: {e}.", "PARSE_SYNTAX_ERROR") from None


def parse_query(text: str) -> lp.Plan:
    """The unresolved plan of a SQL query."""
    return _Converter().query(_parse(text), {})


def parse_expression(text: str) -> ex.Expr:
    """The unresolved expression of a SQL expression string (``"a + 1 AS b"``)."""
    tree = _parse(f"SELECT {text}")
    return _Converter().expr(tree.expressions[0], {})


class _Converter:
    def query(self, node, ctes: dict) -> lp.Plan:
        from sqlglot import exp
        with_ = node.args.get("with") or node.args.get("with_")
        if with_ is not None:
            ctes = dict(ctes)
            for cte in with_.expressions:
                ctes[cte.alias_or_name.lower()] = cte.this
        if isinstance(node, exp.Subquery):
            plan = self.query(node.this, ctes)
        elif isinstance(node, (exp.Union, exp.Except, exp.Intersect)):
            if not isinstance(node, exp.Union):
                raise ParseException(f"{type(node).__name__.upper()} is not supported yet.")
            plan = lp.Union((self.query(node.left, ctes), self.query(node.right, ctes)))
            if node.args.get("distinct"):
                plan = lp.Distinct(plan)
        elif isinstance(node, exp.Select):
            plan = self.select(node, ctes)
        else:
            raise ParseException(f"Unsupported statement: {node.key.upper()}.",
                                 "PARSE_SYNTAX_ERROR")
        if not isinstance(node, exp.Select):
            plan = self.order_limit(node, plan, ctes)
        return plan

    def order_limit(self, node, plan, ctes):
        order = node.args.get("order")
        if order is not None:
            plan = lp.Sort(tuple(self.sort_key(o, ctes) for o in order.expressions), plan)
        limit = node.args.get("limit")
        if limit is not None:
            plan = lp.Limit(int(limit.expression.this), plan)
        return plan

    def sort_key(self, o, ctes) -> ex.SortOrder:
        desc = bool(o.args.get("desc"))
        nulls_first = o.args.get("nulls_first")
        explicit = nulls_first if nulls_first != (not desc) else None
        return ex.SortOrder(self.expr(o.this, ctes), not desc, explicit)

    def relation(self, node, ctes) -> lp.Plan:
        from sqlglot import exp
        alias = node.alias_or_name if node.alias else None
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous) and \
                node.this.name.lower() == "range":
            plan = _range(node.this)
        elif isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
            return table_function(self, node.this, node.args.get("alias"), ctes)
        elif isinstance(node, exp.Table):
            name = node.name
            if name.lower() in ctes and not node.args.get("db"):
                plan = lp.SubqueryAlias(name, self.query(ctes[name.lower()], ctes))
            else:
                plan = lp.UnresolvedRelation(".".join(p.name for p in node.parts))
        elif isinstance(node, exp.Subquery):
            plan = self.query(node.this, ctes)
        elif isinstance(node, exp.Values):
            plan = self.inline_table(node, ctes)
        else:
            raise ParseException(f"Unsupported FROM item: {node.sql(dialect='spark')}.")
        return lp.SubqueryAlias(alias, plan) if alias else plan

    def inline_table(self, node, ctes) -> lp.Plan:
        """``VALUES (…), (…) [AS] t(c1, c2)``: one row per tuple (columns ``col1``… unless
        named), the rows' types coerced together as by ``UNION ALL``."""
        from sqlglot import exp
        alias = node.args.get("alias")
        names = [c.name for c in alias.args.get("columns") or []] if alias else []
        rows = []
        for t in node.expressions:
            items = t.expressions if isinstance(t, exp.Tuple) else [t]
            if names and len(names) != len(items):
                raise ParseException(f"[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Inline "
                                     f"table expects {len(names)} columns but found "
                                     f"{len(items)} values in a row.",
                                     "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH")
            exprs = tuple(ex.Alias(self.expr(v, ctes), names[i] if names else f"col{i + 1}")
                          for i, v in enumerate(items))
            rows.append(lp.Project(exprs, lp.one_row()))
        return rows[0] if len(rows) == 1 else lp.Union(tuple(rows))

    def select(self, node, ctes) -> lp.Plan:
        from sqlglot import exp
        from_ = node.args.get("from") or node.args.get("from_")
        plan = self.relation(from_.this, ctes) if from_ is not None else lp.one_row()
        for j in node.args.get("joins") or []:
            if isinstance(j.this, exp.Lateral) and isinstance(j.this.this, exp.Anonymous):
                plan = table_function(self, j.this.this, j.this.args.get("alias"), ctes, plan)
                continue
            right = self.relation(j.this, ctes)
            side = (j.args.get("side") or "").lower()
            kind = (j.args.get("kind") or "").lower()
            how = {"left": "left", "right": "right", "full": "full"}.get(side, "inner")
            if kind in ("semi", "anti"):
                how = "left_" + kind
            on = j.args.get("on")
            if j.args.get("using"):
                raise ParseException("JOIN ... USING is not supported yet in SQL text.")
            if on is None and how == "inner":
                how = "cross"
            plan = lp.Join(plan, right, how, self.expr(on, ctes) if on is not None else None)
        where = node.args.get("where")
        if where is not None:
            plan = lp.Filter(self.expr(where.this, ctes), plan)
        exprs = tuple(self.expr(e, ctes) for e in node.expressions)
        group = node.args.get("group")
        if group is not None:
            groups = tuple(self.group_key(g, exprs, ctes) for g in group.expressions)
            plan = lp.Aggregate(groups, exprs, plan)
        else:
            plan = lp.Project(exprs, plan)
        having = node.args.get("having")
        if having is not None:
            plan = lp.Filter(self.expr(having.this, ctes), plan)
        if node.args.get("distinct"):
            plan = lp.Distinct(plan)
        return self.order_limit(node, plan, ctes)

    def group_key(self, g, exprs, ctes) -> ex.Expr:
        from sqlglot import exp
        if isinstance(g, exp.Literal) and not g.is_string:
            e = exprs[int(g.this) - 1]
            return e.child if isinstance(e, ex.Alias) else e
        return self.expr(g, ctes)

    def expr(self, node, ctes) -> ex.Expr:
        out = self.positive_expr(node, ctes)
        if node.args.get("negate") is True:
            return ex.UnresolvedFunc("not", (out,))
        return out

    def positive_expr(self, node, ctes) -> ex.Expr:
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
            return ex.Lit(int(text))
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
            return ex.UnresolvedFunc("negative", (self.expr(node.this, ctes),))
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


def _range(call) -> lp.Plan:
    """The table function ``range([start,] end[, step[, numPartitions]])``: one ``id`` column
    (numPartitions 0 until the session settles it)."""
    from sqlglot import exp
    from ..types import LongType
    args = []
    for a in call.expressions:
        negative = isinstance(a, exp.Neg)
        lit = a.this if negative else a
        if not (isinstance(lit, exp.Literal) and not lit.is_string):
            raise ParseException(f"range() takes integer literals, got {a.sql()}.",
                                 "PARSE_SYNTAX_ERROR")
        args.append(-int(lit.this) if negative else int(lit.this))
    if not 1 <= len(args) <= 4:
        raise ParseException(f"range() takes 1 to 4 arguments, got {len(args)}.",
                             "WRONG_NUM_ARGS")
    start, end = (0, args[0]) if len(args) == 1 else args[:2]
    step = args[2] if len(args) > 2 else 1
    slices = args[3] if len(args) > 3 else 0
    return lp.RangeRelation(ex.Attr("id", LongType(), False), start, end, step, slices)


def _type_text(to) -> str:
    """A cast's target as DDL text (sqlglot's Spark dialect writes TIME as TIMESTAMP)."""
    from sqlglot import exp
    if to.this != exp.DataType.Type.TIME:
        return to.sql(dialect="spark")
    params = to.expressions
    return f"time({params[0].this.name if params else 6})"
