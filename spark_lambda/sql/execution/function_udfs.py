"""Python functions a fragment's DuckDB connection gets when its SQL calls them: Spark's
``hash``/``xxhash64`` (``spark_hash``), ``crc32`` and the SHA-2 variants DuckDB lacks,
``conv`` and ``soundex`` (``spark_text``). Each runs over an Arrow batch."""

from __future__ import annotations

from .function_udfs_misc import UDFS as _MISC   # name -> (function, parameters, result)
from .function_udfs_misc import VOLATILE
from .function_udfs_geo import UDFS as _GEO
from .function_udfs_vector import UDFS as _VECTOR

_MISC = {**_MISC, **_VECTOR, **_GEO}

_NAMES = ("spark_murmur3", "spark_xxhash64", "spark_crc32", "spark_sha2", "spark_conv",
          "spark_soundex")


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
        else:
            con.create_function(name, _soundex, [text], text, type=arrow,
                                null_handling="special", side_effects=False)
        if done is not None:
            done.add(name)
