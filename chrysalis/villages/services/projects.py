"""Village projects (stage, investment, settled firms, jobs), honours and visitor routes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import require, require_visible
from chrysalis.core.services import create_object, update_object
from chrysalis.enterprises.models import Enterprise
from chrysalis.villages.choices import NEXT_STAGE, REVIEW_ROLES, ProjectStage
from chrysalis.villages.models import Honour, Project, Route, RouteStop, Village

PROJECT_AUDIT_FIELDS = ("village", "name", "kind", "stage", "public_investment", "private_investment", "jobs")
HONOUR_AUDIT_FIELDS = ("village", "title", "level", "awarded_on", "awarding_body", "evidence", "is_public")
ROUTE_AUDIT_FIELDS = ("street", "name", "summary", "is_public")


def project_create(
    *, actor, village: Village, name, kind, public_investment=0, private_investment=0, jobs=0, description=""
) -> Project:
    require_visible(actor, village)
    require(actor, "change", village)
    public_investment, private_investment = Decimal(public_investment), Decimal(private_investment)
    if public_investment < 0 or private_investment < 0:
        raise ValidationError(_("An investment cannot be negative."))
    if Project.objects.filter(village=village, name=name).exists():
        raise ValidationError(
            {
                "name": _("%(village)s already has a project named “%(name)s”.")
                % {"village": village, "name": name}
            }
        )
    project = Project(
        village=village,
        name=name,
        kind=kind,
        public_investment=public_investment,
        private_investment=private_investment,
        jobs=jobs,
        description=description,
    )
    return create_object(actor=actor, instance=project, audit_fields=PROJECT_AUDIT_FIELDS)


def project_update(*, actor, project: Project, expected_version=None, **changes) -> Project:
    """Correct a project's name, kind, investment, jobs or description (the stage moves by advance)."""
    require_visible(actor, project)
    require(actor, "change", project)
    allowed = {
        k: v
        for k, v in changes.items()
        if k in {"name", "kind", "public_investment", "private_investment", "jobs", "description"}
    }
    for name in ("public_investment", "private_investment"):
        if name in allowed and Decimal(allowed[name]) < 0:
            raise ValidationError({name: _("An investment cannot be negative.")})
    name = allowed.get("name", project.name)
    if Project.objects.filter(village=project.village, name=name).exclude(pk=project.pk).exists():
        raise ValidationError(
            {
                "name": _("%(village)s already has a project named “%(name)s”.")
                % {"village": project.village, "name": name}
            }
        )
    return update_object(
        actor=actor,
        instance=project,
        changes=allowed,
        expected_version=expected_version,
        audit_fields=PROJECT_AUDIT_FIELDS,
    )


def project_advance(*, actor, project: Project, expected_version=None) -> Project:
    """Move a project one stage forward (planned → under construction → completed → operating)."""
    require_visible(actor, project)
    require(actor, "change", project)
    nxt = NEXT_STAGE.get(project.stage)
    if nxt is None:
        raise ValidationError(
            _("“%(project)s” is already %(stage)s; there is no later stage.")
            % {"project": project, "stage": ProjectStage(project.stage).label}
        )
    return update_object(
        actor=actor,
        instance=project,
        changes={"stage": nxt},
        expected_version=expected_version,
        audit_fields=PROJECT_AUDIT_FIELDS,
    )


def project_link_firms(*, actor, project: Project, firms) -> Project:
    """Link registry firms (homestays, catering, creative firms) that settled through the project.
    Only firms the actor can see in the registry may be linked."""
    require_visible(actor, project)
    require(actor, "change", project)
    ids = [f.pk for f in firms]
    visible = Enterprise.objects.all() if actor is None else Enterprise.objects.restrict(actor, "view")
    if visible.filter(pk__in=ids).count() != len(set(ids)):
        raise ValidationError({"firms": _("Some of these firms are outside your scope.")})
    with transaction.atomic():
        before = sorted(project.firms.values_list("pk", flat=True))
        project.firms.add(*ids)
        record_change(
            actor=actor,
            action="update",
            obj=project,
            before={"firms": before},
            after={"firms": sorted(project.firms.values_list("pk", flat=True))},
        )
    return project


def honour_create(
    *, actor, village: Village, title, level, awarded_on, awarding_body, evidence="", is_public=True
):
    require_visible(actor, village)
    require(actor, "change", village)
    if Honour.objects.filter(village=village, title=title, awarded_on=awarded_on).exists():
        raise ValidationError({"title": _("This honour is already recorded.")})
    honour = Honour(
        village=village,
        title=title,
        level=level,
        awarded_on=awarded_on,
        awarding_body=awarding_body,
        evidence=evidence,
        is_public=is_public,
    )
    return create_object(actor=actor, instance=honour, audit_fields=HONOUR_AUDIT_FIELDS)


def honour_update(*, actor, honour: Honour, expected_version=None, **changes) -> Honour:
    require_visible(actor, honour)
    require(actor, "change", honour)
    allowed = {
        k: v
        for k, v in changes.items()
        if k in {"title", "level", "awarded_on", "awarding_body", "evidence", "is_public"}
    }
    title, awarded_on = allowed.get("title", honour.title), allowed.get("awarded_on", honour.awarded_on)
    clash = Honour.objects.filter(village=honour.village, title=title, awarded_on=awarded_on)
    if clash.exclude(pk=honour.pk).exists():
        raise ValidationError({"title": _("This honour is already recorded.")})
    return update_object(
        actor=actor,
        instance=honour,
        changes=allowed,
        expected_version=expected_version,
        audit_fields=HONOUR_AUDIT_FIELDS,
    )


def route_create(*, actor, street, name, summary="", stops=(), is_public=False) -> Route:
    """A route with its ordered stops: [{"title", "village", "project"?, "resource"?, "minutes", "text"?}].
    Every stop's village must lie in the route's street."""
    if actor is not None and not OrgUnit.objects.restrict(actor, "view").filter(pk=street.pk).exists():
        raise ValidationError({"street": _("This street is outside your scope.")})
    if actor is not None and not any(
        street.path.startswith(p) for p in get_scope(actor).paths(*REVIEW_ROLES)
    ):
        raise ValidationError(_("Only the street or the district draws visitor routes."))
    if not stops:
        raise ValidationError(_("A route needs at least one stop."))
    for i, stop in enumerate(stops, start=1):
        if not stop["village"].unit.path.startswith(street.path):
            raise ValidationError(
                _("Stop %(n)s (%(village)s) is not in %(street)s.")
                % {"n": i, "village": stop["village"], "street": street}
            )
        if stop.get("minutes", 30) <= 0:
            raise ValidationError(_("Stop %(n)s needs a duration above zero.") % {"n": i})
    with transaction.atomic():
        route = create_object(
            actor=actor,
            instance=Route(street=street, name=name, summary=summary, is_public=is_public),
            audit_fields=ROUTE_AUDIT_FIELDS,
        )
        RouteStop.objects.bulk_create(
            RouteStop(
                route=route,
                position=i,
                title=s["title"],
                village=s["village"],
                project=s.get("project"),
                resource=s.get("resource"),
                minutes=s.get("minutes", 30),
                text=s.get("text", ""),
            )
            for i, s in enumerate(stops, start=1)
        )
        record_change(
            actor=actor,
            action="update",
            obj=route,
            before=None,
            after={**snapshot(route, ROUTE_AUDIT_FIELDS), "stops": [s["title"] for s in stops]},
        )
    return route
