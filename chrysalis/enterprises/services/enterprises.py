"""Writes of enterprise profiles. Keyword-only, atomic, validated, audited (architecture rule 1)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.permissions import require
from chrysalis.core.services import create_object, update_object
from chrysalis.criteria.size import size_of
from chrysalis.enterprises import industry, validators
from chrysalis.enterprises.choices import SizeClass
from chrysalis.enterprises.models import Enterprise, YearFigures
from chrysalis.enterprises.uscc import UsccError, validate_uscc

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

# Fields a profile form may change; the rest (latest_*, size_*, created_by…) are derived.
PROFILE_FIELDS = (
    "name",
    "org_unit",
    "industry_code",
    "province",
    "address",
    "legal_representative",
    "registered_capital",
    "registered_on",
    "independent_legal_person",
    "niche_since",
    "leading_product_name",
    "lp_strategic_emerging",
    "lp_six_foundations",
    "lp_key_field",
    "lp_chain_gap_filling",
    "lp_serves_key_chain_leader",
    "lp_time_honoured_brand",
    "own_brand",
    "core_business_it_supported",
    "management_system_certified",
    "developed_market_product_certified",
    "quality_award_provincial_or_higher",
    "drafted_standards",
    "rd_institution_level",
    "credit_abnormal_list",
    "credit_serious_dishonesty",
    "credit_prohibited_product",
    "above_scale",
    "high_growth",
    "key_firm",
    "key_project",
    "notes",
)
# What only staff may set (an enterprise user cannot flag itself or clear its credit record) —
# and, for INTERNAL_FIELDS, even read (staff-internal notes).
INTERNAL_FIELDS = frozenset({"notes"})
STAFF_ONLY_FIELDS = INTERNAL_FIELDS | frozenset(
    {
        "org_unit",
        "above_scale",
        "high_growth",
        "key_firm",
        "key_project",
        "credit_abnormal_list",
        "credit_serious_dishonesty",
        "credit_prohibited_product",
    }
)
SIZE_VALUES = frozenset(SizeClass.values)
AUDIT_FIELDS = ("uscc",) + PROFILE_FIELDS + ("size_class",)


def is_staff_actor(actor: User | None) -> bool:
    if actor is None:
        return True
    return bool(get_scope(actor).has("district_admin", "service_officer", "grid_worker", "system_admin"))


def admin_grids(actor: User | None):
    """Grids where `actor` may create enterprises or move them to (district admins' reach)."""
    grids = OrgUnit.objects.filter(kind="grid", is_active=True)
    if actor is None:
        return grids
    q = get_scope(actor).q_org("path", "district_admin")
    return grids.filter(q) if q is not None else grids.none()


#: the levels of the organisation tree a firm may be placed at: its grid, or (grid optional) the
#: community, street or zone an official sheet names
PLACEABLE = ("grid", "community", "street", "zone")


def admin_units(actor: User | None):
    """Units (grids, communities, streets, zones) where `actor` may place enterprises."""
    units = OrgUnit.objects.filter(kind__in=PLACEABLE, is_active=True)
    if actor is None:
        return units
    q = get_scope(actor).q_org("path", "district_admin")
    return units.filter(q) if q is not None else units.none()


def _require_grid(actor: User | None, org_unit) -> None:
    if org_unit is None:
        raise ValidationError({"org_unit": _("Choose the grid the enterprise belongs to.")})
    if org_unit.kind not in PLACEABLE:
        raise ValidationError(
            {
                "org_unit": _("An enterprise belongs to a grid, not to a %(kind)s.")
                % {"kind": org_unit.get_kind_display()}
            }
        )
    if not admin_units(actor).filter(pk=org_unit.pk).exists():
        raise PermissionDenied(_("This grid is outside your scope."))


def clean_industry(code: str | None) -> str:
    if not code:
        return ""
    normal = industry.normalize_code(code)
    if normal is None:
        raise ValidationError(
            {"industry_code": _("%(code)s is not a GB/T 4754-2017 industry code.") % {"code": code}}
        )
    ind = industry.get(normal)
    assert ind is not None  # normalize_code only returns codes of the table
    if ind.level != "class":
        raise ValidationError(
            {
                "industry_code": _(
                    "Give the four-digit class code (小类), e.g. C3484; %(code)s is a %(level)s."
                )
                % {"code": normal, "level": ind.level}
            }
        )
    return normal


def _concrete(model, name: str) -> Field:
    """A model's concrete field by name (get_field's type also admits relations and generic keys)."""
    return cast(Field, model._meta.get_field(name))


def clean_uscc(value: str) -> str:
    try:
        return validate_uscc(value)
    except UsccError as exc:
        raise ValidationError({"uscc": exc.message}) from exc


def derived_fields(enterprise: Enterprise, latest: YearFigures | None = None) -> dict:
    """Size category and size class (GB/T 4754 → 16 categories → 大中小微), from the latest figures."""

    code = enterprise.industry_code or None
    out: dict[str, Any] = {"size_category": industry.size_category_id(code)}
    if latest is None:
        latest = enterprise.years.order_by("-year").first() if enterprise.pk else None
    try:
        size = size_of(  # size_class(...).size without the explanation (imports classify every firm)
            code,
            latest.employees if latest else None,
            latest.revenue if latest else None,
            latest.total_assets if latest else None,
        )
        out["size_class"] = size if size in SIZE_VALUES else SizeClass.UNKNOWN
    except Exception:  # noqa: BLE001 - the classifier is informative; an odd code must not block a save
        out["size_class"] = SizeClass.UNKNOWN
    return out


def enterprise_create(*, actor: User | None, uscc: str, name: str, org_unit: OrgUnit, **fields) -> Enterprise:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        code = clean_uscc(uscc)
        _require_grid(actor, org_unit)
        if Enterprise.objects.filter(uscc=code).exists():
            raise ValidationError(
                {"uscc": _("An enterprise with this unified social credit code is already registered.")}
            )
        fields["industry_code"] = clean_industry(fields.get("industry_code"))
        validators.clean_profile({"name": name, **fields})
        enterprise = Enterprise(
            uscc=code,
            name=(name or "").strip(),
            org_unit=org_unit,
            created_by=actor if getattr(actor, "pk", None) else None,
            **fields,
        )
        for k, v in derived_fields(enterprise).items():
            setattr(enterprise, k, v)
        create_object(actor=actor, instance=enterprise, audit_fields=AUDIT_FIELDS)
    return enterprise


def enterprise_update(
    *, actor: User | None, enterprise: Enterprise, expected_version: int | None, **changes
) -> Enterprise:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        if actor is not None:
            require(actor, "change", enterprise)
            staff_only = STAFF_ONLY_FIELDS & {k for k, v in changes.items() if getattr(enterprise, k) != v}
            if staff_only and not is_staff_actor(actor):
                raise PermissionDenied(
                    _("Only the zone's staff can change: %s")
                    % "、".join(str(_concrete(Enterprise, f).verbose_name) for f in sorted(staff_only))
                )
        if "org_unit" in changes and changes["org_unit"] != enterprise.org_unit:
            _require_grid(actor, changes["org_unit"])
        if "industry_code" in changes:
            changes["industry_code"] = clean_industry(changes["industry_code"])
        if "name" in changes:
            changes["name"] = (changes["name"] or "").strip()
        validators.clean_profile(changes)
        probe = Enterprise(industry_code=changes.get("industry_code", enterprise.industry_code))
        probe.pk = enterprise.pk
        latest = enterprise.years.order_by("-year").first()
        changes.update(derived_fields(probe, latest))
        return update_object(
            actor=actor,
            instance=enterprise,
            changes=changes,
            expected_version=expected_version,
            audit_fields=AUDIT_FIELDS,
        )


def refresh_latest(enterprise: Enterprise) -> None:
    """Copy the latest year's headline figures and the size class onto the enterprise row."""
    latest = enterprise.years.order_by("-year").first()
    values = {
        "latest_year": latest.year if latest else None,
        "latest_revenue": latest.revenue if latest else None,
        "latest_rd_expense": latest.rd_expense if latest else None,
        "latest_employees": latest.employees if latest else None,
        "latest_tax_paid": latest.tax_paid if latest else None,
    }
    values.update(derived_fields(enterprise, latest))
    changed = [k for k, v in values.items() if _differs(getattr(enterprise, k), v)]
    for k in changed:
        setattr(enterprise, k, values[k])
    if changed:
        enterprise.save(update_fields=changed)


def _differs(a, b) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.compare(b) != 0
    return a != b
