from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from chrysalis.jobs.models import Job


@login_required
def job_detail(request, pk):
    """Job page; with htmx it returns only the progress fragment, which polls until finished."""
    job = get_object_or_404(Job.objects.restrict(request.user, "view"), pk=pk)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/job_detail.html"
    return render(request, template, {"job": job, "title": job.title})
