"""Base models and mixins shared by every domain app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chrysalis.core.querysets import RestrictedManager, SoftDeleteManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Optimistic locking: edit forms carry `version`; a stale save is refused (see core.services)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RestrictedManager()

    class Meta:
        abstract = True


class SoftDeleteModel(models.Model):
    """Soft delete and restore (security checklist D-06), the one mechanism of the project.

    Inherit it *before* `VersionedModel` (`class Award(EnterpriseChild, SoftDeleteModel,
    VersionedModel)`): `objects` (the default manager, and so every reverse relation, prefetch,
    `restrict()`, `may()`, total and export) hides deleted rows; `all_objects` includes them and is
    read only by the recycle bin (`core.views_recycle`) and the retention purge. Rows are deleted and
    restored only through `core.services.soft_delete` / `restore` (reason required, audited).
    """

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("deleted by"),
    )
    delete_reason = models.TextField(_("reason for deletion"), blank=True, editable=False)

    objects = SoftDeleteManager()
    all_objects = RestrictedManager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
