"""The Python functions behind the spatial functions (``geo_wkb``): ``UDFS`` maps each SQL
name to ``(function over Arrow arrays, parameter types, result type)``; ``function_udfs``
registers those a query calls."""

from __future__ import annotations

from .geo_wkb import as_binary, from_wkb


def _binary_rows(fn):
    """An Arrow UDF applying ``fn`` to each row's Python values, giving BLOBs."""
    def run(*columns):
        import pyarrow as pa
        return pa.array([fn(*row) for row in zip(*(c.to_pylist() for c in columns))],
                        pa.binary())
    return run


_FROM = _binary_rows(from_wkb)
_AS = _binary_rows(as_binary)

UDFS = {
    "spark_st_fromwkb": ((lambda w: _FROM(w)), ["BLOB"], "BLOB"),
    "spark_st_asbinary": ((lambda w, e: _AS(w, e)), ["BLOB", "VARCHAR"], "BLOB"),
}
