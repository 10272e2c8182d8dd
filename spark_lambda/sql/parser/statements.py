"""SQL statements that are not queries: views, cache, tables, databases, DESCRIBE, SHOW and
EXPLAIN. ``run_statement`` recognises them by their leading keywords (queries go on to
``sql_parser``); each runs at once and returns its result DataFrame (empty for commands).
"""

from __future__ import annotations

import re

from .command_result import _I, _NAME, _empty, _rows, _unquote
from .statements_tables import TABLE_STATEMENTS


def run_statement(session, text: str):
    """The result of a non-query statement, or None when ``text`` is a query (known by its
    first word, before any pattern is compiled or tried)."""
    sql = text.strip().rstrip(";").strip()
    first = sql[:16].split(None, 1)
    if not first or first[0].upper() not in _FIRST_WORDS:
        return None
    for pattern, fn in _STATEMENTS:
        m = re.match(pattern, sql, _I)
        if m:
            return fn(session, m)
    return None


def _create_view(session, m):
    from .. import tables as tb
    replace, glob, name = bool(m.group(1)), bool(m.group(2)), _unquote(m.group(3))
    df = session.sql(m.group(4))
    views = tb.global_views() if glob else session._views
    df._name_view(views, name, replace, f"{tb.GLOBAL_TEMP}.{name}" if glob else name)
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
    meta = tb.warehouse(session).table(db, table)
    if meta is not None and "viewText" in meta:
        session.catalog.dropView(name)
    elif not m.group(1):
        raise AnalysisException(f"[TABLE_OR_VIEW_NOT_FOUND] The view `{name}` cannot be found.",
                                "TABLE_OR_VIEW_NOT_FOUND")
    return _empty(session)


_STATEMENTS = TABLE_STATEMENTS + [
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
]
# the words a statement starts with: ``CACHE`` of ``CACHE\s+...``, both of ``(?:DESCRIBE|DESC)\s+``
_FIRST_WORDS = frozenset(w for pattern, _ in _STATEMENTS
                         for w in pattern.split("\\s", 1)[0].strip("(?:)").split("|"))
