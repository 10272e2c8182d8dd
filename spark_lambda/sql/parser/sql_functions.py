"""Spark SQL text calls of the functions library kept as written: sqlglot's Spark dialect
turns many calls into its own expressions (``nvl`` into COALESCE, ``lpad`` into PAD,
``log10(x)`` into LOG(10, x)...), losing Spark's name and argument order. The dialect here
leaves every function with a type rule (and the generators) as a plain call by its name,
and ``bracket`` reads ``arr[i]`` / ``m[k]`` as element access.
"""

from __future__ import annotations

import re

_dialect = None
# calls the core parser already reads from sqlglot's own expressions
_KEEP = {"COUNT", "SUBSTRING", "SUBSTR", "SUM", "AVG", "MIN", "MAX", "COALESCE", "TRIM",
         "CONCAT", "IF", "CAST", "TRY_CAST", "EXTRACT", "DATEDIFF", "DATE_ADD", "DATE_SUB",
         "FIRST", "LAST", "ROUND", "BROUND", "ABS", "UPPER", "LOWER", "LENGTH", "STDDEV",
         "STDDEV_SAMP", "VARIANCE", "VAR_SAMP", "COLLECT_LIST", "COLLECT_SET", "TIMESTAMPADD",
         "TIMESTAMPDIFF"}


def spark_dialect():
    """A Spark dialect whose parser keeps the library's functions as plain calls."""
    global _dialect
    if _dialect is None:
        from sqlglot.dialects.spark import Spark

        from ..catalyst.generators import GENERATORS
        from ..catalyst.type_rules_common import RULES
        names = {n.upper() for n in RULES} | {n.upper() for n in GENERATORS}
        names -= _KEEP

        class SparkLambdaParser(Spark.Parser):
            BITWISE: dict = {}   # parsed by precedence below, as Spark: & before ^ before |

            def _parse_bitwise(self):
                return _parse_bit_level(self, 0, Spark.Parser._parse_bitwise)

        # assigned after the class is made: sqlglot's parser metaclass derives its tables
        SparkLambdaParser.FUNCTIONS = {k: v for k, v in Spark.Parser.FUNCTIONS.items()
                                       if k not in names}
        SparkLambdaParser.FUNCTION_PARSERS = {k: v for k, v in
                                              Spark.Parser.FUNCTION_PARSERS.items()
                                              if k not in names}

        class SparkLambda(Spark):
            Parser = SparkLambdaParser

        _dialect = SparkLambda
    return _dialect


def _parse_bit_level(parser, level: int, below):
    """Spark's precedence of the bitwise operators: ``|`` binds loosest, then ``^``, then
    ``&`` (sqlglot gives them one level); ``below`` parses what binds tighter."""
    from sqlglot import exp
    from sqlglot.tokens import TokenType
    levels = ((TokenType.PIPE, exp.BitwiseOr), (TokenType.CARET, exp.BitwiseXor),
              (TokenType.AMP, exp.BitwiseAnd))
    if level == len(levels):
        return below(parser)
    token, node = levels[level]
    this = _parse_bit_level(parser, level + 1, below)
    while parser._match(token):
        this = parser.expression(node(this=this,
                                      expression=_parse_bit_level(parser, level + 1, below)))
    return this


_WINDOW_CALL = re.compile(r"(?<![\w`.])window(\s*\()", re.I)


def function_text(text: str) -> str:
    """SQL text with ``window(`` calls renamed ``window_bucket(``: sqlglot reads WINDOW as
    the keyword of a named window clause, never as a function."""
    return _WINDOW_CALL.sub(r"window_bucket\1", text)


def bracket(node, expr):
    """``arr[i]`` (0-based) or ``m[key]`` as a call, or None for another node."""
    from sqlglot import exp

    from ..catalyst import expressions as ex
    if not isinstance(node, exp.Bracket) or len(node.expressions) != 1:
        return None
    return ex.UnresolvedFunc("get_item", (expr(node.this), expr(node.expressions[0])))
