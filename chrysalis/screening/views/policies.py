"""A district's setting per rule set for single-source or unresolved conditions (district admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chrysalis.criteria.present import CONFIDENCE_ZH
from chrysalis.cultivation.models import RuleSetPolicy, UncertainMode
from chrysalis.cultivation.services.policies import (
    admin_units,
    configurable_rule_sets,
    set_uncertain_mode,
    uncertain_criteria,
)


@login_required
def policy_list(request):
    units = list(admin_units(request.user))
    if not units:
        raise Http404
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("org_unit", "")), None)
        if unit is None:
            raise Http404
        try:
            set_uncertain_mode(
                actor=request.user,
                org_unit=unit,
                rule_set=request.POST.get("rule_set", ""),
                mode=request.POST.get("uncertain", ""),
            )
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(
                request, _("Setting saved. It applies to assessments and screening runs from now on.")
            )
        return redirect("screening:policy_list")
    current = {
        (p.org_unit_id, p.rule_set): p.uncertain
        for p in RuleSetPolicy.objects.restrict(request.user, "view").filter(org_unit__in=units)
    }
    rows = []
    for rs_id, name in configurable_rule_sets():
        conditions = [
            {"id": cid, "name_zh": nm, "level_zh": CONFIDENCE_ZH[level]}
            for cid, nm, level in uncertain_criteria(rs_id)
        ]
        for unit in units:
            rows.append(
                {
                    "unit": unit,
                    "rule_set": rs_id,
                    "name_zh": name,
                    "conditions": conditions,
                    "mode": current.get((unit.pk, rs_id), UncertainMode.HARD),
                }
            )
    return render(
        request,
        "screening/policy_list.html",
        {"title": _("Uncertain conditions"), "rows": rows, "modes": UncertainMode.choices},
    )
