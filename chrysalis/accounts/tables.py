from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.models import Department, OrgUnit, Team, User
from chrysalis.core.tables import BaseTable


class OrgUnitTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("name"))
    parent = tables.Column(verbose_name=_("parent"))

    class Meta:
        model = OrgUnit
        fields = ("name", "kind", "code", "parent", "is_active")
        attrs = {"class": "table table-vcenter card-table"}
        order_by = ("path",)

    def render_name(self, record, value):
        return format_html('<span style="padding-left:{}rem">{}</span>', record.depth * 1.25, value)

    def value_name(self, record, value):
        return value


class DepartmentTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = Department
        fields = ("name", "kind", "code", "district", "head", "is_active")
        attrs = {"class": "table table-vcenter card-table"}


class TeamTable(BaseTable):
    name = tables.Column(linkify=True)
    member_count = tables.Column(verbose_name=_("members"), orderable=True)

    class Meta:
        model = Team
        fields = ("name", "kind", "org_unit", "direction", "member_count", "is_active")
        attrs = {"class": "table table-vcenter card-table"}


class UserTable(BaseTable):
    username = tables.Column(linkify=True)
    roles = tables.Column(verbose_name=_("roles"), empty_values=(), orderable=False)

    class Meta:
        model = User
        fields = ("username", "display_name", "title", "home_unit", "roles", "is_active", "last_login")
        attrs = {"class": "table table-vcenter card-table"}

    def render_roles(self, record):
        return "、".join(sorted({str(a.get_role_display()) for a in record.role_assignments.all()})) or "—"
