"""Demo enterprises: about 2,000 synthetic firms across the demo district's grids (idempotent)."""

from __future__ import annotations

from chrysalis.accounts.models import OrgUnit, RoleAssignment, User
from chrysalis.accounts.services import users as user_services
from chrysalis.enterprises import synthetic
from chrysalis.enterprises.models import Enterprise

DEMO_COUNT = 2000


def build_enterprises(stdout=None) -> dict:

    grids = list(OrgUnit.objects.filter(kind="grid").order_by("path"))
    if not grids:
        return {"enterprises": 0}
    have = Enterprise.objects.filter(uscc__contains="MA2H").count()
    created = synthetic.populate(DEMO_COUNT - have, grids, start=have) if have < DEMO_COUNT else 0
    roles = 0
    user = User.objects.filter(username="enterprise").first()
    if user is not None and not RoleAssignment.objects.filter(user=user, role="enterprise_user").exists():
        firm = Enterprise.objects.filter(uscc__contains="MA2H", org_unit__code="A1").order_by("pk").first()
        if firm is not None:
            user_services.role_grant(actor=None, user=user, role="enterprise_user", enterprise=firm)
            roles = 1
    return {"enterprises": created, "enterprise_user_links": roles}
