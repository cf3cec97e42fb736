"""Anonymous pages: search, one notice, verify a document number; and the Atom feed.

Only published and expired notices are ever read (`Notice.public()`); a draft, reviewed or withdrawn
notice answers 404 like a missing one. Every request counts against the client's rate limit; over it,
the page says in Chinese how long to wait (HTTP 429).
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.notices import selectors
from chrysalis.notices.filtersets import PublicNoticeFilterSet
from chrysalis.notices.forms import PublicSearchForm
from chrysalis.notices.ratelimit import retry_after

PAGE_SIZE = 20


def limited_message(seconds: int) -> str:
    return _("Too many requests from your address. Please wait %(s)d seconds and try again.") % {"s": seconds}


def rate_limited(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        wait = retry_after(request)
        if wait is not None:
            response = render(
                request,
                "notices/public/limited.html",
                {"title": _("Please wait"), "message": limited_message(wait)},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _filter_data(form: PublicSearchForm) -> dict:
    d = form.cleaned_data
    return {
        "q": d.get("q") or "",
        "number": d.get("number") or "",
        "kind": d.get("kind") or "",
        "published_after": d.get("date_from") or "",
        "published_before": d.get("date_to") or "",
    }


@rate_limited
def search(request):
    form = PublicSearchForm(request.GET or None)
    qs = selectors.public_notices()
    searched = False
    if form.is_bound and form.is_valid():
        data = _filter_data(form)
        searched = any(data.values())
        qs = PublicNoticeFilterSet(data, queryset=qs).qs
    text = (
        form.is_bound
        and form.is_valid()
        and bool(form.cleaned_data.get("q") or form.cleaned_data.get("number"))
    )
    page = selectors.SearchPaginator(qs, PAGE_SIZE, text_search=text).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notices/public/search.html",
        {
            "title": _("Public notices"),
            "form": form,
            "page": page,
            "searched": searched,
            "query": query.urlencode(),
        },
    )


@rate_limited
def detail(request, pk: int):
    notice = get_object_or_404(selectors.public_notices(), pk=pk)
    return render(request, "notices/public/detail.html", {"title": str(notice), "notice": notice})


@rate_limited
def verify(request):
    raw = (request.GET.get("number") or "")[:60]
    number, found = selectors.verify(raw) if raw.strip() else ("", [])
    return render(
        request,
        "notices/public/verify.html",
        {
            "title": _("Verify a document number"),
            "raw": raw,
            "number": number,
            "found": found,
            "asked": bool(raw.strip()),
        },
    )


class LatestNoticesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Chrysalis public notices")
    subtitle = gettext_lazy(
        "Lost-document declarations, deregistrations, capital reductions, mergers and splits"
    )
    link = reverse_lazy("notices:public_search")

    def items(self):
        return selectors.public_notices().order_by("-published_on", "-pk")[:50]

    def item_title(self, item):
        return f"{item.get_kind_display()}：{item.subject_name}"

    def item_description(self, item):
        return item.public_text

    def item_link(self, item):
        return reverse("notices:public_detail", args=[item.pk])

    def item_pubdate(self, item):
        return dt.datetime.combine(item.published_on, dt.time(8, 0)) if item.published_on else None

    def item_updateddate(self, item):
        return item.updated_at


feed = rate_limited(LatestNoticesFeed())
