"""`{% may_open request.user 'app:page' as ok %}`: the page's own rule (core.access), so a link is
shown only to those the page would let in."""

from django import template

from chrysalis.core.access import may_open as _may_open

register = template.Library()


@register.simple_tag
def may_open(user, url_name: str, *args) -> bool:
    return _may_open(user, url_name, *args)
