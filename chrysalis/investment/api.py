"""REST API of investment promotion: projects (list, read, register a lead, move a stage) and the
quarterly evaluation (quarters and their visible results). Querysets from restrict(); writes
through the services; the list page's FilterSet."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.api import ScopedViewSet, service_errors
from chrysalis.investment import filtersets
from chrysalis.investment.choices import Subject
from chrysalis.investment.evaluation import visible_results
from chrysalis.investment.forms import writable_teams
from chrysalis.investment.models import Project, Quarter
from chrysalis.investment.services import projects as services


class ProjectSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "investor_name",
            "investor_country",
            "investor_city",
            "investor_uscc",
            "industry_code",
            "direction",
            "planned_investment",
            "registered_capital",
            "fund_size",
            "amount",
            "source",
            "team",
            "team_name",
            "is_headquarters",
            "is_fund",
            "is_fortune500",
            "stage",
            "stage_label",
            "registered_on",
            "signed_on",
            "landed_on",
            "landed_uscc",
            "enterprise",
            "started_on",
            "producing_on",
            "closed_reason",
            "version",
        ]
        read_only_fields = fields


class ProjectCreateSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    name = serializers.CharField(max_length=120)
    investor_name = serializers.CharField(max_length=120)
    direction = serializers.CharField(max_length=20)
    investor_uscc = serializers.CharField(max_length=30, required=False, allow_blank=True)
    planned_investment = serializers.CharField(required=False, allow_blank=True)
    fund_size = serializers.CharField(required=False, allow_blank=True)
    is_fund = serializers.BooleanField(required=False)
    registered_on = serializers.DateField(required=False)
    confirm_duplicates = serializers.BooleanField(required=False, default=False)
    confirm_amounts = serializers.BooleanField(required=False, default=False)


class MoveSerializer(serializers.Serializer):
    to = serializers.CharField(max_length=12)
    on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    uscc = serializers.CharField(required=False, allow_blank=True, default="")
    grid = serializers.IntegerField(required=False)
    company_name = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class ProjectViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Projects in the caller's scope (their task force's; a district's for its administrator)."""

    model = Project
    serializer_class = ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("team").order_by(*Project._meta.ordering)

    def create(self, request):
        s = ProjectCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        team = writable_teams(request.user).filter(pk=d.pop("team")).first()
        if team is None:
            raise ValidationError({"team": [_("The object does not exist or is outside your scope.")]})
        with service_errors():
            project = services.project_create(actor=request.user, team=team, **d)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        project = self.get_object()
        s = MoveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        grid_id = d.pop("grid", None)
        grid = None
        if grid_id is not None:
            grid = OrgUnit.objects.restrict(request.user, "view").filter(pk=grid_id, kind="grid").first()
        with service_errors():
            project = services.project_move(
                actor=request.user,
                project=project,
                to=d.pop("to"),
                expected_version=d.pop("version", None),
                grid=grid,
                **d,
            )
        return Response(ProjectSerializer(project).data)


class QuarterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quarter
        fields = ["id", "org_unit", "year", "number", "status", "closed_at", "max_qualitative"]
        read_only_fields = fields


class QuarterViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Evaluation quarters; `results` gives the league table (team rows; cadre rows as personnel allows)."""

    model = Quarter
    serializer_class = QuarterSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("org_unit").order_by(*Quarter._meta.ordering)

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):

        q = self.get_object()
        out = {}
        for subject, rows in visible_results(request.user, q).items():
            out[str(subject)] = [
                {
                    "rank": r.rank,
                    "key": r.key,
                    "name": r.name,
                    "team": r.team_name,
                    "figures": {k: str(v) for k, v in r.figures.items()},
                    "points": {k: str(v) for k, v in r.points.items()},
                    "qualitative": str(r.qualitative),
                    "total": str(r.total),
                }
                for r in rows
            ]
        out.setdefault(Subject.CADRE, [])
        return Response(out)


app_name = "api-investment"
router = SimpleRouter()
router.register("investment/projects", ProjectViewSet, basename="project")
router.register("investment/quarters", QuarterViewSet, basename="quarter")
urlpatterns = router.urls
