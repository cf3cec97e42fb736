"""The service panel of the enterprise page: who serves the firm, its visits and its requests."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import RoleAssignment
from chrysalis.core.permissions import may_create
from chrysalis.support.choices import OPEN_STATUSES, RESOLVED_STATUSES
from chrysalis.support.models import Assignment, ServiceRequest, Visit
from chrysalis.support.services.requests import may_record_request


def service_team(enterprise) -> dict:
    """The named officer (包联) and helpers, or — when nobody is named — the grid's workers (网格兜底).

    Who serves a firm is part of the firm's record: anyone who may see the firm may see these names
    (no contact details), so the enterprise user knows whom to call.
    """
    rows = list(
        Assignment.objects.filter(enterprise=enterprise, ended_at__isnull=True)
        .select_related("officer", "team")
        .order_by("role", "started_at")
    )
    lead = next((a for a in rows if a.role == "lead"), None)
    helpers = [a for a in rows if a is not lead]
    grid_team = []
    if lead is None:
        grid_team = [
            ra.user
            for ra in RoleAssignment.objects.filter(
                role=Role.GRID_WORKER, org_unit_id=enterprise.org_unit_id, user__is_active=True
            ).select_related("user")
        ]
    return {"lead": lead, "helpers": helpers, "grid_team": grid_team}


def service_panel(enterprise, user) -> dict | None:
    visits = Visit.objects.restrict(user, "view").filter(enterprise=enterprise)
    requests = ServiceRequest.objects.restrict(user, "view").filter(enterprise=enterprise)
    actions = []
    if may_create(user, Visit):
        actions.append(
            {
                "id": "log-visit",
                "label": _("Log a visit"),
                "url": reverse("support:visit_add") + f"?enterprise={enterprise.pk}",
            }
        )
    if may_record_request(user):
        actions.append(
            {
                "id": "log-request",
                "label": _("Log a request"),
                "url": reverse("support:request_add") + f"?enterprise={enterprise.pk}",
            }
        )
    request_list = reverse("support:request_list") + f"?enterprise={enterprise.pk}"
    return {
        "key": "service",
        "order": 10,
        "template": "support/includes/enterprise_panel.html",
        "team": service_team(enterprise),
        "visits": list(visits.select_related("officer").order_by("-date", "-pk")[:5]),
        "visit_count": visits.count(),
        "open_requests": list(
            requests.filter(status__in=OPEN_STATUSES).select_related("department").order_by("-raised_at")[:5]
        ),
        "open_count": requests.filter(status__in=OPEN_STATUSES).count(),
        "resolved_count": requests.filter(status__in=RESOLVED_STATUSES).count(),
        "request_list": request_list,
        "visit_list": reverse("support:visit_list") + f"?enterprise={enterprise.pk}",
        "actions": actions,
    }
