"""SQL statements that make and fill persistent tables, views and functions: ``CREATE TABLE``
(``USING``, ``OPTIONS``, ``PARTITIONED BY``, ``LOCATION``, ``TBLPROPERTIES``, ``AS SELECT``),
``INSERT INTO/OVERWRITE`` (with static ``PARTITION (k = v)``), ``CREATE VIEW``,
``CREATE/DROP FUNCTION``, ``TRUNCATE TABLE`` and ``ANALYZE TABLE``."""

from __future__ import annotations

import re

from .command_result import _I, _NAME, _empty, _unquote


_CLAUSES = {"partitioned": r"PARTITIONED\s+BY\s*\(([^)]*)\)",
            "options": r"OPTIONS\s*\(([^)]*)\)",
            "location": r"LOCATION\s+'((?:[^']|'')*)'",
            "tblproperties": r"TBLPROPERTIES\s*\(([^)]*)\)",
            "comment": r"COMMENT\s+'((?:[^']|'')*)'"}


def _clauses(rest: str) -> dict:
    """The clauses of ``CREATE TABLE`` after ``USING`` (in any order) by keyword, their
    text; what follows them under ``rest``."""
    found: dict = {}
    progress = True
    while progress:
        progress = False
        for key, pattern in _CLAUSES.items():
            mm = re.match(pattern + r"\s*(.*)$", rest, _I)
            if mm:
                found[key], rest, progress = mm.group(1), mm.group(2), True
    found["rest"] = rest
    return found


def _pairs(text: str) -> dict:
    """``'k' = 'v', k v, …`` (OPTIONS, TBLPROPERTIES, PARTITION) as a dict of strings."""
    out = {}
    for item in _split_top(text):
        k, _, v = item.partition("=") if "=" in item else item.partition(" ")
        out[k.strip().strip("'\"`")] = v.strip().strip("'\"")
    return out


def _split_top(text: str) -> list:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [c.strip() for c in out]


def _create_table(session, m):
    from .. import tables as tb
    from ..ddl import parse_schema
    from ..errors import ParseException
    replace = bool(m.group(1))
    if_not_exists = bool(m.group(2))
    name = _unquote(m.group(3))
    rest = m.group(4).strip()
    schema = None
    if rest.startswith("("):
        depth = 0
        for i, ch in enumerate(rest):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        schema = parse_schema(rest[1:i])
        rest = rest[i + 1:].strip()
    fmt, parts, query = "parquet", [], None
    mm = re.match(r"USING\s+(\w+)\s*(.*)$", rest, _I)
    if mm:
        fmt, rest = mm.group(1).lower(), mm.group(2)
    clauses = _clauses(rest)
    rest = clauses.pop("rest")
    if "partitioned" in clauses:
        parts = [_unquote(p.split()[0]) for p in _split_top(clauses["partitioned"])]
    options = _pairs(clauses.get("options", ""))
    properties = _pairs(clauses.get("tblproperties", ""))
    location = clauses.get("location", "").replace("''", "'") or None
    location = location or options.pop("path", None)
    mm = re.match(r"AS\s+(.*)$", rest, _I)
    if mm:
        query = mm.group(1)
    elif rest.strip():
        raise ParseException(f"Unsupported CREATE TABLE clause: {rest.strip()[:40]}",
                             "PARSE_SYNTAX_ERROR")
    if query is not None:
        df = session.sql(query)
        if if_not_exists and session.catalog.tableExists(name):
            return _empty(session)
        mode = "overwrite" if replace else "error"
        tb.save_as_table(session, name, df, mode, fmt, parts, options)
        if properties:
            tb.set_fields(session, name, properties=properties)
        return _empty(session)
    if schema is None:
        raise ParseException("CREATE TABLE needs a column list or AS SELECT.",
                             "PARSE_SYNTAX_ERROR")
    tb.create_table(session, name, schema, fmt, parts, options, if_not_exists, replace,
                    location=location, properties=properties)
    return _empty(session)


def _insert(session, m):
    from .. import tables as tb
    overwrite = m.group(1).lower() == "overwrite"
    name = _unquote(m.group(2))
    static = _pairs(m.group(3)) if m.group(3) else {}
    cols = m.group(4)
    body = m.group(5).strip()
    if re.match(r"VALUES\b", body, _I):
        df = _values(session, body)
    else:
        df = session.sql(body)
    if static:
        df = _with_static_partitions(session, name, df, static)
    if cols:
        names = [_unquote(c) for c in _split_top(cols)]
        target = session.table(name)
        df = df.toDF(*names)
        from .. import functions as F
        df = df.select(*[F.col(c) if c.lower() in {n.lower() for n in names}
                         else F.lit(None).alias(c) for c in target.columns])
    tb.insert(session, name, df, overwrite=overwrite)
    return _empty(session)


def _values(session, body: str):
    import sqlglot
    tree = sqlglot.parse_one(f"SELECT * FROM {body}", read="spark")
    values = tree.find(sqlglot.exp.Values)
    out = None
    for t in values.expressions:
        items = [e.sql(dialect="spark") for e in t.expressions]
        df = session.range(1, numPartitions=1).selectExpr(
            *[f"{e} AS col{i + 1}" for i, e in enumerate(items)])
        out = df if out is None else out.union(df)
    return out


def _with_static_partitions(session, name: str, df, static: dict):
    """The rows of ``INSERT … PARTITION (k = v) SELECT …``: the selected columns, then each
    static partition value as its column, in the table's order."""
    from .. import functions as F
    target = session.table(name)
    lower = {k.lower(): v for k, v in static.items()}
    data = iter(df.columns)
    cols = []
    for c in target.columns:
        if c.lower() in lower:
            cols.append(F.lit(lower[c.lower()]).alias(c))
        else:
            cols.append(F.col(f"`{next(data)}`").alias(c))
    return df.select(*cols)


def _create_view(session, m):
    from .. import tables as tb
    tb.create_view(session, _unquote(m.group(3)), m.group(4), bool(m.group(1)),
                   bool(m.group(2)))
    return _empty(session)


def _create_function(session, m):
    from .. import tables as tb
    db, name = tb.split_name(session, _unquote(m.group(4)))
    tb.warehouse(session).create_function(db, name, m.group(5), bool(m.group(1)),
                                          bool(m.group(3)))
    return _empty(session)


def _drop_function(session, m):
    from .. import tables as tb
    from ..errors import AnalysisException
    db, name = tb.split_name(session, _unquote(m.group(3)))
    if not tb.warehouse(session).drop_function(db, name) and not m.group(2):
        raise AnalysisException(f"[ROUTINE_NOT_FOUND] The function `{db}`.`{name}` cannot be "
                                "found.", "ROUTINE_NOT_FOUND")
    return _empty(session)


def _truncate(session, m):
    session.catalog.truncateTable(_unquote(m.group(1)))
    return _empty(session)


def _analyze(session, m):
    session.catalog.analyzeTable(_unquote(m.group(1)), noScan=bool(m.group(2)))
    return _empty(session)


TABLE_STATEMENTS = [
    (r"CREATE\s+(OR\s+REPLACE\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?" + _NAME + r"\s*(.*)$",
     _create_table),
    (r"INSERT\s+(INTO|OVERWRITE)\s+(?:TABLE\s+)?" + _NAME +
     r"\s*(?:PARTITION\s*\(([^)]*)\))?\s*(?:\(([^)]*)\))?\s*(.*)$", _insert),
    (r"CREATE\s+(OR\s+REPLACE\s+)?VIEW\s+(IF\s+NOT\s+EXISTS\s+)?" + _NAME +
     r"\s+AS\s+(.*)$", _create_view),
    (r"CREATE\s+(OR\s+REPLACE\s+)?(TEMP(?:ORARY)?\s+)?FUNCTION\s+(IF\s+NOT\s+EXISTS\s+)?" +
     _NAME + r"\s+AS\s+'([^']*)'(?:\s+USING\s+.*)?$", _create_function),
    (r"DROP\s+(TEMP(?:ORARY)?\s+)?FUNCTION\s+(IF\s+EXISTS\s+)?" + _NAME + r"$",
     _drop_function),
    (r"TRUNCATE\s+TABLE\s+" + _NAME + r"$", _truncate),
    (r"ANALYZE\s+TABLE\s+" + _NAME + r"\s+COMPUTE\s+STATISTICS(\s+NOSCAN)?(?:\s+FOR\s+.*)?$",
     _analyze),
]
