"""Java's ``StrictMath.log``, ``log10``, ``exp``, ``expm1``, ``cosh``, ``sinh``, ``tanh`` and
``cbrt``: the fdlibm algorithms Spark's math functions call, over numpy float64 arrays, so that
results carry Java's last digits (the C library's functions are rounded differently and differ
from fdlibm by a unit in the last place for some arguments). Each takes an array (or anything
``np.asarray`` makes a float64 array of) and returns a new float64 array of the same shape.

fdlibm branches on the 32-bit words of a double; here they are read and written through an
int64 view, each branch is a mask, and each branch's arithmetic runs on the elements it selects.
numpy does each operation as one IEEE double operation (no fused multiply-add), so the same
order of operations as fdlibm's C gives the same bits."""

from __future__ import annotations

import functools

import numpy as np

_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10
_TWO54 = 1.80143985094819840000e+16
_LG = (6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
       2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
       1.479819860511658591e-01)
_IVLN10 = 4.34294481903251816668e-01
_LOG10_2HI, _LOG10_2LO = 3.01029995663611771306e-01, 3.69423907715893078616e-13
_INVLN2 = 1.44269504088896338700e+00
_P = (1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05,
      -1.65339022054652515390e-06, 4.13813679705723846039e-08)
_O_THRESHOLD, _U_THRESHOLD = 7.09782712893383973096e+02, -7.45133219101941108420e+02
_TWOM1000 = 9.33263618503218878990e-302
_OVERFLOW = 7.10475860073943863426e+02      # cosh/sinh overflow above |x| > this
_LOW = np.int64(0xFFFFFFFF)


def _high(x: np.ndarray) -> np.ndarray:
    """The signed high 32-bit words of doubles, as int64."""
    return x.view(np.int64) >> 32


def _low(x: np.ndarray) -> np.ndarray:
    """The unsigned low 32-bit words of doubles, as int64."""
    return x.view(np.int64) & _LOW


def _words(high, low) -> np.ndarray:
    """Doubles from their high and low 32-bit words (int64 arrays or ints)."""
    bits = (np.asarray(high, np.int64) << 32) | (np.asarray(low, np.int64) & _LOW)
    return np.asarray(bits, np.int64).view(np.float64)


def _with_high(x: np.ndarray, high) -> np.ndarray:
    """``x`` with its high word replaced."""
    return _words(high, _low(x))


def _batch(fdlibm):
    """A function of an array from ``fdlibm(x, out)``, which writes ``out`` for ``x`` (a new
    one-dimensional float64 array) with numpy's floating-point warnings off."""
    @functools.wraps(fdlibm, assigned=("__module__", "__name__", "__qualname__", "__doc__"))
    def run(x) -> np.ndarray:
        x = np.array(x, dtype=np.float64, copy=True).reshape(-1)
        out = np.empty_like(x)
        with np.errstate(all="ignore"):
            fdlibm(x, out)
        return out
    del run.__wrapped__                          # its signature is ``run``'s, not ``fdlibm``'s
    return run


def _log_rest(x: np.ndarray, out: np.ndarray):
    """fdlibm's shared first step of its logs: writes into ``out`` the final values (zero,
    negative, infinite or NaN ``x``) and returns the other elements' indices with ``(k, m's high
    word without exponent, x scaled up if subnormal)``, ``x = 2**k * m``, ``m`` in [1, 2)."""
    hx, lx = _high(x), _low(x)
    zero = ((hx & 0x7FFFFFFF) | lx) == 0
    out[zero] = -np.inf
    out[(hx < 0) & ~zero] = np.nan
    out[hx >= 0x7FF00000] = x[hx >= 0x7FF00000] + x[hx >= 0x7FF00000]
    sub = (hx >= 0) & (hx < 0x00100000) & ~zero
    x = x.copy()
    x[sub] *= _TWO54
    hx = _high(x)
    rest = np.flatnonzero((hx >= 0) & (hx < 0x7FF00000) & ~zero)
    hr = hx[rest]
    k = np.where(sub[rest], -54, 0) + (hr >> 20) - 1023
    return rest, k, hr & 0x000FFFFF, x[rest]


def _log_core(k: np.ndarray, hx: np.ndarray, x: np.ndarray) -> np.ndarray:
    """fdlibm's ``__ieee754_log`` after ``_log_rest``."""
    i = (hx + 0x95F64) & 0x100000
    x = _with_high(x, hx | (i ^ 0x3FF00000))   # x or x/2 normalised into [sqrt(2)/2, sqrt(2))
    k = k + (i >> 20)
    f = x - 1.0
    dk = k.astype(np.float64)
    k0 = k == 0
    out = np.empty_like(f)
    tiny = (0x000FFFFF & (2 + hx)) < 3          # |f| < 2**-20
    if tiny.any():
        ft, dt = f[tiny], dk[tiny]
        r = ft * ft * (0.5 - 0.33333333333333333 * ft)
        v = np.where(k0[tiny], ft - r, dt * _LN2_HI - ((r - dt * _LN2_LO) - ft))
        out[tiny] = np.where(ft == 0.0, np.where(k0[tiny], 0.0, dt * _LN2_HI + dt * _LN2_LO), v)
    big = ~tiny
    f, dk, k0, hx = f[big], dk[big], k0[big], hx[big]
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    lg1, lg2, lg3, lg4, lg5, lg6, lg7 = _LG
    r = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7))) + w * (lg2 + w * (lg4 + w * lg6))
    hfsq = 0.5 * f * f
    far = ((hx - 0x6147A) | (0x6B851 - hx)) > 0
    out[big] = np.where(
        far,
        np.where(k0, f - (hfsq - s * (hfsq + r)),
                 dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + dk * _LN2_LO)) - f)),
        np.where(k0, f - s * (f - r), dk * _LN2_HI - ((s * (f - r) - dk * _LN2_LO) - f)))
    return out


@_batch
def log(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.log`` of each element: fdlibm's ``__ieee754_log``."""
    rest, k, hx, xr = _log_rest(x, out)
    out[rest] = _log_core(k, hx, xr)


@_batch
def log10(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.log10`` of each element: fdlibm's ``__ieee754_log10``."""
    rest, k, hx, xr = _log_rest(x, out)
    i = (k < 0).astype(np.int64)
    y = (k + i).astype(np.float64)
    m = _with_high(xr, hx | ((0x3FF - i) << 20))
    out[rest] = (y * _LOG10_2LO + _IVLN10 * log(m)) + y * _LOG10_2HI


def _by_ln2(x: np.ndarray, hx: np.ndarray):
    """fdlibm's reduction of ``|x| > ln(2)/2`` (``hx`` its high words without sign):
    ``x = k ln2 + (hi - lo)``, ``hi - lo`` within ``ln(2)/2``, as ``(k, hi, lo)``."""
    neg = x < 0
    near = hx < 0x3FF0A2B2                       # |x| < 1.5 ln2
    kf = np.trunc(_INVLN2 * x + np.where(neg, -0.5, 0.5))
    k = np.where(near, np.where(neg, -1, 1), kf.astype(np.int64))
    t = k.astype(np.float64)
    hi = np.where(near, np.where(neg, x + _LN2_HI, x - _LN2_HI), x - t * _LN2_HI)
    lo = np.where(near, np.where(neg, -_LN2_LO, _LN2_LO), t * _LN2_LO)
    return k, hi, lo


def _scale(y: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``y * 2**k`` by adding ``k`` to the exponent field."""
    return _with_high(y, _high(y) + (k << 20))


@_batch
def exp(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.exp`` of each element: fdlibm's ``__ieee754_exp``."""
    hx = _high(x) & 0x7FFFFFFF
    nan = np.isnan(x)
    out[nan] = x[nan] + x[nan]
    out[x == np.inf] = np.inf
    out[~nan & (x > _O_THRESHOLD)] = np.inf
    out[~nan & (x < _U_THRESHOLD)] = 0.0        # also exp(-inf)
    tiny = hx < 0x3E300000                       # |x| < 2**-28
    out[tiny] = 1.0 + x[tiny]
    rest = np.flatnonzero(~nan & ~tiny & (x <= _O_THRESHOLD) & (x >= _U_THRESHOLD))
    out[rest] = _exp_rest(x[rest], hx[rest])


def _exp_rest(x: np.ndarray, hx: np.ndarray) -> np.ndarray:
    """fdlibm's exp of finite ``x``, 2**-28 <= |x| within the thresholds."""
    red = hx > 0x3FD62E42                       # |x| > ln(2)/2: x = k ln2 + r
    k, hi, lo = _by_ln2(x, hx)
    k = np.where(red, k, 0)
    x = np.where(red, hi - lo, x)
    t = x * x
    p1, p2, p3, p4, p5 = _P
    c = x - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    return np.where(k == 0, 1.0 - ((x * c) / (c - 2.0) - x),
                    np.where(k >= -1021, _scale(y, k), _scale(y, k + 1000) * _TWOM1000))


_Q = (-3.33333333333331316428e-02, 1.58730158725481460165e-03, -7.93650757867487942473e-05,
      4.00821782732936239552e-06, -2.01099218183624371326e-07)


@_batch
def expm1(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.expm1`` of each element: fdlibm's ``expm1``."""
    hx = _high(x) & 0x7FFFFFFF
    nan = np.isnan(x)
    out[nan] = x[nan] + x[nan]
    big = ~nan & (x > _O_THRESHOLD)
    out[big] = np.inf                            # also expm1(inf)
    low = ~nan & (x < 0) & (hx >= 0x4043687A)    # x <= -56 ln2
    out[low] = -1.0
    tiny = hx < 0x3C900000                       # |x| < 2**-54
    out[tiny] = x[tiny]
    rest = np.flatnonzero(~(nan | big | low | tiny))
    out[rest] = _expm1_rest(x[rest], hx[rest])


def _expm1_rest(x: np.ndarray, hx: np.ndarray) -> np.ndarray:
    """fdlibm's expm1 of finite ``x``, 2**-54 <= |x|, -56 ln2 < x <= the overflow threshold."""
    red = hx > 0x3FD62E42                       # |x| > ln(2)/2
    k, hi, lo = _by_ln2(x, hx)
    k = np.where(red, k, 0)
    xr = hi - lo
    c = np.where(red, (hi - xr) - lo, 0.0)
    x = np.where(red, xr, x)
    hfx = 0.5 * x
    hxs = x * hfx
    q1, q2, q3, q4, q5 = _Q
    r1 = 1.0 + hxs * (q1 + hxs * (q2 + hxs * (q3 + hxs * (q4 + hxs * q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - x * t))
    out = x - (x * e - hxs)                      # k == 0
    e = (x * (e - c) - c) - hxs
    out = np.where(k == -1, 0.5 * (x - e) - 0.5, out)
    k1 = np.where(x < -0.25, -2.0 * (e - (x + 0.5)), 1.0 + 2.0 * (x - e))
    out = np.where(k == 1, k1, out)
    far = (k <= -2) | (k > 56)
    out = np.where(far, _scale(1.0 - (e - x), k) - 1.0, out)
    ks = np.clip(k, 0, 63)
    small = (k >= 2) & (k < 20)                  # 1 - 2**-k, then x - e added
    y = _words(0x3FF00000 - (0x200000 >> ks), 0) - (e - x)
    out = np.where(small, _scale(y, k), out)
    mid = (k >= 20) & (k <= 56)                  # 2**-k, added to x - e, then 1
    y = (x - (e + _words((0x3FF - k) << 20, 0))) + 1.0
    return np.where(mid, _scale(y, k), out)


def _half_exp(a: np.ndarray, ix: np.ndarray, h: np.ndarray, out: np.ndarray) -> None:
    """cosh (``h`` 0.5) and sinh (``h`` +-0.5) for 22 <= ``|x|`` (``a``; ``ix`` its high
    words) < inf: ``h exp|x|``, from 709.78 on ``(h exp|x|/2) exp|x|/2`` up to the overflow
    threshold and beyond it infinity of ``h``'s sign."""
    m = (ix >= 0x40360000) & (ix < 0x40862E42)
    out[m] = h[m] * exp(a[m])
    m = (ix >= 0x40862E42) & (ix < 0x7FF00000)
    w = exp(0.5 * a[m])
    out[m] = np.where(a[m] <= _OVERFLOW, (h[m] * w) * w, np.copysign(np.inf, h[m]))


@_batch
def cosh(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.cosh`` of each element: fdlibm's ``__ieee754_cosh``."""
    ix = _high(x) & 0x7FFFFFFF
    a = np.abs(x)
    m = ix >= 0x7FF00000
    out[m] = x[m] * x[m]
    m = ix < 0x3FD62E43                     # |x| < ln(2)/2
    t = expm1(a[m])
    w = 1.0 + t
    out[m] = np.where(ix[m] < 0x3C800000, w, 1.0 + (t * t) / (w + w))
    m = (ix >= 0x3FD62E43) & (ix < 0x40360000)   # |x| < 22
    t = exp(a[m])
    out[m] = 0.5 * t + 0.5 / t
    _half_exp(a, ix, np.full_like(a, 0.5), out)


@_batch
def sinh(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.sinh`` of each element: fdlibm's ``__ieee754_sinh``."""
    jx = _high(x)
    ix = jx & 0x7FFFFFFF
    a = np.abs(x)
    h = np.where(jx < 0, -0.5, 0.5)
    m = ix >= 0x7FF00000
    out[m] = x[m] + x[m]
    m = ix < 0x3E300000                     # |x| < 2**-28
    out[m] = x[m]
    m = (ix >= 0x3E300000) & (ix < 0x40360000)   # |x| < 22
    t = expm1(a[m])
    out[m] = h[m] * np.where(ix[m] < 0x3FF00000, 2.0 * t - t * t / (t + 1.0),
                             t + t / (t + 1.0))
    _half_exp(a, ix, h, out)


@_batch
def tanh(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.tanh`` of each element: fdlibm's ``tanh``."""
    jx = _high(x)
    ix = jx & 0x7FFFFFFF
    pos = jx >= 0
    m = ix >= 0x7FF00000
    out[m] = np.where(pos[m], 1.0 / x[m] + 1.0, 1.0 / x[m] - 1.0)
    m = ix < 0x3C800000                     # |x| < 2**-55
    out[m] = x[m] * (1.0 + x[m])
    m = (ix >= 0x3FF00000) & (ix < 0x40360000)   # 1 <= |x| < 22
    z = 1.0 - 2.0 / (expm1(2.0 * np.abs(x[m])) + 2.0)
    out[m] = np.where(pos[m], z, -z)
    m = (ix >= 0x3C800000) & (ix < 0x3FF00000)
    t = expm1(-2.0 * np.abs(x[m]))
    z = -t / (t + 2.0)
    out[m] = np.where(pos[m], z, -z)
    m = (ix >= 0x40360000) & (ix < 0x7FF00000)
    out[m] = np.where(pos[m], 1.0, -1.0)


_B1, _B2 = 715094163, 696219795
_C, _D, _E = 5.42857142857142815906e-01, -7.05306122448979611050e-01, 1.41428571428571436819e+00
_F, _G = 1.60714285714285720630e+00, 3.57142857142857150787e-01


@_batch
def cbrt(x: np.ndarray, out: np.ndarray) -> None:
    """``StrictMath.cbrt`` of each element: fdlibm's ``cbrt``."""
    out[:] = x + x                           # inf, NaN
    hx, lx = _high(x), _low(x)
    sign = hx & ~np.int64(0x7FFFFFFF)
    hx = hx & 0x7FFFFFFF
    zero = (hx | lx) == 0
    out[zero] = x[zero]
    rest = np.flatnonzero(~zero & (hx < 0x7FF00000))
    hx, lx, sign = hx[rest], lx[rest], sign[rest]
    x = _words(hx, lx)                       # |x|
    sub = hx < 0x00100000
    ts = _words(0x43500000, 0) * x
    ts = _words(_high(ts) // 3 + _B2, _low(ts))
    t = np.where(sub, ts, _words(hx // 3 + _B1, 0))
    r = t * t / x
    s = _C + r * t
    t = t * (_G + _F / (s + _E + _D / s))
    t = _words(_high(t) + 1, 0)              # chopped to 20 bits, made larger
    s = t * t
    r = x / s
    w = t + t
    r = (r - t) / (w + r)
    t = t + t * r
    out[rest] = _words(_high(t) | sign, _low(t))
