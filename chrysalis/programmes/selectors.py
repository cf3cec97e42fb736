"""Reads of the programmes module, always starting from `restrict`: the leader's page (驾驶舱), the
home card, the records behind a number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.core.extensions import scope_for
from chrysalis.programmes.choices import STATUS_COLOURS, TargetStatus
from chrysalis.programmes.models import READERS, Programme, Snapshot, Target
from chrysalis.programmes.services.evaluation import Evaluation, evaluate_all, month_start


def is_reader(user) -> bool:
    """Who opens the module's pages: administrators and service officers (of some unit)."""
    return bool(getattr(user, "is_authenticated", False)) and scope_for(user).has(*READERS)


def programmes_for(user, *, unit=None, year: int | None = None):
    qs = Programme.objects.restrict(user, "view").select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if year:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return qs


@dataclass
class ProgrammeRow:
    programme: Programme
    evaluations: list[Evaluation] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in TargetStatus.values}
        for ev in self.evaluations:
            out[ev.status] += 1
        return out


def cockpit(user, *, unit=None, year: int | None = None, day: dt.date | None = None) -> list[ProgrammeRow]:
    """Every visible programme with its targets evaluated on `day` (live, from the data)."""
    day = day or timezone.localdate()
    programmes = list(programmes_for(user, unit=unit, year=year))
    targets = (
        Target.objects.filter(programme__in=[p.pk for p in programmes])
        .select_related("programme__unit")
        .order_by("position", "pk")
    )
    rows = {p.pk: ProgrammeRow(p) for p in programmes}
    for ev in evaluate_all(targets, day):
        rows[ev.target.programme_id].evaluations.append(ev)
    return list(rows.values())


def chart_data(rows: list[ProgrammeRow]) -> dict:
    """The leader's page chart: one stacked bar per programme, one series per status."""
    return {
        "programmes": [r.programme.name for r in rows],
        "urls": [r.programme.get_absolute_url() for r in rows],
        "series": [
            {
                "status": s.value,
                "name": str(s.label),
                "colour": STATUS_COLOURS[s],
                "data": [r.counts[s.value] for r in rows],
            }
            for s in TargetStatus
        ],
    }


def home_cards(user) -> list[dict]:
    """Home page: targets behind schedule in this month's snapshots (readers only)."""
    if not is_reader(user):
        return []
    behind = (
        Snapshot.objects.restrict(user, "view")
        .filter(month=month_start(timezone.localdate()), status=TargetStatus.BEHIND)
        .count()
    )
    url = reverse("programmes:cockpit")
    return [{"label": _("Targets behind schedule"), "value": behind, "url": f"{url}?status=behind"}]
