"""Pages of the programmes module: the leader's page, programmes with measures and targets, a
target's trend and the records behind its number, the metric catalogue, reports and the listing
track. Reads start from `restrict()`; writes call the services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from chrysalis.accounts.models import OrgUnit
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.exports import export_response
from chrysalis.core.forms import query_id, query_year
from chrysalis.core.permissions import may
from chrysalis.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    error_text,
)
from chrysalis.enterprises.models import Enterprise, YearFigures
from chrysalis.events.models import Event
from chrysalis.investment.models import Project
from chrysalis.programmes import filtersets, forms, metrics, selectors, tables
from chrysalis.programmes.choices import STATUS_COLOURS, TargetStatus
from chrysalis.programmes.models import ListingEntry, Measure, Programme, Report, Target
from chrysalis.programmes.progress import RULE
from chrysalis.programmes.services import evaluation
from chrysalis.programmes.services import programmes as services
from chrysalis.programmes.services import reports as report_services
from chrysalis.support.models import ServiceRequest
from chrysalis.villages.models import FigureEntry

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReaderMixin(PageRuleMixin):
    """The module's page rule, asked by the page and by every menu link to it (core.access)."""

    page_rule = staticmethod(selectors.is_reader)


def _status_badges():
    return {s.value: {"label": str(s.label), "colour": STATUS_COLOURS[s]} for s in TargetStatus}


# --- the leader's page ----------------------------------------------------------------------------


class CockpitView(ReaderMixin, LoginRequiredMixin, TemplateView):
    template_name = "programmes/cockpit.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        units = OrgUnit.objects.filter(pk__in=Programme.objects.restrict(user, "view").values("unit_id"))
        unit = None
        unit_id = query_id(self.request.GET.get("unit"))
        if unit_id is not None:
            unit = units.filter(pk=unit_id).first()
        year = query_year(self.request.GET.get("year"), default=today.year)
        day = today if year >= today.year else dt.date(year, 12, 31)
        rows = selectors.cockpit(user, unit=unit, year=year, day=day)
        status = self.request.GET.get("status", "")
        if status in TargetStatus.values:
            for r in rows:
                r.evaluations = [e for e in r.evaluations if e.status == status]
        ctx.update(
            title=_("Leader's page"),
            rows=rows,
            chart=selectors.chart_data(rows),
            units=units.order_by("path"),
            unit=unit,
            year=year,
            years=list(range(today.year - 2, today.year + 2)),
            day=day,
            status=status,
            statuses=TargetStatus.choices,
            badges=_status_badges(),
            rule=RULE,
        )
        return ctx


# --- programmes -----------------------------------------------------------------------------------


class ProgrammeListView(ReaderMixin, ObjectListView):
    model = Programme
    filterset_class = filtersets.ProgrammeFilterSet
    table_class = tables.ProgrammeTable
    title = gettext_lazy("Action programmes")
    add_url_name = "programmes:programme_add"
    export_name = "programmes"
    select_related = ("unit",)
    create_model = Programme


class ProgrammeDetailView(ReaderMixin, ObjectDetailView):
    model = Programme
    template_name = "programmes/programme_detail.html"
    select_related = ("unit",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        targets = p.targets.select_related("programme__unit", "measure")
        ctx.update(
            title=p.name,
            measures=p.measures.all(),
            evaluations=evaluation.evaluate_all(targets),
            can_edit=may(self.request.user, "change", p),
            badges=_status_badges(),
        )
        return ctx


class ProgrammeFormView(ReaderMixin, ObjectFormView):
    form_class = forms.ProgrammeForm
    title = gettext_lazy("Programme")
    model = Programme  # edit: .../<pk>/edit/
    create_model = Programme  # add: may_create(user, Programme)

    def cancel_url(self):
        return reverse("programmes:programme_list")

    def save(self, form, instance):
        data = {k: form.cleaned_data[k] for k in services.PROGRAMME_FIELDS}
        if instance is None:
            return services.programme_create(actor=self.request.user, **data)
        return services.programme_update(
            actor=self.request.user,
            programme=instance,
            expected_version=form.cleaned_data.get("version"),
            **data,
        )


class ProgrammeChildFormView(ReaderMixin, ObjectFormView):
    """Measures and targets are added under a programme the actor may change (else 404)."""

    create_refusal = Http404

    def dispatch(self, request, *args, **kwargs):
        self.programme = None
        if "programme" in kwargs and selectors.is_reader(request.user):
            self.programme = get_object_or_404(
                Programme.objects.restrict(request.user, "change"), pk=kwargs["programme"]
            )
        return super().dispatch(request, *args, **kwargs)

    def can_create(self):
        return self.programme is not None

    def cancel_url(self):
        return self.programme.get_absolute_url() if self.programme else "/"


class MeasureFormView(ProgrammeChildFormView):
    form_class = forms.MeasureForm
    model = Measure
    title = gettext_lazy("Measure")

    def save(self, form, instance):
        data = {k: form.cleaned_data[k] for k in services.MEASURE_FIELDS}
        if instance is None:
            return services.measure_create(actor=self.request.user, programme=self.programme, **data)
        return services.measure_update(
            actor=self.request.user,
            measure=instance,
            expected_version=form.cleaned_data.get("version"),
            **data,
        )


class TargetFormView(ProgrammeChildFormView):
    form_class = forms.TargetForm
    model = Target
    title = gettext_lazy("Target")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["programme"] = self.programme
        return kwargs

    def save(self, form, instance):
        d = form.cleaned_data
        data = {
            "name": d["name"],
            "measure": d.get("measure"),
            "metric": d.get("metric") or "",
            "params": d.get("parameters") or {},
            "unit_label": d.get("unit_label") or "",
            "baseline": d["baseline"],
            "target_value": d["target_value"],
            "starts_on": d["starts_on"],
            "deadline": d["deadline"],
            "owner": d["owner"],
            "position": d.get("position") or 0,
        }
        if instance is None:
            target = services.target_create(actor=self.request.user, programme=self.programme, **data)
        else:
            target = services.target_update(
                actor=self.request.user, target=instance, expected_version=d.get("version"), **data
            )
        evaluation.backfill(target)
        return target


# --- targets --------------------------------------------------------------------------------------


class TargetDetailView(ReaderMixin, ObjectDetailView):
    model = Target
    template_name = "programmes/target_detail.html"
    select_related = ("programme__unit", "measure")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        t = self.object
        ev = evaluation.evaluate(t)
        metric = metrics.CATALOGUE.get(t.metric) if t.metric else None
        snaps = list(t.snapshots.order_by("month"))
        trend = {
            "months": [f"{s.month:%Y-%m}" for s in snaps],
            "values": [None if s.value is None else float(s.value) for s in snaps],
            "expected": [None if s.expected is None else float(s.expected) for s in snaps],
            "target": float(t.target_value),
            "baseline": float(t.baseline),
            "projected": None if ev.assessment.projected is None else float(ev.assessment.projected),
            "deadline": f"{t.deadline:%Y-%m}",
            "labels": {
                "value": _("Value"),
                "expected": _("Expected by now"),
                "target": _("Target value"),
                "projected": _("Projected at the deadline"),
            },
        }
        ctx.update(
            title=t.name,
            ev=ev,
            metric=metric,
            params=metric.describe_params(metric.clean_params(t.params)) if metric else [],
            snapshots=snaps,
            trend=trend,
            rule=RULE,
            badges=_status_badges(),
            manual_values=t.manual_values.select_related("entered_by"),
            can_edit=may(self.request.user, "change", t),
            manual_form=forms.ManualValueForm(user=self.request.user) if t.is_manual else None,
        )
        return ctx


def _record_row(obj) -> list[str]:
    """Columns of the drill-down list, by the kind of record."""
    if isinstance(obj, Enterprise):
        return [obj.uscc, obj.org_unit.name if obj.org_unit_id else ""]
    if isinstance(obj, YearFigures):
        return [str(obj.year), f"{obj.rd_expense}"]
    if isinstance(obj, ServiceRequest):
        return [
            obj.get_status_display(),
            timezone.localtime(obj.answered_at).date().isoformat() if obj.answered_at else "",
        ]
    if isinstance(obj, Event):
        return [obj.get_kind_display(), timezone.localtime(obj.starts_at).date().isoformat()]
    if isinstance(obj, Project):
        return [f"{obj.amount}", obj.landed_on.isoformat() if obj.landed_on else ""]
    if isinstance(obj, FigureEntry):
        return [obj.period.isoformat(), f"{obj.value}"]
    return ["", ""]


class TargetRecordsView(ReaderMixin, LoginRequiredMixin, TemplateView):
    """The records behind a target's number; the reader sees those their own scope reaches."""

    template_name = "programmes/target_records.html"

    def get_target(self):
        return get_object_or_404(
            Target.objects.restrict(self.request.user, "view").select_related("programme__unit"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        self.target = self.get_target()
        behind = evaluation.records(self.target)
        if behind is None:
            raise Http404
        self.total = behind.count()
        model = behind.model
        visible = behind.filter(pk__in=model.objects.restrict(request.user, "view").values("pk")).order_by(
            "pk"
        )
        self.visible = visible
        if request.GET.get("export") in {"xlsx", "csv"}:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        header = [_("Record"), _("Detail"), _("Detail")]
        rows = [[str(o), *_record_row(o)] for o in self.visible.iterator()]
        record_change(
            actor=self.request.user,
            action=AuditAction.EXPORT,
            obj=None,
            object_repr=f"{self.target}: {len(rows)}",
            after={"target": self.target.pk},
        )
        return export_response(
            fmt=fmt,
            title=str(self.target)[:31],
            header=header,
            rows=rows,
            filename=f"target-{self.target.pk}",
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(self.visible, 50).get_page(self.request.GET.get("page"))
        metric = metrics.get(self.target.metric)
        ctx.update(
            title=_("Records behind: %(target)s") % {"target": self.target.name},
            target=self.target,
            metric=metric,
            page=page,
            rows=[(o, _record_row(o)) for o in page.object_list],
            total=self.total,
            hidden=self.total - self.visible.count(),
            ev=evaluation.evaluate(self.target),
        )
        return ctx


class ManualValueView(ReaderMixin, LoginRequiredMixin, View):
    def post(self, request, pk):
        target = get_object_or_404(Target.objects.restrict(request.user, "change"), pk=pk)
        form = forms.ManualValueForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect(target)
        try:
            services.manual_value_add(actor=request.user, target=target, **form.cleaned_data)
            evaluation.backfill(target)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Value recorded."))
        return redirect(target)


class MetricCatalogueView(ReaderMixin, LoginRequiredMixin, TemplateView):
    template_name = "programmes/metric_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=_("Metric catalogue"), metrics=metrics.METRICS, rule=RULE)
        return ctx


# --- reports --------------------------------------------------------------------------------------


class ReportListView(ReaderMixin, ObjectListView):
    model = Report
    filterset_class = filtersets.ReportFilterSet
    table_class = tables.ReportTable
    title = gettext_lazy("Reports")
    add_url_name = "programmes:report_add"
    export_name = "programme-reports"
    select_related = ("unit",)
    create_model = Report


class ReportCreateView(ReaderMixin, ObjectFormView):
    form_class = forms.ReportCreateForm
    title = gettext_lazy("New report")
    create_model = Report

    def get_initial(self):
        start, end = report_services.default_period(
            self.request.GET.get("kind", "monthly"), timezone.localdate()
        )
        return {"kind": self.request.GET.get("kind", "monthly"), "period_start": start, "period_end": end}

    def cancel_url(self):
        return reverse("programmes:report_list")

    def save(self, form, instance):
        return report_services.report_create(actor=self.request.user, **form.cleaned_data)


class ReportDetailView(ReaderMixin, ObjectDetailView):
    model = Report
    template_name = "programmes/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        r = self.object
        ctx.update(
            title=r.title,
            figures=r.figures if r.is_issued else report_services.build_figures(r),
            sections=[(label, (r.sections or {}).get(key, "")) for key, label in report_services.SECTIONS],
            can_edit=not r.is_issued and may(self.request.user, "change", r),
            badges=_status_badges(),
        )
        return ctx


class ReportEditView(ReaderMixin, ObjectFormView):
    form_class = forms.ReportSectionsForm
    title = gettext_lazy("Edit the report")
    model = Report

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        r = self.instance
        return {"title": r.title, "version": r.version, **(r.sections or {})}

    def save(self, form, instance):
        d = form.cleaned_data
        return report_services.report_update(
            actor=self.request.user,
            report=instance,
            expected_version=d.get("version"),
            title=d["title"],
            sections={k: d.get(k, "") for k in report_services.SECTION_KEYS},
        )


class ReportIssueView(ReaderMixin, ObjectActionView):
    model = Report
    action = "change"
    errors = (ValidationError, PermissionDenied)
    success_message = gettext_lazy("The report is issued and kept as issued.")

    def perform(self, report):
        report_services.report_issue(actor=self.request.user, report=report, expected_version=self.version())


class ReportDownloadView(ReaderMixin, LoginRequiredMixin, View):
    def get(self, request, pk, fmt):
        if fmt not in {"docx", "xlsx"}:
            raise Http404
        report = get_object_or_404(Report.objects.restrict(request.user, "export"), pk=pk)
        content, name = report_services.report_files(report, fmt)
        record_change(
            actor=request.user,
            action=AuditAction.EXPORT,
            obj=report,
            object_repr=str(report),
            after={"format": fmt, "issued": report.is_issued},
        )
        response = HttpResponse(content, content_type=DOCX if fmt == "docx" else XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- the listing track ----------------------------------------------------------------------------


class ListingListView(ReaderMixin, ObjectListView):
    model = ListingEntry
    filterset_class = filtersets.ListingFilterSet
    table_class = tables.ListingTable
    title = gettext_lazy("Listing track")
    add_url_name = "programmes:listing_add"
    export_name = "listing-track"
    select_related = ("enterprise",)
    create_model = ListingEntry


class ListingFormView(ReaderMixin, ObjectFormView):
    form_class = forms.ListingForm
    title = gettext_lazy("Listing track")
    create_model = ListingEntry

    def cancel_url(self):
        return reverse("programmes:listing_list")

    def get_success_url_for(self, obj):
        return reverse("programmes:listing_list")

    def save(self, form, instance):
        return services.listing_save(actor=self.request.user, **form.cleaned_data)
