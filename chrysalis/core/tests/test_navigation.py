"""Every link a persona is shown — menus and home cards — opens (200), for every demo persona.

The demo organisation (all 15 demo logins) is built with `build_organisation`; the enterprise login
is linked to one firm as `populate_demo` does. Menus and cards ask `core.access.may_open`, the rule the
pages apply themselves, so a link that would answer 403/404 must not be shown at all.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from chrysalis.accounts.demo import build_organisation
from chrysalis.accounts.models import OrgUnit, User
from chrysalis.accounts.services import users as user_services
from chrysalis.core.access import may_open
from chrysalis.enterprises.tests.world import make_enterprise

SKIP = ("/static/", "/logout/", "/i18n/", "/jsi18n/", "/api/")
NAV = re.compile(r'<a class="dropdown-item[^"]*" href="([^"]+)"')
HOME = re.compile(r'href="(/[^"#]*)"')


@pytest.fixture
def demo_people(db):
    build_organisation()
    firm = make_enterprise("杭州演示精密机械有限公司", OrgUnit.objects.get(code="A1"), "MA2H0001")
    user_services.role_grant(
        actor=None, user=User.objects.get(username="enterprise"), role="enterprise_user", enterprise=firm
    )
    return list(User.objects.filter(is_active=True).order_by("username"))


def _links(html: str, pattern: re.Pattern) -> set[str]:
    return {h.replace("&amp;", "&") for h in pattern.findall(html) if not h.startswith(SKIP)}


def test_every_link_shown_to_every_demo_persona_opens(demo_people):
    assert len(demo_people) == 15
    failures = []
    for user in demo_people:
        client = Client()
        client.force_login(user)
        home = client.get("/")
        assert home.status_code == 200, user.username
        html = home.content.decode()
        links = _links(html, HOME)
        assert _links(html, NAV) <= links
        for link in sorted(links):
            status = client.get(link).status_code
            if status != 200:
                failures.append((user.username, link, status))
    assert failures == []


def test_pages_refused_are_not_in_the_menu(demo_people):
    handler = User.objects.get(username="handler_fin")
    client = Client()
    client.force_login(handler)
    html = client.get("/").content.decode()
    for name, path in (
        ("screening:run_list", "/screening/"),
        ("enterprises:import_list", "/enterprises/imports/"),
    ):
        assert not may_open(handler, name)
        assert f'href="{path}"' not in html
        assert client.get(path).status_code == 404


def test_each_role_gets_a_home_that_fits(demo_people):
    client = Client()
    client.force_login(User.objects.get(username="enterprise"))
    html = client.get("/").content.decode()
    assert "杭州演示精密机械有限公司" in html and 'data-count="grids"' not in html

    client.force_login(User.objects.get(username="handler_fin"))
    html = client.get("/").content.decode()
    assert 'data-count="grids"' not in html
    for query in ("status=dispatched", "due_state=due_soon", "due_state=overdue"):
        assert query in html

    client.force_login(User.objects.get(username="admin"))
    assert 'data-count="grids"' in client.get("/").content.decode()


def test_refusals_answer_the_chinese_pages_in_debug_too(demo_people, settings):
    settings.DEBUG = True
    client = Client()
    client.force_login(User.objects.get(username="handler_fin"))
    refused = client.get("/screening/")
    assert refused.status_code == 404 and "页面不存在" in refused.content.decode()
    forbidden = client.get("/service/coverage/")
    assert forbidden.status_code == 403 and "无权访问" in forbidden.content.decode()
