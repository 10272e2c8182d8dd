"""What SQL commands share: the pattern of a (qualified, backquoted) name, the matching flags,
and their results (no rows, or a small table of rows)."""

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
