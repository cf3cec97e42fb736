"""Notice pages: paste → parse → correct → save, detail, public search / verify / feed / API, rate
limiting, escaping (XSS), the firm page's panel and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from chrysalis.notices.choices import Event, Status
from chrysalis.notices.models import Notice
from chrysalis.notices.services import notices as svc
from chrysalis.notices.tests.world import SEED

pytestmark = pytest.mark.django_db

PAGE = (
    "分类 信息\n联系电话:(0571)85310538\n### 遗失声明\n"
    + SEED
    + "\n杭州明远科技有限公司遗失公章一枚，编号：3301050089123，声明作废。\n"
    + "中国共产主义青年团浙江省建设厅委员会遗失银行开户许可证，核准号:Z33l0000378299，声明作废。\n"
)


def _paste_data(world, **extra):
    return {
        "action": "parse",
        "text": PAGE,
        "org_unit": world.zone_a.pk,
        "source_kind": "newspaper",
        "source_name": "钱江晚报",
        "published_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "source_page": "A12",
        **extra,
    }


def test_paste_parse_highlights_and_flags(client, world):
    client.force_login(world["zone_a_officer"])
    r = client.post(reverse("notices:notice_paste"), _paste_data(world))
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count('class="card mb-3 notice-entry"') == 3
    assert (
        '<mark class="nf-mark" data-field="declarant" title="声明人">'
        "中国共产主义青年团浙江省建设厅委员会</mark>" in html
    )
    assert 'data-field="number"' in html and "nf-uncertain" in html  # the OCR-repaired number is flagged
    assert "疑似识别错误" in html
    assert "0571-85310538" in html
    assert not Notice.objects.filter(created_by=world["zone_a_officer"]).exists()


def test_paste_save_with_correction_all_or_nothing(client, world):
    client.force_login(world["zone_a_officer"])
    data = _paste_data(world, action="save", count="3")
    for i, (name, number) in enumerate(
        [
            ("中国共产主义青年团浙江省建设厅委员会", "Z3310000378202"),
            ("杭州明远科技有限公司", "3301050089123"),
            ("", "Z3310000378299"),
        ]
    ):
        data |= {
            f"n{i}-include": "on",
            f"n{i}-kind": "lost",
            f"n{i}-subject_name": name,
            f"n{i}-item": "银行开户许可证" if i != 1 else "公章",
            f"n{i}-number_label": "核准号" if i != 1 else "编号",
            f"n{i}-document_number": number,
            f"n{i}-declaration": "声明作废",
            f"n{i}-text": "某某遗失……声明作废。",
        }
    r = client.post(reverse("notices:notice_paste"), data)
    assert r.status_code == 200
    assert "声明人为空" in r.content.decode()
    assert not Notice.objects.filter(source_name="钱江晚报", created_by=world["zone_a_officer"]).exists()
    data["n2-subject_name"] = "中国共产主义青年团浙江省建设厅委员会"
    r = client.post(reverse("notices:notice_paste"), data)
    assert r.status_code == 302
    saved = Notice.objects.filter(created_by=world["zone_a_officer"])
    assert saved.count() == 3 and set(saved.values_list("status", flat=True)) == {Status.DRAFT}
    assert saved.get(document_number="Z3310000378299").parsed["fields"]["number"]["uncertain"]


def test_paste_bad_text_says_where(client, world):
    client.force_login(world["zone_a_officer"])
    r = client.post(reverse("notices:notice_paste"), _paste_data(world, text="今天天气很好\n乱码###"))
    html = r.content.decode()
    assert "第 1 行第 1 列" in html
    assert "无法识别为公告" in html


def test_detail_shows_highlight_history_and_actions(client, world):
    client.force_login(world["district_admin"])
    n = world.extra["notice_a_draft"]
    html = client.get(n.get_absolute_url()).content.decode()
    assert 'data-field="number"' in html and 'data-event="review"' in html
    assert "nf-mark" in html


def test_verify_page_and_api(client, world):
    r = client.get(reverse("notices:public_verify"), {"number": " z331 0000 3782 02 "})
    html = r.content.decode()
    assert "Z3310000378202" in html and "已声明作废" in html
    api = client.get(reverse("notices_api:public_verify"), {"number": "Ｚ3310000378202"})
    data = api.json()
    assert (
        data["declared_void"] is True
        and data["notices"][0]["subject_name"] == "中国共产主义青年团浙江省建设厅委员会"
    )
    none = client.get(reverse("notices:public_verify"), {"number": "J1234567890123"}).content.decode()
    assert "J1234567890123：未找到作废声明" in none


def test_public_search_hides_drafts_and_withdrawn(client, world):
    draft = world.extra["notice_a_draft"]
    r = client.get(reverse("notices:public_search"), {"number": draft.document_number})
    assert draft.subject_name not in r.content.decode()
    api = client.get(reverse("notices_api:public_notice_list"), {"number": draft.document_number}).json()
    assert api["count"] == 0
    listed = client.get(reverse("notices_api:public_notice_list"), {"q": "共产主义"}).json()
    assert listed["count"] == 1 and listed["results"][0]["document_number"] == "Z3310000378202"
    n = svc.notice_transition(actor=None, notice=world.extra["notice_a"], event=Event.WITHDRAW, reason="错登")
    assert client.get(n.get_public_url()).status_code == 404
    assert (
        client.get(reverse("notices_api:public_verify"), {"number": "Z3310000378202"}).json()["declared_void"]
        is False
    )


def test_feed_is_atom_with_published_notices(client, world):
    r = client.get(reverse("notices:public_feed"))
    body = r.content.decode()
    assert r["Content-Type"].startswith("application/atom+xml")
    assert "中国共产主义青年团浙江省建设厅委员会" in body
    assert world.extra["notice_a_draft"].subject_name not in body


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_everything_is_escaped(client, world):
    values = svc.values_from_parsed(
        __import__("chrysalis.notices.parser", fromlist=["parse"]).parse(SEED).notices[0]
    )
    values |= {
        "subject_name": XSS + "有限公司",
        "item": XSS,
        "text": XSS,
        "document_number": "Z1234567890123",
    }
    n = svc.notice_create(actor=None, org_unit=world.zone_a, values=values, published_on=dt.date.today())
    n = svc.notice_transition(actor=None, notice=n, event=Event.REVIEW)
    n = svc.notice_transition(actor=None, notice=n, event=Event.PUBLISH)
    pages = [
        client.get(reverse("notices:public_search"), {"q": XSS}),
        client.get(reverse("notices:public_search"), {"q": "有限公司"}),
        client.get(reverse("notices:public_verify"), {"number": XSS}),
        client.get(reverse("notices:public_verify"), {"number": "Z1234567890123"}),
        client.get(n.get_public_url()),
        client.get(reverse("notices:public_feed")),
    ]
    client.force_login(world["district_admin"])
    pages += [
        client.get(n.get_absolute_url()),
        client.get(reverse("notices:notice_list"), {"q": XSS}),
        client.get(reverse("notices:notice_list")),
        client.post(reverse("notices:notice_paste"), _paste_data(world, text=XSS + "遗失公章，声明作废。")),
    ]
    for r in pages:
        body = r.content.decode()
        assert r.status_code == 200, r
        assert "<script>alert" not in body and "<img src=x" not in body, r.request["PATH_INFO"]
    api = client.get(reverse("notices_api:public_notice_list"), {"q": "有限公司"})
    assert api["Content-Type"] == "application/json"
    # data, not markup: the JSON carries the text as it was entered
    assert XSS + "有限公司" in [row["subject_name"] for row in api.json()["results"]]


def test_rate_limit_per_client_with_clear_message(client, world, settings):
    settings.NOTICES_PUBLIC_RATE = (3, 60)
    url = reverse("notices:public_search")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    r = client.get(url)
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1
    assert "请等待" in r.content.decode() and "秒后再试" in r.content.decode()
    api = client.get(reverse("notices_api:public_verify"), {"number": "Z3310000378202"})
    assert api.status_code == 429 and "秒" in api.json()["errors"][0]["message"]
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another client has its own count


def test_firm_page_shows_notice_and_registry_review(client, world):
    firm = world.extra["notice_b"].enterprise
    assert firm is not None
    client.force_login(world["district_admin"])
    html = client.get(reverse("enterprises:enterprise_detail", args=[firm.pk])).content.decode()
    assert 'id="firm-registry-review"' in html and 'id="firm-notices"' in html
    r = client.post(reverse("notices:registry_review_done", args=[world.extra["notice_b"].pk]))
    assert r.status_code == 302
    html = client.get(reverse("enterprises:enterprise_detail", args=[firm.pk])).content.decode()
    assert 'id="firm-registry-review"' not in html


def test_dashboard_and_export(client, world):
    client.force_login(world["district_admin"])
    html = client.get(reverse("notices:notice_dashboard")).content.decode()
    assert 'id="month-table"' in html and 'id="expiring-table"' in html
    r = client.get(reverse("notices:notice_list"), {"export": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_query_counts(client, world, django_assert_max_num_queries):
    for _ in range(30):
        svc.notice_create(
            actor=None,
            org_unit=world.zone_a,
            values=svc.values_from_parsed(
                __import__("chrysalis.notices.parser", fromlist=["parse"]).parse(SEED).notices[0]
            ),
        )
    client.force_login(world["district_admin"])
    with django_assert_max_num_queries(20):
        client.get(reverse("notices:notice_list"))
    with django_assert_max_num_queries(20):
        client.get(world.extra["notice_a"].get_absolute_url())
    with django_assert_max_num_queries(20):
        client.get(reverse("notices:notice_dashboard"))
    client.logout()
    with django_assert_max_num_queries(8):
        client.get(reverse("notices:public_search"))


def test_app_catalogue_is_complete_and_compiled():
    from pathlib import Path

    import polib

    po_path = Path(__file__).parents[1] / "locale/zh_Hans/LC_MESSAGES/django.po"
    po = polib.pofile(str(po_path))
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    compiled = {
        e.msgid: e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    assert all(compiled.get(e.msgid) == (e.msgstr or e.msgstr_plural.get(0)) for e in po.translated_entries())


def test_broad_search_count_is_capped(client, world, monkeypatch):
    from chrysalis.notices import selectors
    from chrysalis.notices.parser import parse

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for _ in range(3):
        n = svc.notice_create(
            actor=None, org_unit=world.zone_a, values=svc.values_from_parsed(parse(SEED).notices[0])
        )
        n = svc.notice_transition(actor=None, notice=n, event=Event.REVIEW)
        svc.notice_transition(actor=None, notice=n, event=Event.PUBLISH, published_on=dt.date.today())
    html = client.get(reverse("notices:public_search"), {"q": "共产主义"}).content.decode()
    assert "找到 1000 条以上公告" in html
    api = client.get(reverse("notices_api:public_notice_list"), {"q": "共产主义"}).json()
    assert api["count"] == 3 and len(api["results"]) == 4  # the count stops at cap + 1; the page is whole


def test_personal_numbers_are_masked_in_public(client, world):
    from chrysalis.notices.parser import parse

    text = "王小明遗失居民身份证，号码：110101199003074573，联系电话13905710000，声明作废。"
    n = svc.notice_create(
        actor=None, org_unit=world.zone_a, values=svc.values_from_parsed(parse(text).notices[0])
    )
    n = svc.notice_transition(actor=None, notice=n, event=Event.REVIEW)
    n = svc.notice_transition(actor=None, notice=n, event=Event.PUBLISH, published_on=dt.date.today())
    pages = [
        client.get(n.get_public_url()).content.decode(),
        client.get(reverse("notices:public_search"), {"q": "王小明"}).content.decode(),
        client.get(reverse("notices:public_feed")).content.decode(),
        client.get(reverse("notices_api:public_notice_list"), {"q": "王小明"}).content.decode(),
    ]
    for body in pages:
        assert "110101199003074573" not in body and "13905710000" not in body
    assert "110101********4573" in pages[0] and "139****0000" in pages[0]
    found = client.get(reverse("notices_api:public_verify"), {"number": "110101199003074573"}).json()
    assert found["declared_void"] is True  # verification compares the full number


def test_short_name_query_matches_exact_or_prefix(client, world):
    from chrysalis.notices.parser import parse

    for text in (
        "王丽遗失工作证，编号：HZ2026017，声明作废。",
        "王丽华遗失工作证，编号：HZ2026018，声明作废。",
    ):
        n = svc.notice_create(
            actor=None, org_unit=world.zone_a, values=svc.values_from_parsed(parse(text).notices[0])
        )
        n = svc.notice_transition(actor=None, notice=n, event=Event.REVIEW)
        svc.notice_transition(actor=None, notice=n, event=Event.PUBLISH, published_on=dt.date.today())
    names = [
        r["subject_name"]
        for r in client.get(reverse("notices_api:public_notice_list"), {"q": "王丽"}).json()["results"]
    ]
    assert sorted(names) == ["王丽", "王丽华"]
    names = [
        r["subject_name"]
        for r in client.get(reverse("notices_api:public_notice_list"), {"q": "丽华"}).json()["results"]
    ]
    assert names == []  # two characters inside a name: not a prefix, no trigram (documented)
