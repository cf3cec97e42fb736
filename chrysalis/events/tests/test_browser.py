"""Browser journey at phone size (390×844): invitation → registration → waitlist → promotion →
check-in by QR link → feedback → a request raised at the event appears on the service dashboard."""

import datetime as dt

import pytest
from django.utils import timezone

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.events.models import Registration

SHOTS = "/tmp/events-journey-{}.png"


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _go(page, path):
    page.goto(page.base_url + path)
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_event_journey_on_a_phone(world, browser_page):
    from chrysalis.enterprises.tests.world import add_enterprises
    from chrysalis.events.services.events import event_create

    if "ent_a1" not in world.extra:
        add_enterprises(world)
    ent_a1, ent_a2 = world.extra["ent_a1"], world.extra["ent_a2"]
    now = timezone.now()
    ev = event_create(
        actor=world.users["zone_a_officer"],
        title="百场千企银企对接会",
        kind="matchmaking",
        organiser_unit=world.zone_a,
        venue="经开区企业服务中心",
        starts_at=now + dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=3),
        capacity=1,
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(minutes=20),
        visibility="invitation",
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})

    # 1. the zone A officer invites the zone's firms from the registry filter
    _login(page, "p_zone_a_officer")
    _go(page, f"/events/{ev.pk}/invite/?source=registry&query=zone%3D{world.zone_a.pk}")
    assert "2" in page.inner_text("#invite-preview .card-title")
    page.click("#invite-submit")
    page.wait_for_load_state()
    assert ev.invitations.count() == 2
    # and registers ent_a2 on its behalf (a phone call): it takes the only seat
    _go(page, f"/events/{ev.pk}/register/")
    page.select_option("select[name=enterprise]", str(ent_a2.pk))
    page.fill("textarea[name=attendees]", "李四 财务总监")
    page.click("#register-submit")
    page.wait_for_load_state()
    assert Registration.objects.get(event=ev, enterprise=ent_a2).status == "confirmed"

    # 2. the enterprise user sees the invitation and registers: the event is full, so waitlisted
    _login(page, "p_enterprise_user")
    _go(page, "/service/notifications/")
    assert "百场千企银企对接会" in page.inner_text(".page-body")
    _go(page, f"/events/{ev.pk}/")
    page.click("#register-btn")
    page.wait_for_load_state()
    page.fill("textarea[name=attendees]", "张三 总经理")
    page.fill("textarea[name=questions]", "希望了解专精特新贷的额度。")
    page.click("#register-submit")
    page.wait_for_load_state()
    assert page.inner_text("#registration-status") == "候补中"
    assert "候补第 1 位" in page.inner_text("#waitlist-position")
    page.screenshot(path=SHOTS.format("1-waitlisted"), full_page=True)

    # 3. ent_a2 cancels (through the officer): the waitlist moves up automatically
    _login(page, "p_zone_a_officer")
    reg_a2 = Registration.objects.get(event=ev, enterprise=ent_a2)
    _go(page, f"/events/registrations/{reg_a2.pk}/")
    page.click("button[data-event=cancel]")
    page.wait_for_load_state()
    reg_a1 = Registration.objects.get(event=ev, enterprise=ent_a1)
    assert reg_a1.status == "confirmed"

    # 4. the enterprise user opens the door QR link on their phone and checks in
    _login(page, "p_enterprise_user")
    _go(page, f"/events/checkin/{ev.checkin_code}/")
    page.screenshot(path=SHOTS.format("2-checkin"), full_page=True)
    page.click("#checkin-submit")
    page.wait_for_load_state()
    assert page.is_visible("#checkin-done")
    reg_a1.refresh_from_db()
    assert (reg_a1.status, reg_a1.checkin_method) == ("checked_in", "qr")

    # 5. feedback
    _go(page, f"/events/registrations/{reg_a1.pk}/")
    page.check("input[name=rating][value='5']")
    page.fill("#feedback-form textarea[name=comment]", "对接很有收获")
    page.click("#feedback-submit")
    page.wait_for_load_state()
    assert "5 / 5" in page.inner_text("#registration-rating")
    page.screenshot(path=SHOTS.format("3-feedback"), full_page=True)

    # 6. the officer records a request raised at the event; it reaches the service dashboard
    _login(page, "p_zone_a_officer")
    _go(page, f"/events/{ev.pk}/door/")
    assert "✓" in page.inner_text("#door-list")
    page.screenshot(path=SHOTS.format("4-door"), full_page=True)
    _go(page, f"/events/{ev.pk}/requests/add/?enterprise={ent_a1.pk}")
    page.select_option("select[name=category]", "finance")
    page.fill("input[name=title]", "专精特新贷额度对接")
    page.fill("textarea[name=description]", "在百场千企银企对接会现场提出。")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "专精特新贷额度对接" in page.inner_text("#event-requests")
    _go(page, "/dashboards/service/")
    page.screenshot(path=SHOTS.format("5-dashboard"), full_page=True)
    page.click("#kpis a.card-link >> nth=0")
    page.wait_for_load_state()
    assert "专精特新贷额度对接" in page.inner_text(".page-body")
