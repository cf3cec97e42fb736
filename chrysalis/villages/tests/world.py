"""The villages module's part of the persona world: streets A街道 and B街道 under the district (the
zones keep their shape), village A村 under A街道 and B村 under B街道, each with a figure, an operator
and a plan; personas street_a (street staff of A街道) and operator_a (paired with A村)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.services import org as org_services
from chrysalis.core.testing.personas import make_user
from chrysalis.villages.catalogue import ensure_catalogue
from chrysalis.villages.models import Metric, VillagePhoto
from chrysalis.villages.services import figures as figure_services
from chrysalis.villages.services import plans as plan_services
from chrysalis.villages.services import projects as project_services
from chrysalis.villages.services import villages as village_services

PHOTO_NAME = "villages/photos/test-world.png"


def tiny_png() -> bytes:
    """A 2×2 PNG made with Pillow (the tests' photo)."""
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _world_photo() -> str:
    """One file shared by every world (written once), so building a world costs no upload."""
    if not default_storage.exists(PHOTO_NAME):
        default_storage.save(PHOTO_NAME, ContentFile(tiny_png()))
    return PHOTO_NAME


def add_villages(world) -> None:
    ensure_catalogue(Metric)
    visitors = Metric.objects.get(code="visitors")
    for key in ("a", "b"):
        street = org_services.org_unit_create(
            actor=None,
            parent=world.district,
            kind=OrgUnitKind.STREET,
            name=f"{key.upper()}街道",
            code=f"T-S{key}",
        )
        unit = org_services.org_unit_create(
            actor=None, parent=street, kind=OrgUnitKind.COMMUNITY, name=f"{key.upper()}村", code=f"T-V{key}"
        )
        village = village_services.village_create(actor=None, unit=unit, population=1000, households=300)
        world.extra[f"street_{key}"] = street
        operator = village_services.operator_create(actor=None, street=street, name=f"{key.upper()}艺术村长")
        village_services.pairing_create(
            actor=None,
            operator=operator,
            village=village,
            starts=dt.date(2025, 1, 1),
            ends=dt.date(2027, 12, 31),
        )
        figure = figure_services.figure_enter(
            actor=None,
            village=village,
            metric=visitors,
            period=dt.date(2025, 3, 1),
            value=Decimal(12000),
            unit=visitors.unit,
            source="telecom",
        )
        plan = plan_services.plan_create(
            actor=None, village=village, operator=operator, title=f"{key.upper()}村整村运营方案", year=2025
        )
        plan_services.target_add(
            actor=None, plan=plan, metric=visitors, target=Decimal(100000), weight=Decimal(1)
        )
        project = project_services.project_create(
            actor=None,
            village=village,
            name=f"{key.upper()}村艺术街区",
            kind="incubation",
            private_investment=100,
        )
        honour = project_services.honour_create(
            actor=None,
            village=village,
            title=f"{key.upper()}村 3A级景区村庄",
            level="provincial",
            awarded_on=dt.date(2024, 5, 1),
            awarding_body="省文旅厅",
        )
        route = project_services.route_create(
            actor=None,
            street=street,
            name=f"{key.upper()}街道艺术路线",
            stops=[{"title": project.name, "village": village, "project": project, "minutes": 45}],
            is_public=key == "a",
        )
        photo = VillagePhoto.objects.create(village=village, image=_world_photo(), caption="村口")
        world.extra.update(
            {f"project_{key}": project, f"route_{key}": route, f"honour_{key}": honour, f"photo_{key}": photo}
        )
        world.extra.update(
            {
                f"village_{key}": village,
                f"figure_{key}": figure,
                f"plan_{key}": plan,
                f"operator_{key}": operator,
            }
        )
    # a village of A街道 without a profile yet (the street adds it)
    world.extra["unit_new"] = org_services.org_unit_create(
        actor=None, parent=world.extra["street_a"], kind=OrgUnitKind.COMMUNITY, name="A新村", code="T-VN"
    )
    world.users["street_a"] = make_user(
        "p_street_a", world.extra["street_a"], Role.SERVICE_OFFICER, org_unit=world.extra["street_a"]
    )
    world.users["operator_a"] = make_user(
        "p_operator_a",
        world.extra["village_a"].unit,
        Role.VILLAGE_OPERATOR,
        org_unit=world.extra["village_a"].unit,
    )
