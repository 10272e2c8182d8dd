"""``DataFrame.explain`` and SQL ``EXPLAIN``: the plans in Spark's layout and modes.

``simple`` prints the physical plan; ``extended`` the parsed, analysed, optimised and physical
plans; ``formatted`` the physical tree with numbered operators and each one's details below;
``cost`` the optimised plan with each node's size estimate, then the physical plan;
``codegen`` each stage's operators (one DuckDB query per task, Spark's whole-stage code).
"""

from __future__ import annotations

from .catalyst.explain import Shown, display_tree, exprs_text, schema_line, tree_string

MODES = ("simple", "extended", "codegen", "cost", "formatted")


def explain_mode(extended=None, mode=None) -> str:
    """The mode PySpark's ``explain(extended, mode)`` arguments ask for."""
    from .errors import IllegalArgumentException, PySparkTypeError, PySparkValueError
    if extended is not None and mode is not None:
        raise PySparkValueError("extended and mode should not be set together.",
                                "CANNOT_SET_TOGETHER",
                                {"arg_list": "extended and mode"})
    if isinstance(extended, str):
        extended, mode = None, extended
    if extended is not None and not isinstance(extended, bool):
        raise PySparkTypeError(f"Argument `extended` should be a bool, got "
                               f"{type(extended).__name__}.", "NOT_BOOL",
                               {"arg_name": "extended", "arg_type": type(extended).__name__})
    if mode is None:
        return "extended" if extended else "simple"
    if not isinstance(mode, str) or mode.lower() not in MODES:
        raise IllegalArgumentException(
            f"Unknown explain mode: {mode}. Accepted explain modes are 'simple', 'extended', "
            "'codegen', 'cost', 'formatted'.")
    return mode.lower()


def explain_string(df, mode: str = "simple") -> str:
    """The text ``df.explain(mode=mode)`` prints (without print's final newline)."""
    from .catalyst.optimizer import optimize
    from .execution.spark_plan import physical_plan
    session = df.sparkSession
    analyzed = df._plan
    optimized = optimize(session._use_cache(analyzed))
    physical = physical_plan(session, optimized)
    phys = "== Physical Plan ==\n" + tree_string(_initial(physical)) + "\n"
    if mode == "simple":
        return phys
    if mode == "extended":
        parsed = getattr(df, "_parsed", None) or analyzed
        return ("== Parsed Logical Plan ==\n" + tree_string(display_tree(parsed)) + "\n\n"
                "== Analyzed Logical Plan ==\n" + schema_line(analyzed) + "\n"
                + tree_string(display_tree(analyzed)) + "\n\n"
                "== Optimized Logical Plan ==\n" + tree_string(display_tree(optimized)) + "\n\n"
                + phys)
    if mode == "cost":
        from .execution.join import estimated_size
        return ("== Optimized Logical Plan ==\n"
                + tree_string(display_tree(optimized, estimated_size)) + "\n\n" + phys)
    if mode == "codegen":
        return _codegen(physical)
    return formatted(physical)


def _initial(root: Shown) -> Shown:
    """The tree as printed: an adaptive plan not run yet is Spark's initial plan, which has
    no whole-stage ids (``*(n)``)."""
    if root.name != "AdaptiveSparkPlan":
        return root
    import dataclasses

    def strip(n: Shown) -> Shown:
        return dataclasses.replace(n, codegen=None, children=[strip(c) for c in n.children],
                                   inner=[strip(c) for c in n.inner])
    return strip(root)


def _stages(root: Shown) -> dict:
    out: dict = {}
    for n in root.walk():
        if n.codegen is not None:
            out.setdefault(n.codegen, n)   # the first seen (top-most) node of each stage
    return dict(sorted(out.items()))


def _codegen(root: Shown) -> str:
    stages = _stages(root)
    parts = [f"Found {len(stages)} WholeStageCodegen subtrees."]
    for i, (sid, top) in enumerate(stages.items(), 1):
        parts.append(f"== Subtree {i} / {len(stages)} ==\n*({sid}) WholeStageCodegen\n"
                     + tree_string(_within(top, sid)) + "\n\nGenerated code: one DuckDB query "
                     "per task over the stage's inputs (Arrow blocks, splits, broadcasts).\n")
    return "\n".join(parts)


def _within(node: Shown, sid: int) -> Shown:
    """``node`` with only the operators of stage ``sid`` (others shown as their input)."""
    kids = [(_within(c, sid) if c.codegen == sid else Shown("InputAdapter", "", [], None))
            for c in node.children]
    return Shown(node.name, node.args, kids, node.codegen, node.output)


def formatted(root: Shown) -> str:
    """The ``formatted`` text of a physical tree: numbered operators, then each one's details."""
    order: list = []

    def number(n: Shown) -> None:
        for c in n.children:
            number(c)
        order.append(n)
    number(root)
    ids = {id(n): i for i, n in enumerate(order, 1)}

    def bare(n: Shown) -> Shown:
        return Shown(f"{n.name} ({ids[id(n)]})", "", [bare(c) for c in n.children], n.codegen)
    tree = tree_string(bare(root))
    details = []
    for n in order:
        stage = f" [codegen id : {n.codegen}]" if n.codegen is not None else ""
        lines = [f"({ids[id(n)]}) {n.name}{stage}"]
        if n.output:
            lines.append(f"Output [{len(n.output)}]: {exprs_text(n.output)}")
        if n.args:
            lines.append(f"Arguments: {n.args}")
        details.append("\n".join(lines) + "\n")
    return "== Physical Plan ==\n" + tree + "\n\n\n" + "\n".join(details)


__all__ = ["explain_mode", "explain_string", "formatted", "MODES"]
