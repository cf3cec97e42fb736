"""Filters that word the criteria engine's facts in Chinese (`{% load facts_zh %}`)."""

from __future__ import annotations

from django import template

from chrysalis.criteria.present import field_zh, figure_zh

register = template.Library()


@register.filter(name="figure_zh")
def figure_zh_filter(figure: dict) -> str:
    """An assessment's figure (field, year, value, source) as a Chinese phrase."""
    return figure_zh(figure.get("field", ""), figure.get("year"), figure.get("value"), figure.get("source"))


@register.filter(name="field_zh")
def field_zh_filter(field: str) -> str:
    return field_zh(field or "")
