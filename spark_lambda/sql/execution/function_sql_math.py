"""DuckDB text of the math, conditional/null and hash functions with Spark's edge cases:
logarithms of non-positive numbers are NULL, ``sqrt`` of a negative is NaN, ``factorial``
outside 0..20 is NULL, ``pmod`` is never negative, ``isnan(NULL)`` is false.

``rand``/``randn`` use DuckDB's generator: uniformly and normally distributed, but not the
values Spark's XORShift gives for the same seed. ``hash``, ``xxhash64``, ``crc32`` and
``sha2`` (224/384/512) call Python functions registered per connection (``function_udfs``)
that compute exactly what Spark does (``spark_hash``).
"""

from __future__ import annotations

from .function_sql_hooks import Ctx, scalar

# ``spark_ln``, ``spark_log10``, ``spark_exp``: Java's StrictMath digits (``strict_math``)
_LOG = {"ln": ("spark_ln", "0"), "log10": ("spark_log10", "0"),
        "log2": ("(spark_ln({x}) / spark_ln(2.0))", "0"), "log1p": ("ln(1 + {x})", "-1")}


@scalar("ln", "log10", "log2", "log1p")
def _logs(c: Ctx) -> str:
    x = c.a[0]
    fn, low = _LOG[c.e.fn]
    body = fn.format(x=x) if "{" in fn else f"{fn}({x})"
    return f"(CASE WHEN {x} <= {low} THEN NULL ELSE {body} END)"


@scalar("log")
def _log(c: Ctx) -> str:
    b, x = c.a
    return f"(CASE WHEN {b} <= 0 OR {x} <= 0 THEN NULL ELSE spark_ln({x}) / spark_ln({b}) END)"


@scalar("sqrt")
def _sqrt(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN {x} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt({x}) END)"


@scalar("cbrt", "exp", "sin", "cos", "tan", "asin", "acos", "atan", "degrees", "radians",
        "atan2", "cot", "rint", "expm1", "sinh", "cosh", "tanh", "acosh", "asinh", "atanh")
def _same(c: Ctx) -> str:
    fn = {"rint": "round_even"}.get(c.e.fn, c.e.fn)
    if fn == "round_even":
        return f"round_even({c.a[0]}, 0)"
    if c.e.fn in ("exp", "cosh", "sinh", "tanh", "expm1", "cbrt"):   # Java's StrictMath
        return f"spark_{c.e.fn}({c.a[0]})"
    return f"({fn}({', '.join(c.a)}))"


@scalar("sec", "csc")
def _recip(c: Ctx) -> str:
    return f"(1.0 / {'cos' if c.e.fn == 'sec' else 'sin'}({c.a[0]}))"


@scalar("hypot")
def _hypot(c: Ctx) -> str:
    x, y = c.a
    return f"sqrt({x} * {x} + {y} * {y})"


@scalar("signum")
def _signum(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN isnan({x}) THEN {x} ELSE CAST(sign({x}) AS DOUBLE) END)"


@scalar("factorial")
def _factorial(c: Ctx) -> str:
    x = c.a[0]
    return f"(CASE WHEN {x} BETWEEN 0 AND 20 THEN CAST(factorial({x}) AS BIGINT) END)"


@scalar("pmod")
def _pmod(c: Ctx) -> str:
    a, b = c.a
    r = f"({a} % {b})"    # Spark's: the remainder, plus the divisor only when negative
    return (f"(CASE WHEN {b} = 0 THEN NULL WHEN {r} < 0 THEN CAST((({r} + {b}) % {b}) AS {c.t})"
            f" ELSE CAST({r} AS {c.t}) END)")


@scalar("nvl", "ifnull")
def _nvl(c: Ctx) -> str:
    return f"coalesce({', '.join(c.a)})"


@scalar("nvl2")
def _nvl2(c: Ctx) -> str:
    return f"(CASE WHEN {c.a[0]} IS NOT NULL THEN {c.a[1]} ELSE {c.a[2]} END)"


@scalar("nullif")
def _nullif(c: Ctx) -> str:
    return f"(CASE WHEN {c.a[0]} = {c.a[1]} THEN NULL ELSE {c.a[0]} END)"


@scalar("isnan")
def _isnan(c: Ctx) -> str:
    return f"coalesce(isnan({c.a[0]}), FALSE)"


def _typed_args(c: Ctx) -> str:
    from .spark_hash import type_code
    out = []
    for x, arg in zip(c.a, c.e.args):
        out.append(f"{c.quote(type_code(arg.dtype))}, {x}")
    return ", ".join(out)


@scalar("hash")
def _hash(c: Ctx) -> str:
    return _hash_call(c, "spark_murmur3")


@scalar("xxhash64")
def _xxhash64(c: Ctx) -> str:
    return _hash_call(c, "spark_xxhash64")


def _hash_call(c: Ctx, fn: str) -> str:
    return hash_sql(c, fn, c.e.args, c.a)


def hash_sql(c: Ctx, fn: str, args, sqls) -> str:
    """SQL calling the registered hash function ``fn`` over ``args`` (their SQL ``sqls``)."""
    from .spark_hash import type_code
    codes = c.quote(",".join(type_code(x.dtype) for x in args))
    if not sqls:
        return "42"
    parts = ", ".join(_as_hash_input(x, arg.dtype) for x, arg in zip(sqls, args))
    return f"{fn}({codes}, [{parts}])"


def _as_hash_input(x: str, t) -> str:
    """Every hashed value as text: integers and dates as their number, doubles as their bit
    pattern, strings as themselves (one list type for the Python function)."""
    from .spark_hash import type_code
    code = type_code(t)
    if code in ("i", "l"):
        return f"CAST(CAST({x} AS BIGINT) AS VARCHAR)"
    if code == "b":
        return f"CAST(CAST({x} AS INTEGER) AS VARCHAR)"
    if code == "d":
        return f"CAST(CAST({x} - DATE '1970-01-01' AS BIGINT) AS VARCHAR)"
    if code == "t":
        return f"CAST(epoch_us({x}) AS VARCHAR)"
    if code in ("f", "g"):
        return f"CAST(CAST({x} AS DOUBLE) AS VARCHAR)"
    if code == "y":
        return f"to_hex({x})"
    return f"CAST({x} AS VARCHAR)"


@scalar("md5")
def _md5(c: Ctx) -> str:
    return f"md5({c.a[0]})"


@scalar("sha1")
def _sha1(c: Ctx) -> str:
    return f"sha1({c.a[0]})"


@scalar("sha2")
def _sha2(c: Ctx) -> str:
    bits = c.value(1)
    if bits in (0, 256):
        return f"sha256({c.a[0]})"
    if bits in (224, 384, 512):
        return f"spark_sha2({c.a[0]}, {bits})"
    return "CAST(NULL AS VARCHAR)"


@scalar("crc32")
def _crc32(c: Ctx) -> str:
    return f"spark_crc32({c.a[0]})"


@scalar("e", "pi")
def _constant(c: Ctx) -> str:
    return "exp(1)" if c.e.fn == "e" else "pi()"


@scalar("nullifzero")
def _nullifzero(c: Ctx) -> str:
    return f"nullif({c.a[0]}, 0)"


@scalar("zeroifnull")
def _zeroifnull(c: Ctx) -> str:
    return f"coalesce({c.a[0]}, 0)"


@scalar("bin")
def _bin(c: Ctx) -> str:
    return f"ltrim(bin({c.a[0]}), '0') || (CASE WHEN {c.a[0]} = 0 THEN '0' ELSE '' END)"


@scalar("hex")
def _hex(c: Ctx) -> str:
    return f"ltrim(hex({c.a[0]}), '0') || (CASE WHEN {c.a[0]} = 0 THEN '0' ELSE '' END)" \
        if c.e.args[0].dtype.simpleString() == "bigint" else f"hex({c.a[0]})"


def unhex_sql(x: str, malformed: str = "NULL") -> str:
    """Hex digits as bytes (an odd count read with a leading 0), ``malformed`` otherwise."""
    even = f"(CASE WHEN length({x}) % 2 = 1 THEN '0' || {x} ELSE {x} END)"
    return (f"(CASE WHEN {x} IS NULL THEN NULL WHEN regexp_full_match({x}, '[0-9a-fA-F]*') "
            f"THEN unhex({even}) ELSE {malformed} END)")


@scalar("unhex")
def _unhex(c: Ctx) -> str:
    return unhex_sql(c.a[0])


@scalar("shiftleft", "shiftright", "shiftrightunsigned")
def _shift(c: Ctx) -> str:
    """Java's shifts on 32 or 64 bits: the count taken modulo the width, the left shift
    wrapping, the unsigned right shift filling with zeros."""
    x, n = c.a
    bits = 64 if c.t == "BIGINT" else 32
    n = f"(({n} % {bits} + {bits}) % {bits})"
    if c.e.fn == "shiftright":
        return f"({x} >> {n})"
    full = f"(CAST(1 AS HUGEINT) << {bits})"
    unsigned = f"((CAST({x} AS HUGEINT) + {full}) % {full})"
    if c.e.fn == "shiftleft":
        unsigned = f"(({unsigned} << {n}) % {full})"
    else:
        unsigned = f"({unsigned} >> {n})"
    half = f"(CAST(1 AS HUGEINT) << {bits - 1})"
    return (f"CAST(CASE WHEN {unsigned} >= {half} THEN {unsigned} - {full} ELSE {unsigned} END "
            f"AS {c.t})")


@scalar("bit_get")
def _bit_get(c: Ctx) -> str:
    return f"CAST(({c.a[0]} >> {c.a[1]}) & 1 AS TINYINT)"


@scalar("ceil_scale", "floor_scale")
def _ceil_scale(c: Ctx) -> str:
    x, s = c.a
    fn = c.e.fn.split("_")[0]
    shifted = f"{fn}(CAST({x} AS DECIMAL(38,{max(c.value(1), 0) + 1})) * {10 ** c.value(1)})"
    return f"CAST({shifted} / {10 ** c.value(1)} AS {c.t})"


@scalar("bit_count")
def _bit_count(c: Ctx) -> str:
    x = c.a[0]
    if c.arg_type(0).simpleString() == "boolean":
        return f"CAST({x} AS INTEGER)"
    return f"CAST(bit_count(CAST({x} AS BIGINT)) AS INTEGER)"   # Java's Long.bitCount


@scalar("bitwise_not")
def _bitwise_not(c: Ctx) -> str:
    return f"(~ {c.a[0]})"


@scalar("&", "|", "^")
def _bitwise(c: Ctx) -> str:
    if c.e.fn == "^":
        return f"xor({c.a[0]}, {c.a[1]})"
    return f"({c.a[0]} {c.e.fn} {c.a[1]})"


@scalar("current_catalog", "current_database", "current_schema", "current_timezone")
def _current(c: Ctx) -> str:
    """The session's catalog, time zone and current database (as ``USE`` left it when the
    query was planned, as Spark replaces them before running it)."""
    if c.e.fn == "current_timezone":
        return c.quote(c.session_zone)
    return "'spark_catalog'" if c.e.fn == "current_catalog" else c.quote(c.session_database)


@scalar("typeof")
def _typeof(c: Ctx) -> str:
    return c.quote(c.arg_type(0).simpleString())


@scalar("positive")
def _positive(c: Ctx) -> str:
    return f"({c.a[0]})"


@scalar("try")
def _try(c: Ctx) -> str:
    """``try_add``/``try_divide``/...: the operation, NULL where its ANSI form raises."""
    inner, text = c.e.args[0], c.a[0]
    # a zero divisor gives NULL
    if getattr(inner, "fn", None) in ("/", "%", "div", "interval_divide"):
        return f"(CASE WHEN {c.w.sql(inner.args[1])} = 0 THEN NULL ELSE {text} END)"
    if "error(" in text or "random(" in text:   # DuckDB's TRY refuses volatile calls
        return text
    return f"try({text})"


@scalar("width_bucket")
def _width_bucket(c: Ctx) -> str:
    """The 1-based bucket of ``v`` among ``n`` equal ones from ``lo`` to ``hi`` (0 below,
    ``n + 1`` above; either direction), NULL for ``n <= 0``, ``lo = hi`` or a NaN."""
    v, lo, hi, n = c.a
    up = f"CAST(floor(({v} - {lo}) / ({hi} - {lo}) * {n}) AS BIGINT) + 1"
    down = f"CAST(floor(({lo} - {v}) / ({lo} - {hi}) * {n}) AS BIGINT) + 1"
    return (f"(CASE WHEN {n} <= 0 OR {lo} = {hi} OR isnan({v}) OR isnan({lo}) OR isnan({hi})"
            f" OR isinf({lo}) OR isinf({hi}) THEN NULL"
            f" WHEN {lo} < {hi} THEN (CASE WHEN {v} < {lo} THEN 0 WHEN {v} >= {hi} THEN {n} + 1"
            f" ELSE {up} END)"
            f" ELSE (CASE WHEN {v} > {lo} THEN 0 WHEN {v} <= {hi} THEN {n} + 1 ELSE {down} END)"
            f" END)")


@scalar("conv")
def _conv(c: Ctx) -> str:
    return f"spark_conv({', '.join(c.a)})"


@scalar("spark_partition_id")
def _spark_partition_id(c: Ctx) -> str:
    """The task's partition index, a variable the task sets (0 where no task runs)."""
    return "coalesce(CAST(getvariable('spark_partition_id') AS INTEGER), 0)"
