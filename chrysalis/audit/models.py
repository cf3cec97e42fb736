"""Append-only audit trail: change records and domain events.

Rows are written by service functions (never signals). Nothing in the application updates or
deletes them: `save()` refuses an update, `delete()` refuses, and the queryset's bulk `update` and
`delete` refuse too. On PostgreSQL triggers also reject UPDATE, DELETE and TRUNCATE at the
database. Every row is sealed into a hash chain when it is inserted (`chrysalis.audit.chain`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chrysalis.audit import chain
from chrysalis.audit.choices import AuditAction
from chrysalis.core.extensions import scope_for


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows are append-only")

    def delete(self):
        raise AppendOnlyError("audit rows are append-only")

    def restrict(self, user, action: str = "view"):
        if (
            action not in {"view", "export"}
            or user is None
            or not getattr(user, "is_authenticated", False)
            or not user.is_active
        ):
            return self.none()
        return self if scope_for(user).has("auditor") else self.none()


class AppendOnlyModel(models.Model):
    chain_seq = models.BigIntegerField(_("chain position"), unique=True, null=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, default="", editable=False)
    row_hash = models.CharField(_("hash"), max_length=64, default="", editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("audit rows are append-only")
        chain.prepare(self)
        super().save(*args, **kwargs)
        chain.seal_after_commit(type(self))

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows are append-only")


class ChangeRecord(AppendOnlyModel):
    time = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_repr = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    source = models.CharField(_("path"), max_length=20)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    job_id = models.CharField(_("job id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=~Q(actor_repr=""), name="audit_changerecord_actor_named")
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.actor_repr} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    def changed_fields_labelled(self) -> list[tuple[str, object, object]]:
        """changed_fields() with each field's name in words and coded values (choices, yes/no) as
        the pages show them (for the detail page)."""
        return [
            (
                field_label(self.content_type, k),
                value_label(self.content_type, k, b),
                value_label(self.content_type, k, a),
            )
            for k, b, a in self.changed_fields()
        ]

    @property
    def content_type_label(self) -> str:
        return content_type_label(self.content_type)

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))


# The path a change came by, in words (core.actor's sources).
SOURCE_LABELS = {
    "request": _("web page"),
    "api": _("API"),
    "command": _("management command"),
    "job": _("background job"),
    "system": _("system"),
}


def content_type_label(ct: ContentType | None) -> str:
    """The object type in words: the model's (translated) name, without the app's."""
    if ct is None:
        return ""
    model = ct.model_class()
    # gettext again: some libraries name their models without marking the name for translation
    return gettext(str(model._meta.verbose_name)) if model is not None else ct.model


def named_content_types():
    """The object types a user can pick in the audit log's filter: models that carry a name
    (internal summary tables without one are never audited)."""
    ids = [
        ct.pk
        for ct in ContentType.objects.all()
        if (model := ct.model_class()) is not None and "verbose_name" in model._meta.original_attrs
    ]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def field_label(ct: ContentType | None, name: str) -> str:
    """A recorded field's name in words (its verbose name); the name itself when the model has no
    such field any more."""
    model = ct.model_class() if ct is not None else None
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed, or a computed key
        return name


def value_label(ct: ContentType | None, name: str, value: object) -> object:
    """A recorded value as the pages show it: a choice's label, 是/否 for a yes/no field."""
    model = ct.model_class() if ct is not None else None
    if model is None or value is None:
        return value
    try:
        field = model._meta.get_field(name)
    except Exception:
        return value
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return value


class DomainEvent(AppendOnlyModel):
    """A business fact worth keeping beside the row changes (e.g. 'request.escalated')."""

    time = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    name = models.CharField(_("event"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_repr = models.CharField(_("actor"), max_length=150)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    source = models.CharField(_("path"), max_length=20)
    request_id = models.CharField(max_length=64, blank=True)
    job_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")

    def __str__(self) -> str:
        return f"{self.name} @ {self.time:%Y-%m-%d %H:%M}"


class ChainHead(models.Model):
    """The last position and hash of each audit chain; its row is the lock writers queue on."""

    chain = models.CharField(max_length=40, primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.hash[:12]}"
