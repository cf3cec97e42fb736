"""Reports handed upward: monthly or quarterly, as Word (.docx, python-docx) and Excel.

A report is a draft while its free sections (summary, highlights, problems, next steps) are edited;
its figures are computed live for the preview and the draft downloads. Issuing it computes the
figures one last time, writes both files and keeps them, with the figures as JSON, exactly as
issued: an issued report refuses every edit and every later download serves the stored files.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.shared import Pt

from chrysalis.accounts.models import OrgUnit, User
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.exports import rows_to_xlsx
from chrysalis.core.permissions import require, require_create
from chrysalis.core.services import create_object, update_object
from chrysalis.programmes import metrics
from chrysalis.programmes.choices import ReportKind, ReportStatus, TargetStatus
from chrysalis.programmes.models import Programme, Report, Target
from chrysalis.programmes.services.evaluation import evaluate_all
from chrysalis.programmes.services.programmes import writable_units

SECTIONS = (
    ("summary", gettext_lazy("Overall situation")),
    ("highlights", gettext_lazy("Highlights")),
    ("problems", gettext_lazy("Problems")),
    ("next_steps", gettext_lazy("Next steps")),
)
SECTION_KEYS = tuple(k for k, _label in SECTIONS)
LAGGING = (TargetStatus.BEHIND, TargetStatus.AT_RISK)

# Key figures of each module in the report: (label, metric code, parameters).
KEY_FIGURES: tuple[tuple[Any, str, dict[str, Any]], ...] = (
    (gettext_lazy("Firms holding a valid 专精特新 title"), "titles_valid", {"kind": "zjtx_sme"}),
    (gettext_lazy("Firms newly granted 专精特新 in the period"), "titles_new", {"kind": "zjtx_sme"}),
    (gettext_lazy("Requests answered on time (%)"), "requests_on_time", {}),
    (gettext_lazy("Average satisfaction"), "satisfaction", {}),
    (gettext_lazy("Events held"), "events_held", {}),
    (gettext_lazy("Firms reached by events"), "firms_reached", {}),
    (gettext_lazy("Investment projects landed"), "projects_landed", {}),
    (gettext_lazy("Amount landed (100 million yuan)"), "projects_amount", {}),
    (gettext_lazy("Village visitors"), "village_figure", {"code": "visitors"}),
)


def default_period(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete month or quarter before `today`."""
    first = today.replace(day=1)
    if kind == ReportKind.QUARTERLY:
        q_first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = q_first - dt.timedelta(days=1)
        return dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end
    end = first - dt.timedelta(days=1)
    return end.replace(day=1), end


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def build_figures(report: Report) -> dict:
    """Everything the report shows, computed now for the report's unit and period (JSON-ready)."""
    unit = report.unit
    day = report.period_end
    programmes = Programme.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    targets = (
        Target.objects.filter(programme__in=programmes, starts_on__lte=day)
        .select_related("programme__unit")
        .order_by("programme__position", "programme_id", "position", "pk")
    )
    evals = evaluate_all(targets, day)
    by_programme: dict[int, list] = {}
    lagging, counts = [], {s: 0 for s in TargetStatus.values}
    for ev in evals:
        t = ev.target
        counts[ev.status] += 1
        metric = metrics.CATALOGUE.get(t.metric) if t.metric else None
        row = {
            "id": t.pk,
            "name": t.name,
            "metric": str(metric.label) if metric else "",
            "manual": t.is_manual,
            "unit": t.unit_label,
            "baseline": _num(t.baseline),
            "target": _num(t.target_value),
            "value": _num(ev.value),
            "expected": _num(ev.assessment.expected),
            "projected": _num(ev.assessment.projected),
            "status": ev.status,
            "status_label": str(TargetStatus(ev.status).label),
            "reason": ev.assessment.reason,
            "owner": t.owner,
            "deadline": t.deadline.isoformat(),
            "programme": t.programme.name,
        }
        by_programme.setdefault(t.programme_id, []).append(row)
        if ev.status in LAGGING:
            lagging.append(row)
    key = []
    for label, code, params in KEY_FIGURES:
        metric = metrics.get(code)
        w = metrics.Window(path=unit.path, start=report.period_start, as_of=report.period_end)
        key.append(
            {
                "label": str(label),
                "value": _num(metric.compute(w, metric.clean_params(params))),
                "unit": str(metric.unit),
            }
        )
    return {
        "unit": unit.name,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "status_counts": counts,
        "programmes": [
            {"name": p.name, "unit": p.unit.name, "targets": by_programme.get(p.pk, [])} for p in programmes
        ],
        "lagging": lagging,
        "key_figures": key,
    }


# --- files ----------------------------------------------------------------------------------------


def render_docx(report: Report, figures: dict) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(
        _("%(unit)s · %(start)s to %(end)s · %(kind)s")
        % {
            "unit": figures["unit"],
            "start": figures["period_start"],
            "end": figures["period_end"],
            "kind": report.get_kind_display(),
        }
    )
    sections = report.sections or {}
    counts = figures["status_counts"]
    doc.add_heading(_("1. Overall situation"), level=1)
    doc.add_paragraph(
        _(
            "%(total)s targets: %(achieved)s achieved, %(on)s on track, %(risk)s at risk, "
            "%(behind)s behind schedule."
        )
        % {
            "total": sum(counts.values()),
            "achieved": counts.get(TargetStatus.ACHIEVED, 0),
            "on": counts.get(TargetStatus.ON_TRACK, 0),
            "risk": counts.get(TargetStatus.AT_RISK, 0),
            "behind": counts.get(TargetStatus.BEHIND, 0),
        }
    )
    if sections.get("summary"):
        doc.add_paragraph(sections["summary"])
    doc.add_heading(_("2. Progress of each programme"), level=1)
    head = [_("Target"), _("Target value"), _("Value"), _("Status"), _("Owner")]
    for prog in figures["programmes"]:
        doc.add_heading(prog["name"], level=2)
        if not prog["targets"]:
            doc.add_paragraph(_("No target yet."))
            continue
        table = doc.add_table(rows=1, cols=len(head))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            cell.text = text
        for t in prog["targets"]:
            name = t["name"] + (_(" (manual)") if t["manual"] else "")
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                [name, f"{t['target']} {t['unit']}", t["value"], t["status_label"], t["owner"]],
                strict=True,
            ):
                cell.text = text
    doc.add_heading(_("3. Key figures"), level=1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Figure"), _("Value")
    for k in figures["key_figures"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = k["label"], f"{k['value']} {k['unit']}"
    doc.add_heading(_("4. Targets behind schedule"), level=1)
    if not figures["lagging"]:
        doc.add_paragraph(_("None."))
    for t in figures["lagging"]:
        doc.add_paragraph(
            _(
                "%(programme)s — %(name)s: %(value)s of %(target)s %(unit)s, %(status_label)s (%(reason)s); "
                "owner %(owner)s, deadline %(deadline)s."
            )
            % t,
            style="List Bullet",
        )
    for number, (key, label) in enumerate(SECTIONS[1:], 5):
        doc.add_heading(f"{number}. {label}", level=1)
        doc.add_paragraph(sections.get(key) or _("(none)"))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_xlsx(report: Report, figures: dict) -> bytes:
    head = [
        _("Programme"),
        _("Target"),
        _("Manual"),
        _("Baseline"),
        _("Target value"),
        _("Value"),
        _("Expected by now"),
        _("Projected at the deadline"),
        _("Status"),
        _("Owner"),
        _("Deadline"),
    ]
    rows = [
        [
            p["name"],
            t["name"],
            _("yes") if t["manual"] else _("no"),
            t["baseline"],
            t["target"],
            t["value"],
            t["expected"],
            t["projected"],
            t["status_label"],
            t["owner"],
            t["deadline"],
        ]
        for p in figures["programmes"]
        for t in p["targets"]
    ]
    key_rows = [[k["label"], k["value"], k["unit"]] for k in figures["key_figures"]]
    text_rows = [[str(label), (report.sections or {}).get(key, "")] for key, label in SECTIONS]
    return rows_to_xlsx(
        _("Targets"),
        head,
        rows,
        sheets=[
            (_("Key figures"), [_("Figure"), _("Value"), _("Unit")], key_rows),
            (_("Text"), [], text_rows),
        ],
    )


# --- writes ---------------------------------------------------------------------------------------


def _refuse_if_issued(report: Report) -> None:
    if report.status == ReportStatus.ISSUED:
        raise ValidationError(
            _("This report was issued on %(day)s and is kept as issued; it cannot be changed.")
            % {"day": timezone.localtime(report.issued_at).date().isoformat() if report.issued_at else ""}
        )


def _clean_sections(sections: dict | None) -> dict:
    sections = dict(sections or {})
    unknown = set(sections) - set(SECTION_KEYS)
    if unknown:
        raise ValidationError(_("Unknown report sections: %(names)s") % {"names": ", ".join(sorted(unknown))})
    return {k: (sections.get(k) or "").strip() for k in SECTION_KEYS}


def report_create(
    *,
    actor: User | None,
    unit: OrgUnit,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    title: str = "",
    sections: dict | None = None,
) -> Report:
    require_create(actor, Report)
    require(actor, "add", unit, within=writable_units(actor))
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown kind of report.")})
    if period_end < period_start:
        raise ValidationError(
            {
                "period_end": _("The end of the period %(end)s is before its start %(start)s.")
                % {"end": period_end.isoformat(), "start": period_start.isoformat()}
            }
        )
    title = title or _("%(unit)s programmes %(kind)s %(start)s–%(end)s") % {
        "unit": unit.name,
        "kind": ReportKind(kind).label,
        "start": period_start.strftime("%Y.%m"),
        "end": period_end.strftime("%Y.%m"),
    }
    return create_object(
        actor=actor,
        instance=Report(
            unit=unit,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            title=title[:150],
            sections=_clean_sections(sections),
        ),
        audit_fields=["unit", "kind", "period_start", "period_end", "title", "status"],
    )


def report_update(
    *,
    actor: User | None,
    report: Report,
    expected_version: int | None = None,
    title: str | None = None,
    sections=None,
) -> Report:
    require(actor, "change", report)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_if_issued(current)
        changes: dict = {}
        if title is not None:
            changes["title"] = title[:150]
        if sections is not None:
            changes["sections"] = _clean_sections(sections)
        return update_object(
            actor=actor,
            instance=current,
            changes=changes,
            expected_version=expected_version,
            audit_fields=["title", "sections", "status"],
        )


def report_issue(*, actor: User | None, report: Report, expected_version: int | None = None) -> Report:
    """Compute the figures a last time, write the .docx and .xlsx and keep them as issued."""
    require(actor, "change", report)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_if_issued(current)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError()
        figures = build_figures(current)
        stem = f"report-{current.pk}-{current.period_end:%Y%m}"
        current.docx.save(f"{stem}.docx", ContentFile(render_docx(current, figures)), save=False)
        current.xlsx.save(f"{stem}.xlsx", ContentFile(render_xlsx(current, figures)), save=False)
        current.figures = figures
        current.status = ReportStatus.ISSUED
        current.issued_at = timezone.now()
        current.issued_by = actor
        current.version += 1
        current.save(
            update_fields=[
                "docx",
                "xlsx",
                "figures",
                "status",
                "issued_at",
                "issued_by",
                "version",
                "updated_at",
            ]
        )
        record_change(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            before={"status": ReportStatus.DRAFT},
            after={"status": ReportStatus.ISSUED, "event": "issue"},
        )
    return current


def report_files(report: Report, fmt: str) -> tuple[bytes, str]:
    """The bytes of the report in `fmt` (docx or xlsx) and a file name: the stored file once issued,
    generated from live figures for a draft."""
    if report.is_issued:
        field = report.docx if fmt == "docx" else report.xlsx
        with field.open("rb") as fh:
            content = fh.read()
    else:
        figures = build_figures(report)
        content = render_docx(report, figures) if fmt == "docx" else render_xlsx(report, figures)
    return content, f"report-{report.pk}-{report.period_end:%Y%m}.{fmt}"
