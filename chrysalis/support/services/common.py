"""Shared helpers of the support services: capacities, limits, numbering."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import Q

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import Department, OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.scope import PATH_STEP, path_prefixes
from chrysalis.support.models import Assignment, ServiceRequest, TimeLimit
from chrysalis.support.models.settings import DEFAULT_LIMITS

if TYPE_CHECKING:
    from chrysalis.accounts.models import User


def in_org(scope, path: str, *roles: str) -> bool:
    return any(path.startswith(p) for p in scope.paths(*roles))


def capacities(actor: User | None, request: ServiceRequest) -> frozenset[str]:
    """What `actor` may act as on `request` (see workflows)."""
    if actor is None:
        return frozenset({"system"})
    scope = get_scope(actor)
    caps: set[str] = set()
    path = request.enterprise.org_unit.path
    if in_org(scope, path, Role.DISTRICT_ADMIN):
        caps |= {"admin", "staff"}
    if in_org(scope, path, Role.GRID_WORKER):
        caps.add("staff")
    if (
        scope.has(Role.SERVICE_OFFICER)
        and Assignment.objects.filter(
            officer_id=actor.pk, enterprise_id=request.enterprise_id, ended_at__isnull=True
        ).exists()
    ):
        caps.add("staff")
    if request.raised_by_id == actor.pk:
        caps.add("raiser")
        if scope.has(Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER):
            caps.add("staff")
    if request.department_id and request.department_id in scope.departments(Role.DEPARTMENT_HANDLER):
        caps.add("handler")
    if request.enterprise_id in scope.own_enterprises:
        caps.add("enterprise")
    return frozenset(caps)


def limits_for(category: str, urgency: str) -> tuple[int, int]:
    row = (
        TimeLimit.objects.filter(category=category, urgency=urgency)
        .values_list("sign_days", "resolve_days")
        .first()
    )
    if row:
        return row[0], row[1]
    limits = cast(dict[str, tuple[int, int]], DEFAULT_LIMITS)
    return limits.get(urgency, limits["normal"])


def district_of(org_unit: OrgUnit) -> OrgUnit | None:
    return OrgUnit.objects.filter(path=org_unit.path[:PATH_STEP]).first() if org_unit.path else None


def rule_department(request: ServiceRequest) -> Department | None:
    """The department the category rule names, in the enterprise's district (or None)."""
    from chrysalis.support.choices import CATEGORY_DEPARTMENT

    kind = cast(dict[str, str], CATEGORY_DEPARTMENT).get(request.category)
    path = request.enterprise.org_unit.path
    prefixes = path_prefixes(path)
    return (
        Department.objects.filter(kind=kind, is_active=True, district__path__in=prefixes)
        .order_by("-district__depth", "pk")
        .first()
    )


def reachable_departments(actor: User | None):
    qs = Department.objects.filter(is_active=True)
    if actor is None:
        return qs
    return Department.objects.restrict(actor, "view").filter(is_active=True)


def actor_repr(actor: User | None) -> str:
    return actor.get_username() if actor is not None and actor.pk else "system"


def officer_q() -> Q:
    return Q(role_assignments__role=Role.SERVICE_OFFICER, is_active=True)
