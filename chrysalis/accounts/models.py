"""Users, the organisation tree, departments, teams and role assignments."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import DepartmentKind, OrgUnitKind, Role, TeamKind, TeamRole
from chrysalis.core.models import TimeStampedModel, VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of, path_prefixes


class RestrictedUserManager(UserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who logs in. Staff roles and scope come from RoleAssignment rows."""

    display_name = models.CharField(_("name"), max_length=60, blank=True)
    title = models.CharField(_("position"), max_length=60, blank=True)
    home_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home unit"),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.display_name or self.username

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        # Everyone sees themselves; administrators see people whose home unit is in their reach.
        own = Q(pk=scope.user_id)
        if action in {"view", "export"}:
            reach = scope.q_org(
                "home_unit__path", Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR
            )
            return any_of(own, reach)
        if action in {"add", "change", "manage"}:
            return scope.q_org("home_unit__path", Role.SYSTEM_ADMIN)
        return None


class OrgUnit(VersionedModel):
    """A node of the organisation tree: district → zone / street → community → grid."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    name = models.CharField(_("name"), max_length=80)
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Administrative or internal code, unique.")
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="accounts_orgunit_unique_name_per_parent")
        ]

    def get_absolute_url(self) -> str:
        return reverse("accounts:orgunit_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return scope.q_org("path")
        if action in {"add", "change"}:
            return scope.q_org("path", Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN)
        return None

    def ancestors(self) -> models.QuerySet[OrgUnit]:
        prefixes = path_prefixes(self.path, include_self=False)
        return OrgUnit.objects.filter(path__in=prefixes).order_by("path")

    def descendants(self, include_self: bool = False) -> models.QuerySet[OrgUnit]:
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    @property
    def indent(self) -> range:
        return range(self.depth)


class Department(VersionedModel):
    """A government department (委办局) that handles enterprise requests."""

    district = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="departments", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DepartmentKind.choices)
    name = models.CharField(_("name"), max_length=80)
    code = models.CharField(_("code"), max_length=32, unique=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["district__path", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="accounts_department_unique_name")
        ]

    def get_absolute_url(self) -> str:
        return reverse("accounts:department_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            # Every staff member in the district sees its departments (they dispatch requests to them).
            ids = scope.departments()
            return any_of(
                scope.q_org("district__path"),
                scope.q_within("district__path"),
                Q(pk__in=ids) if ids else None,
            )
        if action in {"add", "change"}:
            return scope.q_org("district__path", Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN)
        return None


class Team(VersionedModel):
    """A service team (助企小分队), task force (突击队), training cohort or village team."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation unit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    name = models.CharField(_("name"), max_length=80)
    direction = models.CharField(
        _("direction"), max_length=80, blank=True, help_text=_("e.g. 总部经济, 未来产业, 金融基金, 时尚产业")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["org_unit__path", "kind", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="accounts_team_unique_name")]

    def get_absolute_url(self) -> str:
        return reverse("accounts:team_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            ids = scope.teams()
            return any_of(scope.q_org("org_unit__path"), Q(pk__in=ids) if ids else None)
        if action in {"add", "change"}:
            return scope.q_org("org_unit__path", Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN)
        return None


class TeamMembership(TimeStampedModel):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role in team"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["team", "-role", "user__username"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="accounts_teammembership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        team_q = Team.scope_q(scope, action)
        if team_q is None:
            return None
        return Q(team__in=Team.objects.filter(team_q))


class RoleAssignment(TimeStampedModel):
    """A role held by a person on one target: an org unit (subtree), a department or a team."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation unit"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("team"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user_roles",
        verbose_name=_("enterprise"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit", "department", "team"],
                name="accounts_roleassignment_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(org_unit__isnull=False, department__isnull=True, team__isnull=True)
                    | Q(org_unit__isnull=True, department__isnull=False, team__isnull=True)
                    | Q(org_unit__isnull=True, department__isnull=True, team__isnull=False)
                    | Q(
                        role=Role.ENTERPRISE_USER,
                        org_unit__isnull=True,
                        department__isnull=True,
                        team__isnull=True,
                    )
                ),
                name="accounts_roleassignment_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.target}"

    @property
    def target(self):
        return self.org_unit or self.department or self.team or ""

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return any_of(
                Q(user_id=scope.user_id),
                scope.q_org("user__home_unit__path", Role.SECURITY_ADMIN, Role.AUDITOR, Role.DISTRICT_ADMIN),
            )
        if action in {"add", "change", "delete"}:
            return scope.q_org("user__home_unit__path", Role.SECURITY_ADMIN)
        return None


# Personal API tokens live in their own module (chrysalis.accounts.tokens).
from chrysalis.accounts.tokens import ApiToken, ApiTokenPermit  # noqa: E402,F401
