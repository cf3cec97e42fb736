"""Quarterly evaluation computed from the pipeline data (never typed twice).

For every task force of the quarter's district and every member cadre:
  figures[metric] = a count or a sum over the quarter's rows (see FIGURES);
  points[metric]  = min(figures × weight, cap) for each indicator of the subject;
  total           = Σ points + the leader's qualitative score (0 … the quarter's maximum);
  rank            = competition ranking by total (1, 2, 2, 4), ties ordered by name.
Projects count for their lead team and in full for each responsible cadre (a reading: the texts
do not split credit between cadres). An open quarter is computed live; a closed one is read from
its frozen EvaluationRow rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from chrysalis.accounts.choices import Role, TeamKind
from chrysalis.accounts.models import Team, TeamMembership
from chrysalis.accounts.scopes import get_scope
from chrysalis.investment.choices import Metric, Subject
from chrysalis.investment.models import Project, ProjectMove, TripVisit
from chrysalis.investment.models.projects import MAJOR_THRESHOLD

ZERO = Decimal("0")
CENT = Decimal("0.01")


@dataclass
class Result:
    subject: str
    key: int  # team id or cadre (user) id
    name: str
    team_name: str = ""
    figures: dict[str, Decimal] = field(default_factory=dict)
    points: dict[str, Decimal] = field(default_factory=dict)
    qualitative: Decimal = ZERO
    qualitative_reason: str = ""
    total: Decimal = ZERO
    rank: int = 0


def quarter_teams(quarter):

    return Team.objects.filter(
        kind=TeamKind.TASK_FORCE, org_unit__path__startswith=quarter.org_unit.path, task_force__isnull=False
    ).order_by("name")


def _project_figures(quarter, team_ids, group: str) -> dict[int, dict[str, Decimal]]:

    s, e = quarter.start, quarter.end
    landed, signed, new = (
        Q(landed_on__range=(s, e)),
        Q(signed_on__range=(s, e)),
        Q(registered_on__range=(s, e)),
    )
    rows = (
        Project.objects.filter(team_id__in=team_ids)
        .filter(landed | signed | new)
        .values(group)
        .annotate(
            landed=Count("pk", filter=landed),
            major_landed=Count("pk", filter=landed & Q(amount__gte=MAJOR_THRESHOLD)),
            signed=Count("pk", filter=signed),
            signed_amount=Sum("amount", filter=signed),
            landed_amount=Sum("amount", filter=landed),
            new_leads=Count("pk", filter=new),
        )
        .order_by()
    )
    out: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        key = row.pop(group)
        if key is not None:
            out[key] = {k: Decimal(v or 0) for k, v in row.items()}
    return out


def _counts(qs, group: str) -> dict[int, int]:
    return {k: n for k, n in qs.values_list(group).annotate(n=Count("pk")).order_by() if k is not None}


def compute(quarter, *, indicators=None, scores=None) -> dict[str, list[Result]]:
    """Figures, points, totals and ranks of an open quarter (or of the given inputs)."""

    if indicators is None:
        indicators = [(i.subject, i.metric, i.weight, i.cap) for i in quarter.indicators.all()]
    if scores is None:
        scores = {
            (ls.subject, ls.team_id or ls.cadre_id): (ls.score, ls.reason)
            for ls in quarter.leader_scores.all()
        }
    teams = list(quarter_teams(quarter).values_list("pk", "name"))
    team_ids = [pk for pk, _name in teams]
    s, e = quarter.start, quarter.end
    moves = ProjectMove.objects.filter(on__range=(s, e), forward=True, project__team_id__in=team_ids)
    visits = TripVisit.objects.filter(trip__date__range=(s, e), trip__team_id__in=team_ids)

    by_team = _project_figures(quarter, team_ids, "team_id")
    by_cadre = _project_figures(quarter, team_ids, "cadres")
    extra_team = {
        Metric.ADVANCES: _counts(moves, "project__team_id"),
        Metric.VISITS: _counts(visits, "trip__team_id"),
    }
    extra_cadre = {
        Metric.ADVANCES: _counts(moves, "project__cadres"),
        Metric.VISITS: _counts(visits, "trip__cadres"),
    }
    members = (
        TeamMembership.objects.filter(team_id__in=team_ids)
        .select_related("user", "team")
        .order_by("user__display_name", "user_id")
    )
    results = {Subject.TEAM: [], Subject.CADRE: []}
    for pk, name in teams:
        results[Subject.TEAM].append(Result(Subject.TEAM, pk, name, name))
    seen: set[int] = set()
    for m in members:
        if m.user_id not in seen:
            seen.add(m.user_id)
            results[Subject.CADRE].append(Result(Subject.CADRE, m.user_id, str(m.user), m.team.name))
    for subject, base, extra in (
        (Subject.TEAM, by_team, extra_team),
        (Subject.CADRE, by_cadre, extra_cadre),
    ):
        lines = [(metric, Decimal(w), Decimal(c)) for subj, metric, w, c in indicators if subj == subject]
        for r in results[subject]:
            figs = dict.fromkeys(Metric.values, ZERO) | base.get(r.key, {})
            for metric, counts in extra.items():
                figs[metric] = Decimal(counts.get(r.key, 0))
            r.figures = figs
            r.points = {metric: min(figs[metric] * w, c).quantize(CENT) for metric, w, c in lines}
            score, reason = scores.get((subject, r.key), (ZERO, ""))
            r.qualitative, r.qualitative_reason = Decimal(score), reason
            r.total = (sum(r.points.values(), ZERO) + r.qualitative).quantize(CENT)
        rank(results[subject])
    return results


def rank(rows: list[Result]) -> None:
    rows.sort(key=lambda r: (-r.total, r.name, r.key))
    previous, place = None, 0
    for i, r in enumerate(rows, start=1):
        if r.total != previous:
            place, previous = i, r.total
        r.rank = place


def frozen(quarter) -> dict[str, list[Result]]:
    """The results a closed quarter froze, in the same shape as compute()."""
    results: dict[str, list[Result]] = defaultdict(list)
    reasons = {(k[0], int(k[1])): v for k, v in _frozen_reasons(quarter).items()}
    for row in quarter.rows.select_related("team", "cadre").order_by("subject", "rank", "pk"):
        key = row.team_id or row.cadre_id
        name = row.team.name if row.team_id else str(row.cadre)
        results[row.subject].append(
            Result(
                row.subject,
                key,
                name,
                row.figures.get("_team", name),
                {k: Decimal(v) for k, v in row.figures.items() if not k.startswith("_")},
                {k: Decimal(v) for k, v in row.points.items()},
                row.qualitative,
                reasons.get((row.subject, key), ""),
                row.total,
                row.rank,
            )
        )
    return {Subject.TEAM: results[Subject.TEAM], Subject.CADRE: results[Subject.CADRE]}


def _frozen_reasons(quarter) -> dict[tuple[str, str], str]:
    return {(s["subject"], str(s["key"])): s["reason"] for s in quarter.frozen_inputs.get("scores", [])}


def results_for(quarter) -> dict[str, list[Result]]:
    return frozen(quarter) if quarter.is_closed else compute(quarter)


DEFAULT_INDICATORS = {
    Subject.TEAM: [
        (Metric.LANDED, "5", "40"),
        (Metric.MAJOR_LANDED, "5", "20"),
        (Metric.LANDED_AMOUNT, "0.5", "20"),
        (Metric.NEW_LEADS, "0.5", "5"),
        (Metric.ADVANCES, "0.2", "5"),
        (Metric.VISITS, "0.1", "10"),
    ],
    Subject.CADRE: [
        (Metric.LANDED, "10", "40"),
        (Metric.MAJOR_LANDED, "10", "20"),
        (Metric.SIGNED, "3", "15"),
        (Metric.ADVANCES, "0.5", "10"),
        (Metric.VISITS, "0.2", "15"),
    ],
}


def sees_all_cadres(user, quarter) -> bool:
    return any(quarter.org_unit.path.startswith(p) for p in get_scope(user).paths(Role.ORG_DEPARTMENT))


def visible_results(user, quarter):
    """Team rows for everyone who reaches the quarter; cadre rows for the organisation department,
    and each cadre's own row for that cadre (personnel data)."""
    results = results_for(quarter)
    if not sees_all_cadres(user, quarter):
        results[Subject.CADRE] = [r for r in results[Subject.CADRE] if r.key == user.pk]
    return results


def working(result, indicators) -> list[dict]:
    lines = []
    for subject, metric, weight, cap in indicators:
        if subject != result.subject:
            continue
        value = result.figures.get(metric, 0)
        points = result.points.get(metric)
        lines.append(
            {
                "label": Metric(metric).label,
                "metric": metric,
                "value": value,
                "weight": weight,
                "cap": cap,
                "points": points,
                "capped": points is not None and value * weight > cap,
            }
        )
    return lines


def indicator_lines(quarter):
    """The indicator set an evaluation used: the frozen one of a closed quarter, else the current one."""
    if quarter.is_closed and quarter.frozen_inputs.get("indicators"):
        return [
            (i["subject"], i["metric"], Decimal(i["weight"]), Decimal(i["cap"]))
            for i in quarter.frozen_inputs["indicators"]
        ]
    return [(i.subject, i.metric, i.weight, i.cap) for i in quarter.indicators.all()]
