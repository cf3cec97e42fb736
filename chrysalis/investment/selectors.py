"""Reads for pages and dashboards (always starting from restrict)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role, TeamKind
from chrysalis.accounts.models import OrgUnit, Team
from chrysalis.accounts.scopes import get_scope
from chrysalis.investment.choices import PIPELINE, PostingKind, Stage
from chrysalis.investment.models import (
    Cadre,
    Cohort,
    CohortMember,
    FrontlineAssignment,
    Posting,
    Project,
    Promotion,
)


def funnel(projects) -> list[dict]:
    """Projects that reached each pipeline stage (a landed project has passed 签约 …), current stage counts
    and amounts by current stage."""
    current = {
        row["stage"]: row
        for row in projects.values("stage").annotate(n=Count("pk"), amount=Sum("amount")).order_by()
    }
    out = []
    reached = 0
    for stage in reversed(PIPELINE):
        reached += current.get(stage, {}).get("n", 0)
        out.append(
            {
                "stage": stage,
                "label": str(Stage(stage).label),
                "reached": reached,
                "now": current.get(stage, {}).get("n", 0),
                "amount": current.get(stage, {}).get("amount") or Decimal(0),
            }
        )
    out.reverse()
    for stage in (Stage.SHELVED, Stage.LOST):
        out.append(
            {
                "stage": stage,
                "label": str(Stage(stage).label),
                "reached": None,
                "now": current.get(stage, {}).get("n", 0),
                "amount": current.get(stage, {}).get("amount") or Decimal(0),
            }
        )
    return out


def by_team(projects, quarter=None) -> list[dict]:
    q_landed = Q(landed_on__range=(quarter.start, quarter.end)) if quarter else Q(pk__in=[])
    rows = (
        projects.values("team_id", "team__name", "team__task_force__quarter_target")
        .annotate(
            total=Count("pk"),
            landed=Count("pk", filter=Q(stage__in=[Stage.LANDED, Stage.STARTED, Stage.PRODUCING])),
            landed_quarter=Count("pk", filter=q_landed),
            amount=Sum("amount", filter=Q(stage__in=[Stage.LANDED, Stage.STARTED, Stage.PRODUCING])),
        )
        .order_by("team__name")
    )
    return list(rows)


def cohort_figures(cohorts) -> list[dict]:
    """Per cohort: members, front-line person-times, rotations (交叉轮岗), postings, promoted members,
    course hours per member — computed from the records, never typed."""
    ids = [c.pk for c in cohorts]
    members = dict(
        CohortMember.objects.filter(cohort_id__in=ids)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    frontline = dict(
        FrontlineAssignment.objects.filter(cohort_id__in=ids)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    postings = {
        (c, k): n
        for c, k, n in Posting.objects.filter(cohort_id__in=ids)
        .values_list("cohort_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    promoted = dict(
        Promotion.objects.filter(cohort_id__in=ids)
        .values_list("cohort_id")
        .annotate(n=Count("cadre_id", distinct=True))
        .order_by()
    )
    hours = dict(
        Cohort.objects.filter(pk__in=ids).values_list("pk").annotate(h=Sum("courses__hours")).order_by()
    )
    out = []
    for c in cohorts:
        by_kind = {k: postings.get((c.pk, k), 0) for k in PostingKind.values}
        out.append(
            {
                "cohort": c,
                "members": members.get(c.pk, 0),
                # front-line person-times: front-line assignments plus the postings served on the front line
                "frontline": frontline.get(c.pk, 0)
                + by_kind[PostingKind.DOWN]
                + by_kind[PostingKind.SHADOW]
                + by_kind[PostingKind.PROJECT],
                "rotations": by_kind[PostingKind.ROTATION],
                "postings": by_kind,
                "promoted": promoted.get(c.pk, 0),
                "course_hours": hours.get(c.pk) or Decimal(0),
            }
        )
    return out


def units_of(user, role: str):
    """Org units under the subtrees where `user` holds `role` (the `within` of write checks); every unit
    for the system actor (None)."""
    if user is None:
        return OrgUnit.objects.all()
    q = get_scope(user).q_org("path", role)
    return OrgUnit.objects.filter(q) if q is not None else OrgUnit.objects.none()


def writable_teams(user):
    """Task forces the user may register leads and trips for: their own, or every one under a district
    they administer. Every task force for the system actor (None)."""
    tforces = Team.objects.filter(kind=TeamKind.TASK_FORCE, task_force__isnull=False).order_by("name")
    if user is None:
        return tforces
    scope = get_scope(user)
    q = Q(pk__in=sorted(scope.teams(Role.TASK_FORCE_MEMBER)))
    for path in scope.paths(Role.DISTRICT_ADMIN):
        q |= Q(org_unit__path__startswith=path)
    return tforces.filter(q)


def visible_projects(user):
    return Project.objects.restrict(user, "view")


def home_cards(user) -> list[dict]:
    """Home page (settings.CHRYSALIS_HOME_CARD_PROVIDERS): the pipeline a user reaches (projects under
    way, landed this quarter) and, for the organisation department, the cadre records they keep.
    Nothing for users who reach neither."""
    cards: list[dict] = []
    projects = Project.objects.restrict(user, "view")
    if projects.exists():
        today = timezone.localdate()
        start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        url = reverse("investment:project_list")
        active = projects.exclude(stage__in=[Stage.SHELVED, Stage.LOST]).count()
        landed = projects.filter(landed_on__gte=start, landed_on__lte=today).count()
        quarter = f"{today.year}-{(today.month - 1) // 3 + 1}"
        cards.append({"label": _("Investment projects under way"), "value": active, "url": url})
        cards.append(
            {"label": _("Projects landed this quarter"), "value": landed, "url": f"{url}?landed_in={quarter}"}
        )
    cadres = Cadre.objects.restrict(user, "export")
    if cadres.exists():
        cards.append(
            {"label": _("Cadre records"), "value": cadres.count(), "url": reverse("investment:cadre_list")}
        )
    return cards
