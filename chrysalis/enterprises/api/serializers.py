"""Serializers: explicit field lists (no __all__), read-only derived fields (B-05)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.api import ScopedRelatedField
from chrysalis.enterprises.choices import FIGURE_NAMES
from chrysalis.enterprises.models import (
    Award,
    Contact,
    Contest,
    Enterprise,
    EquityRound,
    Incident,
    IPRight,
    Title,
    YearFigures,
)
from chrysalis.enterprises.services.enterprises import (
    INTERNAL_FIELDS,
    PLACEABLE,
    PROFILE_FIELDS,
    is_staff_actor,
)
from chrysalis.enterprises.services.figures import MAX_YEAR, MIN_YEAR
from chrysalis.enterprises.services.records import RECORD_FIELDS
from chrysalis.enterprises.uscc import CHARSET

USCC_FORMAT = RegexValidator(
    rf"^[{CHARSET}]{{18}}$",
    _("A unified social credit code is 18 characters: digits and capitals other than I, O, S, V, Z."),
)
PHONE_FORMAT = RegexValidator(r"^[0-9]{7,15}$", _("Enter a phone number of 7 to 15 digits."))


def _grids(qs):
    return qs.filter(kind__in=PLACEABLE)


class EnterpriseSerializer(serializers.ModelSerializer):
    # Units a firm may be placed in (grid, community, street, zone) that the caller can see; a missing
    # unit and another scope's read the same.
    org_unit = ScopedRelatedField(OrgUnit, narrow=_grids)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "uscc",
            *PROFILE_FIELDS,
            "size_category",
            "size_class",
            "latest_year",
            "latest_revenue",
            "latest_rd_expense",
            "latest_employees",
            "latest_tax_paid",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "size_category",
            "size_class",
            "latest_year",
            "latest_revenue",
            "latest_rd_expense",
            "latest_employees",
            "latest_tax_paid",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            # The API takes the canonical form (the pages also accept spaces, lower case and
            # full-width characters); the check digits are the service's (400 on `uscc`).
            "uscc": {"validators": [USCC_FORMAT], "min_length": 18, "max_length": 18},
            "registered_capital": {"min_value": 0},
        }

    def validate(self, attrs):
        return attrs  # the service validates (scope, USCC check digits, industry code, uniqueness)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not is_staff_actor(request.user):  # staff-internal notes
            for name in INTERNAL_FIELDS:
                data.pop(name, None)
        return data


class YearFiguresSerializer(serializers.ModelSerializer):
    enterprise = ScopedRelatedField(Enterprise)
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Not after this year.")
    self_reported = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = YearFigures
        fields = [
            "id",
            "enterprise",
            "year",
            *FIGURE_NAMES,
            "source",
            "as_of",
            "field_sources",
            "self_reported",
            "version",
            "updated_at",
        ]
        read_only_fields = ["id", "field_sources", "self_reported", "updated_at"]
        validators = []


def record_serializer(model):
    fields = list(RECORD_FIELDS[model])
    extra = {}
    if model is Contact:
        fields = [f for f in fields if f not in {"phone", "id_number"}]
        extra = {
            "phone": serializers.CharField(
                write_only=True,
                required=False,
                allow_blank=True,
                validators=[PHONE_FORMAT],
                help_text="7 to 15 digits (a mobile number, or a landline with its area code).",
            ),
            "id_number": serializers.CharField(write_only=True, required=False, allow_blank=True),
            "phone_masked": serializers.CharField(read_only=True),
            "id_number_masked": serializers.CharField(read_only=True),
        }
        fields += ["phone", "id_number", "phone_masked", "id_number_masked"]
    meta = type(
        "Meta",
        (),
        {"model": model, "fields": ["id", "enterprise", *fields, "version"], "read_only_fields": ["id"]},
    )
    attrs = {
        "Meta": meta,
        "enterprise": ScopedRelatedField(Enterprise),  # a missing firm and another scope's read the same
        "version": serializers.IntegerField(required=False),
        **extra,
    }
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


RECORD_SERIALIZERS = {
    m: record_serializer(m) for m in (IPRight, Title, Award, Contest, EquityRound, Incident, Contact)
}
