"""Java's ``StrictMath.log``, ``log10``, ``exp``, ``expm1``, ``cosh``, ``sinh``, ``tanh`` and
``cbrt``: the fdlibm algorithms Spark's math functions call, in Python, so that results carry
Java's last digits (the C library's functions are rounded differently and differ from fdlibm by
a unit in the last place for some arguments). Each takes and returns a float; the words of a
double are read and written through ``struct``."""

from __future__ import annotations

import math
import struct

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


def _words(x: float) -> tuple[int, int]:
    """The signed high and the unsigned low 32-bit words of a double."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits >> 32, bits & 0xFFFFFFFF


def _with_high(x: float, high: int) -> float:
    low = struct.unpack("<Q", struct.pack("<d", x))[0] & 0xFFFFFFFF
    return struct.unpack("<d", struct.pack("<Q", ((high & 0xFFFFFFFF) << 32) | low))[0]


def _reduce(x: float):
    """``x`` as ``2**k * m`` with ``m`` in [1, 2) (fdlibm's shared first step of its logs):
    ``(k, m's high word without exponent, x scaled up if subnormal)``, or a final value."""
    hx, lx = _words(x)
    k = 0
    if hx < 0x00100000:                       # zero, negative or subnormal
        if ((hx & 0x7FFFFFFF) | lx) == 0:
            return -math.inf
        if hx < 0:
            return math.nan
        k -= 54
        x *= _TWO54
        hx = _words(x)[0]
    if hx >= 0x7FF00000:
        return x + x
    return k + (hx >> 20) - 1023, hx & 0x000FFFFF, x


def log(x: float) -> float:
    """``StrictMath.log``: fdlibm's ``__ieee754_log``."""
    r = _reduce(x)
    if not isinstance(r, tuple):
        return r
    k, hx, x = r
    i = (hx + 0x95F64) & 0x100000
    x = _with_high(x, hx | (i ^ 0x3FF00000))   # x or x/2 normalised into [sqrt(2)/2, sqrt(2))
    k += i >> 20
    f = x - 1.0
    dk = float(k)
    if (0x000FFFFF & (2 + hx)) < 3:            # |f| < 2**-20
        if f == 0.0:
            return 0.0 if k == 0 else dk * _LN2_HI + dk * _LN2_LO
        r = f * f * (0.5 - 0.33333333333333333 * f)
        return f - r if k == 0 else dk * _LN2_HI - ((r - dk * _LN2_LO) - f)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    lg1, lg2, lg3, lg4, lg5, lg6, lg7 = _LG
    r = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7))) + w * (lg2 + w * (lg4 + w * lg6))
    if ((hx - 0x6147A) | (0x6B851 - hx)) > 0:
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + r))
        return dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + dk * _LN2_LO)) - f)
    if k == 0:
        return f - s * (f - r)
    return dk * _LN2_HI - ((s * (f - r) - dk * _LN2_LO) - f)


def log10(x: float) -> float:
    """``StrictMath.log10``: fdlibm's ``__ieee754_log10``."""
    r = _reduce(x)
    if not isinstance(r, tuple):
        return r
    k, hx, x = r
    i = 1 if k < 0 else 0
    y = float(k + i)
    x = _with_high(x, hx | ((0x3FF - i) << 20))
    z = y * _LOG10_2LO + _IVLN10 * log(x)
    return z + y * _LOG10_2HI


def _by_ln2(x: float, hx: int, neg: bool) -> tuple[int, float, float]:
    """fdlibm's reduction of ``|x| > ln(2)/2`` (``hx`` its high word without sign):
    ``x = k ln2 + (hi - lo)``, ``hi - lo`` within ``ln(2)/2``, as ``(k, hi, lo)``."""
    if hx < 0x3FF0A2B2:                        # |x| < 1.5 ln2
        return (-1, x + _LN2_HI, -_LN2_LO) if neg else (1, x - _LN2_HI, _LN2_LO)
    k = int(_INVLN2 * x + (-0.5 if neg else 0.5))
    t = float(k)
    return k, x - t * _LN2_HI, t * _LN2_LO


def exp(x: float) -> float:
    """``StrictMath.exp``: fdlibm's ``__ieee754_exp``."""
    hx, lx = _words(x)
    neg = hx < 0
    hx &= 0x7FFFFFFF
    if hx >= 0x40862E42:                       # |x| >= 709.78...
        if hx >= 0x7FF00000:
            if ((hx & 0xFFFFF) | lx) != 0:
                return x + x                   # NaN
            return 0.0 if neg else x           # exp(-inf) = 0, exp(inf) = inf
        if x > _O_THRESHOLD:
            return math.inf
        if x < _U_THRESHOLD:
            return 0.0
    k, hi, lo = 0, 0.0, 0.0
    if hx > 0x3FD62E42:                        # |x| > ln(2)/2: x = k ln2 + r
        k, hi, lo = _by_ln2(x, hx, neg)
        x = hi - lo
    elif hx < 0x3E300000:                      # |x| < 2**-28
        return 1.0 + x
    t = x * x
    p1, p2, p3, p4, p5 = _P
    c = x - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    if k >= -1021:
        return _with_high(y, _words(y)[0] + (k << 20))
    return _with_high(y, _words(y)[0] + ((k + 1000) << 20)) * _TWOM1000


_Q = (-3.33333333333331316428e-02, 1.58730158725481460165e-03, -7.93650757867487942473e-05,
      4.00821782732936239552e-06, -2.01099218183624371326e-07)


def expm1(x: float) -> float:
    """``StrictMath.expm1``: fdlibm's ``expm1``."""
    hx, lx = _words(x)
    neg = hx < 0
    hx &= 0x7FFFFFFF
    if hx >= 0x4043687A:                       # |x| >= 56 ln2
        if hx >= 0x40862E42:
            if hx >= 0x7FF00000:
                if ((hx & 0xFFFFF) | lx) != 0:
                    return x + x
                return -1.0 if neg else x
            if x > _O_THRESHOLD:
                return math.inf
        if neg:
            return -1.0
    c = 0.0
    if hx > 0x3FD62E42:                        # |x| > ln(2)/2
        k, hi, lo = _by_ln2(x, hx, neg)
        x = hi - lo
        c = (hi - x) - lo
    elif hx < 0x3C900000:                      # |x| < 2**-54
        return x
    else:
        k = 0
    hfx = 0.5 * x
    hxs = x * hfx
    q1, q2, q3, q4, q5 = _Q
    r1 = 1.0 + hxs * (q1 + hxs * (q2 + hxs * (q3 + hxs * (q4 + hxs * q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - x * t))
    if k == 0:
        return x - (x * e - hxs)
    e = x * (e - c) - c
    e -= hxs
    if k == -1:
        return 0.5 * (x - e) - 0.5
    if k == 1:
        return -2.0 * (e - (x + 0.5)) if x < -0.25 else 1.0 + 2.0 * (x - e)
    if k <= -2 or k > 56:
        y = 1.0 - (e - x)
        return _with_high(y, _words(y)[0] + (k << 20)) - 1.0
    if k < 20:
        t = _with_high(1.0, 0x3FF00000 - (0x200000 >> k))   # 1 - 2**-k
        y = t - (e - x)
    else:
        t = _with_high(1.0, (0x3FF - k) << 20)              # 2**-k
        y = x - (e + t)
        y += 1.0
    return _with_high(y, _words(y)[0] + (k << 20))


def cosh(x: float) -> float:
    """``StrictMath.cosh``: fdlibm's ``__ieee754_cosh``."""
    ix = _words(x)[0] & 0x7FFFFFFF
    if ix >= 0x7FF00000:
        return x * x
    if ix < 0x3FD62E43:                        # |x| < ln(2)/2
        t = expm1(abs(x))
        w = 1.0 + t
        return w if ix < 0x3C800000 else 1.0 + (t * t) / (w + w)
    if ix < 0x40360000:                        # |x| < 22
        t = exp(abs(x))
        return 0.5 * t + 0.5 / t
    if ix < 0x40862E42:
        return 0.5 * exp(abs(x))
    if x == x and abs(x) <= 7.10475860073943863426e+02:   # up to the overflow threshold
        w = exp(0.5 * abs(x))
        return (0.5 * w) * w
    return math.inf


def sinh(x: float) -> float:
    """``StrictMath.sinh``: fdlibm's ``__ieee754_sinh``."""
    jx = _words(x)[0]
    ix = jx & 0x7FFFFFFF
    if ix >= 0x7FF00000:
        return x + x
    h = -0.5 if jx < 0 else 0.5
    if ix < 0x40360000:                        # |x| < 22
        if ix < 0x3E300000:                    # |x| < 2**-28
            return x
        t = expm1(abs(x))
        if ix < 0x3FF00000:
            return h * (2.0 * t - t * t / (t + 1.0))
        return h * (t + t / (t + 1.0))
    if ix < 0x40862E42:
        return h * exp(abs(x))
    if abs(x) <= 7.10475860073943863426e+02:   # up to the overflow threshold
        w = exp(0.5 * abs(x))
        return (h * w) * w
    return math.copysign(math.inf, x)


def tanh(x: float) -> float:
    """``StrictMath.tanh``: fdlibm's ``tanh``."""
    jx = _words(x)[0]
    ix = jx & 0x7FFFFFFF
    if ix >= 0x7FF00000:
        return 1.0 / x + 1.0 if jx >= 0 else 1.0 / x - 1.0
    if ix < 0x40360000:                        # |x| < 22
        if ix < 0x3C800000:                    # |x| < 2**-55
            return x * (1.0 + x)
        if ix >= 0x3FF00000:                   # |x| >= 1
            z = 1.0 - 2.0 / (expm1(2.0 * abs(x)) + 2.0)
        else:
            t = expm1(-2.0 * abs(x))
            z = -t / (t + 2.0)
    else:
        z = 1.0
    return z if jx >= 0 else -z


_B1, _B2 = 715094163, 696219795
_C, _D, _E = 5.42857142857142815906e-01, -7.05306122448979611050e-01, 1.41428571428571436819e+00
_F, _G = 1.60714285714285720630e+00, 3.57142857142857150787e-01


def _with_words(high: int, low: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", ((high & 0xFFFFFFFF) << 32) |
                                           (low & 0xFFFFFFFF)))[0]


def cbrt(x: float) -> float:
    """``StrictMath.cbrt``: fdlibm's ``cbrt``."""
    hx, lx = _words(x)
    sign = hx & 0x80000000
    hx = (hx & 0xFFFFFFFF) ^ sign
    if hx >= 0x7FF00000:
        return x + x
    if (hx | lx) == 0:
        return x
    x = _with_words(hx, lx)                    # |x|
    if hx < 0x00100000:                        # subnormal
        t = _with_words(0x43500000, 0) * x
        t = _with_words(_words(t)[0] // 3 + _B2, _words(t)[1])
    else:
        t = _with_words(hx // 3 + _B1, 0)
    r = t * t / x
    s = _C + r * t
    t *= _G + _F / (s + _E + _D / s)
    t = _with_words(_words(t)[0] + 1, 0)       # chopped to 20 bits, made larger
    s = t * t
    r = x / s
    w = t + t
    r = (r - t) / (w + r)
    t = t + t * r
    return _with_words(_words(t)[0] | sign, _words(t)[1])
