"""Spark SQL text → unresolved logical plan, through sqlglot's parser (dialect ``spark``).

Driver-only (sqlglot is never imported on executors). ``parse_query`` and
``parse_expression`` check the text, parse it and hand the tree to the converter
(``query_sql.py`` for queries, ``expression_sql.py`` for expressions). Malformed text raises
``ParseException`` with the line and position. ``warm_up`` imports all this when a session is
created.
"""

from __future__ import annotations

from ..catalyst import expressions as ex
from ..catalyst import plans as lp
from ..errors import ParseException
from .query_sql import QueryConverter
from .sql_functions import function_text, spark_dialect
from .table_args import table_arg_text


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
    from sqlglot.tokens import TokenType
    tokens = spark_dialect()().tokenize(text)   # Spark's rules: a backslash escapes a quote
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
                  "spark_lambda.sql.execution.range_sort", "spark_lambda.sql.execution.task",
                  "spark_lambda.sql.execution.python_agg", "spark_lambda.sql.execution.resources",
                  "spark_lambda.sql.execution.reuse", "spark_lambda.sql.tables",
                  "spark_lambda.sql.catalyst.function_names",
                  "spark_lambda.sql.catalyst.row_generators", "spark_lambda.shuffle.writer"]


def warm_up() -> None:
    """Import sqlglot and build the dialect, then the modules an action plans with
    (``ACTION_MODULES``): called when a session is created, which is then ready to plan (as
    DuckDB's start is its import). Done in the creating thread: on a background thread the
    same imports only compete with the first query for the interpreter lock, which moved
    their time into that query rather than saving it."""
    import importlib
    try:
        _parse("SELECT 1")
        for name in ACTION_MODULES:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - the query's own parse or import reports it
        pass


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
    return QueryConverter().query(_parse(text), {})


def parse_expression(text: str) -> ex.Expr:
    """The unresolved expression of a SQL expression string (``"a + 1 AS b"``)."""
    tree = _parse(f"SELECT {text}")
    return QueryConverter().expr(tree.expressions[0], {})
