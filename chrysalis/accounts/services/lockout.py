"""Login lockout (django-axes, per account): who is locked now, the audited unlock, the audit row
written when a lockout happens, and the minutes the lockout message shows."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import RoleAssignment, User
from chrysalis.accounts.scopes import get_scope
from chrysalis.accounts.services.users import require_second_factor, users_secured_by
from chrysalis.audit.services import record_change
from chrysalis.core.exceptions import NotPermitted


def lockout_minutes() -> int:
    """The cool-off period in whole minutes, as configured (CHRYSALIS_LOCKOUT_MINUTES)."""
    cooloff = settings.AXES_COOLOFF_TIME
    if isinstance(cooloff, dt.timedelta):
        seconds = cooloff.total_seconds()
    else:  # axes also accepts a number of hours
        seconds = float(cooloff) * 3600
    return max(1, round(seconds / 60))


def _locked_attempts():
    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        qs = qs.filter(attempt_time__gte=timezone.now() - cooloff)
    return qs


def locked_usernames() -> set[str]:
    return set(_locked_attempts().values_list("username", flat=True))


def enterprise_users_secured_by(actor: User):
    """Enterprise users (no home unit) whom `actor` reaches as security administrator: those who
    represent a firm whose grid lies where the actor holds that role. They belong to no unit of the
    organisation tree, so without this nobody could unlock them."""
    q = get_scope(actor).q_org("enterprise__org_unit__path", Role.SECURITY_ADMIN)
    if q is None:
        return User.objects.none()
    links = RoleAssignment.objects.filter(q, role=Role.ENTERPRISE_USER.value).values("user_id")
    return User.objects.filter(home_unit__isnull=True, pk__in=links)


def unlockable_by(actor: User):
    """People whose lockout `actor` may clear: their reach as security administrator (home unit),
    plus the enterprise users of firms in that reach."""
    staff = users_secured_by(actor).values("pk")
    firms = enterprise_users_secured_by(actor).values("pk")
    return User.objects.filter(Q(pk__in=staff) | Q(pk__in=firms))


def locked_users(actor: User) -> list[User]:
    """People whose lockout `actor` may clear (`unlockable_by`) and whose account is locked now, each
    with `locked_at` (the last failed attempt) and `firms` (the firms an enterprise user represents)."""
    last: dict[str, dt.datetime] = {}
    for username, at in _locked_attempts().values_list("username", "attempt_time"):
        last[username] = max(at, last.get(username, at))
    people = list(
        unlockable_by(actor).filter(username__in=list(last)).select_related("home_unit").order_by("username")
    )
    firms: dict[int, list[str]] = {}
    links = RoleAssignment.objects.filter(
        user__in=[p.pk for p in people if p.home_unit_id is None],
        role=Role.ENTERPRISE_USER.value,
        enterprise__isnull=False,
    ).order_by("enterprise__name")
    for user_id, name in links.values_list("user_id", "enterprise__name"):
        firms.setdefault(user_id, []).append(name)
    for person in people:
        person.locked_at = last[person.username]
        person.firms = firms.get(person.pk, [])
    return people


def unlock(*, actor: User | None, user: User) -> int:
    """Clear `user`'s failed attempts so they may log in again; audited. Returns the rows removed."""
    if actor is not None:
        require_second_factor(actor)
        if actor.pk == user.pk:
            raise NotPermitted(_("Nobody administers their own account: ask the security administrator."))
        if not unlockable_by(actor).filter(pk=user.pk).exists():
            raise NotPermitted(_("This is outside your scope."))
    if user.username not in locked_usernames():
        raise ValidationError(_("This account is not locked."))
    removed = reset(username=user.username)
    record_change(
        actor=actor,
        action="update",
        obj=user,
        before={"locked": True},
        after={"locked": False},
        reason="account unlocked",
    )
    return removed


def record_lockout(username: str) -> None:
    """The audit row of a lockout that has just happened (the attempt that reached the limit)."""
    user = User.objects.filter(username=username).first()
    record_change(
        actor=None,
        action="locked_out",
        obj=user,
        object_repr=username[:64] if user is None else None,
        reason=f"{settings.AXES_FAILURE_LIMIT} failed logins; locked for {lockout_minutes()} minutes",
    )
