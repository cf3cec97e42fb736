"""The enterprise page (企业一户一档): service, cultivation and titles panels; the module buttons."""

import datetime as dt

from django.utils import timezone

from chrysalis.support.models import Assignment, Visit


def _lead(firm, officer):
    Assignment.objects.filter(enterprise=firm, role="lead").exclude(officer=officer).delete()
    Assignment.objects.update_or_create(
        enterprise=firm,
        officer=officer,
        defaults={"role": "lead", "started_at": timezone.now(), "ended_at": None},
    )


def test_firm_page_shows_who_serves_it_visits_and_buttons(client, world):
    firm = world.extra["ent_a1"]
    officer = world["zone_a_officer"]
    _lead(firm, officer)
    Visit.objects.create(enterprise=firm, officer=officer, date=dt.date(2026, 3, 2), topics="融资需求")
    client.force_login(officer)
    html = client.get(f"/enterprises/{firm.pk}/").content.decode()
    for marker in ('id="panel-service"', 'id="panel-cultivation"', 'id="panel-titles"', "2026-03-02"):
        assert marker in html
    assert 'id="log-visit"' in html and 'id="log-request"' in html and 'id="open-assessment"' in html
    assert f"<strong>{officer}</strong>" in html.split('id="service-team"')[1][:400]


def test_enterprise_user_sees_its_officer_but_no_visit_button(client, world):
    firm = world.extra["ent_a1"]
    _lead(firm, world["zone_a_officer"])
    client.force_login(world["enterprise_user"])
    html = client.get(f"/enterprises/{firm.pk}/").content.decode()
    assert str(world["zone_a_officer"]) in html
    assert 'id="log-visit"' not in html


def test_firm_page_query_count_does_not_grow_with_the_firms_records(client, world):
    """Panels read a bounded number of rows: more visits, requests and titles add no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chrysalis.enterprises.models import Title
    from chrysalis.enterprises.services import records as rec_services
    from chrysalis.support.services.requests import request_create

    firm = world.extra["ent_a1"]
    officer = world["zone_a_officer"]
    _lead(firm, officer)
    client.force_login(officer)
    page = f"/enterprises/{firm.pk}/"
    client.get(page)  # warm-up (session stamp, caches)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    for i in range(6):
        day = dt.date(2026, 3, 1 + i)
        Visit.objects.create(enterprise=firm, officer=officer, date=day, topics=f"走访{i}")
        request_create(
            actor=officer,
            enterprise=firm,
            category="finance",
            title=f"诉求{i}",
            description="说明",
            channel="visit",
        )
    for kind in ("tech_sme", "innovative_sme", "high_tech_enterprise"):
        rec_services.record_create(
            actor=None, model=Title, enterprise=firm, kind=kind, granted_on=dt.date(2024, 1, 1)
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_header_search_opens_the_one_firm_found_within_scope(client, world):
    mine, other = world.extra["ent_a1"], world.extra["ent_b1"]
    client.force_login(world["zone_a_officer"])
    page = client.get("/").content.decode()
    assert 'id="header-search"' in page and 'class="d-md-none w-100 py-2"' in page  # desktop and phone
    response = client.get("/enterprises/", {"q": mine.uscc})
    assert response.status_code == 302 and response["Location"] == f"/enterprises/{mine.pk}/"
    response = client.get("/enterprises/", {"q": other.uscc})  # another zone's firm: not found
    assert response.status_code == 200 and other.name not in response.content.decode()
