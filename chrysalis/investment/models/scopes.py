"""Who reaches what in investment promotion (one place, used by every model's scope_q).

- District administrators: everything of the task forces under their org subtree (not personnel records).
- Task-force members: their teams' projects, trips and conflicts; every task force and the team
  league table of their district.
- The mentoring district leader (帮带领导) of a task force: its projects and trips (read).
- Organisation department (组织部): personnel records of cadres under their org subtree, the per-cadre
  evaluation and the cohort figures.
- A cadre: their own personnel record and own per-cadre evaluation rows.
"""

from __future__ import annotations

from django.db.models import Q

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import Team
from chrysalis.core.scope import Scope, any_of

DA, TFM, ORG = Role.DISTRICT_ADMIN, Role.TASK_FORCE_MEMBER, Role.ORG_DEPARTMENT


def member_team_ids(scope: Scope) -> list[int]:
    return sorted(scope.teams(TFM))


def team_q(scope: Scope, action: str, lookup: str) -> Q | None:
    """Rows belonging to a task-force team (`lookup` leads to accounts.Team), e.g. projects, trips."""
    admin = scope.q_org(f"{lookup}__org_unit__path", DA)
    ids = member_team_ids(scope)
    members = Q(**{f"{lookup}_id__in": ids}) if ids else None
    if action in {"view", "export"}:
        mentor = Q(**{f"{lookup}__task_force__mentor_id": scope.user_id}) if action == "view" else None
        return any_of(admin, members, mentor)
    if action in {"add", "change"}:
        return any_of(admin, members)
    if action == "manage":
        return admin
    return None


def district_q(scope: Scope, action: str, lookup: str) -> Q | None:
    """District-level objects (task forces, quarters): admins manage them; members, mentors and the
    organisation department read them (the league table is public inside the district)."""
    admin = scope.q_org(f"{lookup}__path", DA)
    if action in {"add", "change", "manage"}:
        return admin
    if action not in {"view", "export"}:
        return None

    ids = member_team_ids(scope)
    parts: list[Q | None] = [admin, scope.q_org(f"{lookup}__path", ORG)]
    if ids:
        units = Team.objects.filter(pk__in=ids).values("org_unit")
        parts.append(Q(**{f"{lookup}__in": units}))
    mentor_units = Team.objects.filter(task_force__mentor_id=scope.user_id).values("org_unit")
    parts.append(Q(**{f"{lookup}__in": mentor_units}))
    return any_of(*parts)


def personnel_q(scope: Scope, action: str, cadre_lookup: str) -> Q | None:
    """Personnel records (`cadre_lookup` leads to investment.Cadre): the organisation department of
    the cadre's unit; the cadre themselves (read only)."""
    org = scope.q_org(f"{cadre_lookup}__org_unit__path", ORG)
    if action in {"view"}:
        return any_of(org, Q(**{f"{cadre_lookup}__user_id": scope.user_id}))
    if action in {"add", "change", "delete", "export"}:
        return org
    return None
