"""Bucketed tables (``df.write.bucketBy(n, cols).sortBy(cols).saveAsTable``): the spec a table
keeps in the catalog, its checks (Spark's errors), and the bucket of each row.

A row's bucket is Spark's: ``pmod(hash(cols), n)`` with ``hash`` the Murmur3 of
``F.hash``; each write task writes one file per bucket it has rows for, named
``part-<task>-<job>_<bucket>.c000<ext>`` and sorted by the sort columns, as Spark lays a
bucketed table out.
"""

from __future__ import annotations

from .errors import AnalysisException

BUCKET_ID = "__bucket_id"
MAX_BUCKETS = 100_000


def bucket_spec(df, table: str, n: int, cols: list, sort_cols: list) -> dict:
    """The spec of a table bucketed into ``n`` by ``cols``, sorted by ``sort_cols``, its
    columns checked against ``df``'s."""
    if not 0 < n <= MAX_BUCKETS:
        raise AnalysisException(
            f"Number of buckets should be greater than 0 but less than or equal to "
            f"bucketing.maxBuckets (`{MAX_BUCKETS}`). Got `{n}`.", "INVALID_BUCKET_COUNT",
            {}, "22003")
    names = {c.lower(): c for c in df.columns}
    for kind, group in (("bucket", cols), ("sort", sort_cols)):
        for c in group:
            if c.lower() not in names:
                raise AnalysisException(
                    f"{kind} column `{c}` is not defined in table {table}, defined table "
                    f"columns are: {', '.join(f'`{x}`' for x in df.columns)}.",
                    "COLUMN_NOT_DEFINED_IN_TABLE", {}, "42703")
    return {"numBuckets": n, "bucketColumns": [names[c.lower()] for c in cols],
            "sortColumns": [names[c.lower()] for c in sort_cols]}


def check_same(existing: dict | None, given: dict | None, table: str) -> None:
    """Appending to a table: the bucketing given must be the table's."""
    if (existing or None) != (given or None):
        raise AnalysisException(
            f"Specified bucketing does not match that of the existing table {table}.\n"
            f"Specified bucketing: {spec_text(given)}.\n"
            f"Existing bucketing: {spec_text(existing)}.", "_LEGACY_ERROR_TEMP_1164")


def spec_text(spec: dict | None) -> str:
    """``3 buckets, bucket columns: [name], sort columns: [age]`` (Spark's words)."""
    if not spec:
        return "not bucketed"
    text = f"{spec['numBuckets']} buckets, bucket columns: [{', '.join(spec['bucketColumns'])}]"
    if spec["sortColumns"]:
        text += f", sort columns: [{', '.join(spec['sortColumns'])}]"
    return text


def create_text(spec: dict | None) -> str:
    """The ``CLUSTERED BY ... SORTED BY ... INTO n BUCKETS`` lines of ``SHOW CREATE TABLE``."""
    if not spec:
        return ""
    lines = [("CLUSTERED BY", spec["bucketColumns"]), ("SORTED BY", spec["sortColumns"])]
    return "".join(f"{word} ({', '.join(cols)})\n" for word, cols in lines if cols) + \
        f"INTO {spec['numBuckets']} BUCKETS\n"


def with_bucket_ids(df, spec: dict):
    """``df`` with each row's bucket as a last column ``__bucket_id``."""
    from . import functions as F
    ids = F.pmod(F.hash(*spec["bucketColumns"]), F.lit(spec["numBuckets"]))
    return df.withColumn(BUCKET_ID, ids)


def unsupported(method: str) -> AnalysisException:
    """Spark's error for ``bucketBy`` with a write other than ``saveAsTable``."""
    return AnalysisException(f"'{method}' does not support bucketBy right now.",
                             "_LEGACY_ERROR_TEMP_1312")


def sort_without_buckets() -> AnalysisException:
    """Spark's error for ``sortBy`` without ``bucketBy``."""
    return AnalysisException("sortBy must be used together with bucketBy.",
                             "SORT_BY_WITHOUT_BUCKETING", {}, "42601")
