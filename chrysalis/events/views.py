"""Pages of the events module: list, calendar, event page, plan/edit, invitations, registration,
the door (QR code, staff phone view, walk-ins), outcomes, the public list and its .ics feed."""

from __future__ import annotations

import calendar as cal
import datetime as dt
import io

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from icalendar import Calendar
from icalendar import Event as VEvent

from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.exports import attachment, rows_to_xlsx
from chrysalis.core.forms import query_id, query_year
from chrysalis.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    error_text,
    safe_next,
)
from chrysalis.enterprises.models import Enterprise
from chrysalis.events import dashboard, filtersets, forms, selectors, tables, workflows
from chrysalis.events.choices import ACTIVE, EventKind, RegEvent, RegStatus, Visibility
from chrysalis.events.models import (
    DOOR_STAFF,
    CoachingSlot,
    Deal,
    Event,
    EventFigures,
    Registration,
    own_enterprises,
)
from chrysalis.events.services import events as event_services
from chrysalis.events.services import invitations as invite_services
from chrysalis.events.services import outcomes
from chrysalis.events.services import registrations as reg_services
from chrysalis.events.services.common import capacities

# --- events -----------------------------------------------------------------------------------


class EventListView(ObjectListView):
    model = Event
    filterset_class = filtersets.EventFilterSet
    table_class = tables.EventTable
    title = gettext_lazy("Events")
    add_url_name = "events:event_add"
    export_name = "events"
    create_model = Event  # planning events at all: the Event "add" rule reaches a unit
    template_name = "events/event_list.html"

    select_related = ("organiser_unit",)

    def optimise(self, qs):
        return selectors.with_counts(super().optimise(qs))


class EventCalendarView(LoginRequiredMixin, TemplateView):
    template_name = "events/event_calendar.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year, month = (int(x) for x in self.request.GET.get("month", "").split("-"))
            first = dt.date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        last = first.replace(day=cal.monthrange(first.year, first.month)[1])
        events = (
            Event.objects.restrict(self.request.user, "view")
            .filter(starts_at__date__gte=first, starts_at__date__lte=last)
            .order_by("starts_at")
        )
        by_day: dict[dt.date, list] = {}
        for ev in events:
            by_day.setdefault(timezone.localtime(ev.starts_at).date(), []).append(ev)
        weeks = [
            [
                {
                    "date": d,
                    "in_month": d.month == first.month,
                    "today": d == today,
                    "events": by_day.get(d, []),
                }
                for d in week
            ]
            for week in cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        ]
        prev_month = (first - dt.timedelta(days=1)).replace(day=1)
        next_month = last + dt.timedelta(days=1)
        ctx.update(
            title=_("Events calendar"),
            weeks=weeks,
            month=first,
            prev=f"{prev_month:%Y-%m}",
            next=f"{next_month:%Y-%m}",
            agenda=[(d, evs) for d, evs in sorted(by_day.items())],
        )
        return ctx


class EventDetailView(ObjectDetailView):
    model = Event
    template_name = "events/event_detail.html"
    select_related = ("organiser_unit", "village")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ev, user = self.object, self.request.user
        is_staff = Event.objects.restrict(user, "manage").filter(pk=ev.pk).exists()
        is_organiser = Event.objects.restrict(user, "change").filter(pk=ev.pk).exists()
        own = own_enterprises(get_scope(user))
        counts = selectors.registration_counts(ev)
        ctx.update(
            title=ev.title,
            is_staff=is_staff,
            is_organiser=is_organiser,
            counts=counts,
            co_organisers=ev.co_organisers.all(),
            my_registrations=Registration.objects.filter(event=ev, enterprise_id__in=own).select_related(
                "enterprise"
            ),
            can_register=self._can_register(ev, user, own, is_staff),
            now=timezone.now(),
        )
        if is_staff:
            ctx["registrations"] = (
                Registration.objects.filter(event=ev)
                .exclude(status=RegStatus.CANCELLED)
                .select_related("enterprise")
                .order_by("status", "registered_at", "pk")[:300]
            )
            ctx["invited_count"] = ev.invitations.count()
            ctx["requests"] = ev.raised_requests.select_related("request__enterprise")
            ctx["deals"] = ev.deals.select_related("enterprise")
            ctx["figures"] = EventFigures.objects.filter(event=ev).first()
            ctx["checkin_url"] = self.request.build_absolute_uri(
                reverse("events:checkin", args=[ev.checkin_code])
            )
        if ev.kind == EventKind.COACHING_DAY:
            ctx["slots"] = CoachingSlot.objects.filter(event=ev).select_related("registration__enterprise")
            ctx["my_slot_regs"] = [
                r for r in ctx["my_registrations"] if r.status in (RegStatus.CONFIRMED, RegStatus.CHECKED_IN)
            ]
        return ctx

    @staticmethod
    def _can_register(ev, user, own, is_staff) -> bool:
        if timezone.now() > (ev.registration_closes_at or ev.starts_at):
            return False
        if is_staff:
            return True
        return Enterprise.objects.restrict(user, "view").exists() and not (
            own
            and Registration.objects.filter(event=ev, enterprise_id__in=own, status__in=ACTIVE).count()
            >= len(own)
        )


class EventFormMixin:
    form_class = forms.EventForm
    template_name = "generic/object_form.html"

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        co = d.pop("co_organisers")
        if instance is None:
            return event_services.event_create(actor=self.request.user, co_organisers=co, **d)
        return event_services.event_update(
            actor=self.request.user, event=instance, changes=d, expected_version=version, co_organisers=co
        )


class EventCreateView(EventFormMixin, ObjectFormView):
    title = gettext_lazy("Plan an event")
    create_model = Event
    success_message = gettext_lazy("Event “%(object)s” was planned.")

    def get_initial(self):
        start = (timezone.localtime() + dt.timedelta(days=14)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
        return {
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "registration_opens_at": timezone.localtime().replace(second=0, microsecond=0),
            "registration_closes_at": start - dt.timedelta(days=1),
        }

    def cancel_url(self):
        return reverse("events:event_list")


class EventEditView(EventFormMixin, ObjectFormView):
    title = gettext_lazy("Edit the event")
    success_message = gettext_lazy("Event “%(object)s” was saved.")
    model = Event


class InviteView(ObjectFormView):
    """Build the invitation list from a registry filter or a pool selection: preview, then invite."""

    form_class = forms.InviteForm
    template_name = "events/invite.html"

    def get_instance(self):
        return self.get_scoped_object(Event, "change", pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Invite firms · %(event)s") % {"event": self.instance.title}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        if self.request.method == "GET" and "source" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def _selection(self, form):

        d = form.cleaned_data
        params = QueryDict((d.get("query") or "").lstrip("?"))
        return invite_services.select_enterprises(
            actor=self.request.user, source=d["source"], params=params, no_visit_since=d.get("no_visit_since")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        ctx["event"] = self.instance
        if form.is_bound and form.is_valid():
            try:
                qs = self._selection(form)
                ctx["preview_count"] = qs.count()
                ctx["preview"] = qs[:20]
                ctx["already"] = self.instance.invitations.filter(enterprise__in=qs).count()
            except ValidationError as exc:
                form.add_error(None, exc)
        return ctx

    def save(self, form, instance):
        qs = self._selection(form)
        d = form.cleaned_data
        label = f"{dict(form.fields['source'].choices)[d['source']]} {d.get('query') or ''}".strip()
        if d.get("no_visit_since"):
            label += f" · {_('only firms not visited since')} {d['no_visit_since']:%Y-%m-%d}"
        n = invite_services.invite(
            actor=self.request.user, event=instance, enterprises=qs, source_label=label
        )
        messages.success(self.request, _("%(n)d firms invited; their users were notified.") % {"n": n})
        return instance


class RegisterView(ObjectFormView):
    """A firm registers (its own user), or staff register it on its behalf."""

    form_class = forms.RegisterForm
    template_name = "events/register.html"
    success_message = gettext_lazy("Registered: %(object)s.")

    def get_instance(self):
        return self.get_scoped_object(Event, "view", pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Register for %(event)s") % {"event": self.instance.title}

    def _enterprises(self):
        user = self.request.user
        own = own_enterprises(get_scope(user))
        qs = Enterprise.objects.restrict(user, "view").only("pk", "name")
        if (
            own
            and not Event.objects.restrict(user, "manage").filter(pk=self.instance.pk).exists()
            and not get_scope(user).paths()
        ):
            qs = qs.filter(pk__in=own)
        return qs.exclude(
            pk__in=Registration.objects.filter(event=self.instance, status__in=ACTIVE).values("enterprise_id")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["enterprises"] = self._enterprises()
        return kwargs

    def get_initial(self):
        qs = self._enterprises()
        first = list(qs[:2])
        return {"enterprise": first[0].pk} if len(first) == 1 else {}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["event"] = self.instance
        return ctx

    def save(self, form, instance):
        d = form.cleaned_data
        return reg_services.register(
            actor=self.request.user,
            event=instance,
            enterprise=d["enterprise"],
            attendees=d["attendees"],
            questions=d["questions"],
        )


class DoorView(LoginRequiredMixin, TemplateView):
    """The staff phone view at the door: attendee list, a search box, one tap per arrival, walk-ins."""

    template_name = "events/door.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ev = get_object_or_404(Event.objects.restrict(self.request.user, "manage"), pk=self.kwargs["pk"])
        q = self.request.GET.get("q", "").strip()
        regs = Registration.objects.filter(
            event=ev,
            status__in=[RegStatus.CONFIRMED, RegStatus.CHECKED_IN, RegStatus.NO_SHOW, RegStatus.WAITLISTED],
        ).select_related("enterprise")
        if q:
            regs = regs.filter(enterprise__name__icontains=q)
        counts = selectors.registration_counts(ev)
        ctx.update(
            title=ev.title,
            event=ev,
            q=q,
            registrations=regs.order_by("status", "enterprise__name")[:200],
            counts=counts,
            walk_in_form=forms.WalkInForm(user=self.request.user),
            checkin_url=self.request.build_absolute_uri(reverse("events:checkin", args=[ev.checkin_code])),
        )
        return ctx


class QRCodeView(LoginRequiredMixin, View):
    """The door QR code (an SVG made locally by segno) pointing at the event's check-in link."""

    def get(self, request, pk):

        ev = get_object_or_404(Event.objects.restrict(request.user, "manage"), pk=pk)
        url = request.build_absolute_uri(reverse("events:checkin", args=[ev.checkin_code]))
        buf = io.BytesIO()
        segno.make(url, error="m").save(buf, kind="svg", scale=8, border=2)
        return HttpResponse(buf.getvalue(), content_type="image/svg+xml")


class WalkInView(LoginRequiredMixin, View):
    def post(self, request, pk):
        ev = get_object_or_404(Event.objects.restrict(request.user, "manage"), pk=pk)
        form = forms.WalkInForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Choose the enterprise that walked in."))
        else:
            try:
                reg = reg_services.walk_in(
                    actor=request.user,
                    event=ev,
                    enterprise=form.cleaned_data["enterprise"],
                    attendees=form.cleaned_data["attendees"],
                )
                messages.success(request, _("%(firm)s checked in.") % {"firm": reg.enterprise})
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, error_text(exc))
        return redirect(reverse("events:event_door", args=[ev.pk]))


class NoShowView(ObjectActionView):
    model = Event
    action = "manage"
    errors = (ValidationError, PermissionDenied)

    def perform(self, ev):
        return reg_services.mark_no_shows(actor=self.request.user, event=ev)

    def get_success_message(self, ev, n):
        return _("%(n)d confirmed firms that did not come were marked as no-shows.") % {"n": n}


class CheckInView(LoginRequiredMixin, View):
    """The page the door QR code opens on an enterprise user's phone: one tap to check in."""

    template_name = "events/checkin.html"

    def _render(self, request, ctx, status=200):
        return render(request, self.template_name, {"title": _("Check in"), **ctx}, status=status)

    def get(self, request, code):
        try:
            ev = reg_services.event_for_code(code)
        except ValidationError as exc:
            return self._render(request, {"error": error_text(exc)}, status=404)
        own = own_enterprises(get_scope(request.user))
        regs = (
            Registration.objects.filter(event=ev, enterprise_id__in=own)
            .exclude(status=RegStatus.CANCELLED)
            .select_related("enterprise")
        )
        return self._render(request, {"event": ev, "registrations": regs, "code": code})

    def post(self, request, code):
        try:
            regs = reg_services.check_in_by_code(actor=request.user, code=code)
        except ValidationError as exc:
            ev = Event.objects.filter(checkin_code=code).first()
            return self._render(
                request, {"error": error_text(exc), "event": ev}, status=404 if ev is None else 200
            )
        return self._render(request, {"event": regs[0].event, "registrations": regs, "done": True})


# --- registrations ----------------------------------------------------------------------------


class RegistrationListView(ObjectListView):
    model = Registration
    filterset_class = filtersets.RegistrationFilterSet
    table_class = tables.RegistrationTable
    title = gettext_lazy("Registrations")
    export_name = "registrations"
    select_related = ("enterprise", "event")


class RegistrationDetailView(ObjectDetailView):
    model = Registration
    template_name = "events/registration_detail.html"
    select_related = ("event", "enterprise", "registered_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        reg = self.object
        caps = capacities(self.request.user, reg)
        allowed = workflows.allowed_events(reg.status, caps - {"system"})
        ctx.update(
            title=f"{reg.enterprise} · {reg.event}",
            actions=[{"event": e, "label": RegEvent(e).label} for e in allowed],
            history=reg.history.select_related("actor"),
            can_feedback="enterprise" in caps and reg.status == RegStatus.CHECKED_IN,
            feedback_form=forms.FeedbackForm(initial={"rating": reg.rating, "comment": reg.comment}),
            event_visible=Event.objects.restrict(self.request.user, "view").filter(pk=reg.event_id).exists(),
            waitlist_position=(
                Registration.objects.filter(
                    event=reg.event, status=RegStatus.WAITLISTED, registered_at__lte=reg.registered_at
                )
                .exclude(registered_at=reg.registered_at, pk__gt=reg.pk)
                .count()
                if reg.status == RegStatus.WAITLISTED
                else None
            ),
        )
        return ctx


class RegistrationTransitionView(ObjectActionView):
    model = Registration
    errors = (ValidationError, PermissionDenied)

    def get_queryset(self):
        return super().get_queryset().select_related("event", "enterprise")

    def perform(self, reg):
        event = self.kwargs["event"]
        if event not in RegEvent.values or event in (RegEvent.REGISTER, RegEvent.CONFIRM, RegEvent.WAITLIST):
            raise Http404
        form = forms.TransitionForm(self.request.POST)
        form.is_valid()
        reg_services.registration_transition(
            actor=self.request.user,
            registration=reg,
            event=event,
            reason=form.cleaned_data.get("reason", ""),
            expected_version=form.cleaned_data.get("version"),
        )

    def get_success_message(self, reg, result):
        return _("%(event)s: done.") % {"event": RegEvent(self.kwargs["event"]).label}

    def get_success_url_for(self, reg):
        return safe_next(self.request, reg.get_absolute_url())


class FeedbackView(LoginRequiredMixin, View):
    def post(self, request, pk):
        reg = get_object_or_404(Registration.objects.restrict(request.user, "view"), pk=pk)
        form = forms.FeedbackForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Rate the event from 1 (poor) to 5 (excellent)."))
            return redirect(reg)
        try:
            reg_services.feedback_give(
                actor=request.user,
                registration=reg,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for your feedback."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        return redirect(reg)


# --- outcomes ---------------------------------------------------------------------------------


def _event_firms(ev):
    return Enterprise.objects.filter(
        pk__in=Registration.objects.filter(event=ev, status__in=ACTIVE).values("enterprise_id")
    ).only("pk", "name")


class RequestRaiseView(ObjectFormView):
    form_class = forms.RequestRaiseForm
    template_name = "generic/object_form.html"
    success_message = gettext_lazy("Request %(object)s was recorded and dispatched.")

    def get_instance(self):
        return self.get_scoped_object(Event, "manage", pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Record a request raised at %(event)s") % {"event": self.instance.title}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["enterprises"] = _event_firms(self.instance).filter(
            pk__in=Enterprise.objects.restrict(self.request.user, "view").values("pk")
        )
        return kwargs

    def get_initial(self):
        return (
            {"enterprise": query_id(self.request.GET.get("enterprise"))}
            if query_id(self.request.GET.get("enterprise"))
            else {}
        )

    def save(self, form, instance):
        d = form.cleaned_data
        return outcomes.request_raise(
            actor=self.request.user,
            event=instance,
            enterprise=d["enterprise"],
            category=d["category"],
            title=d["title"],
            description=d["description"],
        )

    def get_success_url_for(self, obj):
        return self.instance.get_absolute_url()


class DealListView(ObjectListView):
    model = Deal
    filterset_class = filtersets.DealFilterSet
    table_class = tables.DealTable
    title = gettext_lazy("Matchmaking deals")
    export_name = "deals"
    select_related = ("enterprise", "event")


class DealFormView(ObjectFormView):
    form_class = forms.DealForm
    template_name = "generic/object_form.html"
    success_message = gettext_lazy("Deal “%(object)s” was saved.")

    def get_instance(self):
        if "deal" in self.kwargs:
            deal = self.get_scoped_object(Deal, "change", pk=self.kwargs["deal"])
            self.event = deal.event
            return deal
        self.event = self.get_scoped_object(Event, "change", pk=self.kwargs["pk"])
        return None

    @property
    def title(self):
        return _("Matchmaking result · %(event)s") % {"event": self.event.title}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["enterprises"] = _event_firms(self.event)
        return kwargs

    def cancel_url(self):
        return self.event.get_absolute_url()

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        if instance is None:
            return outcomes.deal_create(actor=self.request.user, event=self.event, **d)
        d.pop("enterprise", None)
        return outcomes.deal_update(actor=self.request.user, deal=instance, expected_version=version, **d)


class FiguresView(ObjectFormView):
    form_class = forms.FiguresForm
    template_name = "generic/object_form.html"
    success_message = gettext_lazy("Figures of “%(object)s” were saved.")

    def get_instance(self):
        self.event = self.get_scoped_object(Event, "change", pk=self.kwargs["pk"])
        return EventFigures.objects.filter(event=self.event).first()

    @property
    def title(self):
        return _("Festival figures · %(event)s") % {"event": self.event.title}

    def cancel_url(self):
        return self.event.get_absolute_url()

    def save(self, form, instance):
        d, version = self.data_and_version(form)
        return outcomes.figures_save(actor=self.request.user, event=self.event, expected_version=version, **d)


class SlotsAddView(ObjectFormView):
    form_class = forms.SlotsForm
    template_name = "generic/object_form.html"

    def get_instance(self):
        return self.get_scoped_object(Event, "change", pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Expert slots · %(event)s") % {"event": self.instance.title}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        return {"first_start": timezone.localtime(self.instance.starts_at)}

    def save(self, form, instance):
        outcomes.slots_create(actor=self.request.user, event=instance, **form.cleaned_data)
        return instance


class SlotBookView(LoginRequiredMixin, View):
    def post(self, request, pk):
        slot = get_object_or_404(
            CoachingSlot.objects.restrict(request.user, "view").select_related("event"), pk=pk
        )
        reg = (
            Registration.objects.restrict(request.user, "view")
            .filter(pk=request.POST.get("registration") or 0, event=slot.event)
            .first()
        )
        if reg is None:
            messages.error(request, _("Choose the firm's registration for this coaching day."))
        else:
            try:
                outcomes.slot_book(actor=request.user, slot=slot, registration=reg)
                messages.success(request, _("Slot booked: %(slot)s.") % {"slot": slot})
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, error_text(exc))
        return redirect(slot.event)


class SlotNotesView(ObjectFormView):
    form_class = forms.NotesForm
    template_name = "generic/object_form.html"
    success_message = gettext_lazy("Notes of %(object)s were saved.")
    model = CoachingSlot

    @property
    def title(self):
        firm = self.instance.registration.enterprise if self.instance.registration_id else "—"
        return _("Expert's notes · %(slot)s · %(firm)s") % {"slot": self.instance, "firm": firm}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs["initial"] = {"notes": self.instance.notes, "version": self.instance.version}
        return kwargs

    def save(self, form, instance):
        return outcomes.slot_notes(
            actor=self.request.user,
            slot=instance,
            notes=form.cleaned_data["notes"],
            expected_version=form.cleaned_data.get("version"),
        )


# --- public -----------------------------------------------------------------------------------


def _public_events():
    return (
        Event.objects.filter(
            visibility=Visibility.PUBLIC, ends_at__gte=timezone.now() - dt.timedelta(days=30)
        )
        .select_related("organiser_unit")
        .order_by("starts_at")
    )


class PublicListView(TemplateView):
    """Anonymous: the public events (upcoming and of the last 30 days), with the .ics feed."""

    template_name = "events/public_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Public events")
        ctx["events"] = _public_events()[:200]
        ctx["ics_url"] = self.request.build_absolute_uri(reverse("events:public_ics"))
        return ctx


def public_ics(request):

    feed = Calendar()
    feed.add("prodid", "-//Chrysalis//events//ZH")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", str(_("Public events")))
    host = request.get_host().split(":")[0]
    for ev in _public_events()[:500]:
        item = VEvent()
        item.add("uid", f"event-{ev.pk}@{host}")
        item.add("summary", ev.title)
        item.add("dtstart", ev.starts_at)
        item.add("dtend", ev.ends_at)
        item.add("dtstamp", ev.updated_at)
        item.add("location", ev.venue)
        item.add("description", f"{ev.get_kind_display()} · {ev.organiser_unit}\n{ev.description}".strip())
        feed.add_component(item)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def can_see_event_dashboard(user) -> bool:
    return get_scope(user).has(*DOOR_STAFF)


class DashboardView(PageRuleMixin, LoginRequiredMixin, TemplateView):
    template_name = "events/dashboard.html"
    page_rule = staticmethod(can_see_event_dashboard)

    def _params(self):

        today = timezone.localdate()
        year = query_year(self.request.GET.get("year"), default=today.year)
        unit = query_id(self.request.GET.get("organiser_unit"))
        return dashboard, year, unit

    def get(self, request, *args, **kwargs):
        if not get_scope(request.user).has(*DOOR_STAFF):
            raise PermissionDenied
        if request.GET.get("export") == "xlsx":
            dashboard, year, unit = self._params()
            f = dashboard.figures(request.user, year=year, organiser_unit=unit)
            months = [[m["month"], m["events"], m["registered"], m["attended"]] for m in f["months"]]
            content = rows_to_xlsx(
                _("Events dashboard %(year)s") % {"year": year},
                [_("figure"), _("value")],
                dashboard.rows_for_export(f),
                sheets=[
                    (_("by month"), [_("month"), _("events"), _("registrations"), _("checked in")], months)
                ],
            )
            record_change(
                actor=request.user,
                action=AuditAction.EXPORT,
                obj=None,
                object_repr=f"events dashboard {year}",
                after={"query": request.GET.urlencode()},
            )
            response = attachment(content, fmt="xlsx", filename=f"events-dashboard-{year}")
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        dashboard, year, unit = self._params()
        today = timezone.localdate()
        ctx.update(
            title=_("Events dashboard"),
            f=dashboard.figures(self.request.user, year=year, organiser_unit=unit),
            years=list(range(today.year + 1, today.year - 5, -1)),
            year=year,
            units=Event.objects.restrict(self.request.user, "view")
            .values_list("organiser_unit", "organiser_unit__name")
            .distinct()
            .order_by("organiser_unit__name"),
            unit=unit,
        )
        return ctx


class FirmEventsView(LoginRequiredMixin, View):
    """The firm's events on the enterprise page (an htmx fragment): registrations the user may see."""

    def get(self, request, pk):
        firm = get_object_or_404(Enterprise.objects.restrict(request.user, "view"), pk=pk)
        regs = list(selectors.firm_registrations(request.user, firm)[:50])
        visible = set(
            Event.objects.restrict(request.user, "view")
            .filter(pk__in=[r.event_id for r in regs])
            .values_list("pk", flat=True)
        )
        return render(
            request, "events/_firm_events.html", {"firm": firm, "registrations": regs, "visible": visible}
        )
