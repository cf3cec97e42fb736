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
