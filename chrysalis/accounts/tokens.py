"""Personal API tokens: named, expiring, revocable, optionally read-only; only a hash is stored.

A token is `chr_<key>_<secret>`: `key` (8 characters, stored and shown in the list) finds the row,
the SHA-256 of the whole token is compared in constant time. The secret is shown once, when the
token is made. A token acts as its owner: the API's querysets are `restrict(owner, …)`, so a token
reaches exactly what its owner reaches (read-only tokens refuse every write with 403).

A token is refused (401, as if unknown) when it is revoked or expired, when its owner is inactive,
locked out or must change their password, and when the owner holds a privileged role (system
administrator, security administrator, auditor) without the security administrator's permission
for that account (`ApiTokenPermit`). Making, revoking and permitting are audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import SEPARATED_ROLES, Role
from chrysalis.accounts.models import User  # models.py imports this module at its end
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change

PREFIX = "chr_"
LIFETIMES = (7, 30, 90, 180, 365)  # days a new token may live
MAX_TOKENS = 10  # live tokens per person


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=60)
    key = models.CharField(_("key"), max_length=8, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({PREFIX}{self.key}_…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiTokenPermit(models.Model):
    """The security administrator's permission for one privileged account to use API tokens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token_permit"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API token permission")

    def __str__(self) -> str:
        return str(self.user)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def is_privileged(user) -> bool:
    return user.role_assignments.filter(role__in=SEPARATED_ROLES).exists()


def is_locked_out(user) -> bool:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        username=user.get_username(),
        attempt_time__gte=since,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    ).exists()


def refusal(user) -> str | None:
    """Why `user` may not make or use API tokens now (None: they may)."""
    if not user.is_active:
        return str(_("This account is inactive."))
    if getattr(user, "must_change_password", False):
        return str(_("Change your password before using API tokens."))
    if is_locked_out(user):
        return str(_("This account is locked after too many failed logins."))
    if is_privileged(user) and not ApiTokenPermit.objects.filter(user=user).exists():
        return str(
            _(
                "Accounts with a system administration, security administration or audit role may use "
                "API tokens only with the security administrator's permission."
            )
        )
    return None


@transaction.atomic
def token_create(*, actor, name: str, days: int, read_only: bool = False) -> tuple[ApiToken, str]:
    """Make a token for `actor` (only for oneself). Returns the token and its secret, shown once."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. the program that will use it.")]
    elif len(name) > 60:
        errors["name"] = [_("At most 60 characters.")]
    if days not in LIFETIMES:
        errors["days"] = [_("Choose one of the offered lifetimes.")]
    if errors:
        raise ValidationError(errors)
    why = refusal(actor)
    if why:
        raise PermissionDenied(why)
    live = actor.api_tokens.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count()
    if live >= MAX_TOKENS:
        raise ValidationError({"name": [_("Revoke a token first: at most 10 may be live at once.")]})
    key = secrets.token_hex(4)
    while ApiToken.objects.filter(key=key).exists():
        key = secrets.token_hex(4)
    raw = f"{PREFIX}{key}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        key=key,
        digest=_digest(raw),
        read_only=read_only,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        after={"name": name, "key": key, "read_only": read_only, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of `actor`'s own tokens (a security administrator may revoke anyone's in scope)."""
    if token.user_id != actor.pk and not _is_security_admin_over(actor, token.user):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=token,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at.isoformat()},
            reason=str(_("API token revoked")),
        )
    return token


def _is_security_admin_over(actor, user) -> bool:
    return (
        actor.pk != user.pk
        and actor.role_assignments.filter(role=Role.SECURITY_ADMIN).exists()
        and User.objects.restrict(actor, "view").filter(pk=user.pk).exists()
    )


@transaction.atomic
def token_permit_set(*, actor, user, allowed: bool) -> None:
    """The security administrator allows (or stops) API tokens for a privileged account; stopping
    revokes that account's live tokens. Never for oneself."""
    if not _is_security_admin_over(actor, user):
        raise PermissionDenied(_("Only the security administrator decides this, and never for oneself."))
    if allowed:
        _permit, made = ApiTokenPermit.objects.get_or_create(user=user, defaults={"granted_by": actor})
        if made:
            record_change(actor=actor, action=AuditAction.GRANT, obj=user, after={"api_tokens": True})
        return
    if ApiTokenPermit.objects.filter(user=user).delete()[0]:
        record_change(actor=actor, action=AuditAction.REVOKE, obj=user, after={"api_tokens": False})
        for token in user.api_tokens.filter(revoked_at__isnull=True):
            token_revoke(actor=actor, token=token)


def authenticate_token(raw: str):
    """The (user, token) a raw token stands for, or None. Updates last use at most once a minute."""
    if not raw.startswith(PREFIX) or len(raw) > 120:
        return None
    key = raw[len(PREFIX) : len(PREFIX) + 8]
    token = ApiToken.objects.select_related("user").filter(key=key).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if not token.is_live or refusal(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
