"""core.tables + core.exports: column choice, the fast body, the export built from the page's table."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django_tables2 import RequestConfig

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exports import rows_to_csv
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.tables import EnterpriseTable
from chrysalis.enterprises.tests import matrix  # noqa: F401  (adds the enterprises to the world)

pytestmark = pytest.mark.django_db


def _headers(html: str) -> list[str]:
    import re

    thead = html.split("<thead", 1)[1].split("</thead>", 1)[0]
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)]


def test_default_columns_and_the_remembered_choice(client, world):
    client.force_login(world["district_admin"])
    page = client.get("/enterprises/").content.decode()
    headers = _headers(page)
    assert (
        headers[0] == "名称"
        and "地址" not in headers
        and len(headers) == 1 + len(EnterpriseTable.default_columns())
    )
    page = client.get("/enterprises/?cols=uscc&cols=address&cols=no_such_column").content.decode()
    assert len(_headers(page)) == 3 and 'value="address" checked' in page
    # remembered for this user (their session) when the next request names no columns
    assert len(_headers(client.get("/enterprises/?above_scale=true").content.decode())) == 3
    client.force_login(world["zone_a_officer"])  # another user starts from the default
    assert len(_headers(client.get("/enterprises/").content.decode())) == 1 + len(
        EnterpriseTable.default_columns()
    )


def test_export_uses_the_page_table_arguments_filters_and_export_scope(client, world):
    ent = world.extra["ent_a1"]
    Enterprise.objects.filter(pk=ent.pk).update(address='=HYPERLINK("http://x")')
    client.force_login(world["district_admin"])
    query = f"?cols=uscc&cols=address&cols=latest_revenue&org_unit={world.grid_a1.pk}"
    page_headers = _headers(client.get("/enterprises/" + query).content.decode())
    r = client.get("/enterprises/" + query + "&export=xlsx")
    assert r["Content-Disposition"] == 'attachment; filename="enterprises.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == page_headers
    assert [row[1] for row in rows[1:]] == [ent.uscc]
    # columns in the table's order: name, uscc, revenue, address
    assert rows[1][3] == '\'=HYPERLINK("http://x")'  # never a live formula
    assert rows[1][2] == 12000.5  # money stays a number
    r = client.get("/enterprises/" + query + "&export=csv")
    assert r["Content-Type"].startswith("text/csv")
    body = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert body[0] == page_headers and body[1][3] == '\'=HYPERLINK("http://x")'
    assert Decimal(body[1][2]) == Decimal("12000.5")
    assert ChangeRecord.objects.filter(action="export", actor=world["district_admin"]).count() == 2
    # the zone officer sees the page but has no export scope: the export holds no row
    client.force_login(world["zone_a_officer"])
    r = client.get("/enterprises/?export=csv")
    assert len(list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))) == 1


def test_fast_body_is_byte_for_byte_the_default_template(world):
    request = RequestFactory().get("/enterprises/", {"cols": EnterpriseTable.optional_columns()})
    request.user = world["district_admin"]
    request.session = {}
    qs = Enterprise.objects.select_related("org_unit").only(*EnterpriseTable.loaded_fields())
    Enterprise.objects.filter(pk=world.extra["ent_a2"].pk).update(
        latest_revenue=None, industry_code="", address="<b>&</b>", key_firm=True
    )
    fast = EnterpriseTable(qs, **EnterpriseTable.table_kwargs(request))
    RequestConfig(request, paginate={"per_page": 50}).configure(fast)
    slow = EnterpriseTable(
        qs, **EnterpriseTable.table_kwargs(request), template_name="django_tables2/bootstrap5.html"
    )
    RequestConfig(request, paginate={"per_page": 50}).configure(slow)

    def tbody(table):
        html = get_template(table.template_name).render({"table": table, "request": request})
        return html.split("<tbody", 1)[1].split("</tbody>", 1)[0]

    def squash(html):
        import re

        return re.sub(r">\s+<", "><", html).strip()

    assert len(fast.rows) == 3
    assert squash(tbody(fast)) == squash(tbody(slow))


def test_csv_writer_neutralises_formulas_and_keeps_numbers():
    body = rows_to_csv(["名称", "金额"], [["@SUM(A1)", -5], ["＝1+1", None], ["\tx", True]]).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[1:] == [["'@SUM(A1)", "-5"], ["'＝1+1", ""], ["'\tx", "是"]]
