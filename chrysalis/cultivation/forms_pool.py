"""Forms of the pool, coaching plans and recognitions."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.forms import REASON_FIELD, StyledForm
from chrysalis.cultivation.models.pool import TierTarget


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> accepts, whatever the locale


class PoolAddForm(StyledForm):
    tier_target = forms.ChoiceField(
        label=_("tier target"), choices=TierTarget.choices, initial=TierTarget.ZJTX
    )
    reason = REASON_FIELD


class CoachingPlanForm(StyledForm):
    coach = forms.ModelChoiceField(
        label=_("coach (officer)"), queryset=get_user_model().objects.none(), required=False
    )
    outside_expert = forms.CharField(label=_("or an outside expert"), max_length=80, required=False)
    next_deadline = forms.DateField(label=_("next filing deadline"), required=False, widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)

        User = get_user_model()
        in_reach = (
            User.objects.restrict(user, "view")
            .filter(is_active=True, role_assignments__role__in=[Role.SERVICE_OFFICER, Role.DISTRICT_ADMIN])
            .values("pk")
        )
        # officers and admins the user may see, and always the user themself
        self.fields["coach"].queryset = User.objects.filter(
            Q(pk__in=in_reach) | Q(pk=getattr(user, "pk", None))
        ).order_by("username")


class RecognitionForm(StyledForm):
    tier = forms.ChoiceField(label=_("title granted"), choices=TierTarget.choices, initial=TierTarget.ZJTX)
    batch = forms.CharField(label=_("batch"), max_length=20, required=False, help_text=_("e.g. 2026年第一批"))
    granted_on = forms.DateField(label=_("granted on"), widget=DateInput)
    valid_until = forms.DateField(label=_("valid until"), widget=DateInput)
    review_due = forms.DateField(
        label=_("re-review due"),
        widget=DateInput,
        required=False,
        help_text=_("Empty: when the title's validity ends."),
    )
    certificate_no = forms.CharField(label=_("certificate number"), max_length=60, required=False)
    issuer = forms.CharField(label=_("issued by"), max_length=80, required=False)
