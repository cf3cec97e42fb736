"""Home page: the organisation's counts (scoped) and the domain apps' cards.

In accounts, not core: it counts org units, departments, teams and people (accounts models), and
core sits below accounts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chrysalis.accounts.models import Department, OrgUnit, Team, User
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.home import home_cards

# Roles for whom the organisation's size (zones, grids, departments, teams, people) is part of the
# job; an enterprise user or a department handler sees only the cards of their own work.
ORG_ROLES = ("district_admin", "service_officer", "grid_worker", "system_admin", "security_admin", "auditor")


@login_required
def home(request):
    user = request.user
    counts = None
    if get_scope(user).has(*ORG_ROLES):
        units = OrgUnit.objects.restrict(user, "view")
        counts = {
            "zones": units.filter(kind__in=["zone", "street"]).count(),
            "grids": units.filter(kind="grid").count(),
            "departments": Department.objects.restrict(user, "view").count(),
            "teams": Team.objects.restrict(user, "view").count(),
            "people": User.objects.restrict(user, "view").count(),
        }
    context = {"title": None, "counts": counts, "cards": home_cards(user)}
    return render(request, "home.html", context)
