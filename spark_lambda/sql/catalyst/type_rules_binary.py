"""Type rules of the string functions over BINARY values: Spark works on the bytes
(``concat``, ``lpad``/``rpad``, ``reverse``, ``substring``, the lengths, ``listagg``) and
gives BINARY back, where STRING arguments get the string rules.

Each rule here handles the BINARY form and hands every other call to the rule registered
before it (or, returning None, to the registry's core).
"""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import BinaryType, IntegerType, NullType
from . import expressions as ex
from .type_rules_common import RULES, call, integer

_BINARY_FNS = ("concat", "lpad", "rpad", "reverse", "substring", "substr", "length",
               "char_length", "character_length", "octet_length", "bit_length", "listagg",
               "string_agg")
_BEFORE = {n: RULES.get(n) for n in _BINARY_FNS}


def _binary(e: ex.Expr) -> bool:
    return isinstance(e.dtype, BinaryType)


def _named(out, name: str):
    return dataclasses.replace(out, pretty=name)


def _concat(name, args):
    if args and all(_binary(a) for a in args):
        return _named(call("binary_concat", args, BinaryType()), name)
    return None


def _pad(name, args):
    if not _binary(args[0]) or (len(args) > 2 and not _binary(args[2])):
        return None
    pad = args[2] if len(args) > 2 else ex.Lit(b"\x00", BinaryType())
    return _named(call("binary_" + name, (args[0], integer(args[1]), pad), BinaryType()), name)


def _reverse(name, args):
    return _named(call("binary_reverse", args[:1], BinaryType()), name) \
        if _binary(args[0]) else None


def _substring(name, args):
    if not _binary(args[0]):
        return None
    rest = [integer(a) for a in args[1:]]
    if len(rest) == 1:   # no length: Spark's default, shown in the name
        rest.append(ex.Lit(2147483647, IntegerType()))
    return _named(call("binary_substring", [args[0]] + rest, BinaryType()), name)


def _length(name, args):
    if not _binary(args[0]):
        return None
    fn = "bit_length" if name == "bit_length" else "octet_length"   # a byte is a character
    return _named(call(fn, args[:1], IntegerType()), name)


def _diff_types(name, value, delimiter) -> AnalysisException:
    return AnalysisException(
        f"Cannot resolve \"{name}\" due to data type mismatch: Input to `{name}` should all be "
        f"the same type, but it's [\"{value.simpleString().upper()}\", "
        f"\"{delimiter.simpleString().upper()}\"].", "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
        {"functionName": f"`{name}`"})


def _listagg(name, args, distinct):
    """``listagg`` of bytes joined by a BINARY delimiter; Spark refuses a delimiter of the
    other kind (a STRING one between bytes, a BINARY one between strings)."""
    delim = args[1] if len(args) > 1 else None
    delim_binary = delim is not None and _binary(delim)
    plain_delim = delim is None or isinstance(delim.dtype, NullType)
    if not _binary(args[0]):
        if delim_binary:
            raise _diff_types(name, args[0].dtype, delim.dtype)
        return None
    if not (delim_binary or plain_delim):
        raise _diff_types(name, args[0].dtype, delim.dtype)
    d = delim if delim_binary else ex.Lit(None, BinaryType())
    return ex.AggCall("listagg_binary", (args[0], d), distinct, BinaryType(), pretty=name)


_HANDLERS = {"concat": _concat, "lpad": _pad, "rpad": _pad, "reverse": _reverse,
             "substring": _substring, "substr": _substring, "length": _length,
             "char_length": _length, "character_length": _length, "octet_length": _length,
             "bit_length": _length}


def _rule(name, args, distinct):
    if name in ("listagg", "string_agg"):
        out = _listagg(name, args, distinct)
    else:
        out = _HANDLERS[name](name, args) if args else None
    if out is None and _BEFORE.get(name) is not None:
        return _BEFORE[name](name, args, distinct)
    return out


for _name in _BINARY_FNS:
    RULES[_name] = _rule
