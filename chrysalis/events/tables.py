"""Tables (django-tables2) shared by the list pages and their Excel exports."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from chrysalis.core.tables import BaseTable, MoneyColumn
from chrysalis.events.models import Deal, Event, Registration

ATTRS = {"class": "table table-vcenter card-table"}


class EventTable(BaseTable):
    title = tables.Column(linkify=True, verbose_name=_("title"))
    organiser_unit = tables.Column(verbose_name=_("organiser"))
    starts_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("starts at"))
    n_registered = tables.Column(verbose_name=_("registrations"))
    n_waitlisted = tables.Column(verbose_name=_("waitlisted"))
    n_checked_in = tables.Column(verbose_name=_("checked in"))

    class Meta:
        model = Event
        fields = ("title", "kind", "organiser_unit", "starts_at", "venue", "visibility", "capacity")
        sequence = (
            "title",
            "kind",
            "organiser_unit",
            "starts_at",
            "venue",
            "visibility",
            "capacity",
            "n_registered",
            "n_waitlisted",
            "n_checked_in",
        )
        attrs = ATTRS
        order_by = ("-starts_at",)


class RegistrationTable(BaseTable):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("enterprise"))
    event = tables.Column(verbose_name=_("event"))
    registered_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("registered at"))
    checked_in_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("checked in at"))

    class Meta:
        model = Registration
        fields = (
            "enterprise",
            "event",
            "status",
            "channel",
            "registered_at",
            "checked_in_at",
            "rating",
            "questions",
        )
        attrs = ATTRS
        order_by = ("registered_at",)


class DealTable(BaseTable):
    enterprise = tables.Column(verbose_name=_("enterprise"))
    event = tables.Column(linkify=lambda record: record.event.get_absolute_url(), verbose_name=_("event"))
    amount = MoneyColumn(verbose_name=_("amount (10k yuan)"))

    class Meta:
        model = Deal
        fields = ("enterprise", "counterparty", "kind", "amount", "stage", "signed_on", "landed_on", "event")
        attrs = ATTRS
        order_by = ("-signed_on",)
