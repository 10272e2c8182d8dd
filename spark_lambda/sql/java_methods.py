"""The Java static methods ``reflect``/``java_method``/``try_reflect`` can call, as Python
functions over the arguments' text: ``java.util.UUID``'s ``fromString``/``randomUUID``,
``java.lang.Math``'s functions of doubles, ``String.valueOf``, the number parsers of
``Integer``/``Long``/``Double``, ``java.net.URLEncoder``/``URLDecoder`` and
``scala.Predef.require``. Each gives the result as Java's ``toString`` writes it."""

from __future__ import annotations

import decimal
import math
import re


def java_double(x: float) -> str:
    """``Double.toString``: plain between 10^-3 and 10^7, else ``d.dddE±n`` (the shortest
    digits that read back as ``x``)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 or 1e-3 <= abs(x) < 1e7:
        text = repr(float(x))
        return text if "e" not in text else format(x, "f")
    sign, digits, exponent = decimal.Decimal(repr(float(x))).normalize().as_tuple()
    text = "".join(map(str, digits))
    return (f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}"
            f"E{len(text) - 1 + exponent}")


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
    if flag != "true":
        raise ValueError("requirement failed")


def _math1(fn):
    return lambda x: java_double(fn(float(x)))


def _math2(fn):
    return lambda x, y: java_double(fn(float(x), float(y)))


def _java_int(text, bits):
    n = int(text) if re.fullmatch(r"[+-]?\d+", text) else None
    if n is None or not -(1 << (bits - 1)) <= n < (1 << (bits - 1)):
        raise ValueError(f'For input string: "{text}"')
    return str(n)


def _url(fn):
    def run(text, encoding="UTF-8"):
        import urllib.parse
        return fn(urllib.parse, text, encoding)
    return run


METHODS = {
    ("java.util.UUID", "fromString"): _uuid,
    ("java.util.UUID", "randomUUID"): _random_uuid,
    ("scala.Predef", "require"): _require,
    ("java.lang.String", "valueOf"): lambda x: x,
    ("java.lang.Integer", "parseInt"): lambda x: _java_int(x, 32),
    ("java.lang.Integer", "valueOf"): lambda x: _java_int(x, 32),
    ("java.lang.Long", "parseLong"): lambda x: _java_int(x, 64),
    ("java.lang.Long", "valueOf"): lambda x: _java_int(x, 64),
    ("java.lang.Double", "parseDouble"): lambda x: java_double(float(x)),
    ("java.lang.Double", "valueOf"): lambda x: java_double(float(x)),
    ("java.net.URLEncoder", "encode"): _url(lambda p, t, e: p.quote_plus(t, safe="*-._",
                                                                        encoding=e)),
    ("java.net.URLDecoder", "decode"): _url(lambda p, t, e: p.unquote_plus(t, encoding=e)),
    **{("java.lang.Math", n): _math1(f) for n, f in {
        "sqrt": math.sqrt, "cbrt": lambda v: math.copysign(abs(v) ** (1 / 3), v),
        "floor": math.floor, "ceil": math.ceil, "exp": math.exp, "log": math.log,
        "log10": math.log10, "sin": math.sin, "cos": math.cos, "tan": math.tan,
        "asin": math.asin, "acos": math.acos, "atan": math.atan,
        "toDegrees": math.degrees, "toRadians": math.radians,
        "signum": lambda v: v if v == 0 or math.isnan(v) else math.copysign(1.0, v)}.items()},
    **{("java.lang.Math", n): _math2(f) for n, f in {
        "pow": math.pow, "atan2": math.atan2, "hypot": math.hypot}.items()},
}


def call(cls: str, method: str, args: list):
    """The result of ``cls.method(*args)`` as text (None for a void method)."""
    fn = METHODS[(cls, method)]
    out = fn(*args)
    return None if out is None else str(out)
