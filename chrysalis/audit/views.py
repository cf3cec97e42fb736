from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chrysalis.audit import filtersets, tables
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.extensions import scope_for
from chrysalis.core.views import ObjectDetailView, ObjectListView


class ChangeRecordListView(ObjectListView):
    """The audit log, readable by auditors only; for anybody else the page does not exist."""

    model = ChangeRecord
    filterset_class = filtersets.ChangeRecordFilterSet
    table_class = tables.ChangeRecordTable
    title = _("Audit log")
    export_name = "audit-log"

    def optimise(self, qs):
        return qs.select_related("content_type")

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope_for(request.user).has("auditor"):
            raise Http404
        return super().get(request, *args, **kwargs)


class ChangeRecordDetailView(ObjectDetailView):
    model = ChangeRecord
    template_name = "audit/changerecord_detail.html"
    context_object_name = "record"
