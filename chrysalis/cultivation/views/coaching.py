"""Coaching: create a plan (checklist from the gap analysis), record a session."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chrysalis.cultivation.models.coaching import CoachingPlan
from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.services.coaching import coaching_plan_create, coaching_session_add
from chrysalis.cultivation.views.pool import _error_text, parse_date


@login_required
@require_POST
def coaching_add(request, pk):
    entry = get_object_or_404(PoolEntry.objects.restrict(request.user, "view"), pk=pk)
    coach = None
    if request.POST.get("coach_self"):
        coach = request.user
    elif request.POST.get("coach"):
        coach = get_user_model().objects.restrict(request.user, "view").filter(pk=request.POST["coach"]).first()
    try:
        coaching_plan_create(actor=request.user, entry=entry, year=int(request.POST.get("year") or timezone.localdate().year),
                             coach=coach, outside_expert=request.POST.get("outside_expert", ""),
                             next_deadline=parse_date(request.POST.get("next_deadline")))
        messages.success(request, _("Coaching plan created."))
    except (ValidationError, PermissionDenied, ValueError) as e:
        messages.error(request, _error_text(e) if not isinstance(e, ValueError) else str(e))
    return redirect(entry.get_absolute_url())


@login_required
@require_POST
def coaching_session_add_view(request, pk):
    plan = get_object_or_404(CoachingPlan.objects.restrict(request.user, "view"), pk=pk)
    try:
        coaching_session_add(actor=request.user, plan=plan, held_on=parse_date(request.POST.get("held_on")) or timezone.localdate(),
                             notes=request.POST.get("notes", ""))
        messages.success(request, _("Session recorded."))
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, _error_text(e))
    return redirect(plan.get_absolute_url())
