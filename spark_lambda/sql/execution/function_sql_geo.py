"""DuckDB text of the spatial functions (``type_rules_geo``): a value is a
``STRUCT(srid, wkb)`` (``geo_types``); the WKB is checked and made little-endian on the way
in and written in the asked byte order on the way out (``geo_wkb``, through
``function_udfs_geo``)."""

from __future__ import annotations

from ..geo_values import SRIDS
from .function_sql_hooks import Ctx, error, scalar


def _value(srid: str, wkb: str) -> str:
    return f"(CASE WHEN {wkb} IS NULL THEN NULL ELSE struct_pack(srid := {srid}, wkb := {wkb}) END)"


@scalar("st_geogfromwkb")
def _geog(c: Ctx) -> str:
    return _value("4326", f"spark_st_fromwkb({c.a[0]})")


def _checked_srid(c: Ctx) -> str:
    """The SRID argument, ST_INVALID_SRID_VALUE where the result type does not support it."""
    geographic = c.e.dtype.geographic
    valid = sorted(s for s, geo in SRIDS.items() if geo or not geographic)
    srid = f"CAST({c.a[1]} AS INTEGER)"
    message = ("'[ST_INVALID_SRID_VALUE] Invalid or unsupported SRID (spatial reference "
               "identifier) value: ' || CAST(" + srid + " AS VARCHAR) || '.'")
    return (f"(CASE WHEN {srid} IN ({', '.join(map(str, valid))}) THEN {srid} "
            f"ELSE {error(message)} END)")


@scalar("st_geomfromwkb")
def _geom(c: Ctx) -> str:
    return (f"(CASE WHEN {c.a[1]} IS NULL THEN NULL ELSE "
            f"{_value(_checked_srid(c), f'spark_st_fromwkb({c.a[0]})')} END)")


@scalar("st_setsrid")
def _setsrid(c: Ctx) -> str:
    return (f"(CASE WHEN {c.a[0]} IS NULL OR {c.a[1]} IS NULL THEN NULL ELSE "
            f"struct_pack(srid := {_checked_srid(c)}, wkb := ({c.a[0]}).wkb) END)")


@scalar("st_srid")
def _srid(c: Ctx) -> str:
    return f"({c.a[0]}).srid"


@scalar("st_asbinary")
def _asbinary(c: Ctx) -> str:
    return f"spark_st_asbinary(({c.a[0]}).wkb, {c.a[1]})"
