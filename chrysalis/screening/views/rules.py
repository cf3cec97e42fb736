"""Local screening rules: list, add, edit, deactivate/reactivate (district admins of the zone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chrysalis.core.access import page_rule
from chrysalis.core.views import ObjectFormView
from chrysalis.screening.forms import LocalRuleForm
from chrysalis.screening.models import LocalRule
from chrysalis.screening.services.rules import (
    admin_units,
    local_rule_create,
    local_rule_set_active,
    local_rule_update,
)
from chrysalis.screening.views.runs import can_screen


def _can_manage_rules(user) -> bool:
    return can_screen(user)


@login_required
@page_rule(_can_manage_rules, refusal=Http404)
def rule_list(request):
    rules = (
        LocalRule.objects.restrict(request.user, "view")
        .select_related("org_unit")
        .order_by("-active", "org_unit__path", "name")
    )
    return render(request, "screening/rule_list.html", {"title": _("Local screening rules"), "rules": rules})


class RuleFormMixin:
    form_class = LocalRuleForm
    template_name = "screening/rule_form.html"

    def cancel_url(self) -> str:
        return reverse("screening:rule_list")

    def get_success_url_for(self, obj):
        return reverse("screening:rule_list")


class RuleAddView(RuleFormMixin, ObjectFormView):
    title = gettext_lazy("New local screening rule")
    success_message = gettext_lazy("Rule “%(object)s” saved.")

    create_refusal = Http404

    def can_create(self):
        return admin_units(self.request.user).exists()

    def save(self, form, instance):
        d = form.cleaned_data
        return local_rule_create(
            actor=self.request.user,
            org_unit=d["org_unit"],
            name=d["name"],
            condition=d["condition"],
            active=d["active"],
        )


class RuleEditView(RuleFormMixin, ObjectFormView):
    title = gettext_lazy("Edit local screening rule")
    success_message = gettext_lazy("Rule “%(object)s” saved.")

    def get_instance(self):
        return self.get_scoped_object(LocalRule, "change", pk=self.kwargs["pk"])

    def save(self, form, instance):
        d = form.cleaned_data
        return local_rule_update(
            actor=self.request.user,
            rule=instance,
            expected_version=d.get("version"),
            name=d["name"],
            condition=d["condition"],
            active=d["active"],
        )


@login_required
@require_POST
def rule_toggle(request, pk):
    rule = get_object_or_404(LocalRule.objects.restrict(request.user, "change"), pk=pk)
    active = request.POST.get("active") == "1"
    local_rule_set_active(actor=request.user, rule=rule, active=active, reason=request.POST.get("reason", ""))
    messages.success(
        request, (_("Rule “%s” is active again.") if active else _("Rule “%s” deactivated.")) % rule.name
    )
    return redirect("screening:rule_list")
