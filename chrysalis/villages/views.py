"""Pages of the villages module. Reads start from `restrict()`; writes call the services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.exports import export_response
from chrysalis.core.forms import query_id
from chrysalis.core.permissions import may
from chrysalis.core.views import ObjectActionView, ObjectDetailView, ObjectFormView, ObjectListView
from chrysalis.villages import adapters, filtersets, forms, selectors, tables
from chrysalis.villages.choices import (
    NEXT_STAGE,
    VILLAGE_ROLES,
    FigureStatus,
    HonourLevel,
    PlanEvent,
    PlanStatus,
)
from chrysalis.villages.models import FigureEntry, Honour, Metric, Operator, Plan, Project, Route, Village
from chrysalis.villages.services import figures as figure_services
from chrysalis.villages.services import plans as plan_services
from chrysalis.villages.services import projects as project_services


def may_enter_for_villages(user) -> bool:
    """Whether the user changes some village (enters its figures, writes its plans, projects and
    honours): the create rule of those pages and of their lists' add buttons."""
    return Village.objects.restrict(user, "change").exists()


def is_village_staff(user) -> bool:
    """Only people working in the module (district, street, village operator) open its pages;
    enterprise users and auditors see the public pages only."""
    return get_scope(user).has(*VILLAGE_ROLES)


class VillageStaffMixin(PageRuleMixin):
    """The module's page rule, asked by the page and by every menu link to it (core.access)."""

    page_rule = staticmethod(is_village_staff)


# --- villages ------------------------------------------------------------------------------------


class VillageListView(VillageStaffMixin, ObjectListView):
    model = Village
    filterset_class = filtersets.VillageFilterSet
    table_class = tables.VillageTable
    title = gettext_lazy("Villages")
    add_url_name = "villages:village_add"
    export_name = "villages"
    select_related = ("unit", "unit__parent")

    def can_create(self):
        return forms.units_without_profile(self.request.user).exists()


class VillageDetailView(VillageStaffMixin, ObjectDetailView):
    model = Village
    template_name = "villages/village_detail.html"
    select_related = ("unit", "unit__parent")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        v = self.object
        ctx["incomes"] = v.incomes.all()
        ctx["resources"] = v.resources.all()
        ctx["figures"] = v.figures.select_related("metric").order_by("-period", "metric__position")[:24]
        ctx["plans"] = v.plans.select_related("operator")
        ctx["pairings"] = v.pairings.select_related("operator")
        ctx["photos"] = v.photos.all()
        ctx["honours"] = v.honours.all()
        ctx["can_change"] = may(self.request.user, "change", v)
        return ctx


# --- figures -------------------------------------------------------------------------------------


class FigureListView(VillageStaffMixin, ObjectListView):
    model = FigureEntry
    filterset_class = filtersets.FigureFilterSet
    table_class = tables.FigureTable
    title = gettext_lazy("Figures")
    add_url_name = "villages:figure_add"
    export_name = "village-figures"
    select_related = ("village__unit", "metric")

    def can_create(self):
        return may_enter_for_villages(self.request.user)


class FigureDetailView(VillageStaffMixin, ObjectDetailView):
    model = FigureEntry
    template_name = "villages/figure_detail.html"
    select_related = ("village__unit", "metric", "entered_by", "reviewed_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        caps = figure_services.figure_capacities(self.request.user, self.object)
        ctx["events"] = [
            (e, label)
            for e, label in (("review", _("Confirm")), ("return", _("Return")), ("resubmit", _("Resubmit")))
            if e in figure_services.FIGURE_MACHINE.allowed(self.object.status, caps)
        ]
        ctx["history"] = self.object.history.select_related("actor")
        return ctx


class FigureCreateView(VillageStaffMixin, ObjectFormView):
    form_class = forms.FigureForm
    title = gettext_lazy("Enter a figure")
    success_message = gettext_lazy("%(object)s was recorded.")

    def can_create(self):
        return may_enter_for_villages(self.request.user)

    def get_initial(self):
        today = timezone.localdate()
        return {"period": today.replace(day=1)}

    def cancel_url(self):
        return reverse("villages:figure_list")

    def save(self, form, instance):
        d = form.cleaned_data
        return figure_services.figure_enter(
            actor=self.request.user,
            village=d["village"],
            metric=d["metric"],
            period_kind=d["period_kind"],
            period=d["period"],
            value=d["value"],
            unit=d["unit"],
            source=d["source"],
            method=d.get("method", ""),
            confirm_reason=d.get("confirm_reason", ""),
        )


def _shown_version(request, obj) -> int:
    """The version the page showed (its hidden field), or the object's own."""
    return int(request.POST.get("version") or obj.version)


class WorkflowMoveView(VillageStaffMixin, ObjectActionView):
    """POST .../<pk>/<event>/: one move of the object's workflow through its service, which is called
    as `transition(actor=…, <argument>=obj, event=…, reason=…, expected_version=…)`."""

    success_message = gettext_lazy("Done.")
    transition: Any = None
    argument = ""

    def perform(self, obj):
        self.transition(
            actor=self.request.user,
            event=self.kwargs["event"],
            reason=self.request.POST.get("reason", ""),
            expected_version=_shown_version(self.request, obj),
            **{self.argument: obj},
        )


class FigureTransitionView(WorkflowMoveView):
    model = FigureEntry
    transition = staticmethod(figure_services.figure_transition)
    argument = "entry"


class FigureReviewAllView(VillageStaffMixin, LoginRequiredMixin, View):
    """Confirm every entered figure the street may review (optionally one period)."""

    def post(self, request):
        entries = FigureEntry.objects.restrict(request.user, "assess")
        if request.POST.get("period"):
            entries = entries.filter(period=request.POST["period"])
        done = figure_services.figures_review(actor=request.user, entries=entries)
        messages.success(request, _("%(n)s figures confirmed.") % {"n": done})
        return redirect(reverse("villages:figure_list") + "?status=reviewed")


class FigureImportView(VillageStaffMixin, LoginRequiredMixin, View):
    """Takes festival figures from the events module (settings.CHRYSALIS_VILLAGE_FIGURE_SOURCES) for
    the villages the user enters figures for; never typed twice."""

    def post(self, request):
        if not Village.objects.restrict(request.user, "change").exists():
            raise PermissionDenied
        c = figure_services.figures_import(actor=request.user)
        messages.success(
            request,
            _("From the events module: %(created)s new, %(updated)s updated, %(clash)s left as typed.") % c,
        )
        return redirect(reverse("villages:figure_list") + "?source=events")


# --- the figures dashboard -----------------------------------------------------------------------


def _month(value: str | None, default: dt.date) -> dt.date:
    try:
        year, month = (int(x) for x in (value or "").split("-")[:2])
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return default


class DashboardView(VillageStaffMixin, LoginRequiredMixin, TemplateView):
    template_name = "villages/dashboard.html"

    def figures(self):
        request = self.request
        today = timezone.localdate()
        start = _month(request.GET.get("start"), dt.date(today.year, 1, 1))
        end = _month(request.GET.get("end"), today.replace(day=1))
        metrics = list(Metric.objects.all())
        metric = next(
            (m for m in metrics if m.code == request.GET.get("metric")), metrics[0] if metrics else None
        )
        visible = FigureEntry.objects.restrict(request.user, "view")
        villages = Village.objects.restrict(request.user, "view").select_related("unit", "unit__parent")
        area = None
        area_id = query_id(request.GET.get("area"))
        if area_id is not None:
            area = OrgUnit.objects.restrict(request.user, "view").filter(pk=area_id).first()
        if area is not None:
            units = [v.unit for v in villages.filter(unit__path__startswith=area.path)]
        else:
            units = list(OrgUnit.objects.filter(pk__in=villages.values("unit__parent_id")).order_by("path"))
            if len(units) == 1:  # one street only: show its villages
                area, units = units[0], [v.unit for v in villages]
        found = None
        if metric and area is None:  # the streets: from their running totals when the user reaches them
            found = selectors.parent_totals_figures(
                request.user, metric=metric, start=start, end=end, units=units
            )
        if found is None and metric:
            found = selectors.dashboard_figures(
                visible, metric=metric, start=start, end=end, units=units, path=area.path if area else ""
            )
        rows, series = found or ([], [])
        total = sum((r.current for r in rows), 0)
        previous = sum((r.previous for r in rows), 0)
        query = {"metric": metric.pk if metric else "", "start": start.isoformat(), "end": end.isoformat()}
        for r in rows:
            r.url = reverse("villages:figure_list") + "?" + urlencode({**query, "area": r.unit_id})
            r.drill = (
                reverse("villages:dashboard")
                + "?"
                + urlencode(
                    {
                        "metric": metric.code,
                        "start": f"{start:%Y-%m}",
                        "end": f"{end:%Y-%m}",
                        "area": r.unit_id,
                    }
                )
            )
        return {
            "metrics": metrics,
            "metric": metric,
            "start": start,
            "end": end,
            "area": area,
            "rows": rows,
            "total": total,
            "previous": previous,
            "yoy": round((total - previous) / previous * 100, 1) if previous else None,
            "series": [{"period": f"{p:%Y-%m}", "value": float(v)} for p, v in series],
            "chart_rows": [{"name": r.name, "value": float(r.current), "url": r.drill} for r in rows],
        }

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in {"xlsx", "csv"}:
            f = self.figures()
            header = [
                _("street or village"),
                _("this period"),
                _("same period last year"),
                _("year on year (%)"),
            ]
            rows = [[r.name, r.current, r.previous, r.yoy] for r in f["rows"]]
            rows.append([_("Total"), f["total"], f["previous"], f["yoy"]])
            record_change(
                actor=request.user,
                action="export",
                obj=None,
                object_repr=_("village figures dashboard"),
                after={"query": request.GET.urlencode()},
            )
            return export_response(
                fmt=request.GET["export"],
                title=str(f["metric"] or ""),
                header=header,
                rows=rows,
                filename="village-dashboard",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        f = self.figures()
        ctx.update(f)
        ctx["title"] = _("Village figures")
        ctx["chart"] = {"series": f["series"], "rows": f["chart_rows"]}
        ctx["can_import"] = Village.objects.restrict(self.request.user, "change").exists()
        ctx["pending"] = (
            FigureEntry.objects.restrict(self.request.user, "assess")
            .filter(status=FigureStatus.ENTERED)
            .count()
        )
        return ctx


class PlansDashboardView(VillageStaffMixin, LoginRequiredMixin, TemplateView):
    """Plan achievement and rewards, the operators' overview and honours by level, for one year; every
    bar and row opens the plan, operator or filtered honour list; each table exports to Excel."""

    template_name = "villages/plans_dashboard.html"

    def data(self):
        user = self.request.user
        plans = Plan.objects.restrict(user, "view")
        years = sorted(set(plans.values_list("year", flat=True)), reverse=True)
        try:
            year = int(self.request.GET.get("year") or (years[0] if years else timezone.localdate().year))
        except ValueError:
            year = timezone.localdate().year
        rows = selectors.plan_rows(plans.filter(year=year))
        operators = selectors.operator_rows(rows, Operator.objects.restrict(user, "view"))
        honours = Honour.objects.restrict(user, "view")
        return {
            "years": years,
            "year": year,
            "plans": rows,
            "operators": operators,
            "levels": selectors.honours_by_level(honours),
            "honour_total": honours.count(),
        }

    def get(self, request, *args, **kwargs):
        table = request.GET.get("export")
        if table in {"plans", "operators", "honours"}:
            return self.export(table, self.data())
        return super().get(request, *args, **kwargs)

    def export(self, table: str, d: dict):
        if table == "plans":
            header = [
                _("plan"),
                _("village"),
                _("operator"),
                _("status"),
                _("weighted achievement (%)"),
                _("reward (10,000 yuan)"),
            ]
            rows = [
                [
                    str(r.plan),
                    str(r.plan.village),
                    str(r.plan.operator),
                    str(r.plan.get_status_display()),
                    float(r.achievement * 100),
                    r.reward,
                ]
                for r in d["plans"]
            ]
        elif table == "operators":
            header = [
                _("operator"),
                _("street"),
                _("villages paired"),
                _("plans"),
                _("mean weighted achievement (%)"),
                _("rewards (10,000 yuan)"),
            ]
            rows = [
                [
                    str(o["operator"]),
                    str(o["operator"].street),
                    "、".join(o["villages"]),
                    o["plans"],
                    None if o["achievement"] is None else float(o["achievement"] * 100),
                    o["reward"],
                ]
                for o in d["operators"]
            ]
        else:
            header = [_("level"), _("honours")]
            rows = [[r["label"], r["n"]] for r in d["levels"]]
        record_change(
            actor=self.request.user,
            action="export",
            obj=None,
            object_repr=_("village plans dashboard"),
            after={"query": self.request.GET.urlencode()},
        )
        return export_response(
            fmt="xlsx",
            title=f"{d['year']}",
            header=header,
            rows=rows,
            filename=f"village-{table}-{d['year']}",
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        d = self.data()
        ctx.update(d)
        ctx["title"] = _("Plans, operators and honours")
        honour_url = reverse("villages:honour_list")
        ctx["chart"] = {
            "plans": [
                {
                    "name": f"{r.plan.village}",
                    "value": float(r.achievement * 100),
                    "reward": float(r.reward),
                    "url": r.plan.get_absolute_url(),
                }
                for r in d["plans"]
            ],
            "levels": [
                {"name": r["label"], "value": r["n"], "url": f"{honour_url}?level={r['level']}"}
                for r in d["levels"]
            ],
        }
        return ctx


# --- operators and plans -------------------------------------------------------------------------


class OperatorListView(VillageStaffMixin, ObjectListView):
    model = Operator
    filterset_class = filtersets.OperatorFilterSet
    table_class = tables.OperatorTable
    title = gettext_lazy("Operators")
    add_url_name = "villages:operator_add"
    export_name = "village-operators"
    select_related = ("street",)

    def can_create(self):
        return forms.streets_for(self.request.user).exists()


class OperatorDetailView(VillageStaffMixin, ObjectDetailView):
    model = Operator
    template_name = "villages/operator_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["pairings"] = self.object.pairings.select_related("village__unit")
        ctx["can_change"] = may(self.request.user, "change", self.object)
        plans = (
            Plan.objects.restrict(self.request.user, "view")
            .filter(operator=self.object)
            .select_related("village__unit")
        )
        # the annual review: each plan's targets against reviewed figures, with the reward's working
        ctx["plans"] = [(plan, selectors.reward_working(plan)) for plan in plans]
        return ctx


class PlanListView(VillageStaffMixin, ObjectListView):
    model = Plan
    filterset_class = filtersets.PlanFilterSet
    table_class = tables.PlanTable
    title = gettext_lazy("Operation plans")
    add_url_name = "villages:plan_add"
    export_name = "village-plans"
    select_related = ("village__unit", "operator")

    def can_create(self):
        return may_enter_for_villages(self.request.user)


class PlanDetailView(VillageStaffMixin, ObjectDetailView):
    model = Plan
    template_name = "villages/plan_detail.html"
    select_related = ("village__unit", "operator")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        working = selectors.reward_working(self.object)
        ctx["working"] = working
        caps = plan_services.plan_capacities(self.request.user, self.object)
        ctx["events"] = [
            (e, PlanEvent(e).label) for e in plan_services.PLAN_MACHINE.allowed(self.object.status, caps)
        ]
        ctx["history"] = self.object.history.select_related("actor")
        ctx["can_edit"] = self.object.status == PlanStatus.DRAFT and "editor" in caps
        return ctx


class PlanTransitionView(WorkflowMoveView):
    model = Plan
    transition = staticmethod(plan_services.plan_transition)
    argument = "plan"


# --- projects, honours, routes -------------------------------------------------------------------


class ProjectListView(VillageStaffMixin, ObjectListView):
    model = Project
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable
    title = gettext_lazy("Village projects")
    add_url_name = "villages:project_add"
    export_name = "village-projects"
    select_related = ("village__unit",)

    def can_create(self):
        return may_enter_for_villages(self.request.user)


class ProjectDetailView(VillageStaffMixin, ObjectDetailView):
    model = Project
    template_name = "villages/project_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["firms"] = self.object.firms.all()
        ctx["can_change"] = may(self.request.user, "change", self.object)
        ctx["can_advance"] = ctx["can_change"] and self.object.stage in NEXT_STAGE
        return ctx


class ProjectAdvanceView(VillageStaffMixin, ObjectActionView):
    model = Project
    success_message = gettext_lazy("Done.")
    errors = (ValidationError, PermissionDenied)

    def perform(self, project):
        project_services.project_advance(
            actor=self.request.user,
            project=project,
            expected_version=_shown_version(self.request, project),
        )


class HonourListView(VillageStaffMixin, ObjectListView):
    model = Honour
    filterset_class = filtersets.HonourFilterSet
    table_class = tables.HonourTable
    title = gettext_lazy("Honours")
    add_url_name = "villages:honour_add"
    export_name = "village-honours"
    select_related = ("village__unit",)

    def can_create(self):
        return may_enter_for_villages(self.request.user)


class RouteListView(VillageStaffMixin, ObjectListView):
    model = Route
    filterset_class = filtersets.RouteFilterSet
    table_class = tables.RouteTable
    title = gettext_lazy("Visitor routes")
    add_url_name = "villages:route_add"
    export_name = "village-routes"
    select_related = ("street",)

    def can_create(self):
        return forms.streets_for(self.request.user).exists()


def _qr_svg(request, route: Route) -> str:
    """The route's public address as an inline SVG QR code, generated here (no outside service)."""
    return segno.make(request.build_absolute_uri(route.get_public_url()), error="m").svg_inline(
        scale=4, title=str(route)
    )


class RouteDetailView(VillageStaffMixin, ObjectDetailView):
    model = Route
    template_name = "villages/route_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["stops"] = self.object.stops.select_related("village__unit", "project", "resource")
        ctx["card"] = False
        return ctx


class RouteCardView(RouteDetailView):
    """The printable route card: stops, durations and the QR code of the public page."""

    template_name = "villages/route_card.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["qr"] = mark_safe(_qr_svg(self.request, self.object))  # noqa: S308  (segno's own SVG)
        ctx["public_url"] = self.request.build_absolute_uri(self.object.get_public_url())
        return ctx


# --- public pages (anonymous) --------------------------------------------------------------------


class PublicRouteListView(TemplateView):
    template_name = "villages/public_routes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["routes"] = (
            Route.objects.filter(is_public=True).select_related("street").prefetch_related("stops")
        )
        ctx["title"] = _("Visitor routes")
        ctx["events"] = adapters.public_events()
        return ctx


class PublicRouteView(TemplateView):
    template_name = "villages/public_route.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        route = get_object_or_404(Route.objects.filter(is_public=True), pk=self.kwargs["pk"])
        ctx["route"] = route
        ctx["stops"] = route.stops.select_related("village__unit")
        ctx["title"] = route.name
        return ctx


class PublicHonourListView(TemplateView):
    template_name = "villages/public_honours.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        honours = Honour.objects.filter(is_public=True).select_related("village__unit")
        ctx["honours"] = honours
        ctx["by_level"] = [
            (label, sum(1 for h in honours if h.level == value)) for value, label in HonourLevel.choices
        ]
        ctx["title"] = _("Village honours")
        return ctx
