"""In-app notifications: list and mark as read."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from chrysalis.core.views import ObjectListView
from chrysalis.support import filtersets, tables
from chrysalis.support.models import Notification


class NotificationListView(ObjectListView):
    model = Notification
    filterset_class = filtersets.NotificationFilterSet
    table_class = tables.NotificationTable
    title = gettext_lazy("Notifications")
    template_name = "support/notification_list.html"
    export_name = "notifications"


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification (pk) or all (no pk) as read. Only one's own."""

    def post(self, request, pk=None):
        qs = Notification.objects.restrict(request.user, "change").filter(read_at__isnull=True)
        if pk is not None:
            note = get_object_or_404(Notification.objects.restrict(request.user, "change"), pk=pk)
            qs = qs.filter(pk=note.pk)
        qs.update(read_at=timezone.now())
        return redirect("support:notification_list")
