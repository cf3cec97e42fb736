"""Background step: one screening run, run by the job runner (progress on the run's Job)."""

from __future__ import annotations

from chrysalis.jobs.runner import Outcome, Progress, job_function


@job_function
def run_screening(*, progress: Progress, actor, run_id: int) -> Outcome:
    from chrysalis.screening.models import ScreeningRun
    from chrysalis.screening.services.runs import execute_run

    run = ScreeningRun.objects.select_related("job", "created_by").get(pk=run_id)
    progress(0, 10)
    run = execute_run(run, progress)
    return Outcome(message=run.message, url=run.get_absolute_url())
