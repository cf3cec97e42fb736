"""Home page: the organisation's counts (scoped) and the domain apps' cards.

In accounts, not core: it counts org units, departments, teams and people (accounts models), and
core sits below accounts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chrysalis.accounts.models import Department, OrgUnit, Team, User
from chrysalis.core.home import home_cards


@login_required
def home(request):
    user = request.user
    units = OrgUnit.objects.restrict(user, "view")
    context = {
        "title": None,
        "counts": {
            "zones": units.filter(kind__in=["zone", "street"]).count(),
            "grids": units.filter(kind="grid").count(),
            "departments": Department.objects.restrict(user, "view").count(),
            "teams": Team.objects.restrict(user, "view").count(),
            "people": User.objects.restrict(user, "view").count(),
        },
        "cards": home_cards(user),
    }
    return render(request, "home.html", context)
