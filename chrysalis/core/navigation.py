"""The module navigation shell: a menu shows exactly the pages its user may open.

Each item is checked with `core.access.may_open`, i.e. the rule the page itself applies, so a
menu never offers a page that would answer 403 or 404. Modules that are not installed (their URL
does not reverse) are left out. `roles` narrows an item further when the page is open to more
people than the menu should address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chrysalis.core.access import may_open_path


@dataclass
class NavItem:
    label: str | Promise  # lazy translation
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in staff member

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass
class NavMenu:
    key: str
    label: str | Promise  # lazy translation
    icon: str
    items: list[NavItem] = field(default_factory=list)


STAFF = None
ADMINS = frozenset({"district_admin", "system_admin", "security_admin"})
NOTICE_STAFF = frozenset({"district_admin", "service_officer", "auditor"})

MENUS = [
    NavMenu(
        "enterprises",
        _("Enterprises"),
        "building",
        [
            NavItem(_("Enterprise registry"), "enterprises:enterprise_list"),
            NavItem(_("Imports"), "enterprises:import_list"),
        ],
    ),
    NavMenu(
        "cultivation",
        _("Cultivation"),
        "trending-up",
        [
            NavItem(_("Cultivation pool"), "cultivation:pool"),
            NavItem(_("Screening runs"), "screening:run_list"),
            NavItem(_("Tier self-check"), "cultivation:selfcheck"),
        ],
    ),
    NavMenu(
        "service",
        _("Enterprise service"),
        "headset",
        [
            NavItem(_("Requests"), "support:request_list"),
            NavItem(_("Visits"), "support:visit_list"),
            NavItem(_("Coverage"), "support:coverage"),
        ],
    ),
    NavMenu("events", _("Events"), "calendar", [NavItem(_("Events"), "events:event_list")]),
    NavMenu(
        "investment",
        _("Investment"),
        "briefcase",
        [
            NavItem(_("Investment dashboard"), "investment:dashboard"),
            NavItem(_("Project pipeline"), "investment:project_list"),
            NavItem(_("Task forces"), "investment:taskforce_list"),
            NavItem(_("Trips and visits"), "investment:trip_list"),
            NavItem(_("Quarterly evaluation"), "investment:quarter_list"),
            NavItem(_("Duplicate leads"), "investment:conflict_list"),
            NavItem(_("Cadres"), "investment:cadre_list", frozenset({"org_department", "task_force_member"})),
            NavItem(
                _("Cohorts"), "investment:cohort_list", frozenset({"org_department", "task_force_member"})
            ),
        ],
    ),
    NavMenu(
        "villages",
        _("Villages"),
        "home",
        [
            NavItem(_("Villages"), "villages:village_list"),
            NavItem(_("Village figures"), "villages:dashboard"),
            NavItem(_("Plans, operators and honours"), "villages:plans_dashboard"),
            NavItem(_("Figures"), "villages:figure_list"),
            NavItem(_("Operation plans"), "villages:plan_list"),
            NavItem(_("Operators"), "villages:operator_list"),
            NavItem(_("Village projects"), "villages:project_list"),
            NavItem(_("Honours"), "villages:honour_list"),
            NavItem(_("Visitor routes"), "villages:route_list"),
        ],
    ),
    NavMenu(
        "programmes",
        _("Programmes"),
        "flag",
        [
            NavItem(_("Leader's page"), "programmes:cockpit"),
            NavItem(_("Action programmes"), "programmes:programme_list"),
            NavItem(_("Reports"), "programmes:report_list"),
            NavItem(_("Listing track"), "programmes:listing_list"),
            NavItem(_("Metric catalogue"), "programmes:metric_list"),
        ],
    ),
    NavMenu(
        "notices",
        _("Notices"),
        "speakerphone",
        [
            NavItem(_("Public notices"), "notices:notice_list", NOTICE_STAFF),
            NavItem(_("Paste and parse"), "notices:notice_paste", NOTICE_STAFF - {"auditor"}),
            NavItem(_("Notices by month"), "notices:notice_dashboard", NOTICE_STAFF),
            NavItem(_("Public search"), "notices:public_search"),
        ],
    ),
    NavMenu(
        "dashboards", _("Dashboards"), "chart-bar", [NavItem(_("Service dashboard"), "dashboards:service")]
    ),
    NavMenu(
        "organisation",
        _("Organisation"),
        "sitemap",
        [
            NavItem(_("Organisation tree"), "accounts:orgunit_list"),
            NavItem(_("Departments"), "accounts:department_list"),
            NavItem(_("Teams"), "accounts:team_list"),
            NavItem(_("People"), "accounts:user_list", ADMINS | {"auditor"}),
            NavItem(_("Locked accounts"), "accounts:locked_list", frozenset({"security_admin"})),
            NavItem(_("Audit log"), "audit:record_list", frozenset({"auditor"})),
            NavItem(_("Recycle bin"), "core:recycle_bin"),
        ],
    ),
]


def menus_for(user, scope) -> list[dict]:
    result = []
    for menu in MENUS:
        items = []
        for item in menu.items:
            if item.roles is not None and not scope.has(*item.roles):
                continue
            url = item.url()
            if url is None or not may_open_path(user, url):
                continue
            items.append({"label": item.label, "url": url})
        if items:
            result.append(
                {"key": menu.key, "label": menu.label, "icon": menu.icon, "items": items, "enabled": True}
            )
    return result
