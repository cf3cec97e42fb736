"""REST API of the events module: events and registrations, the same FilterSets as the pages,
querysets from restrict(), writes through the services (out of scope answers 404)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from chrysalis.accounts.models import OrgUnit
from chrysalis.core.api import ScopedRelatedField, ScopedViewSet, service_errors
from chrysalis.enterprises.models import Enterprise
from chrysalis.events import filtersets
from chrysalis.events.choices import RegEvent
from chrysalis.events.models import Deal, Event, Registration
from chrysalis.events.services import events as event_services
from chrysalis.events.services import registrations as reg_services


class EventSerializer(serializers.ModelSerializer):
    organiser_unit = ScopedRelatedField(OrgUnit)
    village = ScopedRelatedField(OrgUnit, required=False, allow_null=True)

    class Meta:
        model = Event
        fields = (
            "id",
            "title",
            "kind",
            "organiser_unit",
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "cancel_closes_at",
            "visibility",
            "tier_target",
            "programme",
            "village",
            "description",
            "version",
        )
        read_only_fields = ("id", "version")


class RegistrationSerializer(serializers.ModelSerializer):
    """`event` and `enterprise` choose among what the caller may see (an unknown or out-of-scope id
    is refused like a missing one)."""

    event = ScopedRelatedField(Event)
    enterprise = ScopedRelatedField(Enterprise)

    class Meta:
        model = Registration
        fields = (
            "id",
            "event",
            "enterprise",
            "status",
            "channel",
            "registered_at",
            "attendees",
            "questions",
            "confirmed_at",
            "checked_in_at",
            "checkin_method",
            "cancelled_at",
            "rating",
            "comment",
            "version",
        )
        read_only_fields = tuple(
            f for f in fields if f not in ("event", "enterprise", "attendees", "questions")
        )
        validators: list = []  # one registration per firm is the service's rule, with its own message


class RegistrationTransitionSerializer(serializers.Serializer):
    event = serializers.ChoiceField(
        choices=[RegEvent.CANCEL, RegEvent.PROMOTE, RegEvent.CHECK_IN, RegEvent.NO_SHOW]
    )
    reason = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class DealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deal
        fields = (
            "id",
            "event",
            "enterprise",
            "counterparty",
            "kind",
            "amount",
            "stage",
            "signed_on",
            "landed_on",
        )


class EventViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Events the caller may see. Create: plan an event (organisers only)."""

    model = Event
    serializer_class = EventSerializer
    filterset_class = filtersets.EventFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("organiser_unit")

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = event_services.event_create(
                actor=self.request.user, **serializer.validated_data
            )


class RegistrationViewSet(
    ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """Registrations the caller may see. Create: register a firm (capacity, waitlist, windows)."""

    model = Registration
    write_action = "view"  # a move is decided by the state machine on the actor's capacities
    serializer_class = RegistrationSerializer
    filterset_class = filtersets.RegistrationFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("event", "enterprise")

    def perform_create(self, serializer):
        d = serializer.validated_data
        event, firm = d["event"], d["enterprise"]  # both from restrict() (the serializer's querysets)
        with service_errors():
            serializer.instance = reg_services.register(
                actor=self.request.user,
                event=event,
                enterprise=firm,
                attendees=d.get("attendees") or (),
                questions=d.get("questions", ""),
            )

    @extend_schema(request=RegistrationTransitionSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        reg = self.get_object()
        ser = RegistrationTransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        with service_errors():
            reg = reg_services.registration_transition(
                actor=request.user,
                registration=reg,
                event=ser.validated_data["event"],
                reason=ser.validated_data.get("reason", ""),
                expected_version=ser.validated_data.get("version"),
            )
        return Response(RegistrationSerializer(reg).data)


class DealViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Deal
    serializer_class = DealSerializer
    filterset_class = filtersets.DealFilterSet


router = SimpleRouter()
router.register("events", EventViewSet, basename="event")
router.register("event-registrations", RegistrationViewSet, basename="registration")
router.register("event-deals", DealViewSet, basename="deal")

app_name = "api-events"
urlpatterns = router.urls
