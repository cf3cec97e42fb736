"""Writes of public notices: create from a parsed paste (after the user's corrections), edit a draft,
the guarded transitions, registry linking and acknowledging a registry review, expiry.

Every write checks the write-side scope, validates (nothing is saved when one value is bad), writes
the audit record in the same transaction; transitions lock the row, check the version and the state
machine against the current state, and write a history row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import User
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError, NotPermitted
from chrysalis.core.permissions import is_system, require, require_visible
from chrysalis.core.workflow import SYSTEM, Step
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.uscc import UsccError, validate_uscc
from chrysalis.notices import workflows
from chrysalis.notices.choices import (
    CREDITOR_KINDS,
    DECLARATION_KINDS,
    Event,
    Kind,
    RegistryLink,
    SourceKind,
    Status,
)
from chrysalis.notices.models import Notice, NoticeEvent
from chrysalis.notices.parser import formats

AUDIT_FIELDS = (
    "org_unit",
    "kind",
    "status",
    "subject_name",
    "subject_uscc",
    "item",
    "number_label",
    "document_number",
    "authority",
    "declaration",
    "reason",
    "capital_before",
    "capital_after",
    "parties",
    "survivor",
    "phone",
    "period_start",
    "period_end",
    "creditor_days",
    "source_kind",
    "source_name",
    "source_page",
    "published_on",
    "creditor_period_end",
    "enterprise",
    "registry_link",
    "registry_review",
)
# Fields a user may set or correct (the form's fields).
EDITABLE = (
    "kind",
    "subject_name",
    "subject_uscc",
    "item",
    "number_label",
    "document_number",
    "authority",
    "declaration",
    "reason",
    "capital_before",
    "capital_after",
    "parties",
    "survivor",
    "phone",
    "period_start",
    "period_end",
    "creditor_days",
    "text",
)
NON_TEXT = frozenset({"capital_before", "capital_after", "period_start", "period_end", "creditor_days"})
# Parser field name → model field name.
PARSER_FIELDS = {
    "declarant": "subject_name",
    "company": "subject_name",
    "uscc": "subject_uscc",
    "item": "item",
    "number_label": "number_label",
    "number": "document_number",
    "authority": "authority",
    "declaration": "declaration",
    "reason": "reason",
    "capital_before": "capital_before",
    "capital_after": "capital_after",
    "parties": "parties",
    "survivor": "survivor",
    "phone": "phone",
    "period_start": "period_start",
    "period_end": "period_end",
    "creditor_days": "creditor_days",
    "title": "subject_name",
}


def _actor(actor: User | None) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def actor_repr(actor: User | None) -> str:
    return actor.get_username() if actor is not None and actor.pk else "system"


def values_from_parsed(notice) -> dict[str, Any]:
    """Model values from one `ParsedNotice` (strings; `clean_values` converts and validates)."""
    values: dict[str, Any] = {"kind": str(notice.kind), "text": notice.text}
    for name, f in notice.fields.items():
        target = PARSER_FIELDS.get(name)
        if target and not values.get(target):
            values[target] = f.value
    if notice.kind == Kind.MERGER and not values.get("subject_name"):
        values["subject_name"] = values.get("survivor") or (values.get("parties") or "").split("、")[0]
    return values


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("Not a date (YYYY-MM-DD): %(v)s") % {"v": value}) from None


def _number_problem(number: str, label: str, item: str) -> str | None:
    if label in ("核准号", "开户许可证核准号") or "开户许可证" in item:
        return formats.check_account_licence(number)
    if label in ("统一社会信用代码", "社会信用代码", "信用代码"):
        return formats.check_uscc(number)
    if label in ("居民身份证号码", "身份证号码", "身份证号", "公民身份号码"):
        return formats.check_id_card(number)
    return None


def _clean_identity(out: dict[str, Any], kind: str, errors: dict[str, str]) -> None:
    """Names, the USCC, the document number (by its label) and the phone."""
    if not out.get("subject_name"):
        errors["subject_name"] = (
            _("The declarant is empty: give the name of the unit or person making the declaration.")
            if kind in DECLARATION_KINDS
            else _("The company name is empty.")
        )
    if not out.get("text"):
        errors["text"] = _("The text of the notice is empty.")
    if kind in DECLARATION_KINDS and not out.get("item"):
        errors["item"] = _("Say which document or seal is declared void.")
    out["subject_uscc"] = (out.get("subject_uscc") or "").upper()
    if out["subject_uscc"]:
        try:
            out["subject_uscc"] = validate_uscc(out["subject_uscc"])
        except UsccError as exc:
            errors["subject_uscc"] = exc.message
    out["document_number"] = (out.get("document_number") or "").upper().replace(" ", "")
    if out["document_number"]:
        problem = _number_problem(
            out["document_number"], out.get("number_label") or "", out.get("item") or ""
        )
        if problem:
            errors["document_number"] = problem
    if out.get("phone"):
        out["phone"] = formats.normalise_phone(out["phone"])
        problem = formats.check_phone(out["phone"])
        if problem:
            errors["phone"] = problem


def _clean_capital(out: dict[str, Any], kind: str, errors: dict[str, str]) -> None:
    for name in ("capital_before", "capital_after"):
        v = out.get(name)
        if v in (None, ""):
            out[name] = None
            continue
        try:
            out[name] = Decimal(str(v).replace(",", ""))
        except InvalidOperation:
            errors[name] = _("Not an amount in 10k yuan: %(v)s") % {"v": v}
    before, after = out.get("capital_before"), out.get("capital_after")
    if before is not None and after is not None and after >= before:
        errors["capital_after"] = _("The capital after the reduction must be smaller than before it.")
    if kind == Kind.CAPITAL_REDUCTION and (before is None or after is None):
        errors.setdefault(
            "capital_after", _("A capital reduction notice gives the capital before and after.")
        )


def _clean_periods(out: dict[str, Any], kind: str, errors: dict[str, str]) -> None:
    for name in ("period_start", "period_end"):
        try:
            out[name] = _date(out.get(name))
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    if out.get("period_start") and out.get("period_end") and out["period_end"] < out["period_start"]:
        errors["period_end"] = _("The announcement period ends before it starts.")
    days = out.get("creditor_days")
    out["creditor_days"] = None
    if kind in CREDITOR_KINDS and days not in (None, ""):
        try:
            out["creditor_days"] = int(days)
            if not 1 <= out["creditor_days"] <= 365:
                raise ValueError
        except (TypeError, ValueError):
            errors["creditor_days"] = _("The creditors' period is a number of days between 1 and 365.")


def clean_values(values: dict[str, Any]) -> dict[str, Any]:
    """Convert and check user-corrected values; raises ValidationError with a message per field and
    changes nothing. Format checks: USCC check characters, account-licence and ID numbers, phones."""
    errors: dict[str, str] = {}
    kind = values.get("kind") or ""
    if kind not in Kind.values:
        errors["kind"] = _("Choose the type of the notice.")
    out: dict[str, Any] = {}
    for name in EDITABLE:
        v = values.get(name)
        if v is None and name not in NON_TEXT:
            v = ""
        out[name] = v.strip() if isinstance(v, str) else v
    _clean_identity(out, kind, errors)
    _clean_capital(out, kind, errors)
    _clean_periods(out, kind, errors)
    if errors:
        raise ValidationError(errors)
    return out


def link_registry(notice: Notice) -> None:
    """Link to the registry by USCC, else by exact name when exactly one firm has it (no save)."""
    if notice.registry_link == RegistryLink.MANUAL:
        return
    firm = None
    if notice.subject_uscc:
        firm = Enterprise.objects.filter(uscc=notice.subject_uscc).first()
        if firm:
            notice.enterprise, notice.registry_link = firm, RegistryLink.USCC
            return
    names = list(Enterprise.objects.filter(name=notice.subject_name).values_list("pk", flat=True)[:2])
    if len(names) == 1:
        notice.enterprise_id, notice.registry_link = names[0], RegistryLink.NAME
    else:
        notice.enterprise, notice.registry_link = None, RegistryLink.NONE


def _org_reach(actor: User, org_unit) -> bool:
    scope = get_scope(actor)
    return any(org_unit.path.startswith(p) for p in scope.paths(Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER))


def notice_create(
    *,
    actor: User | None,
    org_unit,
    values: dict[str, Any],
    source_kind: str = SourceKind.NEWSPAPER,
    source_name: str = "",
    source_page: str = "",
    published_on: dt.date | None = None,
    parsed: dict | None = None,
) -> Notice:
    """Save one notice as a draft (never published without review)."""
    if actor is not None and not _org_reach(actor, org_unit):
        raise NotPermitted(_("You may not enter notices for %(unit)s.") % {"unit": org_unit})
    data = clean_values(values)
    notice = Notice(
        org_unit=org_unit,
        status=Status.DRAFT,
        source_kind=source_kind,
        source_name=source_name,
        source_page=source_page,
        published_on=published_on,
        parsed=parsed or {},
        created_by=_actor(actor),
        **data,
    )
    link_registry(notice)
    with transaction.atomic():
        notice.full_clean()
        notice.save(force_insert=True)
        now = timezone.now()
        NoticeEvent.objects.create(
            notice=notice,
            event=Event.CREATE,
            from_status="",
            to_status=Status.DRAFT,
            actor=_actor(actor),
            actor_repr=actor_repr(actor),
            at=now,
        )
        record_change(
            actor=actor, action=AuditAction.CREATE, obj=notice, after=snapshot(notice, AUDIT_FIELDS)
        )
    return notice


def notices_create(*, actor: User | None, org_unit, items: list[dict[str, Any]], **source) -> list[Notice]:
    """Save several corrected notices of one paste: all or none. Errors are keyed "<index>-<field>"."""
    errors: dict[str, Any] = {}
    for i, item in enumerate(items):
        try:
            clean_values(item["values"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"{i}-{field}"] = messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return [
            notice_create(
                actor=actor, org_unit=org_unit, values=item["values"], parsed=item.get("parsed"), **source
            )
            for item in items
        ]


def _locked(actor: User | None, notice: Notice, expected_version: int | None) -> Notice:
    require_visible(actor, notice)
    require(actor, "change", notice)
    current = Notice.objects.select_for_update().get(pk=notice.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError()
    return current


def notice_update(
    *, actor: User | None, notice: Notice, values: dict[str, Any], expected_version: int | None
) -> Notice:
    """Correct a draft. Reviewed notices are returned to draft first; published ones are withdrawn
    and entered again (what was published stays as it was)."""
    with transaction.atomic():
        current = _locked(actor, notice, expected_version)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be edited; return the notice to draft first."), code="not_draft"
            )
        data = clean_values({**{f: getattr(current, f) for f in EDITABLE}, **values})
        before = snapshot(current, AUDIT_FIELDS)
        changed = [f for f, v in data.items() if getattr(current, f) != v]
        if not changed:
            return current
        for f in changed:
            setattr(current, f, data[f])
        link_registry(current)
        current.full_clean()
        current.version = F("version") + 1
        current.save(update_fields=[*changed, "enterprise", "registry_link", "version", "updated_at"])
        current.refresh_from_db()
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=snapshot(current, AUDIT_FIELDS),
        )
    return current


def capacities(actor: User | None, notice: Notice) -> frozenset[str]:
    if actor is None:  # the system actor (core.permissions.is_system)
        return frozenset({SYSTEM})
    caps = set()
    if Notice.objects.restrict(actor, "change").filter(pk=notice.pk).exists():
        caps.add(workflows.STAFF)
    if notice.created_by_id and notice.created_by_id == actor.pk:
        caps.add("author")
    return frozenset(caps)


def notice_transition(
    *,
    actor: User | None,
    notice: Notice,
    event: str,
    reason: str = "",
    expected_version: int | None = None,
    published_on: dt.date | None = None,
) -> Notice:
    """One move of the state machine through the core driver (lock, version, guard, effect,
    compare-and-swap, history, audit). A notice the actor cannot see raises OutOfScope."""

    def history(step: Step) -> NoticeEvent:
        return NoticeEvent.objects.create(
            notice=step.obj,
            event=step.event,
            from_status=step.from_state,
            to_status=step.move.to,
            actor=_actor(actor),
            actor_repr=actor_repr(actor),
            at=step.now,
            reason=step.reason,
        )

    return workflows.MACHINE.run(
        queryset=Notice.objects.all() if is_system(actor) else Notice.objects.restrict(actor, "view"),
        pk=notice.pk,
        event=event,
        actor=actor,
        capacities=lambda obj: capacities(actor, obj),
        history=history,
        audit_fields=AUDIT_FIELDS,
        reason=reason,
        expected_version=expected_version,
        params={"published_on": published_on},
        prepare=workflows.guard,
    )


def registry_review_done(
    *, actor: User | None, notice: Notice, expected_version: int | None = None
) -> Notice:
    """A district administrator has checked the firm's registry status after its deregistration notice."""
    with transaction.atomic():
        current = _locked(actor, notice, expected_version)
        if actor is not None and not _reach_admin(actor, current):
            raise NotPermitted(_("Only a district administrator closes a registry review."))
        if not current.registry_review:
            return current
        before = snapshot(current, AUDIT_FIELDS)
        current.registry_review = False
        current.version = F("version") + 1
        current.save(update_fields=["registry_review", "version", "updated_at"])
        current.refresh_from_db()
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            before=before,
            after=snapshot(current, AUDIT_FIELDS),
            reason=_("registry status checked"),
        )
    return current


def _reach_admin(actor: User, notice: Notice) -> bool:
    scope = get_scope(actor)
    return any(notice.org_unit.path.startswith(p) for p in scope.paths(Role.DISTRICT_ADMIN))


def expire_due(*, today: dt.date | None = None) -> int:
    """System job: published notices whose creditors' period has ended become expired."""
    today = today or workflows.local_today()
    due = Notice.objects.filter(status=Status.PUBLISHED, creditor_period_end__lt=today).values_list(
        "pk", flat=True
    )
    count = 0
    for pk in list(due):
        notice_transition(actor=None, notice=Notice(pk=pk), event=Event.EXPIRE)
        count += 1
    return count
