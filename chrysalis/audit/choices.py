"""The audit vocabulary: every action a change record may carry and every domain event name.

Both are closed lists, validated on write (`record_change` / `record_event` refuse anything else),
so the audit log can be filtered and read without guessing spellings. A new module adds its
domain events here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    RESTORE = "restore", _("restored")
    TRANSITION = "transition", _("state change")  # a workflow move; after["event"] names the event
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("login failed")
    LOGOUT = "logout", _("logged out")
    LOCKED_OUT = "locked_out", _("locked out")
    GRANT = "grant", _("role granted")
    REVOKE = "revoke", _("role revoked")
    UNMASK = "unmask", _("personal data revealed")
    EXPORT = "export", _("exported")
    IMPORT = "import", _("imported")


class DomainEventName(models.TextChoices):
    """Business facts recorded beside the row changes (`DomainEvent.name`)."""

    SUPPORT_TICK = "support.tick", _("request deadlines checked")
