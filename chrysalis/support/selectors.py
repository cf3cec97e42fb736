"""Reads of enterprise service: coverage by zone and grid, workload, home cards. Always from restrict()."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit, RoleAssignment, User
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.permissions import may_create
from chrysalis.enterprises.models import Enterprise
from chrysalis.support.choices import OPEN_STATUSES
from chrysalis.support.models import Assignment, ServiceRequest, Visit
from chrysalis.support.services.coverage import coverage_flags, coverage_required_q, officer_max_firms

STAFF = (Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER)


def required_enterprises(user):
    """Enterprises in the user's scope that the coverage policy says must have a named officer,
    annotated with their lead officer (None: covered by the grid, 网格兜底)."""
    lead = Assignment.objects.filter(enterprise=OuterRef("pk"), role="lead", ended_at__isnull=True)
    return (
        Enterprise.objects.restrict(user, "view")
        .filter(coverage_required_q())
        .annotate(
            lead_id=Subquery(lead.values("officer_id")[:1]),
            lead_name=Subquery(lead.values("officer__display_name")[:1]),
        )
        .select_related("org_unit")
    )


def coverage_by_grid(user) -> list[dict]:
    """One row per grid (grouped under its zone): required, covered by a named officer, fallback."""
    rows = (
        required_enterprises(user)
        .order_by()
        .values("org_unit_id")
        .annotate(required=Count("pk"), covered=Count("pk", filter=Q(lead_id__isnull=False)))
    )
    by_grid = {r["org_unit_id"]: r for r in rows}
    grids = OrgUnit.objects.filter(pk__in=by_grid).select_related("parent").order_by("path")
    workers = defaultdict(list)
    for ra in RoleAssignment.objects.filter(
        role=Role.GRID_WORKER, org_unit__in=grids, user__is_active=True
    ).select_related("user"):
        workers[ra.org_unit_id].append(str(ra.user))
    result = []
    for grid in grids:
        r = by_grid[grid.pk]
        result.append(
            {
                "grid": grid,
                # a firm placed at its street or zone (no grid) counts under that unit itself
                "zone": grid.parent if grid.kind == "grid" else grid,
                "required": r["required"],
                "covered": r["covered"],
                "fallback": r["required"] - r["covered"],
                "rate": round(100 * r["covered"] / r["required"], 1) if r["required"] else 100.0,
                "grid_team": workers.get(grid.pk, []),
            }
        )
    return result


def coverage_by_zone(grid_rows: list[dict]) -> list[dict]:
    zones: dict[int, dict] = {}
    for row in grid_rows:
        zone = row["zone"]
        z = zones.setdefault(zone.pk, {"zone": zone, "required": 0, "covered": 0, "grids": []})
        z["required"] += row["required"]
        z["covered"] += row["covered"]
        z["grids"].append(row)
    for z in zones.values():
        z["fallback"] = z["required"] - z["covered"]
        z["rate"] = round(100 * z["covered"] / z["required"], 1) if z["required"] else 100.0
    return list(zones.values())


def reassignment_list(user, limit: int = 200, area=None):
    """Required firms without a named lead officer (the admin's re-assignment list), optionally
    within one zone or grid."""
    qs = required_enterprises(user).filter(lead_id__isnull=True)
    if area is not None:
        qs = qs.filter(org_unit__path__startswith=area.path)
    return qs.order_by("org_unit__path", "name")[:limit]


def officer_workload(user) -> list[dict]:
    """Active officers the user administers (or the officer themself) with firms, open requests, limit."""
    scope = get_scope(user)
    q = scope.q_org("role_assignments__org_unit__path", Role.DISTRICT_ADMIN)
    officers = User.objects.filter(role_assignments__role=Role.SERVICE_OFFICER)
    officers = officers.filter(q) if q is not None else officers.filter(pk=user.pk)
    officers = (
        officers.distinct()
        .annotate(
            firms=Count(
                "service_assignments", filter=Q(service_assignments__ended_at__isnull=True), distinct=True
            ),
            leads=Count(
                "service_assignments",
                filter=Q(service_assignments__ended_at__isnull=True, service_assignments__role="lead"),
                distinct=True,
            ),
        )
        .order_by("-firms", "username")
    )
    open_counts = dict(
        ServiceRequest.objects.filter(
            status__in=OPEN_STATUSES,
            enterprise__service_assignments__ended_at__isnull=True,
            enterprise__service_assignments__officer__in=officers,
        )
        .values_list("enterprise__service_assignments__officer")
        .annotate(n=Count("pk", distinct=True))
    )
    limit = officer_max_firms()
    return [
        {
            "officer": o,
            "firms": o.firms,
            "leads": o.leads,
            "open_requests": open_counts.get(o.pk, 0),
            "limit": limit,
            "over": o.firms > limit,
            "active": o.is_active,
        }
        for o in officers
    ]


def policy_labels() -> list[str]:
    names = {
        "above_scale": _("above-scale (规上)"),
        "high_growth": _("high-growth (升规潜力)"),
        "key_firm": _("key firm"),
        "key_project": _("key project under construction"),
    }
    return [names.get(f, f) for f in coverage_flags()]


def home_cards(user) -> list[dict]:
    scope = get_scope(user)
    if not (scope.has(*STAFF, Role.DEPARTMENT_HANDLER) or scope.own_enterprises):
        return []
    qs = ServiceRequest.objects.restrict(user, "view")
    url = reverse("support:request_list")
    if scope.has(Role.DEPARTMENT_HANDLER) and not scope.has(*STAFF):
        return handler_cards(qs, url)
    counts = qs.order_by().aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(due_state="overdue")),
        closed=Count("pk", filter=Q(status__in=["answered", "closed"])),
    )
    if scope.own_enterprises and not scope.has(*STAFF):
        return [
            {"label": _("My open requests"), "value": counts["open"], "url": f"{url}?stage=open"},
            {"label": _("My answered requests"), "value": counts["closed"], "url": f"{url}?stage=resolved"},
        ]
    cards = [
        {"label": _("Open requests"), "value": counts["open"], "url": f"{url}?stage=open"},
        {"label": _("Overdue requests"), "value": counts["overdue"], "url": f"{url}?due_state=overdue"},
    ]
    if may_create(user, Visit):
        # Field work starts from the home page: one tap to the visit form (with its on-the-spot request).
        month_start = timezone.localdate().replace(day=1)
        visits = Visit.objects.restrict(user, "view").filter(officer=user, date__gte=month_start).count()
        cards.insert(
            0,
            {
                "label": _("My visits this month"),
                "value": visits,
                "url": reverse("support:visit_list"),
                "links": [
                    {"label": _("Log a visit"), "url": reverse("support:visit_add"), "id": "home-log-visit"}
                ],
            },
        )
    return cards


def handler_cards(qs, url: str) -> list[dict]:
    """A department handler's home: what waits to be signed for, what falls due soon, what is late."""
    open_qs = qs.filter(status__in=OPEN_STATUSES)
    counts = open_qs.order_by().aggregate(
        to_sign=Count("pk", filter=Q(status="dispatched")),
        due_soon=Count("pk", filter=Q(due_state="due_soon")),
        overdue=Count("pk", filter=Q(due_state="overdue")),
    )
    return [
        {"label": _("Awaiting sign-for"), "value": counts["to_sign"], "url": f"{url}?status=dispatched"},
        {
            "label": _("Nearly overdue"),
            "value": counts["due_soon"],
            "url": f"{url}?stage=open&due_state=due_soon",
            "tone": "warning" if counts["due_soon"] else "",
        },
        {
            "label": _("Overdue"),
            "value": counts["overdue"],
            "url": f"{url}?stage=open&due_state=overdue",
            "tone": "danger" if counts["overdue"] else "",
        },
    ]
