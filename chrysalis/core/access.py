"""Who may open a page: one rule per page, asked by the page itself and by every link to it.

A page that is not open to every signed-in user declares its rule once:

    class ImportListView(PageRuleMixin, ObjectListView):
        page_rule = staticmethod(can_import)          # user -> bool
        page_refusal = Http404                         # or PermissionDenied (the default)

    @page_rule(can_run_screening, refusal=Http404)
    def run_list(request): ...

`may_open(user, url_name)` and `may_open_path(user, path)` resolve the URL to its view and ask the
same rule, so the menus (core.navigation) and the home-page cards (core.home) never show a link the
page would refuse. A page without a rule is open to every signed-in user; the persona test
(core/tests/test_navigation.py) proves every link shown answers 200.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

Rule = Callable[[object], bool]


def page_rule(rule: Rule, *, refusal: type[Exception] = PermissionDenied):
    """Decorator for function views: refuse signed-in users the rule turns away."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated and not rule(request.user):
                raise refusal
            return view(request, *args, **kwargs)

        wrapped.page_rule = rule
        return wrapped

    return decorator


class PageRuleMixin:
    """Class views: `page_rule` (user -> bool) decides who may open the page; others get
    `page_refusal`. Anonymous users pass through to the login redirect."""

    page_rule: Rule | None = None
    page_refusal: type[Exception] = PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        rule = type(self).page_rule
        if rule is not None and request.user.is_authenticated and not rule(request.user):
            raise self.page_refusal
        return super().dispatch(request, *args, **kwargs)


def _rule_of(func) -> Rule | None:
    rule = getattr(func, "page_rule", None)
    if rule is None:
        view_class = getattr(func, "view_class", None)
        rule = getattr(view_class, "page_rule", None) if view_class is not None else None
    return rule


def may_open_path(user, path: str) -> bool:
    """Whether `user` may open the page at `path` (a query string is ignored)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    rule = _rule_of(match.func)
    return rule is None or bool(rule(user))


def may_open(user, url_name: str, *args, **kwargs) -> bool:
    """Whether `user` may open the named page; False when the page is not installed."""
    try:
        path = reverse(url_name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return False
    return may_open_path(user, path)
