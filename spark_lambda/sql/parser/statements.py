"""SQL statements that are not queries: views, cache, tables, databases, DESCRIBE, SHOW and
EXPLAIN. ``run_statement`` recognises them by their leading keywords (queries go on to
``sql_parser``); each runs at once and returns its result DataFrame (empty for commands).
"""

from __future__ import annotations

import re

from ..dataframe import DataFrame

_NAME = r"((?:`[^`]+`|[\w]+)(?:\.(?:`[^`]+`|[\w]+))*)"
_I = re.IGNORECASE | re.DOTALL


class CommandResult(DataFrame):
    """The result of a command: no columns and no rows (as PySpark's ``DataFrame[]``)."""

    def collect(self) -> list:
        return []

    def count(self) -> int:
        return 0

    def toArrow(self):
        import pyarrow as pa
        return pa.table({})

    def _show_string(self, n=20, truncate=True, vertical=False) -> str:
        return "++\n||\n++\n++\n"


def _empty(session):
    import pyarrow as pa
    from ..catalyst import plans as lp
    return CommandResult(lp.LocalRelation((), lp.Opaque(pa.table({}))), session)


def _rows(session, rows, ddl):
    return session.createDataFrame(rows, ddl)


def _unquote(name: str) -> str:
    return name.replace("`", "")


def run_statement(session, text: str):
    """The result of a non-query statement, or None when ``text`` is a query."""
    sql = text.strip().rstrip(";").strip()
    for pattern, fn in _STATEMENTS:
        m = re.match(pattern, sql, _I)
        if m:
            return fn(session, m)
    return None


def _create_view(session, m):
    from ..errors import AnalysisException
    from .. import tables as tb
    replace, glob, name, query = bool(m.group(1)), bool(m.group(2)), _unquote(m.group(3)), \
        m.group(4)
    df = session.sql(query)
    key = name.lower()
    if glob:
        views = tb.global_views()
    else:
        views = session._views
    if key in views and not replace:
        raise AnalysisException(f"[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the "
                                f"temporary view `{name}` because it already exists.",
                                "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS")
    views[key] = df._plan
    return _empty(session)


def _cache(session, m):
    name, query = _unquote(m.group(2)), m.group(3)
    if query:
        session._views[name.lower()] = session.sql(query)._plan
    session.catalog.cacheTable(name)
    return _empty(session)


def _uncache(session, m):
    name = _unquote(m.group(2))
    if m.group(1) and not session.catalog.tableExists(name):
        return _empty(session)
    session.catalog.uncacheTable(name)
    return _empty(session)


def _describe(session, m):
    name = _unquote(m.group(1))
    cols = session.catalog.listColumns(name)
    rows = [(c.name, c.dataType, None) for c in cols]
    parts = [c for c in cols if c.isPartition]
    if parts:
        rows.append(("# Partition Information", "", ""))
        rows.append(("# col_name", "data_type", "comment"))
        rows += [(c.name, c.dataType, None) for c in parts]
    return _rows(session, rows, "col_name STRING NOT NULL, data_type STRING NOT NULL, "
                                "comment STRING")


def _show_tables(session, m):
    db = _unquote(m.group(1)) if m.group(1) else None
    tables = session.catalog.listTables(db)
    rows = [(t.namespace[0] if t.namespace else "", t.name, t.isTemporary) for t in tables]
    if m.group(2):
        import fnmatch
        pat = m.group(2).replace("*", "*")
        rows = [r for r in rows if fnmatch.fnmatch(r[1], pat.lower())]
    return _rows(session, rows, "namespace STRING NOT NULL, tableName STRING NOT NULL, "
                                "isTemporary BOOLEAN NOT NULL")


def _show_databases(session, m):
    return _rows(session, [(d.name,) for d in session.catalog.listDatabases()],
                 "namespace STRING NOT NULL")


def _explain(session, m):
    from ..explain import explain_string
    mode = (m.group(1) or "simple").strip().lower()
    return _rows(session, [(explain_string(session.sql(m.group(2)), mode),)], "plan STRING")


def _create_database(session, m):
    from .. import tables as tb
    tb.warehouse(session).create_database(_unquote(m.group(2)), bool(m.group(1)))
    return _empty(session)


def _drop_database(session, m):
    from .. import tables as tb
    tb.warehouse(session).drop_database(_unquote(m.group(2)), bool(m.group(1)),
                                        bool(m.group(3)))
    return _empty(session)


def _use(session, m):
    session.catalog.setCurrentDatabase(_unquote(m.group(1)))
    return _empty(session)


def _drop_table(session, m):
    from .. import tables as tb
    tb.drop_table(session, _unquote(m.group(2)), bool(m.group(1)))
    return _empty(session)


def _drop_view(session, m):
    from .. import tables as tb
    from ..errors import AnalysisException
    name = _unquote(m.group(2))
    db, table = tb.split_name(session, name)
    if "." not in name and session.catalog.dropTempView(name):
        return _empty(session)
    if db == tb.GLOBAL_TEMP and session.catalog.dropGlobalTempView(table):
        return _empty(session)
    if not m.group(1):
        raise AnalysisException(f"[TABLE_OR_VIEW_NOT_FOUND] The view `{name}` cannot be found.",
                                "TABLE_OR_VIEW_NOT_FOUND")
    return _empty(session)


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
    fmt, parts, query, options = "parquet", [], None, {}
    mm = re.match(r"USING\s+(\w+)\s*(.*)$", rest, _I)
    if mm:
        fmt, rest = mm.group(1).lower(), mm.group(2)
    mm = re.match(r"OPTIONS\s*\(([^)]*)\)\s*(.*)$", rest, _I)
    if mm:
        for item in _split_top(mm.group(1)):
            k, _, v = item.partition("=") if "=" in item else item.partition(" ")
            options[k.strip().strip("'\"`")] = v.strip().strip("'\"")
        rest = mm.group(2)
    mm = re.match(r"PARTITIONED\s+BY\s*\(([^)]*)\)\s*(.*)$", rest, _I)
    if mm:
        parts = [_unquote(p.split()[0]) for p in _split_top(mm.group(1))]
        rest = mm.group(2)
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
        return _empty(session)
    if schema is None:
        raise ParseException("CREATE TABLE needs a column list or AS SELECT.",
                             "PARSE_SYNTAX_ERROR")
    tb.create_table(session, name, schema, fmt, parts, options, if_not_exists, replace)
    return _empty(session)


def _insert(session, m):
    from .. import tables as tb
    overwrite = m.group(1).lower() == "overwrite"
    name = _unquote(m.group(2))
    cols = m.group(3)
    body = m.group(4).strip()
    if re.match(r"VALUES\b", body, _I):
        df = _values(session, body)
    else:
        df = session.sql(body)
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


_STATEMENTS = [
    (r"CREATE\s+(OR\s+REPLACE\s+)?(GLOBAL\s+)?TEMP(?:ORARY)?\s+VIEW\s+" + _NAME +
     r"\s+(?:AS\s+)?(.*)$", _create_view),
    (r"CACHE\s+(LAZY\s+)?TABLE\s+" + _NAME + r"(?:\s+(?:OPTIONS\s*\([^)]*\)\s*)?(?:AS\s+)?(.+))?$",
     _cache),
    (r"UNCACHE\s+TABLE\s+(IF\s+EXISTS\s+)?" + _NAME + r"$", _uncache),
    (r"(?:DESCRIBE|DESC)\s+(?:TABLE\s+)?(?:EXTENDED\s+|FORMATTED\s+)?" + _NAME + r"$",
     _describe),
    (r"SHOW\s+TABLES(?:\s+(?:IN|FROM)\s+" + _NAME + r")?(?:\s+(?:LIKE\s+)?'([^']*)')?$",
     _show_tables),
    (r"SHOW\s+(?:DATABASES|SCHEMAS|NAMESPACES)(?:\s+LIKE\s+'[^']*')?$", _show_databases),
    (r"EXPLAIN\s+(EXTENDED\s+|FORMATTED\s+|CODEGEN\s+|COST\s+)?(.*)$", _explain),
    (r"CREATE\s+(?:DATABASE|SCHEMA|NAMESPACE)\s+(IF\s+NOT\s+EXISTS\s+)?" + _NAME +
     r"(?:\s+.*)?$", _create_database),
    (r"DROP\s+(?:DATABASE|SCHEMA|NAMESPACE)\s+(IF\s+EXISTS\s+)?" + _NAME +
     r"(\s+CASCADE)?(?:\s+RESTRICT)?$", _drop_database),
    (r"USE\s+(?:DATABASE\s+|SCHEMA\s+|NAMESPACE\s+)?" + _NAME + r"$", _use),
    (r"DROP\s+TABLE\s+(IF\s+EXISTS\s+)?" + _NAME + r"(?:\s+PURGE)?$", _drop_table),
    (r"DROP\s+VIEW\s+(IF\s+EXISTS\s+)?" + _NAME + r"$", _drop_view),
    (r"CREATE\s+(OR\s+REPLACE\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?" + _NAME + r"\s*(.*)$",
     _create_table),
    (r"INSERT\s+(INTO|OVERWRITE)\s+(?:TABLE\s+)?" + _NAME + r"\s*(?:\(([^)]*)\))?\s*(.*)$",
     _insert),
]
