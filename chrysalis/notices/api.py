"""JSON API.

Public (anonymous, rate-limited per client, published or expired notices only, personal numbers masked):
    GET /api/public/notices/?q=&number=&kind=&published_after=&published_before=&limit=&offset=
    GET /api/public/notices/verify/?number=Z3310000378202
Staff (token or session; the caller's scope, like the pages):
    GET /api/notices/?q=&number=&kind=&status=&published_after=&published_before=&registry_review=
    GET /api/notices/<id>/
    POST /api/notices/<id>/transition/ {"event": "review", "reason": "", "version": 3, "published_on": ""}
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from chrysalis.core.api import ScopedPagination, ScopedViewSet, service_errors
from chrysalis.notices import selectors
from chrysalis.notices.filtersets import NoticeFilterSet, PublicNoticeFilterSet
from chrysalis.notices.models import Notice
from chrysalis.notices.ratelimit import retry_after
from chrysalis.notices.services import notices as services
from chrysalis.notices.views.public import limited_message


class PublicNoticeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()
    document_number = serializers.CharField(source="public_number", read_only=True)
    text = serializers.CharField(source="public_text", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "subject_name",
            "subject_uscc",
            "item",
            "number_label",
            "document_number",
            "authority",
            "declaration",
            "reason",
            "capital_before",
            "capital_after",
            "parties",
            "survivor",
            "period_start",
            "period_end",
            "creditor_days",
            "creditor_period_end",
            "source_kind",
            "source_name",
            "source_page",
            "published_on",
            "text",
            "url",
        ]

    def get_url(self, obj) -> str:
        return obj.get_public_url()


class Pagination(ScopedPagination):
    """`count` stops at 1001 (selectors.COUNT_CAP + 1): "more than 1000" for a broad search."""

    default_limit = 20
    max_limit = 100

    def get_count(self, queryset):
        return selectors.capped_count(queryset)

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        text = bool((params.get("q") or "").strip() or (params.get("number") or "").strip())
        count = self.get_count(queryset)
        return super().paginate_queryset(
            selectors.newest_first(queryset, text_search=text, count=count), request, view
        )


class PublicMixin:
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        wait = retry_after(request)
        if wait is not None:
            raise Throttled(wait=wait, detail=limited_message(wait))


class PublicNoticeList(PublicMixin, ListAPIView):
    serializer_class = PublicNoticeSerializer
    pagination_class = Pagination
    filterset_class = PublicNoticeFilterSet

    def get_queryset(self):
        return selectors.public_notices().order_by("-published_on", "-pk")


class PublicVerifySerializer(serializers.Serializer):
    number = serializers.CharField()
    declared_void = serializers.BooleanField()
    notices = PublicNoticeSerializer(many=True)


class PublicVerify(PublicMixin, APIView):
    @extend_schema(
        parameters=[OpenApiParameter("number", str, description="The document number to check.")],
        responses=PublicVerifySerializer,
    )
    def get(self, request):
        number, found = selectors.verify((request.query_params.get("number") or "")[:60])
        return Response(
            {
                "number": number,
                "declared_void": bool(found),
                "notices": PublicNoticeSerializer(found, many=True).data,
            }
        )


class NoticeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "version",
            "org_unit",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "subject_name",
            "subject_uscc",
            "item",
            "number_label",
            "document_number",
            "authority",
            "declaration",
            "reason",
            "capital_before",
            "capital_after",
            "parties",
            "survivor",
            "phone",
            "period_start",
            "period_end",
            "creditor_days",
            "creditor_period_end",
            "source_kind",
            "source_name",
            "source_page",
            "published_on",
            "enterprise",
            "registry_link",
            "registry_review",
            "text",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NoticeTransitionSerializer(serializers.Serializer):
    event = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)


class NoticeViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Notices in the caller's scope; the list page's FilterSet. Transitions through the services."""

    model = Notice
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilterSet
    write_action = "view"  # the state machine decides who may move a notice it can see

    def get_queryset(self):
        return super().get_queryset().order_by("-published_on", "-pk")

    @action(detail=True, methods=["post"], serializer_class=NoticeTransitionSerializer)
    def transition(self, request, pk=None):
        notice = self.get_object()
        data = NoticeTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        with service_errors():
            notice = services.notice_transition(
                actor=request.user,
                notice=notice,
                event=d["event"],
                reason=d["reason"],
                expected_version=d["version"],
                published_on=d["published_on"],
            )
        return Response(NoticeSerializer(notice).data)
