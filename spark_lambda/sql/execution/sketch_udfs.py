"""The sketch functions a fragment's DuckDB connection gets when its SQL calls them (``sk_*``):
builders over a group's values (DuckDB's ``list()`` of them), mergers over a group's sketches,
and the scalar readers and set operations. Each runs row by row over an Arrow batch; a NULL
sketch gives NULL. Errors carry Spark's error class in brackets (``runtime_errors``)."""

from __future__ import annotations

from . import sketch_hll as hll
from . import sketch_kll as kll
from . import sketch_theta as th
from .sketch_spark_formats import CountMinSketch, bitmap_combine, bitmap_construct, bitmap_count


def _bad(kind: str, fn: str) -> str:
    producer = {"HLL": "`hll_sketch_agg` function", "THETA": "`theta_sketch_agg` function",
                "KLL": "`kll_sketch_agg` function",
                "TUPLE": "corresponding `tuple_sketch_agg_*` function"}[kind]
    word = kind.capitalize() if kind in ("THETA", "TUPLE") else kind
    return (f"[{kind}_INVALID_INPUT_SKETCH_BUFFER] Invalid call to `{fn}`; only valid {word} "
            f"sketch buffers are supported as inputs (such as those produced by the {producer}).")


def _check_lg(lg: int, fn: str) -> int:
    if not 4 <= lg <= 26:
        raise ValueError(f"[SKETCH_INVALID_LG_NOM_ENTRIES] Invalid call to `{fn}`; the "
                         f"`lgNomEntries` value must be between 4 and 26, inclusive: {lg}.")
    return lg


# --- HLL ---------------------------------------------------------------------------------------
def _hll(b, fn="hll_sketch_estimate"):
    return hll.Hll.from_bytes(b, _bad("HLL", fn))


def hll_build(values, lg):
    if not hll.MIN_LG_K <= lg <= hll.MAX_LG_K:
        raise ValueError(f"[HLL_INVALID_LG_K] Invalid call to `hll_sketch_agg`; the "
                         f"`lgConfigK` value must be between {hll.MIN_LG_K} and "
                         f"{hll.MAX_LG_K}, inclusive: {lg}.")
    s = hll.Hll(lg)
    s.update_many(th.hash_array(values if values is not None else []))
    return s.to_bytes()


def hll_merge(sketches, allow, fn="hll_union_agg"):
    """The union of a group's sketches (NULL when it has none)."""
    parsed = [_hll(b, fn) for b in sketches or () if b is not None]
    if not parsed:
        return None
    lgs = sorted({s.lg for s in parsed})
    if len(lgs) > 1 and not allow:
        raise ValueError(f"[HLL_UNION_DIFFERENT_LG_K] Sketches have different `lgConfigK` "
                         f"values: {lgs[0]} and {lgs[-1]}. Set the `allowDifferentLgConfigK` "
                         f"parameter to true to call `{fn}` with different `lgConfigK` values.")
    return hll.union(parsed).to_bytes()


def hll_union(a, b, allow):
    return None if a is None or b is None else hll_merge([a, b], allow, "hll_union")


def hll_estimate(b):
    return None if b is None else round(_hll(b).estimate())


# --- theta and tuple ---------------------------------------------------------------------------
def _theta(b, fn, kinds=(th.THETA,)):
    return th.Theta.from_bytes(b, kinds, _bad("THETA" if kinds == (th.THETA,) else "TUPLE",
                                              fn))


def theta_build(values, lg, int_elements=False):
    hashes = th.hash_array(values if values is not None else [], int_elements=int_elements)
    return th.build(hashes, _check_lg(lg, "theta_sketch_agg")).to_bytes()


def tuple_build(pairs, lg, mode, kind, int_elements=False):
    """``pairs``: the keys (``k``) and their summaries (``v``), both non-NULL."""
    if pairs is None:
        return th.Theta(lg, kind).to_bytes()
    hashes, counted = th.hash_array(pairs["k"], with_mask=True, int_elements=int_elements)
    return th.build(hashes, lg, kind, pairs["v"][counted], mode).to_bytes()


def _int_arrays(fn):
    """``fn`` over arrays of INT (hashed apart from arrays of BIGINT)."""
    return lambda *args: fn(*args, int_elements=True)


def theta_merge(sketches, lg, op, mode, kind, fn):
    """A group's sketches united or intersected; ``op`` ``intersection_partial`` gives NULL
    for a group without sketches (a task's part of an intersection), the others an empty
    sketch."""
    parsed = [_theta(b, fn, (kind,)) for b in sketches or () if b is not None]
    if op == "union":
        return th.union(parsed, _check_lg(lg, fn), kind, mode).to_bytes()
    if not parsed and op == "intersection_partial":
        return None
    return th.intersection(parsed, kind, mode).to_bytes()


def theta_op(a, b, op, lg, mode, kind, right_kind, fn):
    """``a`` op ``b`` (union, intersection, difference) of two sketches."""
    if a is None or b is None:
        return None
    left, right = _theta(a, fn, (kind,)), _theta(b, fn, (right_kind,))
    if op == "union":
        return th.union([left, right], _check_lg(lg, fn), kind, mode).to_bytes()
    if op == "intersection":
        return th.intersection([left, right], kind, mode).to_bytes()
    return th.difference(left, right).to_bytes()


def theta_estimate(b):
    return None if b is None else round(_theta(b, "theta_sketch_estimate").estimate())


def tuple_read(b, what, mode, kind, fn):
    """A tuple sketch's estimate, theta or summary (under ``mode``)."""
    if b is None:
        return None
    s = _theta(b, fn, (kind,))
    if what == "estimate":
        return s.estimate()
    if what == "theta":
        return s.theta_fraction()
    return s.summary(mode)


# --- KLL ---------------------------------------------------------------------------------------
def _kll(b, fn, kind=None):
    s = kll.Kll.from_bytes(b, _bad("KLL", fn))
    if kind is not None and s.kind != kind:
        raise ValueError(_bad("KLL", fn))
    return s


def kll_build(values, k, kind):
    s = kll.Kll(kind, k)
    s.extend([] if values is None else values)
    return s.to_bytes()


def kll_merge(sketches, k, kind, fn="kll_merge_agg"):
    out = None
    for b in sketches or ():
        if b is None:
            continue
        s = _kll(b, fn, kind)
        if out is None:
            out = kll.Kll(kind, k if k else s.k)
        out.merge(s)
    return (out or kll.Kll(kind, k or kll.DEFAULT_K)).to_bytes()


def kll_merge2(a, b, kind, fn):
    return None if a is None or b is None else kll_merge([a, b], 0, kind, fn)


def kll_n(b, fn):
    return None if b is None else _kll(b, fn).n


def _nonempty(b, kind, fn):
    s = _kll(b, fn, kind)
    if s.n == 0:
        raise ValueError(_bad("KLL", fn))
    return s


def kll_quantile(b, r, kind, fn):
    if b is None or r is None:
        return None
    s = _nonempty(b, kind, fn)
    rs = r if isinstance(r, list) else [r]
    for x in rs:
        if x is not None and not 0.0 <= x <= 1.0:
            raise ValueError(f"[KLL_SKETCH_INVALID_QUANTILE_RANGE] For function `{fn}`, the "
                             f"quantile value must be between 0.0 and 1.0 (inclusive).")
    out = [None if x is None else s.quantile(x) for x in rs]
    return out if isinstance(r, list) else out[0]


def kll_rank(b, x, kind, fn):
    if b is None or x is None:
        return None
    s = _nonempty(b, kind, fn)
    if isinstance(x, list):
        return [None if y is None else s.rank(y) for y in x]
    return s.rank(x)


def kll_string(b, kind, fn):
    return None if b is None else _kll(b, fn, kind).describe()


# --- bitmaps and count-min sketches ------------------------------------------------------------
def bitmap_build(positions):
    import numpy as np
    return bitmap_construct(positions if positions is not None else np.zeros(0, np.int64))


def bitmap_merge(bitmaps, op):
    return bitmap_combine([b for b in bitmaps or () if b is not None], op)


def bitmap_bits(b):
    return None if b is None else bitmap_count(b)


def cms_build(values, eps, confidence, seed):
    s = CountMinSketch(eps, confidence, seed)
    s.add_all(values if values is not None else [])
    return s.to_bytes()


def cms_merge(sketches, eps, confidence, seed):
    s = CountMinSketch(eps, confidence, seed)
    for b in sketches or ():
        if b is not None:
            s.merge(b)
    return s.to_bytes()


# --- registration ------------------------------------------------------------------------------
def _table() -> dict:
    """DuckDB name -> (function, parameter types, result type), types as DuckDB names."""
    b, i, d, f, s, n, o = "BLOB", "BIGINT", "DOUBLE", "FLOAT", "VARCHAR", "INTEGER", "BOOLEAN"
    t = {"sk_hll_merge": (hll_merge, [f"{b}[]", o], b),
         "sk_hll_union": (hll_union, [b, b, o], b),
         "sk_hll_estimate": (hll_estimate, [b], i),
         "sk_theta_merge": (theta_merge, [f"{b}[]", n, s, s, n, s], b),
         "sk_theta_op": (theta_op, [b, b, s, n, s, n, n, s], b),
         "sk_theta_estimate": (theta_estimate, [b], i),
         "sk_tuple_read_d": (tuple_read, [b, s, s, n, s], d),
         "sk_tuple_read_i": (tuple_read, [b, s, s, n, s], i),
         "sk_kll_merge": (kll_merge, [f"{b}[]", n, n, s], b),
         "sk_kll_merge2": (kll_merge2, [b, b, n, s], b),
         "sk_kll_n": (kll_n, [b, s], i),
         "sk_kll_string": (kll_string, [b, n, s], s),
         "sk_bitmap_build": (bitmap_build, [f"{i}[]"], b),
         "sk_bitmap_merge": (bitmap_merge, [f"{b}[]", s], b),
         "sk_bitmap_count": (bitmap_bits, [b], i),
         "sk_cms_merge": (cms_merge, [f"{b}[]", d, d, i], b)}
    items = {"i": i, "d": d, "s": b, "a": f"{n}[]", "l": f"{i}[]"}
    for code, item in items.items():
        ints = _int_arrays if code == "a" else (lambda fn: fn)
        t[f"sk_hll_build_{code}"] = (hll_build, [f"{item}[]", n], b)
        t[f"sk_theta_build_{code}"] = (ints(theta_build), [f"{item}[]", n], b)
        for vcode, value in (("d", d), ("i", i)):
            t[f"sk_tuple_build_{code}{vcode}"] = (
                ints(tuple_build), [f"STRUCT(k {item}, v {value})[]", n, s, n], b)
    for code, item in (("i", i), ("d", d), ("f", f)):
        t[f"sk_kll_build_{code}"] = (kll_build, [f"{item}[]", n, n], b)
        t[f"sk_kll_quantile_{code}"] = (kll_quantile, [b, d, n, s], item)
        t[f"sk_kll_quantiles_{code}"] = (kll_quantile, [b, f"{d}[]", n, s], f"{item}[]")
    for code, item in (("i", i), ("d", d)):
        t[f"sk_kll_rank_{code}"] = (kll_rank, [b, item, n, s], d)
        t[f"sk_kll_ranks_{code}"] = (kll_rank, [b, f"{item}[]", n, s], f"{d}[]")
    for code in ("i", "s"):
        t[f"sk_cms_build_{code}"] = (cms_build, [f"{items[code]}[]", d, d, i], b)
    return t


def _lists(column) -> list:
    """Each row of a LIST column: None, a numpy array (numbers), a list (strings, bytes,
    arrays) or, for a list of structs, a dict of those per field."""
    import pyarrow as pa
    out = []
    for chunk in column.chunks:
        offsets = chunk.offsets.to_numpy()
        values = chunk.values
        if pa.types.is_struct(values.type):
            flat = {values.type.field(j).name: _flat(values.field(j))
                    for j in range(values.type.num_fields)}
        else:
            flat = _flat(values)
        for i in range(len(chunk)):
            if not chunk[i].is_valid:
                out.append(None)
            elif isinstance(flat, dict):
                out.append({k: v[offsets[i]:offsets[i + 1]] for k, v in flat.items()})
            else:
                out.append(flat[offsets[i]:offsets[i + 1]])
    return out


def _flat(values):
    import pyarrow as pa
    t = values.type
    if (pa.types.is_integer(t) or pa.types.is_floating(t)) and values.null_count == 0:
        return values.to_numpy(zero_copy_only=False)
    return values.to_pylist()


def _rowwise(fn, out, arity: int, lists: bool):
    """An Arrow function of ``arity`` columns (DuckDB reads the count from the signature)
    applying ``fn`` to each row; with ``lists`` its first column's rows are given by
    ``_lists``."""
    def run(*columns):
        import pyarrow as pa
        first = _lists(columns[0]) if lists else columns[0].to_pylist()
        rows = zip(first, *(c.to_pylist() for c in columns[1:]))
        return pa.array([fn(*row) for row in rows], out)
    names = ", ".join(f"c{j}" for j in range(arity))
    return eval(f"lambda {names}: run({names})", {"run": run})  # noqa: S307 (fixed text)


def _arrow_type(name: str):
    import pyarrow as pa
    if name.endswith("[]"):
        return pa.list_(_arrow_type(name[:-2]))
    return {"BLOB": pa.binary(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
            "FLOAT": pa.float32(), "VARCHAR": pa.string()}[name]


def register_sketch_functions(con, sql: str, done: set | None = None) -> None:
    """Register on ``con`` the ``sk_*`` functions ``sql`` calls, except those in ``done``
    (to which the new ones' names are added)."""
    if "sk_" not in sql:
        return
    from duckdb import sqltypes as st
    from duckdb.func import PythonUDFType
    for name, (fn, params, result) in _table().items():
        if name not in sql or (done is not None and name in done):
            continue
        con.create_function(name, _rowwise(fn, _arrow_type(result), len(params),
                                     "_build" in name),
                            [st.DuckDBPyType(p) for p in params], st.DuckDBPyType(result),
                            type=PythonUDFType.ARROW, null_handling="special",
                            side_effects=False)
        if done is not None:
            done.add(name)
