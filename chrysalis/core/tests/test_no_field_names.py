"""No database field name or fact key in the text a user reads (issue 10 item 4).

Renders the pages of the main journeys — the enterprise page, the assessment with its gap
analysis, the pool and a coaching plan, a screening run and its job, the public self-check and
the audit log — and fails when their visible text (not markup, attributes or scripts) contains a
known identifier: a key of the facts format (facts-format.md), a feature of the criteria engine,
a value of its vocabularies, or the name of a model field that contains an underscore.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps

from chrysalis.criteria.facts import YEAR_FIELDS
from chrysalis.criteria.features import FEATURES
from chrysalis.criteria.present import FIELD_ZH, RD_LEVEL_ZH, SOURCE_ZH, TITLE_KIND_ZH

pytestmark = pytest.mark.django_db

# English words that are vocabulary values, found on pages before (the list)
VALUES = {"closest", "undetermined", "not_eligible", "needs_review", "not_met", "request", "command"}


def identifiers() -> set[str]:
    names = set(FIELD_ZH) | set(YEAR_FIELDS) | set(TITLE_KIND_ZH) | set(SOURCE_ZH) | VALUES
    names |= {k for k in RD_LEVEL_ZH if k != "none"}
    names |= {f.name for f in FEATURES if "_" in f.name}
    for model in apps.get_models():
        if model.__module__.startswith("chrysalis."):
            names |= {f.name for f in model._meta.get_fields() if "_" in f.name}
    return names


class _Visible(HTMLParser):
    """The text a reader sees: character data outside script/style, plus placeholders and titles."""

    SKIP = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        for name, value in attrs:
            if name in {"placeholder", "title", "aria-label"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def leaks(html: str, names: set[str]) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.parts)
    tokens = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", text))
    return sorted(t for t in tokens if t in names)


@pytest.fixture
def journey(world):
    """The world plus a finished screening run (run in-process) and a gap worth showing."""
    from chrysalis.jobs.runner import run
    from chrysalis.screening.services.runs import start_run

    admin = world["district_admin"]
    screening = start_run(actor=admin, org_unit=world.district, year=2026)
    run(screening.job_id)
    screening.refresh_from_db()
    world.extra["screening"] = screening
    return world


def test_main_journeys_show_no_field_identifier(client, journey):
    from chrysalis.audit.models import ChangeRecord

    names = identifiers()
    assert {"credit.abnormal_list", "rd_institution_level", "quality_score", "tech_sme"} <= names
    w = journey
    firm, entry, plan, screening = (
        w.extra["ent_a1"],
        w.extra["pool_ent_a1"],
        w.extra["plan_a1"],
        w.extra["screening"],
    )
    pages = {
        "district_admin": [
            f"/enterprises/{firm.pk}/",
            f"/cultivation/enterprises/{firm.pk}/assessment/?rule_set=zjtx-2026&year=2026",
            f"/cultivation/enterprises/{firm.pk}/assessment/?rule_set=zjtx-2022&compare=little-giant-2026&year=2026",
            "/cultivation/pool/",
            f"/cultivation/pool/{entry.pk}/",
            f"/cultivation/coaching/{plan.pk}/",
            "/screening/",
            f"/screening/{screening.pk}/",
            f"/jobs/{screening.job_id}/",
        ],
        "auditor": [
            "/audit/",
            *(f"/audit/{pk}/" for pk in ChangeRecord.objects.values_list("pk", flat=True)[:5]),
        ],
        "anonymous": ["/cultivation/self-check/"],
    }
    found = {}
    for persona, urls in pages.items():
        client.logout()
        if persona != "anonymous":
            client.force_login(w[persona])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            bad = leaks(response.content.decode(), names)
            if bad:
                found[url] = bad
    assert not found, found
