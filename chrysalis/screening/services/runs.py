"""Screening services: snapshot export from the database, running the batch engine, loading
results back (per tier: eligible now, closest by gap and what each lacks)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.criteria import get_rule_set
from chrysalis.criteria.sql import (
    DuckDBEngine,
    applicable_rule_sets,
    facts_to_tables,
    screen_snapshot,
    write_tables,
)
from chrysalis.cultivation.services.policies import uncertain_modes
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.selectors import facts_for
from chrysalis.screening.models import LocalRule, LocalRuleResult, RunStatus, ScreeningResult, ScreeningRun
from chrysalis.screening.services.results import store_gap_steps

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

RUN_AUDIT = ("year", "engine", "rule_sets", "local_rules", "uncertain")


def export_snapshot(
    enterprises: Iterable[Enterprise], directory: str | Path, *, year: int | None = None, fmt: str = "parquet"
) -> int:
    """Write the snapshot tables of ``enterprises`` (facts documents of facts-format.md)."""
    docs = [facts_for(e, year) for e in enterprises]
    write_tables(facts_to_tables(docs), directory, fmt)
    return len(docs)


def make_engine(name: str, master: str | None = None):
    if name == "spark":
        from chrysalis.criteria.sql.spark import SparkEngine

        return SparkEngine(master=master or "local[2]")
    return DuckDBEngine()


def start_run(
    *,
    actor: User | None,
    org_unit,
    year: int,
    rules: Iterable[LocalRule] = (),
    engine: str = "duckdb",
    queue: bool = True,
) -> ScreeningRun:
    """Create a queued run and enqueue the background job (the job page shows its progress).

    `queue=False` records the run and its job without queuing it; the caller runs the job itself
    with `chrysalis.jobs.runner.run(run.job_id)`.
    """
    from chrysalis.jobs.runner import enqueue
    from chrysalis.screening.tasks import run_screening

    latest = default_year() + 1
    if not isinstance(year, int) or not FIRST_SCREENING_YEAR <= year <= latest:
        raise ValidationError(
            _("The evaluation year must be between %(first)s and %(last)s.")
            % {"first": FIRST_SCREENING_YEAR, "last": latest}
        )
    if not applicable_rule_sets(year):
        raise ValidationError(_("No rule set applies to %(year)s.") % {"year": year})
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            org_unit=org_unit,
            year=year,
            engine=engine,
            created_by=actor,
            rule_sets=[r.id for r in applicable_rule_sets(year)],
            local_rules={r.name: r.condition for r in rules},
            uncertain=_uncertain_for(org_unit, [r.id for r in applicable_rule_sets(year)]),
        )
        job = enqueue(
            run_screening,
            kind="screening",
            title=_("Screening %(year)s, run %(id)s") % {"year": year, "id": run.pk},
            actor=actor,
            total=10,
            queue=queue,
            run_id=run.pk,
        )
        ScreeningRun.objects.filter(pk=run.pk).update(job=job)
        record_change(
            actor=actor,
            action="create",
            obj=run,
            after=snapshot(run, RUN_AUDIT),
        )
    run.refresh_from_db()
    return run


def _uncertain_for(org_unit, rule_set_ids: list[str]) -> dict[str, str]:
    """The zone's setting for each rule set of the run (recorded with the run; default hard)."""
    modes = uncertain_modes(org_unit)
    return {rs: modes.get(rs, "hard") for rs in rule_set_ids}


def execute_run(run: ScreeningRun, progress: Callable[[int, int, str], None] | None = None) -> ScreeningRun:
    """Export every enterprise in the starter's scope, screen, load the verdicts back."""
    user = run.created_by
    ScreeningRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        qs = Enterprise.objects.restrict(user, "view").order_by("pk")
        by_uscc = {e.uscc: e.pk for e in qs}
        with tempfile.TemporaryDirectory() as tmp:
            export_snapshot(
                qs.prefetch_related(
                    "incidents", "titles", "awards", "contests", "ip_rights", "equity_rounds"
                ),
                Path(tmp) / "in",
            )
            rsets = (
                [get_rule_set(r) for r in run.rule_sets] if run.rule_sets else applicable_rule_sets(run.year)
            )
            engine = make_engine(run.engine)
            try:
                summary = screen_snapshot(
                    engine,
                    Path(tmp) / "in",
                    Path(tmp) / "out",
                    year=run.year,
                    rule_sets=rsets,
                    local_rules=run.local_rules,
                    progress=progress,
                    uncertain=run.uncertain or None,
                    criteria="unknown",  # _read_outputs needs only the facts to collect
                )
            finally:
                engine.close()
            rows, unknown, local = _read_outputs(Path(tmp) / "out")
        tiers = {r.id: r.tier for r in rsets}
        with transaction.atomic():
            ScreeningResult.objects.filter(run=run).delete()
            ScreeningResult.objects.bulk_create(
                [
                    ScreeningResult(
                        run=run,
                        enterprise_id=by_uscc[u],
                        rule_set=rs,
                        tier=tiers[rs],
                        verdict=v,
                        score_min=smin,
                        score_max=smax,
                        gap_conditions=gc or 0,
                        gap_points=gp,
                        lacks=(lacks or "").strip(",")[:400],
                        unknowns=len(unknown.get((u, rs), ())),
                        collect=",".join(unknown.get((u, rs), ()))[:400],
                    )
                    for u, rs, v, smin, smax, gc, gp, lacks in rows
                    if u in by_uscc
                ],
                batch_size=1000,
            )
            LocalRuleResult.objects.filter(run=run).delete()
            LocalRuleResult.objects.bulk_create(
                [
                    LocalRuleResult(
                        run=run, enterprise_id=by_uscc[u], rule=rule, outcome=outcome or "unknown"
                    )
                    for u, rule, outcome in local
                    if u in by_uscc
                ],
                batch_size=1000,
            )
            store_gap_steps(run)
            ScreeningRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE,
                finished_at=timezone.now(),
                firms=summary.firms,
                seconds=summary.seconds,
                message=_("Screened %(n)s firms in %(s)s seconds (%(rate)s a second).")
                % {"n": summary.firms, "s": f"{summary.seconds:.2f}", "rate": f"{summary.rate:,.0f}"},
            )
    except Exception as e:  # the run records the failure; the job page shows it
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), message=str(e)[:2000]
        )
        raise
    run.refresh_from_db()
    return run


def _read_outputs(out: Path) -> tuple[list[tuple], dict[tuple[str, str], list[str]], list[tuple]]:
    """The engine's three output files, read with DuckDB whichever engine wrote them (one file each):
    the assessments, the criteria left unknown per (USCC, rule set), the local rules' outcomes."""
    reader = DuckDBEngine()
    try:

        def src(name: str) -> str:
            return f"read_parquet('{out / (name + '.parquet')}')"

        rows = reader.fetch(
            "SELECT uscc, rule_set, verdict, score_min, score_max, gap_conditions, gap_points, lacks "
            f"FROM {src('assessments')}"
        )
        unknown: dict[tuple[str, str], list[str]] = {}
        for u, rs, cid in reader.fetch(
            f"SELECT uscc, CAST(rule_set AS VARCHAR), CAST(criterion AS VARCHAR) FROM {src('criteria')} "
            "WHERE CAST(outcome AS VARCHAR) = 'unknown' ORDER BY 1, 2, 3"
        ):
            unknown.setdefault((u, rs), []).append(cid)
        local = reader.fetch(
            f"SELECT uscc, CAST(rule AS VARCHAR), CAST(outcome AS VARCHAR) FROM {src('local_rules')}"
        )
    finally:
        reader.close()
    return rows, unknown, local


#: The earliest evaluation year a run accepts (the oldest rule sets date from 2022; years before
#: them have nothing to evaluate).
FIRST_SCREENING_YEAR = 2000


def default_year(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year
