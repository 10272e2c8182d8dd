"""LIKE and ILIKE against Spark's rule, checked in plain Python: ``_`` one character, ``%`` any
run, a backslash (or the ESCAPE character given) making the next character literal. Patterns
without a backslash go to DuckDB as its own LIKE, the others with ``ESCAPE``: both must agree."""

import re

import pytest

VALUES = ["abc", "a%c", "a_c", "a\\c", "ab'c", "ABC", "", "xa%cx", "a\\%c"]
PATTERNS = ["a%", "%b%", "a_c", "a\\%c", "a\\_c", "%\\\\%", "a\\\\c", "%'%", "A%", "%", "",
            "a%c", "_", "%\\%%"]


def spark_like(value: str, pattern: str, ignore_case: bool = False) -> bool:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.fullmatch("".join(out), value, re.S | (re.I if ignore_case else 0)) is not None


def _sql_string(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


@pytest.mark.parametrize("op", ["LIKE", "ILIKE"])
def test_like_patterns_match_sparks_rule(spark, op):
    cols = ", ".join(f"v {op} {_sql_string(p)} AS c{i}" for i, p in enumerate(PATTERNS))
    df = spark.createDataFrame([(v,) for v in VALUES], "v string")
    df.createOrReplaceTempView("like_values")
    got = {r.v: list(r)[1:] for r in spark.sql(f"SELECT v, {cols} FROM like_values").collect()}
    for v in VALUES:
        want = [spark_like(v, p, op == "ILIKE") for p in PATTERNS]
        assert got[v] == want, (v, [p for p, g, w in zip(PATTERNS, got[v], want) if g != w])
