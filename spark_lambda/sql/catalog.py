"""``spark.catalog``: the session's temporary views."""

from __future__ import annotations


class Catalog:
    """Lists and drops temporary views."""

    def __init__(self, session):
        self._session = session

    def dropTempView(self, viewName: str) -> bool:
        """Drop a view; whether it existed."""
        return self._session._views.pop(viewName.lower(), None) is not None

    def listTables(self) -> list:
        """The names of the temporary views."""
        return sorted(self._session._views)

    def tableExists(self, tableName: str) -> bool:
        """Whether a view of that name exists."""
        return tableName.lower() in self._session._views
