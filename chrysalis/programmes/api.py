"""REST API of the programmes module: programmes, and targets with their value and status computed
on request (the same evaluation as the pages). Querysets from restrict(), writes through services."""

from __future__ import annotations

from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chrysalis.core.api import ScopedViewSet, service_errors
from chrysalis.programmes import filtersets
from chrysalis.programmes.models import Measure, Programme, Target
from chrysalis.programmes.services import evaluation
from chrysalis.programmes.services import programmes as services


class ProgrammeSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "unit", "unit_name", "name", "starts_on", "ends_on", "description", "version"]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    measure = serializers.PrimaryKeyRelatedField(
        queryset=Measure.objects.all(), required=False, allow_null=True
    )
    manual = serializers.BooleanField(source="is_manual", read_only=True)
    value = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    expected = serializers.SerializerMethodField()
    projected = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "programme",
            "measure",
            "name",
            "metric",
            "params",
            "manual",
            "unit_label",
            "baseline",
            "target_value",
            "starts_on",
            "deadline",
            "owner",
            "value",
            "status",
            "expected",
            "projected",
            "version",
        ]
        read_only_fields = ["version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["programme"].queryset = Programme.objects.restrict(request.user, "change")

    def _ev(self, obj):
        cache = self.context.setdefault("_evaluations", {})
        if obj.pk not in cache:
            cache[obj.pk] = evaluation.evaluate(obj)
        return cache[obj.pk]

    def get_value(self, obj) -> str | None:
        v = self._ev(obj).value
        return None if v is None else str(v)

    def get_status(self, obj) -> str:
        return self._ev(obj).status

    def get_expected(self, obj) -> str | None:
        v = self._ev(obj).assessment.expected
        return None if v is None else str(v)

    def get_projected(self, obj) -> str | None:
        v = self._ev(obj).assessment.projected
        return None if v is None else str(v)


class ManualValueSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    as_of = serializers.DateField()
    evidence = serializers.CharField(allow_blank=True, required=False, default="")


class ProgrammeViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = filtersets.ProgrammeFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class TargetViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    model = Target
    serializer_class = TargetSerializer
    filterset_class = filtersets.TargetFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("programme__unit")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme")
        with service_errors():
            serializer.instance = services.target_create(actor=self.request.user, programme=programme, **data)
            evaluation.backfill(serializer.instance)

    @action(detail=True, methods=["post"], serializer_class=ManualValueSerializer)
    def values(self, request, pk=None):
        target = Target.objects.restrict(request.user, "change").filter(pk=pk).first()
        if target is None:
            raise NotFound()
        ser = ManualValueSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        with service_errors():
            mv = services.manual_value_add(actor=request.user, target=target, **ser.validated_data)
            evaluation.backfill(target)
        return Response(
            {"id": mv.pk, "value": str(mv.value), "as_of": mv.as_of}, status=status.HTTP_201_CREATED
        )


router = SimpleRouter()
router.register("programmes", ProgrammeViewSet, basename="programmes-programme")
router.register("targets", TargetViewSet, basename="programmes-target")
urlpatterns = router.urls
