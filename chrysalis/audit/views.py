from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chrysalis.audit import filtersets, tables
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.extensions import scope_for
from chrysalis.core.views import ObjectDetailView, ObjectListView


def is_auditor(user) -> bool:
    return scope_for(user).has("auditor")


class ChangeRecordListView(PageRuleMixin, ObjectListView):
    """The audit log, readable by auditors only; for anybody else the page does not exist."""

    model = ChangeRecord
    filterset_class = filtersets.ChangeRecordFilterSet
    table_class = tables.ChangeRecordTable
    title = _("Audit log")
    export_name = "audit-log"
    page_rule = staticmethod(is_auditor)
    page_refusal = Http404

    def optimise(self, qs):
        return qs.select_related("content_type")


class ChangeRecordDetailView(ObjectDetailView):
    model = ChangeRecord
    template_name = "audit/changerecord_detail.html"
    context_object_name = "record"
