"""``pyspark.sql.functions`` over Spark's spatial types (GEOGRAPHY, GEOMETRY): values made
from WKB, their SRID, and their WKB again."""

from __future__ import annotations

from .functions_common import define_all

__all__ = define_all(globals(), [
    ("st_geogfromwkb", "@wkb", "A GEOGRAPHY (SRID 4326) from WKB bytes (WKB_PARSE_ERROR for "
     "bytes that are not WKB)."),
    ("st_geomfromwkb", "@wkb, @srid=None", "A GEOMETRY from WKB bytes, with the SRID given (a "
     "constant, 0 unless given; 0, 3857 and 4326 are supported)."),
    ("st_setsrid", "@geo, @srid", "The GEOGRAPHY or GEOMETRY with another SRID (a column "
     "name, Column or integer)."),
    ("st_srid", "@geo", "The SRID of a GEOGRAPHY or GEOMETRY, an INT."),
    ("st_asbinary", "@geo, endianness=None", "The WKB of a GEOGRAPHY or GEOMETRY, in the byte "
     "order ``endianness`` names: 'NDR' (little-endian, the default) or 'XDR' (big-endian)."),
])
