"""sqlglot query trees → unresolved logical plans.

The query half of the SQL converter: ``SELECT`` with joins (comma lists,
INNER/LEFT/RIGHT/FULL/CROSS/SEMI/ANTI, ``USING (…)``, ``NATURAL``, ``LATERAL`` table functions), WHERE, GROUP BY (ordinals
too), HAVING, ORDER BY, LIMIT, DISTINCT, UNION [ALL], CTEs, subqueries in FROM, inline
``VALUES`` tables, ``range(...)`` and other table functions (``table_args.py``). A CTE is
converted afresh at every reference so each use gets its own ids.
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..catalyst.using_join import UsingJoin
from ..errors import ParseException
from .expression_sql import ExpressionConverter
from .table_args import table_function


class QueryConverter(ExpressionConverter):
    """The SQL converter: queries, clauses and relations here, expressions inherited.
    ``ctes`` maps the WITH names in scope (lower case) to their sqlglot queries."""

    def query(self, node, ctes: dict) -> lp.Plan:
        """The plan of a query: a SELECT, a UNION of queries or a parenthesized one, with its
        WITH clause's CTEs in scope."""
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
        """``plan`` under the node's ORDER BY and LIMIT, if any."""
        order = node.args.get("order")
        if order is not None:
            plan = lp.Sort(tuple(self.sort_key(o, ctes) for o in order.expressions), plan)
        limit = node.args.get("limit")
        if limit is not None:
            plan = lp.Limit(int(limit.expression.this), plan)
        return plan

    def sort_key(self, o, ctes) -> ex.SortOrder:
        """One ORDER BY key (NULLS FIRST/LAST kept only where it differs from the default)."""
        desc = bool(o.args.get("desc"))
        nulls_first = o.args.get("nulls_first")
        explicit = nulls_first if nulls_first != (not desc) else None
        return ex.SortOrder(self.expr(o.this, ctes), not desc, explicit)

    def relation(self, node, ctes) -> lp.Plan:
        """The plan of a FROM item: a table or CTE, a table function, a subquery or a VALUES
        list, under its alias."""
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
        """The plan of one SELECT: FROM and joins, WHERE, GROUP BY or projection, HAVING,
        DISTINCT, ORDER BY and LIMIT."""
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
            method = (j.args.get("method") or "").upper()
            if method not in ("", "NATURAL"):
                raise ParseException(f"{method} JOIN is not supported.", "PARSE_SYNTAX_ERROR")
            if j.args.get("using") or method == "NATURAL":
                names = tuple(c.name for c in j.args["using"]) if j.args.get("using") else None
                plan = UsingJoin(plan, right, how, names)
                continue
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
        """A GROUP BY key; an integer literal is the ordinal of a select item."""
        from sqlglot import exp
        if isinstance(g, exp.Literal) and not g.is_string:
            e = exprs[int(g.this) - 1]
            return e.child if isinstance(e, ex.Alias) else e
        return self.expr(g, ctes)


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
