"""Cadre development records (personnel: organisation department and the cadre themselves only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.investment.choices import CohortKind, FrontlineKind, PostingKind
from chrysalis.investment.models.scopes import ORG, personnel_q


class Cadre(VersionedModel):
    """A young cadre's personnel record (one per person), anchored at the unit that employs them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cadre", verbose_name=_("person")
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    post = models.CharField(_("current post"), max_length=80)
    employer = models.CharField(_("employing body"), max_length=80, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["user__display_name", "pk"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("investment:cadre_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        org = scope.q_org("org_unit__path", ORG)
        if action == "view":
            return any_of(org, Q(user_id=scope.user_id))
        if action in {"add", "change", "export"}:
            return org
        return None


class Cohort(VersionedModel):
    """A training cohort: a year of 青尚学堂, a two-year 鲲鹏班."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organised by")
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=CohortKind.choices)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    members = models.ManyToManyField(
        Cadre, through="CohortMember", related_name="cohorts", verbose_name=_("cohort members")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "name"], name="inv_cohort_name_once"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="inv_cohort_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("investment:cohort_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        org = scope.q_org("org_unit__path", ORG)
        if action == "view":
            mine = CohortMember.objects.filter(cadre__user_id=scope.user_id).values("cohort_id")
            return any_of(org, Q(pk__in=mine))
        if action in {"add", "change", "export"}:
            return org
        return None


class PersonnelRecord(models.Model):
    """Base of the rows of a cadre's record; scoped through the cadre."""

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("investment:cadre_detail", args=[self.cadre_id])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return personnel_q(scope, action, "cadre")


class CohortMember(PersonnelRecord):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="cohort_memberships", verbose_name=_("cadre")
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        ordering = ["cohort", "cadre"]
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        constraints = [models.UniqueConstraint(fields=["cohort", "cadre"], name="inv_cohortmember_once")]

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.cohort}"


class Course(VersionedModel):
    """A professional course (专业化授课) with its hours; attendance kept per cadre."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organised by")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("cohort"),
    )
    title = models.CharField(_("title"), max_length=120)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    lecturer = models.CharField(_("lecturer"), max_length=60, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=200), name="inv_course_hours")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.cohort_id:
            return reverse("investment:cohort_detail", args=[self.cohort_id])
        return reverse("investment:cohort_list")

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        org = scope.q_org("org_unit__path", ORG)
        if action == "view":
            mine = CourseAttendance.objects.filter(cadre__user_id=scope.user_id).values("course_id")
            return any_of(org, Q(pk__in=mine))
        if action in {"add", "change", "export"}:
            return org
        return None


class CourseAttendance(PersonnelRecord):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("course")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="courses", verbose_name=_("cadre")
    )

    class Meta:
        ordering = ["course", "cadre"]
        verbose_name = _("course attended")
        verbose_name_plural = _("courses attended")
        constraints = [models.UniqueConstraint(fields=["course", "cadre"], name="inv_attendance_once")]

    def __str__(self) -> str:
        return f"{self.cadre}: {self.course}"


class Posting(PersonnelRecord):
    """上挂 / 下派 / 交叉轮岗 / 跟岗锻炼 / 项目领办 at a unit for a period."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="postings", verbose_name=_("cadre")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("cohort"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PostingKind.choices)
    unit = models.CharField(_("unit"), max_length=80)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["cadre", "-start"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="inv_posting_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit}"


class FrontlineAssignment(PersonnelRecord):
    """Front-line work (a major project, event support): counted as person-times for the cohort."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="frontline", verbose_name=_("cadre")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="frontline",
        verbose_name=_("cohort"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FrontlineKind.choices)
    title = models.CharField(_("assignment"), max_length=120)
    project = models.ForeignKey(
        "investment.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["cadre", "-start"]
        verbose_name = _("front-line assignment")
        verbose_name_plural = _("front-line assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="inv_frontline_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Promotion(PersonnelRecord):
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="promotions", verbose_name=_("cadre")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotions",
        verbose_name=_("cohort"),
    )
    date = models.DateField(_("date"))
    new_post = models.CharField(_("new post"), max_length=80)
    previous_post = models.CharField(_("previous post"), max_length=80, blank=True)
    note = models.CharField(_("proven on"), max_length=200, blank=True)

    class Meta:
        ordering = ["cadre", "-date"]
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def __str__(self) -> str:
        return f"{self.date} {self.new_post}"
