"""Naming a DataFrame for ``spark.sql``: temporary views (the session's) and global temporary
views (the process's, under ``global_temp``). Mixed into ``DataFrame``."""

from __future__ import annotations

from .errors import AnalysisException


class DataFrameViewsMixin:
    """``createTempView`` and friends."""

    def _name_view(self, views: dict, name: str, replace: bool, shown: str) -> None:
        key = name.lower()
        if key in views and not replace:
            raise AnalysisException(
                f"[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view "
                f"`{shown}` because it already exists.", "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                {"relationName": f"`{shown}`"}, "42P07")
        views[key] = self._plan

    def createOrReplaceTempView(self, name: str) -> None:
        """Name the DataFrame for ``spark.sql`` in this session."""
        self._name_view(self.sparkSession._views, name, True, name)

    def createTempView(self, name: str) -> None:
        """Name the DataFrame for ``spark.sql`` (an error if the name is taken)."""
        self._name_view(self.sparkSession._views, name, False, name)

    def registerTempTable(self, name: str) -> None:
        """Deprecated: ``createOrReplaceTempView``."""
        import warnings
        warnings.warn("Deprecated in 2.0, use createOrReplaceTempView instead.",
                      FutureWarning)
        self.createOrReplaceTempView(name)

    def createGlobalTempView(self, name: str) -> None:
        """Name the DataFrame as ``global_temp.<name>`` for every session of this process
        (an error if the name is taken)."""
        from .tables import GLOBAL_TEMP, global_views
        self._name_view(global_views(), name, False, f"{GLOBAL_TEMP}.{name}")

    def createOrReplaceGlobalTempView(self, name: str) -> None:
        """Name the DataFrame as ``global_temp.<name>`` for every session of this process."""
        from .tables import GLOBAL_TEMP, global_views
        self._name_view(global_views(), name, True, f"{GLOBAL_TEMP}.{name}")

    def asTable(self):
        """The DataFrame as a table argument of a table function (``TableArg``: each row
        reaches the UDTF's ``eval`` as a Row; ``partitionBy``/``orderBy``/
        ``withSinglePartition`` say how)."""
        from .table_arg import TableArg
        return TableArg(self)
