"""REST API: the same FilterSets as the list pages, querysets from restrict(), writes through services."""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from chrysalis.core.api import ScopedViewSet, service_errors
from chrysalis.enterprises import filtersets
from chrysalis.enterprises.api.serializers import (
    RECORD_SERIALIZERS,
    EnterpriseSerializer,
    YearFiguresSerializer,
)
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
from chrysalis.enterprises.selectors import FACTS_PREFETCH, facts_for
from chrysalis.enterprises.services import enterprises as ent_services
from chrysalis.enterprises.services import figures as fig_services
from chrysalis.enterprises.services import records as rec_services


@contextmanager
def record_writes():
    """`service_errors()`, and a record that is read-only to the caller (its origin; a deletion by an
    enterprise user) answers 403 with the reason instead of looking missing: the caller sees it."""
    with service_errors():
        try:
            yield
        except rec_services.ReadOnlyRecord as exc:
            raise ApiPermissionDenied(str(exc)) from exc


class EnterpriseViewSet(
    ScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Enterprises in the caller's scope. Filters: the registry list page's FilterSet."""

    model = Enterprise
    serializer_class = EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("org_unit").order_by("name", "pk")

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        d.pop("version", None)
        with service_errors(denied_field="org_unit"):
            serializer.instance = ent_services.enterprise_create(actor=self.request.user, **d)

    def perform_update(self, serializer):
        d = dict(serializer.validated_data)
        version = d.pop("version", None)
        d.pop("uscc", None)
        with service_errors(denied_field="detail"):
            serializer.instance = ent_services.enterprise_update(
                actor=self.request.user, enterprise=serializer.instance, expected_version=version, **d
            )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                description="Application year (default: the current one).",
            )
        ],
        responses={200: OpenApiResponse(description="The facts document of facts-format.md")},
        filters=False,
    )
    @action(detail=True, methods=["get"])
    def facts(self, request, pk=None):
        ent = self.get_object()  # a non-numeric, missing or out-of-scope id: 404
        ent = Enterprise.objects.prefetch_related(*FACTS_PREFETCH).get(pk=ent.pk)
        year = request.query_params.get("year")
        if year is not None and (not re.fullmatch(r"[0-9]{4}", year) or not 2000 <= int(year) <= 2100):
            raise ValidationError({"year": [_("Give a year from 2000 to 2100.")]})
        return Response(facts_for(ent, int(year) if year else None))


class YearFiguresViewSet(
    ScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    model = YearFigures
    serializer_class = YearFiguresSerializer
    filterset_class = filtersets.YearFiguresFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("enterprise_id", "-year")

    def _save(self, serializer, enterprise, year):
        d = serializer.validated_data
        values = {n: d[n] for n in FIGURE_NAMES if n in d}
        with record_writes():
            serializer.instance = fig_services.figures_save(
                actor=self.request.user,
                enterprise=enterprise,
                year=year,
                values=values,
                source=d.get("source", getattr(serializer.instance, "source", "self_reported")),
                as_of=d.get("as_of"),
                expected_version=d.get("version"),
            )

    def perform_create(self, serializer):
        ent = serializer.validated_data["enterprise"]  # from restrict() (the serializer's field)
        if YearFigures.objects.filter(enterprise=ent, year=serializer.validated_data["year"]).exists():
            raise ValidationError(
                {"year": [_("Figures for this year exist; update them instead.")]}, code="unique"
            )
        self._save(serializer, ent, serializer.validated_data["year"])

    def perform_update(self, serializer):
        inst = serializer.instance
        self._save(serializer, inst.enterprise, inst.year)


def record_viewset(model, filterset):
    class RecordViewSet(
        ScopedViewSet,
        mixins.ListModelMixin,
        mixins.RetrieveModelMixin,
        mixins.CreateModelMixin,
        mixins.UpdateModelMixin,
        mixins.DestroyModelMixin,
    ):
        serializer_class = RECORD_SERIALIZERS[model]
        filterset_class = filterset

        def get_queryset(self):
            return super().get_queryset().order_by("pk")

        def perform_create(self, serializer):
            d = dict(serializer.validated_data)
            ent = d.pop("enterprise")  # from restrict() (the serializer's field)
            d.pop("version", None)
            with record_writes():
                serializer.instance = rec_services.record_create(
                    actor=self.request.user, model=model, enterprise=ent, **d
                )

        def perform_update(self, serializer):
            d = dict(serializer.validated_data)
            d.pop("enterprise", None)
            version = d.pop("version", None)
            with record_writes():
                serializer.instance = rec_services.record_update(
                    actor=self.request.user, instance=serializer.instance, expected_version=version, **d
                )

        def perform_destroy(self, instance):
            # a record that feeds the assessment is soft-deleted by staff with a reason
            # (`reason` in the body or the query string)
            data = self.request.data
            reason = (data.get("reason") if hasattr(data, "get") else None) or self.request.query_params.get(
                "reason", ""
            )
            with record_writes():
                rec_services.record_delete(actor=self.request.user, instance=instance, reason=reason)

    RecordViewSet.model = model
    RecordViewSet.__name__ = f"{model.__name__}ViewSet"
    RecordViewSet.__qualname__ = RecordViewSet.__name__
    return RecordViewSet


RECORD_VIEWSETS = {
    "ip-rights": record_viewset(IPRight, filtersets.IPRightFilterSet),
    "titles": record_viewset(Title, filtersets.TitleFilterSet),
    "awards": record_viewset(Award, filtersets.record_filterset(Award)),
    "contests": record_viewset(Contest, filtersets.record_filterset(Contest)),
    "equity-rounds": record_viewset(EquityRound, filtersets.record_filterset(EquityRound)),
    "incidents": record_viewset(Incident, filtersets.record_filterset(Incident)),
    "contacts": record_viewset(Contact, filtersets.record_filterset(Contact)),
}
