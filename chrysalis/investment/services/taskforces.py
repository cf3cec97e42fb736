"""Writes of task forces (on accounts.Team of kind task_force) and their trips."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role, TeamKind, TeamRole
from chrysalis.accounts.models import OrgUnit, RoleAssignment, Team
from chrysalis.accounts.scopes import clear_scope_cache
from chrysalis.accounts.services import org as org_services
from chrysalis.accounts.services.users import role_grant, role_revoke
from chrysalis.audit.services import record_change
from chrysalis.core.permissions import require
from chrysalis.core.services import create_object, update_object
from chrysalis.investment.choices import Stage
from chrysalis.investment.models import Project, TaskForce, Trip, TripVisit
from chrysalis.investment.selectors import units_of, writable_teams
from chrysalis.investment.services.common import clean_date, clean_direction

# The seed's Chinese names of the four directions, written into accounts.Team.direction (free text there).
SEED_NAMES = {"headquarters": "总部经济", "future": "未来产业", "finance": "金融基金", "fashion": "时尚产业"}
TF_AUDIT_FIELDS = (
    "direction",
    "mentor",
    "term_start",
    "term_end",
    "groups",
    "visits_per_day",
    "quarter_target",
)


def _require_admin_of(actor, unit: OrgUnit) -> None:
    require(
        actor,
        "change",
        unit,
        within=units_of(actor, Role.DISTRICT_ADMIN),
        message=_("Only the district administrator sets up task forces."),
    )


def taskforce_create(
    *,
    actor,
    org_unit: OrgUnit,
    name: str,
    direction: str,
    term_start: dt.date,
    term_end: dt.date,
    mentor=None,
    members=(),
    lead=None,
    **fields,
) -> TaskForce:
    """A new task force: its team (kind task_force), then the task-force side (see taskforce_setup)."""
    _require_admin_of(actor, org_unit)
    clean_direction(direction)
    with transaction.atomic():
        team = org_services.team_create(
            actor=None,
            org_unit=org_unit,
            kind=TeamKind.TASK_FORCE,
            name=name,
            direction=SEED_NAMES[direction],
        )
        return taskforce_setup(
            actor=actor,
            team=team,
            direction=direction,
            term_start=term_start,
            term_end=term_end,
            mentor=mentor,
            members=members,
            lead=lead,
            **fields,
        )


def taskforce_setup(
    *,
    actor,
    team: Team,
    direction: str,
    term_start: dt.date,
    term_end: dt.date,
    mentor=None,
    members=(),
    lead=None,
    **fields,
) -> TaskForce:
    """The task-force side of an existing team of kind task_force: direction, mentoring leader, term, and
    members (who get the task-force member role on the team: what lets them see its projects)."""

    _require_admin_of(actor, team.org_unit)
    clean_direction(direction)
    if team.kind != TeamKind.TASK_FORCE:
        raise ValidationError({"team": _("%(team)s is not an investment task force.") % {"team": team}})
    if term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    with transaction.atomic():
        tf = TaskForce(
            team=team, direction=direction, mentor=mentor, term_start=term_start, term_end=term_end, **fields
        )
        create_object(actor=actor, instance=tf, audit_fields=TF_AUDIT_FIELDS)
        for user in members:
            role = TeamRole.LEAD if lead is not None and user.pk == lead.pk else TeamRole.MEMBER
            org_services.team_member_add(actor=None, team=team, user=user, role=role)
            role_grant(actor=None, user=user, role=Role.TASK_FORCE_MEMBER, team=team)
    return tf


def taskforce_update(*, actor, taskforce: TaskForce, expected_version: int | None, **changes) -> TaskForce:
    unknown = set(changes) - set(TF_AUDIT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if actor is not None:
        require(actor, "change", taskforce)
    if "direction" in changes:
        clean_direction(changes["direction"])
    updated = update_object(
        actor=actor,
        instance=taskforce,
        changes=changes,
        expected_version=expected_version,
        audit_fields=TF_AUDIT_FIELDS,
    )
    assert isinstance(updated, TaskForce)
    return updated


def taskforce_member_add(*, actor, taskforce: TaskForce, user, lead: bool = False) -> TaskForce:
    """Add a cadre to a task force: the team membership and the task-force member role on the team
    (what lets them see its projects). The district administrator of the team's unit only."""
    _require_admin_of(actor, taskforce.team.org_unit)
    team = taskforce.team
    if team.memberships.filter(user=user).exists():
        raise ValidationError(
            {"user": _("%(user)s is already a member of %(team)s.") % {"user": user, "team": team}}
        )
    home = getattr(user, "home_unit", None)
    if home is None or not home.path.startswith(team.org_unit.path):
        raise ValidationError(
            {"user": _("%(user)s does not work in %(unit)s.") % {"user": user, "unit": team.org_unit}}
        )
    with transaction.atomic():
        role = TeamRole.LEAD if lead else TeamRole.MEMBER
        org_services.team_member_add(actor=None, team=team, user=user, role=role)
        role_grant(actor=None, user=user, role=Role.TASK_FORCE_MEMBER, team=team)
        record_change(
            actor=actor,
            action="update",
            obj=taskforce,
            before=None,
            after={"member_added": str(user), "role": str(role)},
        )
    return taskforce


def taskforce_member_remove(*, actor, taskforce: TaskForce, user, reason: str) -> TaskForce:
    """Take a cadre off a task force: the team membership and the task-force member role on the team
    go (they no longer see its projects); trips and evaluations already recorded keep their name. The
    district administrator of the team's unit only, with a reason; refused while the cadre is still
    responsible for one of the team's open projects (hand them over first)."""
    _require_admin_of(actor, taskforce.team.org_unit)
    team = taskforce.team
    membership = team.memberships.filter(user=user).first()
    if membership is None:
        raise ValidationError(
            {"user": _("%(user)s is not a member of %(team)s.") % {"user": user, "team": team}}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for removing the member.")})
    open_projects = list(
        Project.objects.filter(team=team, cadres=user)
        .exclude(stage__in=[Stage.PRODUCING, Stage.SHELVED, Stage.LOST])
        .order_by("name")
        .values_list("name", flat=True)
    )
    if open_projects:
        raise ValidationError(
            {
                "user": _(
                    "%(user)s is still responsible for these projects of the task force: %(projects)s. "
                    "Hand them over to another member first."
                )
                % {"user": user, "projects": "、".join(open_projects)}
            }
        )
    with transaction.atomic():
        role = membership.get_role_display()
        org_services.team_member_remove(actor=None, membership=membership)
        for assignment in RoleAssignment.objects.filter(user=user, role=Role.TASK_FORCE_MEMBER, team=team):
            role_revoke(actor=None, assignment=assignment, reason=reason.strip())
        record_change(
            actor=actor,
            action="update",
            obj=taskforce,
            before={"member": str(user), "role": str(role)},
            after={"member_removed": str(user)},
            reason=reason.strip(),
        )
    clear_scope_cache(user)
    return taskforce


def trip_create(
    *,
    actor,
    team: Team,
    date: dt.date,
    city: str,
    cadres,
    groups: int = 1,
    outcome: str = "",
    visits: list[dict] | None = None,
) -> Trip:
    """A day out: who went, in how many groups, the companies visited (each may link its lead)."""
    require(
        actor,
        "add",
        team,
        within=writable_teams(actor),
        message=_("You may log trips only for your own task force."),
    )
    date = clean_date(date, "date", today=timezone.localdate())
    if not (city or "").strip():
        raise ValidationError({"city": _("Give the city.")})
    cadres = list(cadres)
    if not cadres:
        raise ValidationError({"cadres": _("Name who went.")})
    members = set(team.memberships.values_list("user_id", flat=True))
    outside = [str(c) for c in cadres if c.pk not in members]
    if outside:
        raise ValidationError(
            {"cadres": _("Not members of %(team)s: %(names)s.") % {"team": team, "names": "、".join(outside)}}
        )
    if not 1 <= int(groups) <= len(cadres):
        raise ValidationError({"groups": _("Between one group and one group per person.")})
    visits = [v for v in (visits or []) if (v.get("company") or "").strip()]
    projects = {v["project"].pk for v in visits if v.get("project")}
    if projects and Project.objects.filter(pk__in=projects).exclude(team=team).exists():
        raise ValidationError(
            {"visits": _("A visited company can only be linked to a lead of this task force.")}
        )
    with transaction.atomic():
        trip = Trip(
            team=team, date=date, city=city.strip(), groups=int(groups), outcome=(outcome or "").strip()
        )
        create_object(actor=actor, instance=trip, audit_fields=("team", "date", "city", "groups", "outcome"))
        trip.cadres.set(cadres)
        TripVisit.objects.bulk_create(
            TripVisit(
                trip=trip,
                company=v["company"].strip(),
                project=v.get("project"),
                notes=(v.get("notes") or "").strip(),
            )
            for v in visits
        )
        record_change(
            actor=actor,
            action="update",
            obj=trip,
            after={"cadres": [c.pk for c in cadres], "visits": len(visits)},
        )
    return trip


def rhythm(team: Team, *, days: int = 90, today: dt.date | None = None) -> dict:
    """The team's visiting rhythm over the last `days`: people per day out, groups, companies per day."""

    today = today or timezone.localdate()
    trips = Trip.objects.filter(team=team, date__gt=today - dt.timedelta(days=days))
    agg = trips.annotate(
        n_cadres=Count("cadres", distinct=True), n_visits=Count("visits", distinct=True)
    ).aggregate(days=Count("pk"), people=Avg("n_cadres"), groups=Avg("groups"), visits=Avg("n_visits"))
    return {
        "days": agg["days"] or 0,
        "people": round(agg["people"] or 0, 1),
        "groups": round(agg["groups"] or 0, 1),
        "visits": round(agg["visits"] or 0, 1),
        "members": team.memberships.count(),
        "target_groups": getattr(getattr(team, "task_force", None), "groups", None),
        "target_visits": getattr(getattr(team, "task_force", None), "visits_per_day", None),
    }
