"""REST: assess a posted facts document (`POST /api/assessments/`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from chrysalis import criteria
from chrysalis.cultivation.services.assessment import AssessmentInputError, AssessmentRequest, run
from chrysalis.cultivation.services.judgements import judgements_for
from chrysalis.cultivation.services.policies import uncertain_modes
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.selectors import facts_for


class AssessmentRequestSerializer(serializers.Serializer):
    rule_set = serializers.CharField(
        required=False, allow_blank=True, help_text="Rule set id (e.g. zjtx-2026) or 'auto'."
    )
    tier = serializers.ChoiceField(
        choices=["sme_size", "tech_sme", "innovative_sme", "zjtx", "little_giant"],
        required=False,
        help_text="With rule_set auto.",
    )
    application = serializers.ChoiceField(choices=["new", "review"], default="new")
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="Application year; 上年度 = year - 1."
    )
    as_of = serializers.DateField(required=False)
    facts = serializers.JSONField(help_text="One enterprise's facts document (facts-format).")
    what_if = serializers.DictField(
        child=serializers.CharField(), required=False, help_text='e.g. {"years.2025.rd_expense": "+50"}'
    )

    def validate_rule_set(self, value):
        if value and value != "auto" and value not in {rs.id for rs in criteria.rule_sets()}:
            raise serializers.ValidationError(_("Unknown rule set %(id)s.") % {"id": value})
        return value

    def validate_facts(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("The facts document must be a JSON object."))
        return value


def _problems(problems, prefix: str = "facts") -> list[dict]:
    """The assessment engine's problems in the API's one error format (core.api)."""
    return [
        {
            "field": ".".join(x for x in (prefix, p["path"]) if x) or None,
            "code": p.get("code") or "invalid",
            "message": str(p["message"]),
        }
        for p in problems
    ]


class AssessmentAPIView(APIView):
    """Assess one facts document against a tier rule set. Stores nothing."""

    throttle_classes = [UserRateThrottle]

    @extend_schema(
        request=AssessmentRequestSerializer,
        responses={200: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample(
                "zjtx-2026",
                value={
                    "rule_set": "zjtx-2026",
                    "year": 2026,
                    "facts": {"years": {"2025": {"revenue": 12000, "rd_expense": 800}}},
                },
            )
        ],
        description=(
            "Returns the assessment result: rule set and version, verdict, score range and pass mark, "
            "one entry per criterion with the figures used and the gap."
        ),
    )
    def post(self, request):
        serializer = AssessmentRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            result = run(
                d["facts"],
                AssessmentRequest(
                    year=d["year"],
                    rule_set=d.get("rule_set"),
                    tier=d.get("tier"),
                    application=d["application"],
                    as_of=d.get("as_of"),
                ),
                what_if=d.get("what_if"),
            )
        except AssessmentInputError as exc:
            return Response({"errors": _problems(exc.problems)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result.to_dict())


class EnterpriseAssessmentAPIView(APIView):
    """Assess a registered enterprise from its recorded figures (and reviewer judgements)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                required=True,
                description="Application year.",
            ),
            OpenApiParameter(
                "rule_set", str, description="Rule set id, or auto (default) with tier and application."
            ),
            OpenApiParameter(
                "tier", str, enum=["sme_size", "tech_sme", "innovative_sme", "zjtx", "little_giant"]
            ),
            OpenApiParameter("application", str, enum=["new", "review"]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, pk):

        enterprise = get_object_or_404(Enterprise.objects.restrict(request.user, "view"), pk=pk)
        year = request.query_params.get("year", "")
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            message = str(_("The application year must be a year such as 2026."))
            return Response(
                {"errors": [{"field": "year", "code": "invalid", "message": message}]}, status=400
            )
        rule_set = request.query_params.get("rule_set") or "auto"
        tier = request.query_params.get("tier") or ("zjtx" if rule_set == "auto" else None)
        facts = facts_for(enterprise)
        facts["judgements"] = judgements_for(enterprise, int(year))
        try:
            result = run(
                facts,
                AssessmentRequest(
                    year=int(year),
                    rule_set=rule_set,
                    tier=tier,
                    application=request.query_params.get("application") or "new",
                ),
                uncertain=uncertain_modes(enterprise.org_unit),
            )
        except AssessmentInputError as exc:
            return Response(
                {"errors": _problems(exc.problems, prefix="")}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(result.to_dict())
