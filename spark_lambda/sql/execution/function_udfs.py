"""Python functions a fragment's DuckDB connection gets when its SQL calls them: Spark's
``hash``/``xxhash64`` (``spark_hash``), ``crc32`` and the SHA-2 variants DuckDB lacks,
``conv`` and ``soundex`` (``spark_text``), bytes decoded as UTF-8 with Java's replacement of
malformed sequences, Java's StrictMath ``log``/``log10``/``exp``/``expm1``/``cosh``/``sinh``/
``tanh``/``cbrt`` (``strict_math``), decimal arithmetic past DuckDB's 38 digits
(``function_udfs_decimal``). Each runs over an Arrow batch."""

from __future__ import annotations

from .function_udfs_misc import UDFS as _MISC   # name -> (function, parameters, result)
from .function_udfs_misc import VOLATILE
from .function_udfs_geo import UDFS as _GEO
from .function_udfs_vector import UDFS as _VECTOR
from .function_udfs_decimal import UDFS as _DECIMAL

_MISC = {**_MISC, **_VECTOR, **_GEO, **_DECIMAL}

_STRICT = ("spark_ln", "spark_log10", "spark_exp", "spark_expm1", "spark_cosh", "spark_sinh",
           "spark_tanh", "spark_cbrt")
_NAMES = ("spark_murmur3", "spark_xxhash64", "spark_crc32", "spark_sha2", "spark_conv",
          "spark_soundex", "spark_utf8", "spark_format") + _STRICT


def _hash_fn(xx: bool):
    def run(codes, values):
        import pyarrow as pa
        from .spark_hash import spark_hash
        codes, values = codes.to_pylist(), values.to_pylist()
        out = [spark_hash(c.split(","), v, xx) for c, v in zip(codes, values)]
        return pa.array(out, pa.int64() if xx else pa.int32())
    return run


def _crc32(values):
    import zlib
    import pyarrow as pa
    return pa.array([None if v is None else zlib.crc32(v.encode() if isinstance(v, str) else v)
                     for v in values.to_pylist()], pa.int64())


def _sha2(values, bits):
    import hashlib
    import pyarrow as pa
    algo = {224: hashlib.sha224, 384: hashlib.sha384, 512: hashlib.sha512}
    out = []
    for v, b in zip(values.to_pylist(), bits.to_pylist()):
        if v is None:
            out.append(None)
        else:
            out.append(algo[b](v.encode() if isinstance(v, str) else v).hexdigest())
    return pa.array(out, pa.string())


def _rows(name: str, *columns):
    """``spark_text.<name>`` applied to each row of Arrow columns, a string column."""
    import pyarrow as pa
    from . import spark_text
    fn = getattr(spark_text, name)
    return pa.array([fn(*row) for row in zip(*(c.to_pylist() for c in columns))], pa.string())


def _conv(values, from_base, to_base):
    return _rows("conv", values, from_base, to_base)


def _soundex(values):
    return _rows("soundex", values)


def _utf8(values):
    """Bytes as UTF-8 text, each malformed sequence replaced by U+FFFD."""
    import pyarrow as pa
    return pa.array([None if v is None else v.decode("utf-8", "replace")
                     for v in values.to_pylist()], pa.string())


def _format(formats, args):
    from .spark_text import java_format
    import pyarrow as pa
    return pa.array([java_format(f, a) for f, a in zip(formats.to_pylist(), args.to_pylist())],
                    pa.string())



def _strict(name: str):
    """``strict_math.<name>`` over a DOUBLE column."""
    def run(values):
        import pyarrow as pa
        from . import strict_math
        fn = getattr(strict_math, name)
        nulls = values.is_null().to_numpy(zero_copy_only=False)
        result = fn(values.fill_null(0.0).to_numpy(zero_copy_only=False))
        return pa.array(result, pa.float64(), mask=nulls if nulls.any() else None)
    return run


def register_functions(con, sql: str, done: set | None = None) -> None:
    """Register on ``con`` the functions ``sql`` calls, except those named in ``done`` (a
    kept database's: registered before); adds the new ones' names to ``done``."""
    from .sketch_udfs import register_sketch_functions
    register_sketch_functions(con, sql, done)
    from .new_type_udfs import register_new_type_functions
    register_new_type_functions(con, sql, done)
    wanted = [n for n in (*_NAMES, *_MISC) if n in sql and (done is None or n not in done)]
    if not wanted:
        return
    from duckdb import sqltypes as st
    from duckdb.func import PythonUDFType
    arrow = PythonUDFType.ARROW
    text, texts = st.VARCHAR, st.DuckDBPyType(list[str])
    for name in wanted:
        if name in _MISC:
            fn, params, result = _MISC[name]
            con.create_function(name, fn, params, result, type=arrow,
                                null_handling="special", side_effects=name in VOLATILE)
        elif name == "spark_murmur3":
            con.create_function(name, _hash_fn(False), [text, texts], st.INTEGER,
                                type=arrow, null_handling="special", side_effects=False)
        elif name == "spark_xxhash64":
            con.create_function(name, _hash_fn(True), [text, texts], st.BIGINT,
                                type=arrow, null_handling="special", side_effects=False)
        elif name == "spark_crc32":
            con.create_function(name, _crc32, [text], st.BIGINT, type=arrow)
        elif name == "spark_sha2":
            con.create_function(name, _sha2, [text, st.INTEGER], text, type=arrow)
        elif name == "spark_conv":
            con.create_function(name, _conv, [text, st.INTEGER, st.INTEGER], text,
                                type=arrow, null_handling="special", side_effects=False)
        elif name == "spark_format":
            con.create_function(name, _format, [text, texts], text, type=arrow,
                                null_handling="special", side_effects=False)
        elif name in _STRICT:   # Java's StrictMath
            fn = {"spark_ln": "log"}.get(name, name[len("spark_"):])
            con.create_function(name, _strict(fn), [st.DOUBLE], st.DOUBLE, type=arrow,
                                side_effects=False)
        elif name == "spark_utf8":
            con.create_function(name, _utf8, [st.BLOB], text, type=arrow)
        else:
            con.create_function(name, _soundex, [text], text, type=arrow,
                                null_handling="special", side_effects=False)
        if done is not None:
            done.add(name)
