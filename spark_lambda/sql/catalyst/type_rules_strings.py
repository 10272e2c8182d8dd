"""Type rules of the string functions (``regexp_extract``, ``lpad``, ``translate``,
``format_string``, ``substring_index``, ...): arguments cast to STRING and INT as Spark does."""

from __future__ import annotations

import dataclasses

from ..errors import AnalysisException
from ..types import ArrayType, BinaryType, BooleanType, IntegerType, LongType, StringType
from . import expressions as ex
from .type_rules_common import call, integer, literal_value, rule, string, to


@rule("regexp_extract")
def _regexp_extract(name, args, distinct):
    idx = integer(args[2]) if len(args) > 2 else ex.Lit(1, IntegerType())
    return call(name, (string(args[0]), string(args[1]), idx), StringType())


@rule("regexp_replace")
def _regexp_replace(name, args, distinct):
    pos = integer(args[3]) if len(args) > 3 else ex.Lit(1, IntegerType())
    return call(name, [string(a) for a in args[:3]] + [pos], StringType())


@rule("lpad", "rpad")
def _pad(name, args, distinct):
    pad = string(args[2]) if len(args) > 2 else ex.Lit(" ", StringType())
    return call(name, (string(args[0]), integer(args[1]), pad), StringType())


@rule("repeat", "left", "right")
def _string_int(name, args, distinct):
    return call(name, (string(args[0]), integer(args[1])), StringType())


@rule("reverse")
def _reverse(name, args, distinct):
    if isinstance(args[0].dtype, ArrayType):
        return call("array_reverse", args[:1], args[0].dtype)
    return call(name, (string(args[0]),), StringType())


@rule("translate", "initcap", "ltrim", "rtrim", "trim", "btrim", "upper", "lower",
      "substring_index")
def _strings(name, args, distinct):
    conv = [string(a) for a in args]
    if name == "substring_index":
        conv[2] = integer(args[2])
    return call(name, conv, StringType())


@rule("ascii", "length", "char_length", "character_length", "octet_length",
      "bit_length")
def _string_to_int(name, args, distinct):
    return call({"char_length": "length", "character_length": "length"}.get(name, name),
                [string(a) for a in args], IntegerType())


@rule("locate", "position")
def _locate(name, args, distinct):
    pos = integer(args[2]) if len(args) > 2 else ex.Lit(1, IntegerType())
    out = call("locate", (string(args[0]), string(args[1]), pos), IntegerType(),
               args[0].nullable or args[1].nullable)
    return dataclasses.replace(out, pretty=name)


@rule("format_string", "printf")
def _format_string(name, args, distinct):
    return call(name, (string(args[0]),) + tuple(args[1:]), StringType(), args[0].nullable)


@rule("base64")
def _base64(name, args, distinct):
    x = args[0] if isinstance(args[0].dtype, (StringType, BinaryType)) else string(args[0])
    return call(name, (x,), StringType())


@rule("chr", "char")
def _chr(name, args, distinct):
    return call("chr", (to(args[0], LongType()),), StringType())


@rule("levenshtein")
def _levenshtein(name, args, distinct):
    rest = [integer(a) for a in args[2:]]
    return call(name, [string(a) for a in args[:2]] + rest, IntegerType())


@rule("overlay")
def _overlay(name, args, distinct):
    n = integer(args[3]) if len(args) > 3 else ex.Lit(-1, IntegerType())
    return call(name, (string(args[0]), string(args[1]), integer(args[2]), n), StringType())


@rule("regexp", "regexp_like")
def _regexp_like(name, args, distinct):
    return call("rlike", [string(a) for a in args[:2]], BooleanType())


@rule("regexp_count", "regexp_instr")
def _regexp_count(name, args, distinct):
    if name == "regexp_instr":   # the group's index, 0 (the whole match) by default
        idx = integer(args[2]) if len(args) > 2 else ex.Lit(0, IntegerType())
        literal_value(name, idx)
        return call(name, [string(a) for a in args[:2]] + [idx], IntegerType())
    return call(name, [string(a) for a in args[:2]], IntegerType())


@rule("regexp_substr")
def _regexp_substr(name, args, distinct):
    return call(name, [string(a) for a in args[:2]], StringType(), True)


@rule("regexp_extract_all")
def _regexp_extract_all(name, args, distinct):
    idx = integer(args[2]) if len(args) > 2 else ex.Lit(1, IntegerType())
    return call(name, (string(args[0]), string(args[1]), idx), ArrayType(StringType(), True))


@rule("split_part")
def _split_part(name, args, distinct):
    return call(name, (string(args[0]), string(args[1]), integer(args[2])), StringType())


@rule("url_encode", "url_decode")
def _url(name, args, distinct):
    return call(name, (string(args[0]),), StringType())


@rule("format_number")
def _format_number(name, args, distinct):
    return call(name, (args[0], integer(args[1])), StringType())


@rule("encode")
def _encode(name, args, distinct):
    return call(name, (string(args[0]), string(args[1])), BinaryType())


@rule("decode")
def _decode(name, args, distinct):
    if len(args) != 2:
        raise AnalysisException("decode(expr, search, result, ...) is not supported; "
                                "decode(bin, charset) is.", "WRONG_NUM_ARGS")
    x = args[0] if isinstance(args[0].dtype, BinaryType) else to(args[0], BinaryType())
    return call(name, (x, string(args[1])), StringType())


@rule("unbase64")
def _unbase64(name, args, distinct):
    return call(name, (string(args[0]),), BinaryType())


@rule("elt")
def _elt(name, args, distinct):
    return call(name, [integer(args[0])] + [string(a) for a in args[1:]], StringType(), True)


@rule("find_in_set")
def _find_in_set(name, args, distinct):
    return call(name, [string(a) for a in args], IntegerType())


@rule("get_json_object")
def _get_json_object(name, args, distinct):
    return call(name, [string(a) for a in args], StringType(), True)


@rule("json_array_length")
def _json_array_length(name, args, distinct):
    return call(name, (string(args[0]),), IntegerType(), True)


@rule("json_object_keys")
def _json_object_keys(name, args, distinct):
    return call(name, (string(args[0]),), ArrayType(StringType(), True), True)


@rule("replace")
def _replace(name, args, distinct):
    rest = () if len(args) > 2 else (ex.Lit("", StringType()),)
    return call(name, [string(a) for a in args] + list(rest), StringType())


@rule("to_binary", "try_to_binary")
def _to_binary(name, args, distinct):
    fmt = str(literal_value(name, args[1])).lower() if len(args) > 1 else "hex"
    if fmt not in ("hex", "utf-8", "utf8", "base64"):
        raise AnalysisException(f"The value of parameter(s) `format` in `{name}` is invalid: "
                                f"expects one of 'hex', 'utf-8', 'utf8', 'base64', but got "
                                f"'{fmt}'.", "INVALID_PARAMETER_VALUE.BINARY_FORMAT")
    fmt_arg = (ex.Lit(fmt, StringType()),) if len(args) > 1 else ()   # shown only if given
    return call(name, (string(args[0]),) + fmt_arg, BinaryType(), True)


@rule("soundex", "quote", "make_valid_utf8", "validate_utf8", "try_validate_utf8")
def _string_to_string(name, args, distinct):
    return call(name, (string(args[0]),), StringType())


@rule("is_valid_utf8")
def _is_valid_utf8(name, args, distinct):
    return call(name, (string(args[0]),), BooleanType())


@rule("instr")
def _instr(name, args, distinct):
    rest = [integer(a) for a in args[2:]]
    return call(name, [string(a) for a in args[:2]] + rest, IntegerType())


@rule("mask")
def _mask(name, args, distinct):
    defaults = ("X", "x", "n", None)
    rest = [string(args[i]) if i < len(args) else ex.Lit(d, StringType())
            for i, d in enumerate(defaults, 1)]
    for label, e in zip(("upperChar", "lowerChar", "digitChar", "otherChar"), rest):
        value = literal_value(name, e)
        if value is not None and len(value) != 1:
            raise AnalysisException(
                f"Cannot resolve \"mask\" due to data type mismatch: Length of {label} should "
                f"be 1.", "DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE")
    return call(name, [string(args[0])] + rest, StringType(), args[0].nullable)
