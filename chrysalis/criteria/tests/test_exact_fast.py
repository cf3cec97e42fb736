"""Issue 19: the integer fast paths of exact.py (rounding, formatting) give exactly what the
Decimal path gives — value, sign of zero, exponent and text — on ties, huge and tiny values."""

from __future__ import annotations

import random
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from chrysalis.criteria import exact
from chrysalis.criteria.exact import _to_decimal, fmt_apart, fmt_num, fmt_pct_apart, places_apart, to_decimal


def _values(seed: int, n: int) -> list[Fraction]:
    r = random.Random(seed)
    out = [Fraction(0), Fraction(-1, 10**9), Fraction(1, 2), Fraction(-5, 1000), Fraction(10**17, 3)]
    for _ in range(n):
        k = r.randint(0, 5)
        if k == 0:
            out.append(Fraction(r.randint(-(10**6), 10**6), r.randint(1, 10**6)))
        elif k == 1:
            out.append(Fraction(2 * r.randint(-(10**8), 10**8) + 1, 2 * 10 ** r.randint(0, 12)))  # ties
        elif k == 2:
            out.append(Fraction(r.randint(-(10**20), 10**20), 10 ** r.randint(0, 15)))
        elif k == 3:
            out.append(Fraction(r.randint(-(10**40), 10**40), r.randint(1, 10**3)))  # general path
        elif k == 4:
            out.append(Fraction(r.randint(-5, 5), r.choice([3, 7, 10**38 + 1])))
        else:
            out.append(Fraction(r.randint(-(10**30), 10**30), r.randint(1, 10**30)))
    return out


def _outcome(fn, *args):  # type: ignore[no-untyped-def]
    try:
        v = fn(*args)
    except Exception as e:  # the general path raises InvalidOperation beyond the context precision
        return type(e)
    return (type(v), str(v))


def test_to_decimal_fast_path_equals_the_decimal_path() -> None:
    for x in _values(1, 3000):
        for places in (0, 1, 2, 4, 6, 12):
            for rounding in (ROUND_HALF_UP, ROUND_CEILING, ROUND_FLOOR):
                assert _outcome(to_decimal, x, places, rounding) == _outcome(
                    _to_decimal, x, places, rounding
                ), (x, places, rounding)


def _reference_places_apart(x: Fraction, refs: list[Fraction], places: int) -> int:
    others = [r for r in refs if r != x] + ([Fraction(0)] if x != 0 else [])
    p = places
    while p < 12 and any(
        _to_decimal(x, p, ROUND_HALF_UP) == _to_decimal(r, p, ROUND_HALF_UP) for r in others
    ):
        p += 1
    return p


def test_formatting_on_integers_equals_the_decimal_path() -> None:
    r = random.Random(2)
    for x in _values(3, 1500):
        if abs(x) > 10**15:
            continue
        refs = [
            Fraction(r.randint(-(10**4), 10**4), r.choice([1, 100, 10**4, 3])) for _ in range(r.randint(0, 2))
        ]
        refs.append(x + Fraction(r.choice([1, -1]), 10 ** r.randint(3, 14)))
        places = r.choice([0, 2, 2, 4])
        assert fmt_num(x, places) == str(_to_decimal(x, places, ROUND_HALF_UP))
        p = _reference_places_apart(x, refs, places)
        assert places_apart(x, refs, places) == p
        assert fmt_apart(x, refs, places) == str(_to_decimal(x, p, ROUND_HALF_UP))
        p100 = _reference_places_apart(x * 100, [t * 100 for t in refs], places)
        assert fmt_pct_apart(x, refs, places) == f"{_to_decimal(x * 100, p100, ROUND_HALF_UP)}%"
    assert fmt_num(Fraction(-1, 1000)) == "-0"  # the sign of a rounded-away value stays, as before
    assert fmt_num(Fraction(1, 10**7), 8) == str(Decimal("1E-7"))  # exponent notation as Decimal


def test_fast_path_bounds_fall_back() -> None:
    assert exact._rounded(Fraction(10**40, 3), 2, ROUND_HALF_UP) is None
    assert exact._rounded(Fraction(10**18), 0, ROUND_HALF_UP) is None
    assert exact._rounded(Fraction(5, 2), 0, ROUND_HALF_UP) == 3
    assert exact._rounded(Fraction(-5, 2), 0, ROUND_HALF_UP) == -3
