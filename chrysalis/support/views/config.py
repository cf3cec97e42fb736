"""Calendar overrides and time limits (district administrators edit, staff read)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.core.permissions import may_create
from chrysalis.core.views import ObjectFormView, ObjectListView
from chrysalis.support import filtersets, forms, tables
from chrysalis.support.models import HolidayOverride, TimeLimit
from chrysalis.support.services import config as services


class HolidayListView(ObjectListView):
    model = HolidayOverride
    filterset_class = filtersets.HolidayFilterSet
    table_class = tables.HolidayTable
    title = gettext_lazy("Calendar overrides")
    add_url_name = "support:holiday_add"
    export_name = "calendar-overrides"

    def can_create(self):
        return may_create(self.request.user, HolidayOverride)


class HolidayCreateView(ObjectFormView):
    form_class = forms.HolidayForm
    title = gettext_lazy("Add a calendar override")
    success_message = gettext_lazy("%(object)s was saved.")

    def can_create(self):
        return may_create(self.request.user, HolidayOverride)

    def cancel_url(self):
        return reverse("support:holiday_list")

    def save(self, form, instance):
        d = form.cleaned_data
        return services.holiday_save(
            actor=self.request.user, date=d["date"], is_working=d["is_working"], name=d.get("name", "")
        )


class HolidayDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        override = get_object_or_404(HolidayOverride.objects.restrict(request.user, "delete"), pk=pk)
        try:
            services.holiday_delete(actor=request.user, override=override)
            messages.success(request, _("The override was removed."))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect("support:holiday_list")


class TimeLimitListView(ObjectListView):
    model = TimeLimit
    filterset_class = filtersets.TimeLimitFilterSet
    table_class = tables.TimeLimitTable
    title = gettext_lazy("Time limits")
    add_url_name = "support:timelimit_add"
    export_name = "time-limits"

    def can_create(self):
        return may_create(self.request.user, TimeLimit)


class TimeLimitCreateView(ObjectFormView):
    form_class = forms.TimeLimitForm
    title = gettext_lazy("Set a time limit")
    success_message = gettext_lazy("%(object)s was saved.")

    def can_create(self):
        return may_create(self.request.user, TimeLimit)

    def cancel_url(self):
        return reverse("support:timelimit_list")

    def save(self, form, instance):
        d = form.cleaned_data
        return services.timelimit_save(
            actor=self.request.user,
            category=d["category"],
            urgency=d["urgency"],
            sign_days=d["sign_days"],
            resolve_days=d["resolve_days"],
        )
