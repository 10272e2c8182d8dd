"""Plans printed as Spark prints them (``explain()``): expressions with their ids
(``o_custkey#29L``), one line per node in Spark's vocabulary, trees drawn with ``+-`` and ``:-``.

``display_tree`` turns a logical plan into ``Shown`` nodes (the physical side builds the same
nodes, ``execution/spark_plan.py``); ``tree_string`` draws any such tree.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from . import expressions as ex
from . import plans as lp
from .naming import auto_name
from .using_join import UsingJoin

JOIN_TYPES = {"inner": "Inner", "cross": "Cross", "left": "LeftOuter", "right": "RightOuter",
              "full": "FullOuter", "left_semi": "LeftSemi", "left_anti": "LeftAnti",
              "asof": "Inner", "asof_left": "LeftOuter"}


@dataclass
class Shown:
    """One node of a printed plan: Spark's operator ``name``, the rest of its line ``args``,
    its children, and (physical plans) the whole-stage id printed as ``*(n)``."""
    name: str
    args: str = ""
    children: list = field(default_factory=list)
    codegen: int | None = None
    output: list = field(default_factory=list)
    inner: list = field(default_factory=list)   # subqueries of its expressions
    tight: bool = False                         # ``Name(args)``, not ``Name args``
    metrics: dict = field(default_factory=dict)  # name → [accumulator id, type, value]

    def line(self) -> str:
        """The node's line as Spark prints it."""
        star = f"*({self.codegen}) " if self.codegen is not None else ""
        sep = "" if self.tight or not self.args else " "
        return f"{star}{self.name}{sep}{self.args}"

    def walk(self):
        """Every node, this one first."""
        yield self
        for c in self.children:
            yield from c.walk()


def tree_string(node: Shown, prefix: str = "", last: bool = True, root: bool = True) -> str:
    """The tree as Spark draws it: ``+-`` before a last child, ``:-`` before the others."""
    head = "" if root else prefix + ("+- " if last else ":- ")
    lines = [head + node.line()]
    inner = "" if root else prefix + ("   " if last else ":  ")
    sub = inner + (":  " if node.children else "   ")
    for i, c in enumerate(node.inner):
        lines.append(tree_string(c, sub, i == len(node.inner) - 1, False))
    for i, c in enumerate(node.children):
        lines.append(tree_string(c, inner, i == len(node.children) - 1, False))
    return "\n".join(lines)


# --- expressions ---------------------------------------------------------------------------
def attr_text(a: ex.Attr) -> str:
    """``name#id``, with Spark's ``L`` after the id of a bigint."""
    from ..types import LongType
    return f"{a.name}#{a.expr_id}{'L' if isinstance(a.dtype, LongType) else ''}"


def _for_display(e: ex.Expr) -> ex.Expr:
    def fn(n):
        if isinstance(n, ex.Attr):
            return dataclasses.replace(n, name=attr_text(n))
        if isinstance(n, ex.UnresolvedAttr):
            return dataclasses.replace(n, parts=("'" + ".".join(n.parts),))
        if isinstance(n, ex.Lit) and isinstance(n.value, (datetime.date, datetime.datetime)):
            return dataclasses.replace(n, value=str(n.value))
        return n
    return e.transform_up(fn)


def expr_text(e: ex.Expr) -> str:
    """An expression as Spark prints it in a plan."""
    if isinstance(e, ex.Alias):
        try:     # a bigint's ``L`` needs the type: none before analysis
            name = attr_text(e.to_attr())
        except (TypeError, AttributeError):
            name = f"{e.name}#{e.expr_id}"
        return f"{expr_text(e.child)} AS {name}"
    if isinstance(e, ex.SortOrder):
        nulls = "NULLS FIRST" if e.effective_nulls_first else "NULLS LAST"
        return f"{expr_text(e.child)} {'ASC' if e.ascending else 'DESC'} {nulls}"
    return auto_name(_for_display(e))


def exprs_text(es, sep: str = ", ") -> str:
    """``[e1, e2]``."""
    return "[" + sep.join(expr_text(e) for e in es) + "]"


# --- logical plans -------------------------------------------------------------------------
def _resolved(p: lp.Plan) -> bool:
    return not any(isinstance(n, (lp.UnresolvedRelation, UsingJoin)) or
                   not all(e.resolved for e in n.expressions()) for n in p.walk())


def logical_line(p: lp.Plan) -> tuple[str, str]:
    """``(name, args)`` of a logical node in Spark's words."""
    if isinstance(p, lp.Project):
        return "Project", exprs_text(p.exprs)
    if isinstance(p, lp.Filter):
        return "Filter", expr_text(p.condition)
    if isinstance(p, lp.Aggregate):
        return "Aggregate", f"{exprs_text(p.groups)}, {exprs_text(p.aggs)}"
    if isinstance(p, lp.Join):
        cond = f", {expr_text(p.condition)}" if p.condition is not None else ""
        return "Join", JOIN_TYPES.get(p.how, p.how) + cond
    if isinstance(p, UsingJoin):
        how = JOIN_TYPES.get(p.how, p.how)
        if p.names is None:
            return "Join", f"NaturalJoin({how})"
        return "Join", f"UsingJoin({how}, [{', '.join(p.names)}])"
    if isinstance(p, lp.Sort):
        return "Sort", f"{exprs_text(p.orders)}, {str(p.is_global).lower()}"
    if isinstance(p, lp.SubqueryAlias):
        return "SubqueryAlias", p.alias
    if isinstance(p, lp.FileRelation):
        return "Relation", f"{exprs_text(p.attrs, ',')} {p.source.value.format}"
    if isinstance(p, lp.LocalRelation):
        return "LocalRelation", exprs_text(p.attrs)
    if isinstance(p, lp.RddRelation):
        return "LogicalRDD", f"{exprs_text(p.attrs)}, false"
    if isinstance(p, lp.RangeRelation):
        return "Range", f"({p.start}, {p.end}, step={p.step}, splits=Some({p.slices}))"
    if isinstance(p, lp.UnresolvedRelation):
        return "UnresolvedRelation", f"[{p.name}], [], false"
    if isinstance(p, lp.Union):
        return "Union", "false, false"
    if isinstance(p, lp.Repartition):
        if not p.shuffle:
            return "Repartition", f"{p.n}, false"
        if p.exprs:
            return "RepartitionByExpression", f"{exprs_text(p.exprs)}, {p.n}"
        return "Repartition", f"{p.n}, true"
    if isinstance(p, lp.BroadcastHint):
        return "ResolvedHint", "(strategy=broadcast)"
    name = type(p).__name__
    if name == "Window":
        orders = p.exprs[0].child.orders if p.exprs and hasattr(p.exprs[0].child, "orders") \
            else ()
        return "Window", f"{exprs_text(p.exprs)}, {exprs_text(p.partition)}, {exprs_text(orders)}"
    if name in ("MapInBatches", "FlatMapGroups", "FlatMapCoGroups"):
        return python_node_name(p), exprs_text(p.attrs)
    return name, ""


def python_node_name(p) -> str:
    """Spark's name of a pandas/Arrow function node."""
    name = type(p).__name__
    if name == "MapInBatches":
        return "MapInArrow" if p.kind == "arrow" else "MapInPandas"
    return {"FlatMapGroups": "FlatMapGroupsInPandas",
            "FlatMapCoGroups": "FlatMapCoGroupsInPandas"}[name]


def display_tree(p: lp.Plan, stats=None) -> Shown:
    """The logical plan as printed nodes (``Limit`` as Spark's ``GlobalLimit``/``LocalLimit``);
    with ``stats`` (plan → bytes), each line ends with Spark's ``Statistics(sizeInBytes=…)``."""
    kids = [display_tree(c, stats) for c in p.children()]
    if isinstance(p, lp.Limit):
        local = Shown("LocalLimit", str(p.n), kids)
        node = Shown("GlobalLimit", str(p.n), [local])
    else:
        name, args = logical_line(p)
        node = Shown(name, args, kids)
    if not _resolved(p):
        node.name = "'" + node.name
    subs = [n for e in p.expressions() for n in e.walk() if isinstance(n, ex.SubqueryExpr)]
    node.inner = [display_tree(s.plan, stats) for s in dict.fromkeys(subs)]
    if stats is not None:
        size = f"Statistics(sizeInBytes={bytes_string(stats(p))})"
        for n in ([node, node.children[0]] if isinstance(p, lp.Limit) else [node]):
            n.args = f"{n.args}, {size}" if n.args else size
    return node


def bytes_string(n: int) -> str:
    """Bytes as Spark's ``Utils.bytesToString`` writes them (``1024.0 B``, ``1.5 MiB``)."""
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    value, i = float(n), 0
    while value >= 1024 * 2 and i < len(units) - 1:
        value /= 1024
        i += 1
    return f"{value:.1f} {units[i]}"


def schema_line(p: lp.Plan) -> str:
    """``a: int, b: string``: the analysed plan's header."""
    return ", ".join(f"{a.name}: {a.dtype.simpleString()}" for a in p.output)

