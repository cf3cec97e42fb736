"""Accounts and role grants, with separation of duties (三权分立)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from chrysalis.accounts.choices import INCOMPATIBLE_ROLES, PRIVILEGED_ROLES, ROLE_TARGET, Role
from chrysalis.accounts.models import Department, OrgUnit, RoleAssignment, Team, User
from chrysalis.accounts.scopes import clear_scope_cache, get_scope
from chrysalis.accounts.services.sessions import end_sessions
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.permissions import require, require_visible
from chrysalis.core.services import update_object

USER_AUDIT_FIELDS = ("username", "display_name", "title", "email", "home_unit", "is_active", "is_superuser")


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    display_name: str = "",
    title: str = "",
    email: str = "",
    home_unit: OrgUnit | None = None,
) -> User:
    with transaction.atomic():
        if actor is not None:
            require_second_factor(actor)
            require(actor, "add", home_unit, within=OrgUnit.objects.filter(pk__in=_system_admin_units(actor)))
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("This user name is already taken.")})
        user = User(
            username=username, display_name=display_name, title=title, email=email, home_unit=home_unit
        )
        validate_password(password, user)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.full_clean(exclude=["password"])
        user.save()
        record_change(
            actor=actor, action="create", obj=user, before=None, after=snapshot(user, USER_AUDIT_FIELDS)
        )
    return user


def _system_admin_units(actor: User):

    scope = get_scope(actor)
    q = scope.q_org("path", Role.SYSTEM_ADMIN)
    return OrgUnit.objects.filter(q).values("pk") if q is not None else OrgUnit.objects.none().values("pk")


def user_update(*, actor: User | None, user: User, expected_version: int | None, **changes) -> User:
    allowed = {"display_name", "title", "email", "home_unit", "is_active"}
    if set(changes) - allowed:
        raise ValidationError(
            _("These fields cannot be changed: %s") % ", ".join(sorted(set(changes) - allowed))
        )
    if actor is not None:
        require_second_factor(actor)
        require(actor, "change", user)
        if changes.get("is_active") is False and user.pk == actor.pk:
            raise ValidationError(_("You cannot deactivate your own account."))
        if is_privileged(user) and any(
            changes[f] != getattr(user, f) for f in ("is_active", "home_unit") if f in changes
        ):
            raise NotPermitted(str(PRIVILEGED_MESSAGE))
        if "home_unit" in changes:
            require(
                actor,
                "change",
                changes["home_unit"],
                within=OrgUnit.objects.filter(pk__in=_system_admin_units(actor)),
            )
    return update_object(
        actor=actor,
        instance=user,
        changes=changes,
        expected_version=expected_version,
        audit_fields=USER_AUDIT_FIELDS,
    )


def user_set_password(*, actor: User | None, user: User, password: str) -> None:
    """Set a password. Set by someone else (a reset), it must be changed at the next login."""
    with transaction.atomic():
        reset = actor is not None and actor.pk != user.pk
        if reset:
            require_account_administrator(actor, user)
        validate_password(password, user)
        if not reset and user.check_password(password):
            raise ValidationError({"new_password1": _("The new password must differ from the current one.")})
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.must_change_password = reset
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        # A reset ends every session the person has open (their own change keeps the session it is
        # made in; Django's password hash check ends their other sessions at the next request).
        ended = end_sessions(user) if reset else 0
        record_change(
            actor=actor,
            action="update",
            obj=user,
            before=None,
            after={"password": "***", **({"sessions_ended": ended} if reset else {})},
            reason="password reset" if reset else "password changed",
        )


def password_expired(user: User) -> bool:
    """True when the user must choose a new password now (reset by an administrator, or too old)."""
    if user.must_change_password:
        return True
    max_age = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 0)
    if not max_age or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > dt.timedelta(days=max_age)


def role_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    org_unit: OrgUnit | None = None,
    department: Department | None = None,
    team: Team | None = None,
    enterprise=None,
) -> RoleAssignment:
    """Grant `role` to `user` on one target. Enforces separation of duties (三权分立)."""
    role = Role(role)
    target_kind = ROLE_TARGET[role]
    targets = {"org_unit": org_unit, "department": department, "team": team, "enterprise": enterprise}
    given = [k for k, v in targets.items() if v is not None]
    if given != [target_kind]:
        raise ValidationError(
            _("The role %(role)s is granted on exactly one %(target)s.")
            % {"role": role.label, "target": target_kind}
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if actor is not None:
            if actor.pk == locked.pk:
                raise PermissionDenied(_("Nobody can grant a role to themselves."))
            require_second_factor(actor)
            require(actor, "change", locked, within=users_secured_by(actor))
        check_role_compatibility(locked, role)
        if settings.PRODUCTION and locked.is_superuser:
            raise ValidationError(_("Superuser accounts are not allowed in production."))
        extra = {"enterprise": enterprise} if enterprise is not None else {}
        if RoleAssignment.objects.filter(
            user=locked, role=role, org_unit=org_unit, department=department, team=team, **extra
        ).exists():
            raise ValidationError(_("This person already holds this role there."))
        assignment = RoleAssignment(
            user=locked,
            role=role,
            org_unit=org_unit,
            department=department,
            team=team,
            granted_by=actor,
            **extra,
        )
        assignment.save()
        record_change(actor=actor, action="grant", obj=assignment, before=None, after=snapshot(assignment))
    clear_scope_cache(user)
    return assignment


def role_revoke(*, actor: User | None, assignment: RoleAssignment, reason: str = "") -> None:
    with transaction.atomic():
        if actor is not None:
            require_second_factor(actor)
            require(actor, "delete", assignment)
            if assignment.user_id == actor.pk:
                raise PermissionDenied(_("Nobody can revoke their own role."))
        record_change(
            actor=actor,
            action="revoke",
            obj=assignment,
            before=snapshot(assignment),
            after=None,
            reason=reason,
        )
        assignment.delete()
    clear_scope_cache(assignment.user)


def _scope(actor: User):

    return get_scope(actor)


def users_secured_by(actor: User):
    """People whose roles and second factor `actor` manages as security administrator (their home
    unit lies where the actor holds that role). The queryset to pass as `within=` to
    `core.permissions.require`/`may` for grants, revocations and two-factor resets."""
    q = _scope(actor).q_org("home_unit__path", Role.SECURITY_ADMIN)
    return User.objects.filter(q) if q is not None else User.objects.none()


# --- 三权分立 for accounts (issue 13, High 1) ----------------------------------------------------------

PRIVILEGED_MESSAGE = gettext_lazy(
    "The account of a system administrator, security administrator, auditor or district administrator "
    "is administered by the security administrator."
)


def check_role_compatibility(user: User, role: str) -> None:
    """Refuse `role` for `user` when it is incompatible with a role they hold (choices.INCOMPATIBLE_ROLES).
    Raises a ValidationError naming both roles and the rule; writes nothing."""
    role = Role(role)
    held = sorted(set(user.role_assignments.exclude(role=role).values_list("role", flat=True)))
    for other in held:
        reason = INCOMPATIBLE_ROLES.get((role.value, other))
        if reason is not None:
            raise ValidationError(
                _("Separation of duties: %(new)s cannot be held together with %(held)s (%(reason)s).")
                % {"new": role.label, "held": Role(other).label, "reason": reason},
                code="incompatible_roles",
            )


def is_privileged(user: User) -> bool:
    """Holder of a role in PRIVILEGED_ROLES: the three powers or a district/zone administrator."""
    return RoleAssignment.objects.filter(user=user, role__in=[r.value for r in PRIVILEGED_ROLES]).exists()


def users_administered_by(actor: User):
    """Accounts whose password `actor` may reset and whom they may (de)activate: ordinary accounts in
    their reach as system administrator; privileged accounts (see is_privileged) in their reach as
    security administrator; never their own."""
    privileged = RoleAssignment.objects.filter(role__in=[r.value for r in PRIVILEGED_ROLES]).values("user_id")
    ordinary = User.objects.restrict(actor, "change").exclude(pk__in=privileged)
    secured = users_secured_by(actor).filter(pk__in=privileged)
    return User.objects.filter(Q(pk__in=ordinary.values("pk")) | Q(pk__in=secured.values("pk"))).exclude(
        pk=actor.pk
    )


def require_account_administrator(actor: User | None, user: User) -> None:
    """Raise unless `actor` may administer `user`'s account (password reset, deactivation): OutOfScope
    (404) for a person they cannot see, NotPermitted with the reason otherwise."""
    if actor is None:
        return
    require_second_factor(actor)
    if actor.pk == user.pk:
        raise NotPermitted(_("Nobody administers their own account: ask the security administrator."))
    require_visible(actor, user)
    if not users_administered_by(actor).filter(pk=user.pk).exists():
        raise NotPermitted(
            str(PRIVILEGED_MESSAGE) if is_privileged(user) else _("This is outside your scope.")
        )


def user_set_active(*, actor: User | None, user: User, active: bool, reason: str) -> User:
    """Deactivate or reactivate an account, audited with the reason. A deactivation ends the person's
    open sessions at once (services.sessions; Django would also refuse the inactive user when it
    loads the session)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        require_account_administrator(actor, locked)
        if locked.is_active == active:
            raise ValidationError(
                _("The account is already active.") if active else _("The account is already deactivated.")
            )
        before = snapshot(locked, ("is_active",))
        locked.is_active = active
        locked.version += 1
        locked.save(update_fields=["is_active", "version"])
        after = snapshot(locked, ("is_active",))
        if not active:
            after["sessions_ended"] = end_sessions(locked)
        record_change(actor=actor, action="update", obj=locked, before=before, after=after, reason=reason)
    return locked


def two_factor_reset(*, actor: User | None, user: User) -> int:
    """Clear `user`'s TOTP devices (a lost phone): they enrol again at their next login, and every
    session they have open ends now (security checklist A-04). Only the security administrator in
    reach, never for oneself; audited. Returns the number of devices removed."""
    with transaction.atomic():
        if actor is not None:
            require_second_factor(actor)
            if actor.pk == user.pk:
                raise NotPermitted(_("Nobody administers their own account: ask the security administrator."))
            require(actor, "change", user, within=users_secured_by(actor))
        devices = TOTPDevice.objects.filter(user=user)
        count = devices.count()
        devices.delete()
        ended = end_sessions(user)
        record_change(
            actor=actor,
            action="update",
            obj=user,
            before={"two_factor": count},
            after={"two_factor": 0, "sessions_ended": ended},
            reason="two-factor reset",
        )
    return count


def require_second_factor(actor: User | None) -> None:
    """Refuse a privileged action (account, role or two-factor administration) in production until the
    actor has verified a second factor in this session."""
    if actor is None or not settings.PRODUCTION:
        return
    if not getattr(actor, "is_verified", lambda: False)():
        raise NotPermitted(_("Set up and verify two-factor login before administering accounts or roles."))
