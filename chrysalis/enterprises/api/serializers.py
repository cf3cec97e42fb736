"""Serializers: explicit field lists (no __all__), read-only derived fields (B-05)."""

from __future__ import annotations

from rest_framework import serializers

from chrysalis.accounts.models import OrgUnit
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
from chrysalis.enterprises.services.enterprises import PLACEABLE, PROFILE_FIELDS
from chrysalis.enterprises.services.records import RECORD_FIELDS


class EnterpriseSerializer(serializers.ModelSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.filter(kind__in=PLACEABLE))
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
        extra_kwargs = {"uscc": {"validators": []}}

    def validate(self, attrs):
        return attrs  # the service validates (scope, USCC check digits, industry code, uniqueness)


class YearFiguresSerializer(serializers.ModelSerializer):
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
            "phone": serializers.CharField(write_only=True, required=False, allow_blank=True),
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
    attrs = {"Meta": meta, "version": serializers.IntegerField(required=False), **extra}
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


RECORD_SERIALIZERS = {
    m: record_serializer(m) for m in (IPRight, Title, Award, Contest, EquityRound, Incident, Contact)
}
