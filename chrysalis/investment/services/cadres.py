"""Writes of cadre records (personnel): the organisation department only, every write audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import require
from chrysalis.core.services import create_object, update_object
from chrysalis.investment.choices import CohortKind, FrontlineKind, PostingKind
from chrysalis.investment.models import (
    Cadre,
    Cohort,
    CohortMember,
    Course,
    CourseAttendance,
    FrontlineAssignment,
    Posting,
    Promotion,
)
from chrysalis.investment.selectors import units_of

M = TypeVar("M", bound=models.Model)


def _create(*, actor, instance: M) -> M:
    """create_object, typed: validate, insert and audit `instance`, returning it."""
    create_object(actor=actor, instance=instance)
    return instance


def _org(actor, unit: OrgUnit) -> None:
    require(
        actor,
        "change",
        unit,
        within=units_of(actor, Role.ORG_DEPARTMENT),
        message=_("Only the organisation department keeps personnel records."),
    )


def _cadre(actor, cadre: Cadre) -> None:
    require(actor, "change", cadre, message=_("Only the organisation department keeps personnel records."))


def _period(start: dt.date, end: dt.date | None) -> None:
    if start is None:
        raise ValidationError({"start": _("Give the start date.")})
    if end is not None and end < start:
        raise ValidationError({"end": _("The end cannot be before the start.")})


def _cohort_ok(cadre: Cadre, cohort: Cohort | None) -> None:
    if cohort is not None and not CohortMember.objects.filter(cohort=cohort, cadre=cadre).exists():
        raise ValidationError(
            {"cohort": _("%(cadre)s is not a member of %(cohort)s.") % {"cadre": cadre, "cohort": cohort}}
        )


def cadre_create(*, actor, user, org_unit: OrgUnit, post: str, employer: str = "") -> Cadre:
    _org(actor, org_unit)
    if Cadre.objects.filter(user=user).exists():
        raise ValidationError({"user": _("%(user)s already has a cadre record.") % {"user": user}})
    return _create(
        actor=actor,
        instance=Cadre(user=user, org_unit=org_unit, post=post.strip(), employer=employer.strip()),
    )


def cohort_create(*, actor, org_unit: OrgUnit, name: str, kind: str, start: dt.date, end: dt.date) -> Cohort:
    _org(actor, org_unit)
    if kind not in CohortKind.values:
        raise ValidationError({"kind": _("Choose the kind of cohort.")})
    _period(start, end)
    return _create(
        actor=actor, instance=Cohort(org_unit=org_unit, name=name.strip(), kind=kind, start=start, end=end)
    )


def cohort_member_add(
    *, actor, cohort: Cohort, cadre: Cadre, joined_on: dt.date | None = None
) -> CohortMember:
    _org(actor, cohort.org_unit)
    _cadre(actor, cadre)
    if CohortMember.objects.filter(cohort=cohort, cadre=cadre).exists():
        raise ValidationError(_("%(cadre)s is already in %(cohort)s.") % {"cadre": cadre, "cohort": cohort})
    return _create(
        actor=actor, instance=CohortMember(cohort=cohort, cadre=cadre, joined_on=joined_on or cohort.start)
    )


def _hours(hours) -> Decimal:
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Give the hours as a number.")}) from None
    if not (Decimal("0") < hours <= Decimal("200")):
        raise ValidationError({"hours": _("A course lasts more than 0 and at most 200 hours.")})
    return hours


def course_create(
    *,
    actor,
    org_unit: OrgUnit,
    title: str,
    date: dt.date,
    hours,
    cohort: Cohort | None = None,
    lecturer: str = "",
    attendees=(),
) -> Course:
    _org(actor, org_unit)
    hours = _hours(hours)
    with transaction.atomic():
        course = _create(
            actor=actor,
            instance=Course(
                org_unit=org_unit,
                cohort=cohort,
                title=title.strip(),
                date=date,
                hours=hours,
                lecturer=lecturer.strip(),
            ),
        )
        CourseAttendance.objects.bulk_create(CourseAttendance(course=course, cadre=c) for c in attendees)
    return course


def posting_add(
    *,
    actor,
    cadre: Cadre,
    kind: str,
    unit: str,
    start: dt.date,
    end: dt.date | None = None,
    cohort: Cohort | None = None,
) -> Posting:
    _cadre(actor, cadre)
    if kind not in PostingKind.values:
        raise ValidationError({"kind": _("Choose the kind of posting.")})
    _period(start, end)
    _cohort_ok(cadre, cohort)
    if not (unit or "").strip():
        raise ValidationError({"unit": _("Give the unit.")})
    return _create(
        actor=actor,
        instance=Posting(cadre=cadre, kind=kind, unit=unit.strip(), start=start, end=end, cohort=cohort),
    )


def frontline_add(
    *,
    actor,
    cadre: Cadre,
    kind: str,
    title: str,
    start: dt.date,
    end: dt.date | None = None,
    cohort: Cohort | None = None,
    project=None,
) -> FrontlineAssignment:
    _cadre(actor, cadre)
    if kind not in FrontlineKind.values:
        raise ValidationError({"kind": _("Choose the kind of front-line work.")})
    _period(start, end)
    _cohort_ok(cadre, cohort)
    return _create(
        actor=actor,
        instance=FrontlineAssignment(
            cadre=cadre, kind=kind, title=title.strip(), start=start, end=end, cohort=cohort, project=project
        ),
    )


def promotion_add(
    *, actor, cadre: Cadre, date: dt.date, new_post: str, note: str = "", cohort: Cohort | None = None
) -> Promotion:
    """Record a promotion; the cadre's current post becomes the new one."""
    _cadre(actor, cadre)
    _cohort_ok(cadre, cohort)
    if not (new_post or "").strip():
        raise ValidationError({"new_post": _("Give the new post.")})
    with transaction.atomic():
        locked = Cadre.objects.select_for_update().get(pk=cadre.pk)
        promo = _create(
            actor=actor,
            instance=Promotion(
                cadre=locked,
                date=date,
                new_post=new_post.strip(),
                previous_post=locked.post,
                note=note.strip(),
                cohort=cohort,
            ),
        )
        before = snapshot(locked)
        locked.post = new_post.strip()
        locked.version = F("version") + 1
        locked.save(update_fields=["post", "version", "updated_at"])
        locked.refresh_from_db()
        record_change(actor=actor, action="update", obj=locked, before=before, after=snapshot(locked))
    return promo


# --- corrections of a cadre's records (organisation department, audited field by field) ---------


def _record(actor, record) -> None:
    """The organisation department of the record's cadre; anyone else: out of scope (404)."""
    require(
        actor,
        "change",
        record,
        message=_("Only the organisation department keeps personnel records."),
    )


def course_update(
    *,
    actor,
    course: Course,
    title: str,
    date: dt.date,
    hours,
    lecturer: str = "",
    attendees=None,
    expected_version: int | None = None,
) -> Course:
    """Correct a course (title, date, hours, lecturer) and, when given, who attended (only members of
    its cohort); the attendance change is audited with the names before and after."""
    _record(actor, course)
    hours = _hours(hours)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the course title.")})
    if date is None:
        raise ValidationError({"date": _("Give the date.")})
    with transaction.atomic():
        saved = update_object(
            actor=actor,
            instance=course,
            changes={"title": title.strip(), "date": date, "hours": hours, "lecturer": lecturer.strip()},
            expected_version=expected_version,
        )
        if attendees is not None:
            wanted = {c.pk: c for c in attendees}
            if course.cohort_id is not None:
                members = set(
                    CohortMember.objects.filter(cohort_id=course.cohort_id).values_list("cadre_id", flat=True)
                )
                outside = [str(c) for pk, c in wanted.items() if pk not in members]
                if outside:
                    raise ValidationError(
                        {
                            "attendees": _("Not members of the cohort: %(names)s.")
                            % {"names": "、".join(outside)}
                        }
                    )
            had = {a.cadre_id: a for a in course.attendances.select_related("cadre__user")}
            if set(had) != set(wanted):
                before = sorted(str(a.cadre) for a in had.values())
                CourseAttendance.objects.filter(course=course).exclude(cadre_id__in=list(wanted)).delete()
                CourseAttendance.objects.bulk_create(
                    CourseAttendance(course=course, cadre=c) for pk, c in wanted.items() if pk not in had
                )
                record_change(
                    actor=actor,
                    action="update",
                    obj=saved,
                    before={"attendees": before},
                    after={"attendees": sorted(str(c) for c in wanted.values())},
                )
    return saved


def posting_update(
    *,
    actor,
    posting: Posting,
    kind: str,
    unit: str,
    start: dt.date,
    end: dt.date | None = None,
    cohort: Cohort | None = None,
) -> Posting:
    """Correct a posting (kind, unit, dates, cohort), e.g. give its end date."""
    _record(actor, posting)
    if kind not in PostingKind.values:
        raise ValidationError({"kind": _("Choose the kind of posting.")})
    _period(start, end)
    _cohort_ok(posting.cadre, cohort)
    if not (unit or "").strip():
        raise ValidationError({"unit": _("Give the unit.")})
    changes = {"kind": kind, "unit": unit.strip(), "start": start, "end": end, "cohort": cohort}
    return update_object(actor=actor, instance=posting, changes=changes)


def frontline_update(
    *,
    actor,
    frontline: FrontlineAssignment,
    kind: str,
    title: str,
    start: dt.date,
    end: dt.date | None = None,
    cohort: Cohort | None = None,
) -> FrontlineAssignment:
    """Correct a front-line assignment (kind, title, dates, cohort)."""
    _record(actor, frontline)
    if kind not in FrontlineKind.values:
        raise ValidationError({"kind": _("Choose the kind of front-line work.")})
    _period(start, end)
    _cohort_ok(frontline.cadre, cohort)
    changes = {"kind": kind, "title": title.strip(), "start": start, "end": end, "cohort": cohort}
    return update_object(actor=actor, instance=frontline, changes=changes)


def promotion_update(
    *,
    actor,
    promotion: Promotion,
    date: dt.date,
    new_post: str,
    note: str = "",
    cohort: Cohort | None = None,
) -> Promotion:
    """Correct a promotion. When it is the cadre's latest, the cadre's current post follows the
    corrected new post (both changes audited)."""
    _record(actor, promotion)
    _cohort_ok(promotion.cadre, cohort)
    if not (new_post or "").strip():
        raise ValidationError({"new_post": _("Give the new post.")})
    if date is None:
        raise ValidationError({"date": _("Give the date.")})
    with transaction.atomic():
        locked = Cadre.objects.select_for_update().get(pk=promotion.cadre_id)
        saved = update_object(
            actor=actor,
            instance=promotion,
            changes={"date": date, "new_post": new_post.strip(), "note": note.strip(), "cohort": cohort},
        )
        latest = locked.promotions.order_by("-date", "-pk").first()
        if latest is not None and latest.new_post != locked.post:
            before = snapshot(locked)
            locked.post = latest.new_post
            locked.version = F("version") + 1
            locked.save(update_fields=["post", "version", "updated_at"])
            locked.refresh_from_db()
            record_change(actor=actor, action="update", obj=locked, before=before, after=snapshot(locked))
    return saved


def personnel_export_audit(*, actor, what: str, count: int, reason: str, query: str = "") -> None:
    """Personnel exports need a reason; the audit row keeps it with what was exported."""
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Exporting personnel records needs a reason; it is kept in the audit log.")}
        )
    record_change(
        actor=actor,
        action="export",
        obj=None,
        object_repr=f"{what}: {count}",
        after={"query": query},
        reason=reason.strip(),
    )
