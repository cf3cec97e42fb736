"""Exact numbers for the evaluator.

Inputs are :class:`~decimal.Decimal` (money in 万元, ratios as fractions). Derived figures
(ratios, growth rates, averages) are computed as :class:`~fractions.Fraction`, so every
comparison is exact — the same as cross-multiplying (``rd * 100 >= 3 * revenue``) — and a firm
with R&D 30 and revenue 1000 meets "≥ 3%". Two further value shapes exist:

* :class:`Surd` — ``sqrt(q) − 1`` (the 2026 compound growth rate), compared by squaring;
* :class:`Bounds` — an unknown value known to lie in ``[lo, hi]`` (e.g. a count where some
  items lack a flag); comparisons are three-valued.

Floats never take part in a comparison.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

OPS = ("<", "<=", ">", ">=", "==", "!=")

#: three-valued truth: True, False, or None (= unknown)
Truth = bool | None


def three_all(values: Iterable[Truth]) -> Truth:
    """Kleene AND: False if any is False, else unknown if any is unknown, else True. Stops at
    the first False (``values`` may be a lazy generator)."""
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def three_any(values: Iterable[Truth]) -> Truth:
    """Kleene OR: True if any is True, else unknown if any is unknown, else False."""
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def to_fraction(x: Decimal | int | Fraction) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


def to_decimal(
    x: Fraction | Decimal | int, places: int | None = None, rounding: str = ROUND_HALF_UP
) -> Decimal:
    """Fraction → Decimal. With ``places``, quantize to that many decimals (trailing zeros
    stripped); without, exact when the fraction terminates (else 28 significant digits)."""
    if places is not None and type(x) is Fraction:
        q = _rounded(x, places, rounding)
        if q is not None:
            return _from_scaled(q, places, x < 0)
    return _to_decimal(x, places, rounding)


def _to_decimal(x: Fraction | Decimal | int, places: int | None, rounding: str) -> Decimal:
    """The general path of :func:`to_decimal`: exact division to 40 significant digits, then
    quantize in the current context."""
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, int):
        d = Decimal(x)
    else:
        with localcontext() as c:
            c.prec = 40
            d = Decimal(x.numerator) / Decimal(x.denominator)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    return normalize(d)


#: the integer fast path stays where it provably equals the Decimal path: the scaled value
#: |x|·10^places has fewer than 18 integer digits (the quantize of the general path fits any
#: context precision ≥ 18), and |numerator|·10^places < 10^37, so the 40-digit quotient of the
#: general path never lands on a rounding boundary the exact value is not on (a boundary is at
#: least 1/(2·denominator) from the value, the 40-digit rounding error at most one unit in the
#: 40th digit of the scaled value).
_FAST_NUMERATOR = 10**37
_FAST_SCALED = 10**17
_POW10 = tuple(10**i for i in range(40))


def _rounded(x: Fraction, places: int, rounding: str) -> int | None:
    """``x·10^places`` rounded to an integer with ``rounding`` (half up = half away from zero,
    ceiling, floor), or None outside the fast path's range (see above)."""
    return _rounded_nd(x.numerator, x.denominator, places, rounding)


def _rounded_nd(n: int, d: int, places: int, rounding: str) -> int | None:
    """:func:`_rounded` of ``n / d`` (``d`` > 0, not necessarily in lowest terms: the bounds
    above hold for any integer representation of the value)."""
    if not 0 <= places < 40:
        return None
    scaled = n * _POW10[places]
    a = -scaled if scaled < 0 else scaled
    if a >= _FAST_NUMERATOR or a >= _FAST_SCALED * d:
        return None
    if rounding == ROUND_HALF_UP:
        q = (2 * a + d) // (2 * d)
        return -q if scaled < 0 else q
    if rounding == ROUND_FLOOR:
        return scaled // d
    if rounding == ROUND_CEILING:
        return -((-scaled) // d)
    return None


_ZERO = Decimal(0)
_NEG_ZERO = Decimal("-0")


def _from_scaled(q: int, places: int, negative: bool) -> Decimal:
    """The Decimal ``q·10^-places`` as :func:`normalize` leaves it (no trailing zeros, exponent
    0 for integers; a zero keeps the sign of the value it was rounded from, like quantize)."""
    if q == 0:
        return _NEG_ZERO if negative else _ZERO
    e = -places
    while e < 0 and q % 10 == 0:
        q //= 10
        e += 1
    return Decimal(q) if e == 0 else Decimal(q).scaleb(e)


def normalize(d: Decimal) -> Decimal:
    """Strip trailing zeros without switching to exponent notation (``1E+3`` → ``1000``)."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def ceil_to(x: Fraction, step: Fraction) -> Fraction:
    """Smallest multiple of ``step`` that is ≥ x."""
    return math.ceil(x / step) * step


def floor_to(x: Fraction, step: Fraction) -> Fraction:
    return math.floor(x / step) * step


def fmt_num(x: Fraction | Decimal | int, places: int = 2) -> str:
    """A number for Chinese text: up to ``places`` decimals, no trailing zeros."""
    if isinstance(x, Decimal):
        return str(to_decimal(x, places))
    fx = to_fraction(x)
    if type(fx) is Fraction:
        q = _rounded(fx, places, ROUND_HALF_UP)
        if q is not None:
            text = _scaled_str(q, places, fx < 0)
            if text is not None:
                return text
    return str(to_decimal(fx, places))


def _scaled_str(q: int, places: int, negative: bool) -> str | None:
    """``str(_from_scaled(q, places, negative))`` without building the Decimal; None where
    Decimal would switch to exponent notation (below 1E-6)."""
    if q == 0:
        return "-0" if negative else "0"
    e = -places
    while e < 0 and q % 10 == 0:
        q //= 10
        e += 1
    sign = "-" if q < 0 else ""
    digits = str(-q if q < 0 else q)
    if e == 0:
        return sign + digits
    n = len(digits)
    if n - 1 + e < -6:
        return None
    if n > -e:
        return f"{sign}{digits[:e]}.{digits[e:]}"
    return f"{sign}0.{'0' * (-e - n)}{digits}"


def _fmt_nd(n: int, d: int, places: int) -> str:
    """:func:`fmt_num` of ``n / d`` without building the Fraction (unless the integer path
    does not apply)."""
    q = _rounded_nd(n, d, places, ROUND_HALF_UP)
    if q is not None:
        text = _scaled_str(q, places, n < 0)
        if text is not None:
            return text
    return str(to_decimal(Fraction(n, d), places))


def _apart_nd(n: int, d: int, refs: list[tuple[int, int]], places: int) -> int:
    """:func:`places_apart` of ``n / d`` against ``refs`` (numerator, denominator pairs)."""
    others = [(rn, rd) for rn, rd in refs if rn * d != n * rd]
    if n != 0:
        others.append((0, 1))
    if not others:
        return places
    p = places
    while p < 12:
        qx = _rounded_nd(n, d, p, ROUND_HALF_UP)
        same = False
        for rn, rd in others:
            qr = _rounded_nd(rn, rd, p, ROUND_HALF_UP) if qx is not None else None
            if (qx == qr) if qr is not None else _same_at(Fraction(n, d), Fraction(rn, rd), p):
                same = True
                break
        if not same:
            break
        p += 1
    return p


def fmt_pct(x: Fraction | Decimal, places: int = 2) -> str:
    """A ratio as a percentage: Fraction(3, 100) → '3%'."""
    return f"{fmt_num(to_fraction(x) * 100, places)}%"


def places_apart(
    x: Fraction | Decimal | int, refs: Iterable[Fraction | Decimal | int] = (), places: int = 2
) -> int:
    """The decimals needed so that ``x`` printed does not read as any of ``refs`` it differs from,
    and a non-zero ``x`` does not print as 0 (79.9993 % against 80 % → 4 decimals: "79.9993%")."""
    fx = to_fraction(x)
    others = [r for r in map(to_fraction, refs) if r != fx]
    if fx != 0:
        others.append(Fraction(0))
    if not others:
        return places
    p = places
    while p < 12:
        qx = _rounded(fx, p, ROUND_HALF_UP)
        if qx is None:
            if not any(_same_at(fx, r, p) for r in others):
                break
        elif not any(
            (qx == qr) if (qr := _rounded(r, p, ROUND_HALF_UP)) is not None else _same_at(fx, r, p)
            for r in others
        ):
            break
        p += 1
    return p


def _same_at(a: Fraction, b: Fraction, p: int) -> bool:
    """``to_decimal(a, p) == to_decimal(b, p)`` (half up), on integers where that is exact."""
    qa, qb = _rounded(a, p, ROUND_HALF_UP), _rounded(b, p, ROUND_HALF_UP)
    if qa is None or qb is None:
        return to_decimal(a, p) == to_decimal(b, p)
    return qa == qb


def fmt_apart(
    x: Fraction | Decimal | int, refs: Iterable[Fraction | Decimal | int] = (), places: int = 2
) -> str:
    """:func:`fmt_num` with enough decimals to tell ``x`` from ``refs`` (see :func:`places_apart`)."""
    if type(x) is Fraction:
        rs = [r if type(r) is Fraction else to_fraction(r) for r in refs]
        n, d = x.numerator, x.denominator
        return _fmt_nd(n, d, _apart_nd(n, d, [(r.numerator, r.denominator) for r in rs], places))
    return fmt_num(x, places_apart(x, refs, places))


def fmt_pct_apart(x: Fraction | Decimal, refs: Iterable[Fraction | Decimal] = (), places: int = 2) -> str:
    """:func:`fmt_pct` with enough decimals to tell ``x`` from the ratios ``refs``."""
    if type(x) is Fraction:
        rs = [r if type(r) is Fraction else to_fraction(r) for r in refs]
        # on integers: x·100 = (100·numerator) / denominator, the same value as the Fraction
        n, d = x.numerator * 100, x.denominator
        p = _apart_nd(n, d, [(r.numerator * 100, r.denominator) for r in rs], places)
        return f"{_fmt_nd(n, d, p)}%"
    fx = to_fraction(x) * 100
    return f"{fmt_num(fx, places_apart(fx, [to_fraction(r) * 100 for r in refs], places))}%"


def fmt_gap(x: Fraction | Decimal | int, places: int = 2) -> str:
    """A positive shortfall, rounded up, never printed as 0 (a gap of 0.0007 → "0.0007")."""
    fx = to_fraction(x)
    p = places
    while p < 12 and fx > 0 and to_decimal(fx, p, ROUND_FLOOR) == 0:  # first significant decimal
        p += 1
    return str(to_decimal(fx, p, ROUND_CEILING))


def fmt_signed_pct_points(x: Fraction) -> str:
    return f"{fmt_num(x * 100, 2)} 个百分点"


def round_up(x: Fraction, places: int) -> Decimal:
    return to_decimal(x, places, ROUND_CEILING)


def round_down(x: Fraction, places: int) -> Decimal:
    return to_decimal(x, places, ROUND_FLOOR)


@dataclass(frozen=True, slots=True)
class Surd:
    """The value ``sqrt(q) − 1`` for a non-negative rational ``q``; compared exactly."""

    q: Fraction

    def approx(self, places: int = 6) -> Decimal:
        with localcontext() as c:
            c.prec = 30
            root = to_decimal(self.q).sqrt()
        return to_decimal(Fraction(root) - 1, places)

    def compare(self, op: str, t: Fraction) -> bool:
        s = 1 + t  # sqrt(q) − 1 OP t  ⇔  sqrt(q) OP s
        if s < 0:  # sqrt(q) ≥ 0 > s
            return op in (">", ">=", "!=")
        return _cmp(self.q, op, s * s)  # both sides non-negative: squaring keeps the order


@dataclass(frozen=True, slots=True)
class Bounds:
    """An unknown number known to lie in ``[lo, hi]``; ``hi=None`` means unbounded above."""

    lo: Fraction
    hi: Fraction | None

    def compare(self, op: str, t: Fraction) -> Truth:
        if op in ("==", "!="):
            inside = self.lo <= t and (self.hi is None or t <= self.hi)
            if not inside:
                return op == "!="
            if self.hi is not None and self.lo == self.hi:
                return op == "=="
            return None
        at_lo = _cmp(self.lo, op, t)
        at_hi = _cmp(self.hi, op, t) if self.hi is not None else op in (">", ">=")
        return at_lo if at_lo == at_hi else None


def _cmp(a: Fraction, op: str, b: Fraction) -> bool:
    if type(a) is Fraction and type(b) is Fraction:  # cross-multiplied, as Fraction does
        x, y = a.numerator * b.denominator, b.numerator * a.denominator
        if op == ">=":
            return x >= y
        if op == "<=":
            return x <= y
        if op == ">":
            return x > y
        if op == "<":
            return x < y
        if op == "==":
            return x == y
        if op == "!=":
            return x != y
        raise ValueError(f"unknown operator {op!r}")
    if op == ">=":
        return a >= b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == "<":
        return a < b
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    raise ValueError(f"unknown operator {op!r}")


Number = Fraction | Surd | Bounds


def compare(value: Number | None, op: str, t: Fraction) -> Truth:
    """Three-valued exact comparison ``value OP t``; ``None`` (unknown) stays unknown."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return _cmp(value, op, t)
    return value.compare(op, t)


def flip(op: str) -> str:
    """The operator with its operands swapped: ``3 < x`` ⇔ ``x > 3``."""
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}[op]
