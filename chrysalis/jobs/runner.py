"""The one background-job runner: queue, progress, success or failure, actor context.

A background step is a function marked `@job_function` that takes keyword arguments only:
`progress` (a `Progress`), `actor` (the user who started the job, None for the system) and the
JSON-serialisable arguments given to `enqueue`. It returns an `Outcome` (or None for a plain
success); raising marks the job failed with the error's message.

    job = enqueue(import_step, kind="enterprise_import_commit", title=..., actor=user,
                  total=rows, url=batch.get_absolute_url(), batch_id=batch.pk, step="commit")

`enqueue` records a `Job` (function, arguments, who, total) and, once the surrounding transaction
commits, puts it on the django-tasks queue (`TASKS["default"]`: the database backend, worked by
`manage.py db_worker`; `CHRYSALIS_TASKS_IMMEDIATE=1` runs it in the web process instead). The
worker calls `run(job_id)`, which runs the function inside `actor_context(source="job",
job_id=...)` so every audit row it writes carries the job id, and records the outcome on the Job
that the page polls (`jobs:job_detail`). Tests call `run(job.pk)` to do what the worker does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction
from django_tasks import task

from chrysalis.core.actor import actor_context
from chrysalis.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
_MARK = "_chrysalis_job_function"


@dataclass(frozen=True)
class Outcome:
    """What a job function reports: `ok=False` marks the job failed without an exception."""

    ok: bool = True
    message: str = ""
    url: str = ""  # where "Open the result" leads
    result: dict = field(default_factory=dict)


class Progress:
    """Handed to the job function: `progress(done)`, `progress(done, total, message)`, `advance(n)`.

    Each call is one UPDATE, so a page polling the job sees it at once.
    """

    def __init__(self, job: Job):
        self.job = job
        self.done = 0

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.done = done
        self.job.set_progress(done, total, message)

    def advance(self, step: int = 1) -> None:
        self.done += step
        self.job.advance(step)


def job_function(func: Callable) -> Callable:
    """Mark a function as runnable by the job runner (only marked functions are ever imported and run)."""
    setattr(func, _MARK, True)
    return func


def enqueue(
    func: Callable,
    *,
    kind: str,
    title: str,
    actor,
    total: int = 0,
    url: str = "",
    queue: bool = True,
    **arguments,
) -> Job:
    """Record a queued Job for `func(**arguments)` and queue it when the transaction commits.

    `queue=False` records the Job only: the caller runs it itself with `run(job.pk)` (the demo
    loader does, so that no task is left on the queue for a worker to pick up later).
    """
    if not getattr(func, _MARK, False):
        raise TypeError(f"{func.__qualname__} is not a @job_function")
    job = Job.objects.create(
        kind=kind,
        title=str(title)[:200],
        created_by=actor,
        total=total,
        function=f"{func.__module__}.{func.__qualname__}",
        arguments=arguments,
        result={"url": url} if url else {},
    )
    if queue:
        transaction.on_commit(lambda: run_job_task.enqueue(str(job.pk)))
    return job


@task()
def run_job_task(job_id: str) -> None:
    """The django-tasks entry point: the worker runs the recorded job."""
    run(job_id)


def run(job_id) -> Job:
    """Run a queued job now (what the worker does); returns the finished Job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        log.warning("job %s is %s, not queued; not run again", job.pk, job.status)
        return job
    func = _resolve(job.function)
    queued_url = job.result.get("url", "")
    with actor_context(source="job", job_id=str(job.pk), label=job.kind):
        job.mark_running(total=job.total)
        try:
            outcome = func(progress=Progress(job), actor=job.created_by, **job.arguments) or Outcome()
        except Exception as exc:  # noqa: BLE001 - the job page must show the failure
            log.exception("job %s (%s) failed", job.pk, job.kind)
            job.finish(
                ok=False, message=error_text(exc)[:2000], result={"url": queued_url} if queued_url else {}
            )
        else:
            url = outcome.url or queued_url
            job.finish(
                ok=outcome.ok,
                message=outcome.message[:2000],
                result={**outcome.result, **({"url": url} if url else {})},
            )
    job.refresh_from_db()
    return job


def error_text(exc: BaseException) -> str:
    return " ".join(str(m) for m in getattr(exc, "messages", None) or [str(exc)])


def _resolve(path: str) -> Callable:
    module, _, name = path.rpartition(".")
    func = import_module(module)
    for part in name.split("."):
        func = getattr(func, part)
    if not getattr(func, _MARK, False):
        raise TypeError(f"{path} is not a @job_function")
    return func  # type: ignore[return-value]
