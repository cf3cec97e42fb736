"""Recognitions: titles, upcoming re-reviews, the yearly information-update deadline, lapsing titles."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from chrysalis.core.views import ObjectListView
from chrysalis.cultivation.filtersets import RecognitionFilterSet
from chrysalis.cultivation.models.recognition import Recognition
from chrysalis.cultivation.selectors import lapsing_this_year, upcoming_reviews
from chrysalis.cultivation.tables import RecognitionTable


class RecognitionListView(ObjectListView):
    model = Recognition
    filterset_class = RecognitionFilterSet
    table_class = RecognitionTable
    template_name = "cultivation/recognition_list.html"
    title = gettext_lazy("Recognitions")
    export_name = "recognitions"

    def optimise(self, qs):
        return qs.select_related("enterprise")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        ctx["upcoming"] = upcoming_reviews(self.request.user, today, 180)[:20]
        ctx["lapsing"] = lapsing_this_year(self.request.user, today)[:50]
        ctx["info_deadline"] = Recognition.info_update_deadline(today)
        return ctx
