"""Widgets shared by every module's forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _


class CheckboxDropdown(forms.CheckboxSelectMultiple):
    """A multiple choice as a drop-down of check boxes (Tabler dropdown): the closed box names what is
    picked ("全部" when nothing is), so a filter for 阶段 / 状态 takes one line, not a tall list box."""

    template_name = "core/widgets/checkbox_dropdown.html"

    def id_for_label(self, id_, index=None):
        return id_  # the button that opens the list

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        picked = {str(v) for v in (value or [])}
        labels = [str(label) for key, label in self.choices if str(key) in picked]
        context["widget"]["summary"] = "、".join(labels) if labels else _("All")
        return context
