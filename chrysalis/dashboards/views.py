"""The service dashboard (ECharts): every figure drills down to its request list and exports."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.access import PageRuleMixin
from chrysalis.core.exports import attachment, rows_to_xlsx
from chrysalis.core.forms import query_id, query_year
from chrysalis.dashboards.selectors import service_figures

ROLES = ("district_admin", "service_officer", "grid_worker", "department_handler")


def can_see_dashboard(user) -> bool:
    return get_scope(user).has(*ROLES)


def _params(request):
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    year = query_year(request.GET.get("year"))
    area = None
    area_id = query_id(request.GET.get("area"))
    if area_id is not None:
        area = OrgUnit.objects.restrict(request.user, "view").filter(pk=area_id).first()
        if area is None:
            raise PermissionDenied  # an explicit request for a scope one cannot see (C-04)
    return year, area


class ServiceDashboardView(PageRuleMixin, LoginRequiredMixin, View):
    page_rule = staticmethod(can_see_dashboard)

    def get(self, request):
        year, area = _params(request)
        figures = service_figures(request.user, year=year, area=area)
        areas = (
            OrgUnit.objects.restrict(request.user, "view")
            .filter(kind__in=["zone", "street", "grid"])
            .order_by("path")
        )
        this_year = timezone.localdate().year
        return render(
            request,
            "dashboards/service.html",
            {
                "title": _("Service dashboard"),
                "figures": figures,
                "year": year,
                "area": area,
                "areas": areas,
                "years": list(range(this_year, this_year - 4, -1)),
            },
        )


class ServiceDashboardExportView(PageRuleMixin, LoginRequiredMixin, View):
    page_rule = staticmethod(can_see_dashboard)

    def get(self, request):
        year, area = _params(request)
        f = service_figures(request.user, year=year, area=area)
        header = [
            _("group"),
            _("name"),
            _("requests"),
            _("on-time rate %"),
            _("average working days"),
            _("satisfaction"),
            _("return rate %"),
            _("reopen rate %"),
            _("overdue"),
        ]

        def rows():
            t = f["total"]
            yield [
                _("total"),
                "",
                t["count"],
                t["on_time_rate"],
                t["avg_days"],
                t["satisfaction"],
                t["return_rate"],
                t["reopen_rate"],
                t["overdue"],
            ]
            yield [_("resolved (answered or closed)"), "", t["resolved"], None, None, None, None, None, None]
            yield [_("closed"), "", t["closed"], None, None, None, None, None, None]
            for r in f["league"]:
                yield [
                    _("department"),
                    r["name"],
                    r["count"],
                    r["on_time_rate"],
                    r["avg_days"],
                    r["satisfaction"],
                    r["return_rate"],
                    r["reopen_rate"],
                    r["overdue"],
                ]
            for r in f["categories"]:
                yield [
                    _("category"),
                    r["label"],
                    r["count"],
                    r["on_time_rate"],
                    r["avg_days"],
                    r["satisfaction"],
                    r["return_rate"],
                    r["reopen_rate"],
                    r["overdue"],
                ]
            for r in f["statuses"]:
                yield [_("status"), r["label"], r["count"], None, None, None, None, None, None]

        def coverage_rows():
            for z in f["coverage"]:
                yield [_("zone"), z["zone"], z["required"], z["covered"], z["fallback"], z["rate"]]
                for g in z["grids"]:
                    yield [
                        _("grid"),
                        f"{z['zone']} / {g['grid']}",
                        g["required"],
                        g["covered"],
                        g["fallback"],
                        g["rate"],
                    ]

        content = rows_to_xlsx(
            str(_("Service dashboard")),
            header,
            rows(),
            sheets=[
                (
                    str(_("Coverage by zone and grid")),
                    [
                        _("level"),
                        _("zone / grid"),
                        _("required"),
                        _("named officer"),
                        _("grid fallback"),
                        _("coverage rate %"),
                    ],
                    coverage_rows(),
                )
            ],
        )
        record_change(
            actor=request.user,
            action="export",
            obj=None,
            object_repr="service dashboard",
            after={"query": request.GET.urlencode()},
        )
        response = attachment(content, fmt="xlsx", filename="service-dashboard")
        return response
