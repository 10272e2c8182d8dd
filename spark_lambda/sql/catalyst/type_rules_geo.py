"""Type rules of the spatial functions: ``st_geogfromwkb``/``st_geomfromwkb`` (BINARY WKB to
GEOGRAPHY(4326) / GEOMETRY(srid), the SRID a constant), ``st_setsrid`` (the type's SRID when
the new one is a constant, else ANY), ``st_srid`` and ``st_asbinary`` (the endianness NDR
unless given)."""

from __future__ import annotations

from ..geo_types import GeographyType, GeometryType, SpatialType
from ..errors import AnalysisException
from ..types import BinaryType, IntegerType, NullType, StringType
from . import expressions as ex
from .naming import auto_name
from .type_rules_common import call, rule, to
from .type_rules_misc import check_arity


def _spatial(name: str, args, i: int = 0):
    """Argument ``i``, which must be GEOGRAPHY or GEOMETRY."""
    t = args[i].dtype
    if not isinstance(t, SpatialType):
        raise _unexpected(name, args, "(\"GEOGRAPHY\" or \"GEOMETRY\")")
    return args[i]


def _unexpected(name: str, args, wanted: str) -> AnalysisException:
    expr = f"{name}({', '.join(auto_name(a) for a in args)})"
    t = args[0].dtype.simpleString().upper()
    return AnalysisException(
        f"Cannot resolve \"{expr}\" due to data type mismatch: The first parameter requires "
        f"the {wanted} type, however \"{auto_name(args[0])}\" has the type \"{t}\".",
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {"sqlExpr": expr}, "42K09")


def _binary(name: str, args):
    """The WKB argument: BINARY, or a string cast to it (as Spark casts implicitly)."""
    if not isinstance(args[0].dtype, (BinaryType, NullType, StringType)):
        raise _unexpected(name, args, "\"BINARY\"")
    return to(args[0], BinaryType())


def _constant_srid(e):
    """The SRID ``e`` gives when it is a constant integer, else None."""
    inner = e
    while isinstance(inner, ex.Cast):
        inner = inner.child
    return inner.value if isinstance(inner, ex.Lit) else None


@rule("st_geogfromwkb")
def _geog(name, args, distinct):
    check_arity(name, args, 1, 1)
    return call(name, (_binary(name, args),), GeographyType(4326))


@rule("st_geomfromwkb")
def _geom(name, args, distinct):
    check_arity(name, args, 1, 2)
    srid = to(args[1], IntegerType()) if len(args) > 1 else ex.Lit(0, IntegerType())
    value = _constant_srid(srid)
    # a column's SRIDs are checked in the task, row by row
    return call(name, (_binary(name, args), srid), GeometryType("ANY" if value is None
                                                                else value))


@rule("st_setsrid")
def _setsrid(name, args, distinct):
    check_arity(name, args, 2, 2)
    geo = _spatial(name, args)
    srid = to(args[1], IntegerType())
    value = _constant_srid(srid)
    kind = type(geo.dtype)
    # an unsupported constant SRID is ST_INVALID_SRID_VALUE here; a column's, in the task
    return call(name, (geo, srid), kind("ANY" if value is None else value))


@rule("st_srid")
def _srid(name, args, distinct):
    check_arity(name, args, 1, 1)
    return call(name, (_spatial(name, args),), IntegerType())


@rule("st_asbinary")
def _asbinary(name, args, distinct):
    check_arity(name, args, 1, 2)
    endianness = to(args[1], StringType()) if len(args) > 1 else ex.Lit("NDR", StringType())
    return call(name, (_spatial(name, args), endianness), BinaryType())
