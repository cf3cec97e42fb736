from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from chrysalis.jobs.models import Job, JobStatus, WorkerHeartbeat


def worker_notice(job: Job) -> dict:
    """For a job that is waiting: has a task worker been seen lately? (None when not waiting.)"""
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return {}
    since = WorkerHeartbeat.seconds_since_last()
    if since is not None and since <= WorkerHeartbeat.STALE_SECONDS:
        return {}
    return {"never": since is None, "minutes": 0 if since is None else int(since // 60)}


@login_required
def job_detail(request, pk):
    """Job page; with htmx it returns only the progress fragment, which polls until finished."""
    job = get_object_or_404(Job.objects.restrict(request.user, "view"), pk=pk)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/job_detail.html"
    return render(request, template, {"job": job, "title": job.title, "worker_notice": worker_notice(job)})
