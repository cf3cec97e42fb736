"""REST API of the villages module: villages, figures (list, enter, review) and plans with their
reward working. Querysets from restrict(), the list pages' FilterSets, writes through services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chrysalis.core.api import ScopedRelatedField, ScopedViewSet, service_errors
from chrysalis.villages import filtersets, selectors
from chrysalis.villages.choices import PeriodKind, Source, Unit
from chrysalis.villages.models import FigureEntry, Metric, Plan, Village
from chrysalis.villages.services import figures as figure_services


class VillageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="unit.name", read_only=True)
    street = serializers.CharField(source="unit.parent.name", read_only=True)

    class Meta:
        model = Village
        fields = ["id", "name", "street", "population", "households", "area_km2", "description", "version"]


class FigureSerializer(serializers.ModelSerializer):
    village = ScopedRelatedField(Village)  # a missing village and another scope's read the same
    metric = serializers.SlugRelatedField(slug_field="code", queryset=Metric.objects.all())
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.MONTH)
    unit = serializers.ChoiceField(choices=Unit.choices)
    source = serializers.ChoiceField(choices=Source.choices)
    confirm_reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = FigureEntry
        fields = [
            "id",
            "village",
            "metric",
            "period_kind",
            "period",
            "value",
            "unit",
            "source",
            "method",
            "status",
            "outlier_reason",
            "confirm_reason",
            "version",
        ]
        read_only_fields = ["status", "outlier_reason", "version"]


class ReviewSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text="The version you reviewed.")


class PlanSerializer(serializers.ModelSerializer):
    working = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "village",
            "operator",
            "title",
            "year",
            "plan_version",
            "status",
            "budget",
            "reward_amount",
            "working",
        ]

    def get_working(self, plan) -> dict:
        w = selectors.reward_working(plan)
        return {"total": str(w.total), "lines": w.explain()}


class VillageViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Village
    serializer_class = VillageSerializer
    filterset_class = filtersets.VillageFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("unit__parent").order_by("unit__path")


class FigureViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Figures in scope. POST enters one (refusals: 400 with the field's message; a village out of
    scope: 404). POST …/review/ confirms it (street)."""

    model = FigureEntry
    serializer_class = FigureSerializer
    filterset_class = filtersets.FigureFilterSet
    write_action = "view"  # the service decides who may write; out of scope is 404 there

    def get_queryset(self):
        return super().get_queryset().select_related("metric").order_by("-period", "path", "metric__position")

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        with service_errors():
            serializer.instance = figure_services.figure_enter(
                actor=self.request.user,
                village=d["village"],
                metric=d["metric"],
                period_kind=d["period_kind"],
                period=d["period"],
                value=d["value"],
                unit=d["unit"],
                source=d["source"],
                method=d.get("method", ""),
                confirm_reason=d.get("confirm_reason", ""),
            )

    @extend_schema(request=ReviewSerializer, responses=FigureSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        entry = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            entry = figure_services.figure_transition(
                actor=request.user,
                entry=entry,
                event="review",
                expected_version=body.validated_data.get("version"),
            )
        return Response(FigureSerializer(entry).data)


class PlanViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Plan
    serializer_class = PlanSerializer
    filterset_class = filtersets.PlanFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("-year", "pk")


app_name = "api-villages"
router = SimpleRouter()
router.register("villages", VillageViewSet, basename="village")
router.register("figures", FigureViewSet, basename="figure")
router.register("plans", PlanViewSet, basename="plan")
urlpatterns = router.urls
