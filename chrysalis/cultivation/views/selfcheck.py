"""The public, anonymous tier self-check: computes an assessment and stores nothing."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from chrysalis.cultivation.forms import SelfCheckForm
from chrysalis.cultivation.services.assessment import AssessmentInputError, AssessmentRequest, run


@never_cache
def selfcheck(request):
    result = None
    problems: list[dict[str, str]] = []
    if request.method == "POST":
        form = SelfCheckForm(request.POST)
        if "refresh" in request.POST:  # the tier or year changed: show that rule set's questions
            form = SelfCheckForm(
                initial={k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
            )
        elif form.is_valid():
            d = form.cleaned_data
            try:
                assessment = run(
                    form.facts(),
                    AssessmentRequest(year=d["year"], tier=d["tier"], application=d["application"]),
                )
                result = assessment.to_dict()
            except AssessmentInputError as exc:
                problems = exc.problems
    else:
        form = SelfCheckForm(
            initial={k: request.GET[k] for k in ("tier", "application", "year") if k in request.GET}
        )
    return render(
        request,
        "cultivation/selfcheck.html",
        {"form": form, "a": result, "problems": problems, "title": _("Tier self-check")},
    )
