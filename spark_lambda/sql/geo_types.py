"""Spark's spatial data types, ``GEOGRAPHY(srid)`` and ``GEOMETRY(srid)`` (``ANY``: the
SRID varies by row). Inside a task a value is a DuckDB ``STRUCT(srid INTEGER, wkb BLOB)``
whose WKB is little-endian (``execution/geo_wkb``)."""

from __future__ import annotations

from .errors import IllegalArgumentException
from .geo_values import CRS, MIXED_SRID, Geography, Geometry, valid_srid
from .types_atomic import AtomicType


class SpatialType(AtomicType):
    """The base of GeographyType and GeometryType."""

    MIXED_SRID = MIXED_SRID
    geographic = False
    duck_sql = "STRUCT(srid INTEGER, wkb BLOB)"

    def __init__(self, srid: int | str):
        if srid == "ANY":
            srid = MIXED_SRID
        elif not isinstance(srid, int) or not valid_srid(srid, self.geographic):
            raise invalid_srid(srid)
        self.srid = srid

    def _srid_text(self) -> str:
        return "any" if self.srid == MIXED_SRID else str(self.srid)

    def simpleString(self) -> str:
        return f"{self.typeName()}({self._srid_text()})"

    def jsonValue(self):
        alg = ", SPHERICAL" if self.geographic else ""
        return f"{self.typeName()}({CRS[self.srid]}{alg})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._srid_text().upper()})"

    def arrow(self):
        """The Arrow type of a value in a task."""
        import pyarrow as pa
        return pa.struct([("srid", pa.int32()), ("wkb", pa.binary())])

    def python_value(self, value: dict):
        """The ``Geography``/``Geometry`` of a task's value (``{"srid", "wkb"}``)."""
        cls = Geography if self.geographic else Geometry
        return cls(bytearray(value["wkb"]), value["srid"])


class GeographyType(SpatialType):
    """GEOGRAPHY: spatial objects on a geographic reference system (SRID 4326)."""

    geographic = True


class GeometryType(SpatialType):
    """GEOMETRY: spatial objects on a Cartesian reference system."""


def invalid_srid(srid) -> IllegalArgumentException:
    """Spark's error for an SRID it does not support."""
    return IllegalArgumentException(
        f"Invalid or unsupported SRID (spatial reference identifier) value: {srid}.",
        "ST_INVALID_SRID_VALUE", {"srid": str(srid)}, "22023")
