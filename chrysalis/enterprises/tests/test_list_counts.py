"""The registry list's total: the count summary (PostgreSQL triggers) always equals the live count,
and the page shows the same number as a COUNT(*) of its own queryset, for every persona and filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test import RequestFactory
from django.utils import timezone

from chrysalis.enterprises.filtersets import EnterpriseFilterSet
from chrysalis.enterprises.listcount import list_count
from chrysalis.enterprises.models import Enterprise, EnterpriseCount, Title, TitleHolderCount
from chrysalis.enterprises.models.counts import DIMENSIONS, FOREVER
from chrysalis.enterprises.services import enterprises as ent_services
from chrysalis.enterprises.tests.world import make_enterprise
from chrysalis.enterprises.uscc import make_uscc

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the summary is kept by PostgreSQL triggers"
)

QUERIES = [
    "",
    "ordering=-revenue",
    "above_scale=true&ordering=-employees",
    "above_scale=false",
    "industry=C34&size_class=small",
    "industry=C34",
    "high_growth=true&key_firm=false",
    "key_project=true",
    "size_class=unknown",
    "title=zjtx_sme",
    "q=甲&ordering=name",
    "q=杭州&page=2",
    "revenue_min=5000&sort=-latest_tax_paid",
    "employees_min=10",
]


FIELDS = [f"{d}_id" if d == "org_unit" else d for d in DIMENSIONS]
PERSONAS = ("district_admin", "zone_a_officer", "grid_a1_worker", "zone_b_officer", "enterprise_user")


def _summary() -> dict[tuple, int]:
    rows = EnterpriseCount.objects.values_list(*FIELDS, "n")
    return {r[:-1]: r[-1] for r in rows if r[-1]}


def _live() -> dict[tuple, int]:
    out = {}
    for r in Enterprise.objects.order_by().values(*FIELDS).annotate(c=Count("pk")):
        key = tuple(-1 if (f == "size_category" and r[f] is None) else r[f] for f in FIELDS)
        out[key] = r["c"]
    return out


@on_postgres
def test_summary_follows_every_kind_of_write(world, ents):
    assert _summary() == _live() and sum(_live().values()) == 3
    extra = make_enterprise("杭州丙一机械有限公司", world.grid_a2, "MA2C0001", industry_code="C3442")
    assert _summary() == _live()
    ent_services.enterprise_update(
        actor=None, enterprise=extra, expected_version=extra.version, key_firm=True, org_unit=world.grid_b1
    )
    assert _summary() == _live()
    Enterprise.objects.bulk_create(
        [
            Enterprise(uscc=make_uscc("330110", f"MA2D{i:04d}"), name=f"批量{i}", org_unit=world.grid_a1)
            for i in range(25)
        ]
    )
    assert _summary() == _live()
    Enterprise.objects.filter(name__startswith="批量1").update(above_scale=True, size_class="micro")
    Enterprise.objects.filter(name="批量2").update(notes="no counted column changes")
    assert _summary() == _live()
    Enterprise.objects.filter(name__startswith="批量2").delete()
    assert _summary() == _live()
    with connection.cursor() as cur:
        cur.execute("UPDATE enterprises_enterprise SET industry_code = 'I6513' WHERE name LIKE '批量3%%'")
    assert _summary() == _live()
    assert sum(_summary().values()) == Enterprise.objects.count()


def _holders() -> dict[tuple, int]:
    rows = TitleHolderCount.objects.values_list("org_unit_id", "kind", "until", "n")
    return {r[:-1]: r[-1] for r in rows if r[-1]}


def _live_holders() -> dict[tuple, int]:
    """(grid, kind, latest validity) → firms, from the rows: every not-deleted title, its firm's grid."""
    latest: dict[tuple, dt.date] = {}
    grids = dict(Enterprise.objects.values_list("pk", "org_unit_id"))
    for ent, kind, until in Title.all_objects.filter(deleted_at__isnull=True).values_list(
        "enterprise_id", "kind", "valid_until"
    ):
        if ent in grids:
            key = (ent, kind)
            latest[key] = max(latest.get(key, dt.date.min), until or FOREVER)
    out: dict[tuple, int] = {}
    for (ent, kind), until in latest.items():
        out[(grids[ent], kind, until)] = out.get((grids[ent], kind, until), 0) + 1
    return out


@on_postgres
def test_title_holders_follow_every_kind_of_write(world, ents):
    assert _holders() == _live_holders() and _holders()
    today = timezone.localdate()
    a1, a2, b1 = ents["ent_a1"], ents["ent_a2"], ents["ent_b1"]
    old = Title.objects.create(enterprise=a1, kind="little_giant", valid_until=today - dt.timedelta(days=3))
    assert _holders() == _live_holders()
    Title.objects.bulk_create(
        [
            Title(enterprise=a1, kind="little_giant", valid_until=today + dt.timedelta(days=30)),
            Title(enterprise=a2, kind="little_giant", valid_until=None),
            Title(enterprise=b1, kind="tech_sme", valid_until=today),
        ]
    )
    assert _holders() == _live_holders()
    Title.objects.filter(kind="little_giant", valid_until__isnull=True).update(valid_until=today)
    Title.objects.filter(pk=old.pk).update(kind="tech_sme", enterprise=b1)
    assert _holders() == _live_holders()
    Title.objects.filter(kind="tech_sme", enterprise=b1, valid_until=today).update(deleted_at=timezone.now())
    assert _holders() == _live_holders()
    Enterprise.objects.filter(pk=a1.pk).update(org_unit=world.grid_b1)  # a move takes its titles along
    Enterprise.objects.filter(pk=a2.pk).update(notes="no move")
    assert _holders() == _live_holders()
    Title.objects.filter(pk=old.pk).delete()
    extra = make_enterprise("杭州戊一机械有限公司", world.grid_a2, "MA2G0001")
    Title.objects.create(enterprise=extra, kind="zjtx_sme", valid_until=None)
    assert _holders() == _live_holders()
    extra.delete()  # its titles first (Django's cascade), then the firm
    assert _holders() == _live_holders()
    (bare,) = Enterprise.objects.bulk_create(
        [Enterprise(uscc=make_uscc("330110", "MA2G0002"), name="裸企业", org_unit=world.grid_a1)]
    )
    Title.objects.create(enterprise=bare, kind="zjtx_sme", valid_until=None)
    assert _holders() == _live_holders()
    with connection.cursor() as cur:  # the firm first, then its titles (raw SQL, constraints deferred)
        cur.execute("DELETE FROM enterprises_enterprise WHERE id = %s", [bare.pk])
        assert _holders() == _live_holders()
        cur.execute("DELETE FROM enterprises_title WHERE enterprise_id = %s", [bare.pk])
    assert _holders() == _live_holders()


def _live_count(user, query: str) -> int:
    request = RequestFactory().get("/enterprises/?" + query)
    request.user = user
    fs = EnterpriseFilterSet(request.GET, queryset=Enterprise.objects.restrict(user, "view"), request=request)
    return fs.qs.count() if fs.is_valid() else 0  # the list shows nothing for a refused filter (strict)


def test_page_total_is_the_count_of_its_rows(client, world, ents):
    for i in range(6):
        make_enterprise(f"杭州丁{i}电子有限公司", world.grid_a1 if i % 2 else world.grid_b1, f"MA2F{i:04d}")
    Enterprise.objects.filter(name__startswith="杭州丁1").update(above_scale=False, size_class="small")
    for persona in PERSONAS:
        user = world[persona]
        client.force_login(user)
        for query in [
            *QUERIES,
            f"zone={world.zone_a.pk}",
            f"org_unit={world.grid_a1.pk}&key_firm=false",
            f"title=zjtx_sme&zone={world.zone_b.pk}",
            f"title=little_giant&org_unit={world.grid_a1.pk}",
        ]:
            r = client.get("/enterprises/?" + query)
            assert r.status_code == 200, (persona, query)
            assert r.context["record_count"] == _live_count(user, query), (persona, query)


def test_which_lists_the_summary_answers(world, ents):
    def answered(user, query):
        request = RequestFactory().get("/enterprises/?" + query)
        request.user = user
        fs = EnterpriseFilterSet(
            request.GET, queryset=Enterprise.objects.restrict(user, "view"), request=request
        )
        return list_count(user, fs)

    admin = world["district_admin"]
    if connection.vendor != "postgresql":  # counted live on other databases
        assert answered(admin, "") is None
        return
    assert answered(admin, "") == 3
    assert answered(admin, f"org_unit={world.grid_a1.pk}&above_scale=true&ordering=name") == 1
    assert answered(admin, f"zone={world.zone_a.pk}") == 2
    assert answered(world["grid_a1_worker"], "") == 1
    Title.objects.create(enterprise=ents["ent_a1"], kind="zjtx_sme", valid_until=None)
    assert answered(admin, "title=zjtx_sme") == _live_count(admin, "title=zjtx_sme") == 1
    assert answered(admin, f"title=zjtx_sme&zone={world.zone_a.pk}") == _live_count(
        admin, f"title=zjtx_sme&zone={world.zone_a.pk}"
    )
    assert answered(world["grid_a1_worker"], "title=zjtx_sme&ordering=name") is not None
    for query in (
        "q=甲",
        "title=zjtx_sme&above_scale=true",
        "revenue_min=1",
        "employees_min=1",
        "org_unit=999999",
    ):
        assert answered(admin, query) is None, query
    assert answered(world["enterprise_user"], "") is None  # a represented firm: counted live
