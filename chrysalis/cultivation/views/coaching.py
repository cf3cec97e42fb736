"""Coaching: create a plan (checklist from the gap analysis), the plan page, edit the plan (coach,
next filing deadline), tick off checklist items, record a session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chrysalis.core.exceptions import ConflictError
from chrysalis.core.views import ObjectFormView
from chrysalis.cultivation.forms_pool import CoachingPlanForm
from chrysalis.cultivation.models.coaching import ChecklistItem, ChecklistKind, CoachingPlan
from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.services.coaching import (
    checklist_item_tick,
    coaching_plan_create,
    coaching_plan_update,
    coaching_session_add,
)
from chrysalis.cultivation.views.pool import _error_text, parse_date


@login_required
@require_POST
def coaching_add(request, pk):
    entry = get_object_or_404(PoolEntry.objects.restrict(request.user, "view"), pk=pk)
    coach = None
    if request.POST.get("coach_self"):
        coach = request.user
    elif request.POST.get("coach"):
        coach = (
            get_user_model().objects.restrict(request.user, "view").filter(pk=request.POST["coach"]).first()
        )
    try:
        plan = coaching_plan_create(
            actor=request.user,
            entry=entry,
            year=int(request.POST.get("year") or timezone.localdate().year),
            coach=coach,
            outside_expert=request.POST.get("outside_expert", ""),
            next_deadline=parse_date(request.POST.get("next_deadline")),
        )
        messages.success(request, _("Coaching plan created."))
        return redirect(plan.get_absolute_url())
    except (ValidationError, PermissionDenied, ValueError) as e:
        messages.error(request, _error_text(e) if not isinstance(e, ValueError) else str(e))
    return redirect(entry.get_absolute_url())


@login_required
def coaching_detail(request, pk):
    plan = get_object_or_404(
        CoachingPlan.objects.restrict(request.user, "view").select_related("entry__enterprise", "coach"),
        pk=pk,
    )
    can_change = CoachingPlan.objects.restrict(request.user, "change").filter(pk=pk).exists()
    items = list(plan.items.select_related("done_by"))
    groups = [(k, label, [i for i in items if i.kind == k]) for k, label in ChecklistKind.choices]
    done = sum(1 for i in items if i.done)
    return render(
        request,
        "cultivation/coaching_detail.html",
        {
            "title": _("Coaching plan · %(firm)s") % {"firm": plan.entry.enterprise.name},
            "plan": plan,
            "entry": plan.entry,
            # the pool entry (stage, notes, reasons) is staff-only; the enterprise sees its plan
            "can_see_pool": PoolEntry.objects.restrict(request.user, "view")
            .filter(pk=plan.entry_id)
            .exists(),
            "groups": [g for g in groups if g[2]],
            "done": done,
            "total": len(items),
            "percent": round(100 * done / len(items)) if items else 100,
            "sessions": plan.sessions.select_related("recorded_by"),
            "can_change": can_change,
            "today": timezone.localdate(),
        },
    )


class CoachingEditView(ObjectFormView):
    form_class = CoachingPlanForm
    title = gettext_lazy("Edit coaching plan")
    success_message = gettext_lazy("Coaching plan saved.")

    def get_instance(self):
        return self.get_scoped_object(CoachingPlan, "change", pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        p = self.instance
        kwargs["initial"] = {
            "coach": p.coach_id,
            "outside_expert": p.outside_expert,
            "next_deadline": p.next_deadline,
            "version": p.version,
        }
        return kwargs

    def save(self, form, instance):
        d = form.cleaned_data
        return coaching_plan_update(
            actor=self.request.user,
            plan=instance,
            expected_version=d.get("version"),
            coach=d["coach"],
            outside_expert=d["outside_expert"],
            next_deadline=d["next_deadline"],
        )


@login_required
@require_POST
def checklist_tick(request, pk):
    item = get_object_or_404(
        ChecklistItem.objects.filter(plan__in=CoachingPlan.objects.restrict(request.user, "view")), pk=pk
    )
    try:
        checklist_item_tick(actor=request.user, item=item, done=request.POST.get("done") == "1")
    except (ValidationError, PermissionDenied, ConflictError) as e:
        messages.error(request, _error_text(e) if not isinstance(e, ConflictError) else str(e))
    return redirect(f"{item.plan.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def coaching_session_add_view(request, pk):
    plan = get_object_or_404(CoachingPlan.objects.restrict(request.user, "view"), pk=pk)
    try:
        coaching_session_add(
            actor=request.user,
            plan=plan,
            held_on=parse_date(request.POST.get("held_on")) or timezone.localdate(),
            notes=request.POST.get("notes", ""),
        )
        messages.success(request, _("Session recorded."))
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, _error_text(e))
    return redirect(plan.get_absolute_url())
