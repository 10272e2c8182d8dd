"""The Java static methods ``reflect``/``java_method``/``try_reflect`` can call, as Python
functions over the arguments' text: ``java.util.UUID``'s ``fromString``/``randomUUID``,
``java.lang.Math``'s functions of doubles, the number parsers of
``Integer``/``Long``/``Double``, ``java.net.URLEncoder``/``URLDecoder`` and
``scala.Predef.require``. Each gives the result as Java's ``toString`` writes it."""

from __future__ import annotations

import math
import re

from .java_text import java_double


def _uuid(text):
    import uuid
    parts = text.split("-")
    if len(parts) != 5:
        raise ValueError(f"Invalid UUID string: {text}")
    return str(uuid.UUID(int=(int(parts[0], 16) << 96 | int(parts[1], 16) << 80 |
                              int(parts[2], 16) << 64 | int(parts[3], 16) << 48 |
                              int(parts[4], 16)) & ((1 << 128) - 1)))


def _random_uuid():
    import uuid
    return str(uuid.uuid4())


def _require(flag):
    if not flag:
        raise ValueError("requirement failed")


def _java_int(text, bits):
    n = int(text) if re.fullmatch(r"[+-]?\d+", text) else None
    if n is None or not -(1 << (bits - 1)) <= n < (1 << (bits - 1)):
        raise ValueError(f'For input string: "{text}"')
    return str(n)


def _url(fn):
    def run(text, encoding):
        import urllib.parse
        return fn(urllib.parse, text, encoding)
    return run


_D, _S = "double", "string"
# (class, method) -> (function, the Spark types of its parameters)
METHODS = {
    ("java.util.UUID", "fromString"): (_uuid, (_S,)),
    ("java.util.UUID", "randomUUID"): (_random_uuid, ()),
    ("scala.Predef", "require"): (_require, ("boolean",)),
    ("java.lang.Integer", "parseInt"): (lambda x: _java_int(x, 32), (_S,)),
    ("java.lang.Integer", "valueOf"): (lambda x: _java_int(x, 32), (_S,)),
    ("java.lang.Long", "parseLong"): (lambda x: _java_int(x, 64), (_S,)),
    ("java.lang.Long", "valueOf"): (lambda x: _java_int(x, 64), (_S,)),
    ("java.lang.Double", "parseDouble"): (lambda x: java_double(float(x)), (_S,)),
    ("java.net.URLEncoder", "encode"): (
        _url(lambda p, t, e: p.quote_plus(t, safe="*-._", encoding=e)), (_S, _S)),
    ("java.net.URLDecoder", "decode"): (
        _url(lambda p, t, e: p.unquote_plus(t, encoding=e)), (_S, _S)),
    **{("java.lang.Math", n): (lambda x, f=f: java_double(f(x)), (_D,)) for n, f in {
        "sqrt": math.sqrt, "cbrt": lambda v: math.copysign(abs(v) ** (1 / 3), v),
        "floor": math.floor, "ceil": math.ceil, "exp": math.exp, "log": math.log,
        "log10": math.log10, "sin": math.sin, "cos": math.cos, "tan": math.tan,
        "asin": math.asin, "acos": math.acos, "atan": math.atan,
        "toDegrees": math.degrees, "toRadians": math.radians,
        "signum": lambda v: v if v == 0 or math.isnan(v) else math.copysign(1.0, v)}.items()},
    **{("java.lang.Math", n): (lambda x, y, f=f: java_double(f(x, y)), (_D, _D))
       for n, f in {"pow": math.pow, "atan2": math.atan2, "hypot": math.hypot}.items()},
}


def _arg(text, kind: str):
    if text is None:
        return None
    return {"double": float, "boolean": lambda t: t == "true"}.get(kind, str)(text)


def call(cls: str, method: str, args: list):
    """The result of ``cls.method(*args)`` (the arguments as text) as text (None for a void
    method)."""
    fn, kinds = METHODS[(cls, method)]
    out = fn(*(_arg(a, k) for a, k in zip(args, kinds)))
    return None if out is None else str(out)
