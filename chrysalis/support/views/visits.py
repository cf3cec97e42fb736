"""Visit pages: the one-minute mobile form, list and detail."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy

from chrysalis.core.permissions import may_create
from chrysalis.core.views import ObjectDetailView, ObjectFormView, ObjectListView, PrefillFromQueryMixin
from chrysalis.support import filtersets, forms, tables
from chrysalis.support.models import Visit
from chrysalis.support.services import visits as services


class VisitListView(ObjectListView):
    model = Visit
    filterset_class = filtersets.VisitFilterSet
    table_class = tables.VisitTable
    title = gettext_lazy("Visits")
    add_url_name = "support:visit_add"
    export_name = "visits"

    def optimise(self, qs):
        return (
            qs.select_related("enterprise", "officer")
            .annotate(request_count=Count("requests"))
            .order_by(*Visit._meta.ordering)
        )

    def can_create(self):
        return may_create(self.request.user, Visit)


class VisitDetailView(ObjectDetailView):
    model = Visit
    template_name = "support/visit_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise", "officer")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = str(self.object)
        ctx["requests"] = self.object.requests.all()
        return ctx


class VisitCreateView(PrefillFromQueryMixin, ObjectFormView):
    prefill_fields = ("enterprise",)
    form_class = forms.VisitForm
    template_name = "support/visit_form.html"
    title = gettext_lazy("Log a visit")
    success_message = gettext_lazy("Visit %(object)s was logged.")

    def can_create(self):
        return may_create(self.request.user, Visit)

    def cancel_url(self):
        return reverse("support:visit_list")

    def save(self, form, instance):
        d = form.cleaned_data
        return services.visit_create(
            actor=self.request.user,
            enterprise=d["enterprise"],
            date=d["date"],
            topics=d["topics"],
            people_met=d.get("people_met", ""),
            location=d.get("location", ""),
            photo=d.get("photo"),
            requests=form.requests(),
        )
