"""Property: rendering a structured notice as text and parsing it back gives the same fields, whatever
the punctuation width, the colon, the numerals and where the lines break."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from chrysalis.notices.parser import Kind, parse
from chrysalis.notices.parser.formats import make_uscc
from chrysalis.notices.parser.render import Style, cn_numeral, render
from chrysalis.notices.parser.samples import (
    AUTHS,
    BANKS,
    CITIES,
    CORES,
    GIVEN,
    ITEMS,
    NAME_CHARS,
    REGIONS,
    SUFFIXES,
    SURNAMES,
    TRADES,
)

company = st.builds(
    lambda c, k, t, s: f"{c}{k}{t}{s}",
    st.sampled_from(CITIES),
    st.one_of(st.sampled_from(CORES), st.text(NAME_CHARS, min_size=2, max_size=2)),
    st.sampled_from(TRADES),
    st.sampled_from(SUFFIXES),
)
person = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES), st.text(GIVEN, min_size=1, max_size=2))
body8 = st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)
uscc = st.builds(lambda r, b: make_uscc(r, b), st.sampled_from(REGIONS), body8)
licence = st.builds(
    lambda c, n: c + n, st.sampled_from("JZLK"), st.text("0123456789", min_size=13, max_size=13)
)
days = st.sampled_from((20, 30, 45, 60, 90))
style = st.builds(
    Style,
    fullwidth=st.booleans(),
    colon=st.sampled_from(("：", ":", "")),
    breaks=st.lists(st.integers(1, 120), max_size=3).map(tuple),
    chinese_days=st.booleans(),
    title=st.booleans(),
)


@st.composite
def lost(draw):
    item = draw(st.sampled_from(ITEMS))
    v = {"declarant": draw(st.one_of(company, person)), "item": item, "declaration": "声明作废"}
    if item == "银行开户许可证":
        v |= {
            "number_label": draw(st.sampled_from(("核准号", "编号", "证号", "号码"))),
            "number": draw(licence),
        }
        if draw(st.booleans()):
            v = {
                "declarant": v["declarant"],
                "authority": draw(st.sampled_from(BANKS)),
                "item": "开户许可证",
            } | {k: v[k] for k in ("number_label", "number", "declaration")}
    elif item == "营业执照正副本":
        v |= {"number_label": "统一社会信用代码", "number": draw(uscc)}
        v["uscc"] = v["number"]
    elif draw(st.booleans()):
        v |= {
            "number_label": draw(st.sampled_from(("编号", "证号"))),
            "number": draw(st.text("0123456789", min_size=8, max_size=13)),
        }
    return Kind.LOST, v


@st.composite
def deregistration(draw):
    return Kind.DEREGISTRATION, {
        "company": draw(company),
        "uscc": draw(uscc),
        "reason": draw(st.sampled_from(("经股东会决议", "经股东决定", "经全体合伙人决定"))),
        "creditor_days": str(draw(st.sampled_from((45, 60)))),
    }


@st.composite
def simple_deregistration(draw):
    start = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 330)))
    end = start + dt.timedelta(days=draw(st.integers(19, 30)))
    return Kind.SIMPLE_DEREGISTRATION, {
        "company": draw(company),
        "uscc": draw(uscc),
        "authority": draw(st.sampled_from(AUTHS)),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "creditor_days": str((end - start).days + 1),
    }


@st.composite
def capital_reduction(draw):
    before = draw(st.integers(100, 100000))
    after = draw(st.integers(1, before - 1))
    return Kind.CAPITAL_REDUCTION, {
        "company": draw(company),
        "uscc": draw(uscc),
        "capital_before": str(before),
        "capital_after": str(after),
        "creditor_days": str(draw(days.filter(lambda d: d >= 45))),
    }


@st.composite
def merger(draw):
    a, b = draw(st.lists(company, min_size=2, max_size=2, unique=True))
    return Kind.MERGER, {
        "parties": f"{a}、{b}",
        "survivor": a,
        "creditor_days": str(draw(days.filter(lambda d: d >= 45))),
    }


@st.composite
def split(draw):
    co, a, b = draw(st.lists(company, min_size=3, max_size=3, unique=True))
    return Kind.SPLIT, {
        "company": co,
        "uscc": draw(uscc),
        "parties": f"{a}、{b}",
        "creditor_days": str(draw(days)),
    }


@st.composite
def void(draw):
    v = {"declarant": draw(company), "item": draw(st.sampled_from(("公章", "财务专用章", "营业执照副本")))}
    if draw(st.booleans()):
        v |= {"number_label": "编号", "number": draw(st.text("0123456789", min_size=8, max_size=13))}
    return Kind.VOID, v | {"declaration": "声明作废"}


notices = st.one_of(
    lost(), void(), deregistration(), simple_deregistration(), capital_reduction(), merger(), split()
)


@settings(max_examples=250, deadline=None)
@given(notices, style)
def test_render_then_parse_gives_the_same_fields(notice, style):
    kind, values = notice
    text = render(kind, values, style)
    result = parse(text)
    assert len(result.notices) == 1, (text, [(n.kind, n.text) for n in result.notices])
    [parsed] = result.notices
    assert parsed.kind == kind, text
    assert parsed.values() == values, text
    assert not parsed.has_errors, (text, [str(m) for m in parsed.messages])
    for f in parsed.fields.values():
        assert not f.uncertain, (text, f)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(notices, style), min_size=2, max_size=6))
def test_a_page_of_rendered_notices_splits_back(items):
    text = "分类信息\n联系电话：(0571)85310538\n" + "\n".join(render(k, v, s) for (k, v), s in items)
    result = parse(text)
    assert [(n.kind, n.values()) for n in result.notices] == [(k, v) for (k, v), _ in items], text


def test_cn_numeral():
    assert [cn_numeral(n) for n in (10, 20, 30, 45, 60, 90, 7)] == [
        "十",
        "二十",
        "三十",
        "四十五",
        "六十",
        "九十",
        "七",
    ]
