"""Recognitions: titles, upcoming re-reviews, the yearly information-update deadline, lapsing titles."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from chrysalis.core.views import ObjectFormView, ObjectListView
from chrysalis.cultivation.filtersets import RecognitionFilterSet
from chrysalis.cultivation.forms_pool import RecognitionForm
from chrysalis.cultivation.models.pool import PoolEntry, TierTarget
from chrysalis.cultivation.models.recognition import Recognition
from chrysalis.cultivation.selectors import lapsing_this_year, upcoming_reviews
from chrysalis.cultivation.services.pool import may_add_to_pool
from chrysalis.cultivation.services.recognitions import recognition_add
from chrysalis.cultivation.tables import RecognitionTable
from chrysalis.enterprises.models import Enterprise


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


class RecognitionAddView(ObjectFormView):
    """Record a title granted to a firm (also the registry's Title record; a firm in the pool at
    申报中 or 复核 moves to 已认定)."""

    form_class = RecognitionForm
    title = gettext_lazy("Record a recognition")
    success_message = gettext_lazy("Recognition recorded.")

    create_refusal = Http404  # the firm is visible but not writable: the page is absent

    def get_instance(self):
        self.enterprise = get_object_or_404(
            Enterprise.objects.restrict(self.request.user, "view"), pk=self.kwargs["enterprise_pk"]
        )
        return None

    def can_create(self):
        return may_add_to_pool(self.request.user, self.enterprise)

    def get_initial(self):
        entry = PoolEntry.objects.filter(enterprise=self.enterprise).only("tier_target").first()
        today = timezone.localdate()
        return {
            "tier": entry.tier_target if entry else TierTarget.ZJTX,
            "granted_on": today,
            "valid_until": today.replace(year=today.year + 3) - dt.timedelta(days=1)
            if not (today.month == 2 and today.day == 29)
            else dt.date(today.year + 3, 2, 28),
        }

    def cancel_url(self) -> str:
        return reverse("cultivation:recognition_list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"{self.title} · {self.enterprise.name}"
        return ctx

    def get_success_url_for(self, obj):
        return reverse("cultivation:recognition_list") + f"?enterprise={self.enterprise.pk}"

    def save(self, form, instance):
        d = form.cleaned_data
        return recognition_add(
            actor=self.request.user,
            enterprise=self.enterprise,
            tier=d["tier"],
            batch=d["batch"],
            granted_on=d["granted_on"],
            valid_until=d["valid_until"],
            review_due=d["review_due"],
            certificate_no=d["certificate_no"],
            issuer=d["issuer"],
        )
