"""Reads of the enterprise registry: the facts document, scope extension, home cards, detail data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.models import RoleAssignment
from chrysalis.accounts.scopes import get_scope
from chrysalis.enterprises import industry
from chrysalis.enterprises.choices import FIGURE_FIELDS, INTEGER_KINDS, IP_KINDS_IN_FACTS, FigureSource
from chrysalis.enterprises.models import (
    Award,
    Contact,
    Contest,
    Enterprise,
    EquityRound,
    FigureRevision,
    Incident,
    IPRight,
    Title,
    YearFigures,
)
from chrysalis.enterprises.models.enterprise import enterprise_q
from chrysalis.enterprises.services.enterprises import is_staff_actor
from chrysalis.enterprises.services.records import may_report

# --- scope ------------------------------------------------------------------------------------


def enterprise_scope_extension(user, scope) -> dict[str, frozenset[int]]:
    """Listed in settings.CHRYSALIS_SCOPE_EXTENSIONS: the enterprises an enterprise user represents
    (Scope.own_enterprises)."""
    if "enterprise_user" not in scope.roles:
        return {}

    ids = RoleAssignment.objects.filter(
        user_id=user.pk, role="enterprise_user", enterprise__isnull=False
    ).values_list("enterprise_id", flat=True)
    return {"own_enterprises": frozenset(ids)}


def home_cards(user) -> list[dict]:
    qs = Enterprise.objects.restrict(user, "view")

    scope = get_scope(user)
    if scope.own_enterprises and not scope.has("district_admin", "service_officer", "grid_worker"):
        return own_firm_cards(user, scope)
    if not scope.has("district_admin", "service_officer", "grid_worker"):
        return []
    url = reverse("enterprises:enterprise_list")
    counts = qs.order_by().values("above_scale").annotate(n=Count("pk"))
    total = sum(r["n"] for r in counts)
    above = sum(r["n"] for r in counts if r["above_scale"])
    return [
        {"label": _("Enterprises in scope"), "value": total, "url": url},
        {"label": _("Above-scale enterprises"), "value": above, "url": f"{url}?above_scale=true"},
    ]


def own_firm_cards(user, scope) -> list[dict]:
    """An enterprise user's home: their own firm(s), with the way to its requests and assessment
    (and to the events calendar when the events module is installed)."""
    cards = []
    firms = Enterprise.objects.restrict(user, "view").filter(pk__in=scope.own_enterprises).order_by("name")
    for firm in firms:
        links = [
            {"label": _("Requests"), "url": reverse("support:request_list") + f"?enterprise={firm.pk}"},
            {"label": _("Tier assessment"), "url": reverse("cultivation:assessment", args=[firm.pk])},
        ]
        if apps.is_installed("chrysalis.events"):
            try:
                links.append({"label": _("Upcoming events"), "url": reverse("events:event_list")})
            except Exception:  # noqa: BLE001 - the events module names its own pages
                pass
        cards.append(
            {
                "label": _("My enterprise"),
                "value": firm.name,
                "url": reverse("enterprises:enterprise_detail", args=[firm.pk]),
                "note": firm.uscc,
                "links": links,
                "wide": True,
            }
        )
    return cards


# --- facts document (facts-format.md) ------------------------------------------------------------


def _num(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        d = value.normalize()
        return format(d, "f")
    return value


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


FACTS_PREFETCH = ("years", "ip_rights", "titles", "awards", "contests", "equity_rounds", "incidents")


def facts_for(enterprise: Enterprise, year: int | None = None) -> dict:
    """The facts document of one enterprise, exactly in the format of facts-format.md.

    Money and ratios are decimal strings (万元; fractions), dates ISO 8601, unknown values null.
    Lists held by the registry are complete, so an empty list means "none". With `year`, only the
    figures of that year and earlier are included (e.g. the years an application may cite).
    Trademarks are not IP in the criteria and are left out. Judgements belong to the cultivation
    module and are empty here. Per-figure sources go to `years.Y.sources` (the row's default to
    `source`), as-of dates to the extension key `x_as_of`.
    """
    e = enterprise
    doc: dict[str, Any] = {
        "uscc": e.uscc,
        "name": e.name,
        "province": e.province or None,
        "industry_code": e.industry_code or None,
        "registered_on": _date(e.registered_on),
        "independent_legal_person": e.independent_legal_person,
        "niche_since": _date(e.niche_since),
        "leading_product": {
            "name": e.leading_product_name or None,
            "strategic_emerging": e.lp_strategic_emerging,
            "six_foundations": e.lp_six_foundations,
            "key_field": e.lp_key_field,
            "chain_gap_filling": e.lp_chain_gap_filling,
            "serves_key_chain_leader": e.lp_serves_key_chain_leader,
            "time_honoured_brand": e.lp_time_honoured_brand,
        },
        "own_brand": e.own_brand,
        "core_business_it_supported": e.core_business_it_supported,
        "management_system_certified": e.management_system_certified,
        "developed_market_product_certified": e.developed_market_product_certified,
        "quality_award_provincial_or_higher": e.quality_award_provincial_or_higher,
        "drafted_standards": e.drafted_standards,
        "rd_institution_level": e.rd_institution_level or None,
        "credit": {
            "abnormal_list": e.credit_abnormal_list,
            "serious_dishonesty": e.credit_serious_dishonesty,
            "prohibited_product": e.credit_prohibited_product,
        },
        "incidents": [
            {"kind": i.kind, "severity": i.severity or None, "date": _date(i.date)} for i in e.incidents.all()
        ],
        "titles": [
            {
                "kind": t.kind,
                "granted_on": _date(t.granted_on),
                "valid_until": _date(t.valid_until),
                **({"batch": t.batch} if t.batch else {}),
            }
            for t in e.titles.all()
        ],
        "awards": [
            {"kind": a.kind, "level": a.level or None, "rank": a.rank, "year": a.year} for a in e.awards.all()
        ],
        "contests": [
            {"kind": c.kind, "placement": c.placement or None, "year": c.year} for c in e.contests.all()
        ],
        "ip": [
            {
                "kind": r.kind,
                "granted_on": _date(r.granted_on),
                "self_developed": r.self_developed,
                "high_value": r.high_value,
                "related_to_leading_product": r.related_to_leading_product,
                "applied_with_benefit": r.applied_with_benefit,
                "transferred_in_on": _date(r.transferred_in_on),
                "holder_rank": r.holder_rank,
                "valid": r.valid,
            }
            for r in e.ip_rights.all()
            if r.kind in IP_KINDS_IN_FACTS
        ],
        "equity_rounds": [
            {"date": _date(r.date), "paid_in": _num(r.paid_in), "qualified_investor": r.qualified_investor}
            for r in e.equity_rounds.all()
        ],
        "years": {},
        "judgements": {},
    }
    for yf in sorted(e.years.all(), key=lambda y: y.year, reverse=True):
        if year is not None and yf.year > year:
            continue
        entry: dict[str, Any] = {}
        for f in FIGURE_FIELDS:
            value = getattr(yf, f.name)
            entry[f.name] = value if f.kind in INTEGER_KINDS else _num(value)
        entry["source"] = yf.source
        sources = {
            k: v["source"]
            for k, v in (yf.field_sources or {}).items()
            if v.get("source") and v["source"] != yf.source
        }
        if sources:
            entry["sources"] = sources
        entry["x_as_of"] = _date(yf.as_of)
        doc["years"][str(yf.year)] = entry
    return doc


def enterprise_for_facts(pk: int, user=None) -> Enterprise:
    """Load an enterprise with everything facts_for() needs in a constant number of queries."""
    qs = Enterprise.objects.restrict(user, "view") if user is not None else Enterprise.objects.all()
    return qs.prefetch_related(*FACTS_PREFETCH).get(pk=pk)


# --- detail page ------------------------------------------------------------------------------


def detail_context(enterprise: Enterprise, user) -> dict:
    """Everything the enterprise page's tabs show, each list scoped, in a fixed number of queries."""

    years = list(YearFigures.objects.restrict(user, "view").filter(enterprise=enterprise).order_by("year"))
    today = timezone.localdate()
    titles = list(Title.objects.restrict(user, "view").filter(enterprise=enterprise))
    for t in titles:
        t.is_current = t.is_valid_on(today)
    scope = get_scope(user)

    def can(part: str, action: str) -> bool:
        q = enterprise_q(scope, action, part=part)
        return q is not None and Enterprise.objects.filter(q, pk=enterprise.pk).exists()

    ip_rights = list(IPRight.objects.restrict(user, "view").filter(enterprise=enterprise))
    awards = list(Award.objects.restrict(user, "view").filter(enterprise=enterprise))
    contests = list(Contest.objects.restrict(user, "view").filter(enterprise=enterprise))
    rounds = list(EquityRound.objects.restrict(user, "view").filter(enterprise=enterprise))
    incidents = list(Incident.objects.restrict(user, "view").filter(enterprise=enterprise))
    revisions = list(FigureRevision.objects.restrict(user, "view").filter(enterprise=enterprise)[:200])
    can_records = can("records", "change")
    labels = {f.name: f.label for f in FIGURE_FIELDS}
    source_labels = dict(FigureSource.choices)
    for r in revisions:
        r.label = labels.get(r.field) or _field_label(r.field)
        r.source_label = source_labels.get(r.source, r.source)
    e = enterprise

    def yn(v):
        return v

    staff = is_staff_actor(user)

    def section(key, model, headers, rows):
        # An enterprise user adds only the kinds it may report and edits only its self-reported rows
        # (services.records.editable_records); the origin column shows which are which.
        return {
            "key": key,
            "title": model._meta.verbose_name_plural,
            "headers": [*headers, _("origin")],
            "rows": rows,
            "can_add": can_records and may_report(user, model),
            "can_edit": can_records and any(r["editable"] for r in rows),
        }

    def row(obj, *cells):
        editable = can_records and (staff or (obj.self_reported and may_report(user, type(obj))))
        return {
            "pk": obj.pk,
            "cells": (*cells, obj.get_origin_display()),
            "editable": editable,
            "self_reported": obj.self_reported,
        }

    figure_rows = []
    for f in FIGURE_FIELDS:
        cells = []
        for y in years:
            src, as_of = y.provenance(f.name)
            value = getattr(y, f.name)
            cells.append(
                {
                    "value": _num(value) if value is not None else None,
                    "source": source_labels.get(src, src),
                    "as_of": as_of,
                }
            )
        if any(c["value"] is not None for c in cells):
            figure_rows.append({"label": f.label, "unit": f.unit, "cells": cells})
    sections = [
        section(
            "ip",
            IPRight,
            [
                _("kind"),
                _("registration number"),
                _("title"),
                _("granted on"),
                _("self-developed"),
                _("valid"),
            ],
            [
                row(
                    r,
                    r.get_kind_display(),
                    r.number,
                    r.title,
                    r.granted_on,
                    _yn(r.self_developed),
                    _yn(r.valid),
                )
                for r in ip_rights
            ],
        ),
        section(
            "title",
            Title,
            [_("kind"), _("granted on"), _("valid until"), _("batch"), _("certificate number"), _("status")],
            [
                row(
                    t,
                    t.get_kind_display(),
                    t.granted_on,
                    t.valid_until,
                    t.batch,
                    t.certificate_no,
                    _("valid") if t.is_current else _("expired"),
                )
                for t in titles
            ],
        ),
        section(
            "award",
            Award,
            [_("kind"), _("award name"), _("level"), _("rank (class)"), _("year")],
            [row(a, a.get_kind_display(), a.name, a.get_level_display(), a.rank, a.year) for a in awards],
        ),
        section(
            "contest",
            Contest,
            [_("kind"), _("contest name"), _("placement"), _("year")],
            [row(c, c.get_kind_display(), c.name, c.get_placement_display(), c.year) for c in contests],
        ),
        section(
            "round",
            EquityRound,
            [_("date"), _("round"), _("investor"), _("paid in (10k yuan)"), _("qualified investor")],
            [
                row(r, r.date, r.round_name, r.investor, _num(r.paid_in), _yn(r.qualified_investor))
                for r in rounds
            ],
        ),
        section(
            "incident",
            Incident,
            [_("kind"), _("severity"), _("date"), _("description")],
            [
                row(i, i.get_kind_display(), i.get_severity_display(), i.date, i.description)
                for i in incidents
            ],
        ),
    ]
    flag_names = (
        "independent_legal_person",
        "own_brand",
        "core_business_it_supported",
        "management_system_certified",
        "developed_market_product_certified",
        "quality_award_provincial_or_higher",
        "lp_strategic_emerging",
        "lp_six_foundations",
        "lp_key_field",
        "lp_chain_gap_filling",
        "lp_serves_key_chain_leader",
        "lp_time_honoured_brand",
        "credit_abnormal_list",
        "credit_serious_dishonesty",
        "credit_prohibited_product",
    )

    cat = industry.size_category_id(e.industry_code or None)
    return {
        "years": years,
        "chart": chart_data(years),
        "figure_rows": figure_rows,
        "record_sections": sections,
        "titles": titles,
        "contacts": list(Contact.objects.restrict(user, "view").filter(enterprise=enterprise)),
        "revisions": revisions,
        "tabs": [
            ("profile", _("Profile")),
            ("figures", _("Yearly figures")),
            ("ip", _("IP rights")),
            ("title", _("Titles and certificates")),
            ("award", _("Awards")),
            ("contest", _("Contests")),
            ("round", _("Equity financing")),
            ("incident", _("Compliance incidents")),
            ("contact", _("Contacts")),
            ("history", _("History of changes")),
        ],
        "industry_label": industry.label(e.industry_code),
        "size_category_label": dict(industry.category_choices()).get(cat, ""),
        "profile_flags": [
            (Enterprise._meta.get_field("leading_product_name").verbose_name, e.leading_product_name or None)
        ]
        + [(Enterprise._meta.get_field(n).verbose_name, getattr(e, n)) for n in flag_names]
        + [
            (Enterprise._meta.get_field("drafted_standards").verbose_name, e.drafted_standards),
            (
                Enterprise._meta.get_field("rd_institution_level").verbose_name,
                e.get_rd_institution_level_display() or None,
            ),
        ],
        "can_change": can("profile", "change"),
        "can_edit_records": can_records,
        "can_edit_contacts": can("contacts", "change"),
        "can_unmask": can("contacts", "unmask"),
    }


def _yn(value):
    if value is None:
        return None
    return _("yes") if value else _("no")


def _field_label(name: str) -> str:
    try:
        return str(Enterprise._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001
        return name


def chart_data(years: list[YearFigures]) -> dict:
    def series(name):
        return [float(getattr(y, name)) if getattr(y, name) is not None else None for y in years]

    return {
        "years": [y.year for y in years],
        "revenue": series("revenue"),
        "rd_expense": series("rd_expense"),
        "tax_paid": series("tax_paid"),
        "net_profit": series("net_profit"),
        "employees": [y.employees for y in years],
        "labels": {
            "revenue": _("Operating revenue"),
            "rd_expense": _("R&D expense"),
            "tax_paid": _("Taxes paid"),
            "net_profit": _("Net profit"),
            "employees": _("Employees"),
            "money": _("10k yuan"),
            "people": _("people"),
        },
    }


def enterprise_list_queryset(user):
    return Enterprise.objects.restrict(user, "view").select_related("org_unit")


__all__ = [
    "facts_for",
    "enterprise_for_facts",
    "detail_context",
    "chart_data",
    "enterprise_scope_extension",
    "home_cards",
    "Prefetch",
]
