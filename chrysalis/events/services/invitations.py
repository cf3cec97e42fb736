"""Invitations built from data: a registry filter or a pool selection, plus "no visit since" —
e.g. "all firms at stage 重点培育 in zone A", "规上 firms without a visit this quarter". The
invited firms' users get an in-app notification."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change
from chrysalis.cultivation.filtersets import PoolEntryFilterSet
from chrysalis.cultivation.models import PoolEntry
from chrysalis.enterprises.filtersets import EnterpriseFilterSet
from chrysalis.enterprises.models import Enterprise
from chrysalis.events.models import Event, Invitation
from chrysalis.events.services.common import real_actor, require_event
from chrysalis.events.services.notifications import notify_many
from chrysalis.support.models import Visit

SOURCES = ("registry", "pool")
MAX_INVITES = 5000


def select_enterprises(
    *, actor, source: str, params: QueryDict | dict, no_visit_since: dt.date | None = None
):
    """The firms a registry filter or a pool selection yields, within the actor's scope."""
    if source not in SOURCES:
        raise ValidationError({"source": _("Choose the registry or the cultivation pool.")})
    data = params if isinstance(params, QueryDict) else _querydict(params)
    request = SimpleNamespace(user=actor, GET=data)
    if source == "registry":
        fs = EnterpriseFilterSet(data, queryset=Enterprise.objects.restrict(actor, "view"), request=request)
        if not fs.is_valid():
            raise ValidationError(_("The registry filter is not valid: %(errors)s") % {"errors": _errors(fs)})
        qs = fs.qs
    else:
        data = data.copy()
        data.pop("moved", None)
        fs = PoolEntryFilterSet(data, queryset=PoolEntry.objects.restrict(actor, "view"), request=request)
        if not fs.is_valid():
            raise ValidationError(_("The pool selection is not valid: %(errors)s") % {"errors": _errors(fs)})
        qs = Enterprise.objects.restrict(actor, "view").filter(pk__in=fs.qs.values("enterprise_id"))
    if no_visit_since is not None:
        qs = qs.exclude(pk__in=Visit.objects.filter(date__gte=no_visit_since).values("enterprise_id"))
    return qs.order_by("name", "pk")


def _querydict(params: dict) -> QueryDict:
    q = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            q.setlist(key, [str(v) for v in value])
        else:
            q[key] = str(value)
    return q


def _errors(fs) -> str:
    return "；".join(
        f"{fs.form.fields[k].label}: {' '.join(v)}" if k in fs.form.fields else " ".join(v)
        for k, v in fs.errors.items()
    )


def invite(*, actor, event: Event, enterprises, source_label: str = "", now=None) -> int:
    """Invite the given firms (those already invited are skipped). Returns how many were new."""

    now = now or timezone.now()
    require_event(actor, event, "change")
    ids = (
        list(enterprises.values_list("pk", flat=True)[: MAX_INVITES + 1])
        if hasattr(enterprises, "values_list")
        else [e.pk for e in enterprises]
    )
    if len(ids) > MAX_INVITES:
        raise ValidationError(
            _("The selection has more than %(n)d firms; narrow it down.") % {"n": MAX_INVITES}
        )
    if actor is not None:
        in_scope = set(
            Enterprise.objects.restrict(actor, "view").filter(pk__in=ids).values_list("pk", flat=True)
        )
        if in_scope != set(ids):
            raise ValidationError(
                _("Some of the selected firms are outside your scope; nothing was invited.")
            )
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        already = set(
            Invitation.objects.filter(event=event, enterprise_id__in=ids).values_list(
                "enterprise_id", flat=True
            )
        )
        new = [i for i in ids if i not in already]
        Invitation.objects.bulk_create(
            [
                Invitation(
                    event=event,
                    enterprise_id=i,
                    invited_by=real_actor(actor),
                    invited_at=now,
                    source=source_label[:300],
                )
                for i in new
            ]
        )
        if new:
            record_change(
                actor=actor,
                action=AuditAction.CREATE,
                obj=event,
                object_repr=f"{event}: {len(new)} invitations",
                after={"invited": new, "selection": source_label},
            )
            when = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
            notify_many(
                (
                    i,
                    f"event-invite:{event.pk}",
                    _("Invitation: %(event)s") % {"event": event.title},
                    _("Your firm is invited to %(event)s, %(time)s at %(venue)s. Register on the event page.")
                    % {"event": event.title, "time": when, "venue": event.venue},
                    event.get_absolute_url(),
                )
                for i in new
            )
    return len(new)
