"""The values of Spark's spatial types as programs see them (``pyspark.sql.types``'
``Geography`` and ``Geometry``: WKB bytes and an SRID), and the spatial reference systems
Spark supports."""

from __future__ import annotations

# SRID -> whether it is geographic (GEOGRAPHY takes only these; GEOMETRY takes any listed)
SRIDS = {0: False, 3857: False, 4326: True}
# SRID -> the name of its coordinate reference system (what a type's JSON holds)
CRS = {0: "SRID:0", 3857: "EPSG:3857", 4326: "OGC:CRS84", -1: "SRID:ANY"}
MIXED_SRID = -1   # a type whose rows may have different SRIDs: GEOMETRY(ANY)


def valid_srid(srid, geographic: bool) -> bool:
    """Whether ``srid`` is supported for a GEOGRAPHY (``geographic``) or GEOMETRY."""
    return srid in SRIDS and (SRIDS[srid] or not geographic)


class _Spatial:
    """A spatial value: its WKB and SRID."""

    def __init__(self, wkb: bytes, srid: int):
        self.wkb = wkb
        self.srid = srid

    def __repr__(self) -> str:
        return "%s(%r, %d)" % (type(self).__name__, self.wkb, self.srid)

    __str__ = __repr__

    def __eq__(self, other) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.wkb == other.wkb and self.srid == other.srid

    def __hash__(self) -> int:
        return hash((type(self).__name__, bytes(self.wkb), self.srid))

    def getSrid(self) -> int:
        """The SRID (spatial reference identifier)."""
        return self.srid

    def getBytes(self) -> bytes:
        """The WKB (well-known binary) of the value."""
        return self.wkb

    @classmethod
    def fromWKB(cls, wkb: bytes, srid: int):
        """The value of WKB bytes and an SRID."""
        return cls(wkb, srid)


class Geography(_Spatial):
    """A GEOGRAPHY value: WKB on a geographic (longitude/latitude) reference system."""


class Geometry(_Spatial):
    """A GEOMETRY value: WKB on a Cartesian reference system."""
