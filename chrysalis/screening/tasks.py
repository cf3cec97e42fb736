"""Background task: one screening run (progress on the run's Job)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_screening_task(run_id: int) -> None:
    from chrysalis.jobs.models import JobStatus
    from chrysalis.screening.models import ScreeningRun
    from chrysalis.screening.services.runs import execute_run

    run = ScreeningRun.objects.select_related("job", "created_by").get(pk=run_id)
    job = run.job
    if job is not None:
        job.mark_running(total=10)

    def progress(done: int, total: int, msg: str) -> None:
        if job is not None:
            from chrysalis.jobs.models import Job

            Job.objects.filter(pk=job.pk).update(progress=done, total=total, message=msg)

    try:
        run = execute_run(run, progress)
    except Exception as e:
        if job is not None:
            job.finish(ok=False, message=str(e)[:2000])
        raise
    if job is not None:
        job.finish(ok=True, message=run.message, result={"url": run.get_absolute_url()})
    _ = JobStatus
