"""The parser against realistic pastes, the seed's text and bad input (framework-free)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chrysalis.notices.parser import parse

from .variants import BAD, SEED_FIELDS, VARIANTS

FIXTURES = Path(__file__).parent / "fixtures"


def test_seed_fixture_parses_exactly():
    source = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
    result = parse(source)
    assert result.ok, [str(m) for m in result.all_messages]
    [notice] = result.notices
    assert notice.kind == "lost"
    assert notice.values() == {k: v for k, v in SEED_FIELDS.items() if k != "kind"}
    assert notice.heading == "遗失声明"
    assert not notice.uncertain
    # every field is located in the pasted text
    for f in notice.fields.values():
        assert source[f.start : f.end] == f.value
    assert [p.value for p in result.phones] == ["0571-85310538"]


@pytest.mark.parametrize("name,text,expected", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_variant(name, text, expected):
    result = parse(text)
    got = result.notices
    assert len(got) == len(expected), [(n.kind, n.text) for n in got]
    for notice, want in zip(got, expected, strict=True):
        for key, value in want.items():
            if key == "kind":
                assert notice.kind == value
            elif key.startswith("?"):
                assert notice.fields[key[1:]].uncertain, key
                assert notice.fields[key[1:]].note
            elif key.startswith("-"):
                assert key[1:] not in notice.fields
            else:
                assert notice.value(key) == value, (key, notice.values())
        for f in notice.fields.values():
            if f.start is not None:
                assert 0 <= f.start <= f.end <= len(text)
                assert f.end > f.start
        if not any(k.startswith("?") for k in want):
            assert not notice.has_errors, [str(m) for m in notice.messages]


def test_more_than_thirty_variants():
    assert len(VARIANTS) >= 30


@pytest.mark.parametrize("name,text,codes,count", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_reported_with_position(name, text, codes, count):
    result = parse(text)
    assert len(result.notices) == count
    messages = result.all_messages
    assert codes <= {m.code for m in messages}, [str(m) for m in messages]
    assert not result.ok or {m.level for m in messages} == {"warning"}
    for m in messages:
        assert m.line >= 1 and m.column >= 1
        assert m.text and not any(w in m.text for w in ("None", "uscc", "declarant"))


def test_highlight_spans_point_at_the_values():
    text = "杭州明远科技有限公司遗失公章一枚，编号：3301050089123，声明作废。"
    n = parse(text).notices[0]
    assert text[n.fields["number"].start : n.fields["number"].end] == "3301050089123"
    assert text[n.fields["item"].start : n.fields["item"].end] == "公章"
    assert text[n.fields["declarant"].start : n.fields["declarant"].end] == "杭州明远科技有限公司"


def test_bad_uscc_message_names_the_expected_character():
    text = "杭州明远科技有限公司遗失营业执照副本，统一社会信用代码：91330106MA2B3C4D12，声明作废。"
    [m] = [m for m in parse(text).all_messages if m.code == "bad_uscc"]
    assert "第 18 位" in m.text and "应为 1" in m.text
    assert text[m.start : m.end] == "91330106MA2B3C4D12"
    assert (m.line, m.column) == (1, text.index("9133") + 1)


def test_parser_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys; import chrysalis.notices.parser as p; p.parse('某某遗失公章，声明作废。');"
        "import chrysalis.notices.parser.cli, chrysalis.notices.parser.render;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('django','rest_framework')];"
        "print(bad); sys.exit(bool(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[4]
    )
    assert out.returncode == 0, out.stdout + out.stderr
