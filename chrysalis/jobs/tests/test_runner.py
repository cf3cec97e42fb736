"""The job runner: queue on commit, progress, success, failure, actor context on audit rows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from chrysalis.audit.models import ChangeRecord
from chrysalis.audit.services import record_change
from chrysalis.jobs.models import JobStatus
from chrysalis.jobs.runner import Outcome, enqueue, job_function, run

pytestmark = pytest.mark.django_db


@job_function
def count_to(*, progress, actor, n: int, fail_at: int | None = None) -> Outcome:
    for i in range(1, n + 1):
        if i == fail_at:
            raise ValidationError("第 %(i)s 步出错", params={"i": i})
        progress(i, n, f"{i}/{n}")
    record_change(actor=actor, action="export", obj=None, object_repr=f"counted to {n}", after={"n": n})
    return Outcome(message="完成", url="/done/", result={"n": n})


@job_function
def refuse(*, progress, actor) -> Outcome:
    return Outcome(ok=False, message="文件有错误")


def not_a_job(*, progress, actor):  # pragma: no cover - never run
    raise AssertionError


def test_job_is_queued_on_commit_and_runs_with_progress_and_actor_context(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    from chrysalis.jobs import runner

    queued = []
    monkeypatch.setattr(runner, "run_job_task", SimpleNamespace(enqueue=queued.append))
    admin = world["district_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(count_to, kind="test", title="数到三", actor=admin, total=3, n=3)
    assert job.status == JobStatus.QUEUED and queued == [str(job.pk)]
    assert job.function == "chrysalis.jobs.tests.test_runner.count_to" and job.arguments == {"n": 3}

    job = run(job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.is_finished and job.percent == 100
    assert (job.progress, job.total, job.message) == (3, 3, "完成")
    assert job.result == {"n": 3, "url": "/done/"}
    assert job.started_at and job.finished_at
    row = ChangeRecord.objects.get(object_repr="counted to 3")
    assert (row.source, row.job_id, row.actor_id) == ("job", str(job.pk), admin.pk)
    # a finished job is not run twice (a second delivery of the queue message)
    assert run(job.pk).finished_at == job.finished_at


def test_failure_is_recorded_with_the_error_message_and_progress_so_far(world):
    job = enqueue(
        count_to, kind="test", title="x", actor=world["district_admin"], url="/batch/1/", n=5, fail_at=3
    )
    job = run(job.pk)
    assert job.status == JobStatus.FAILED and job.message == "第 3 步出错"
    assert job.progress == 2 and job.result == {"url": "/batch/1/"}
    assert not ChangeRecord.objects.filter(object_repr__startswith="counted").exists()


def test_outcome_not_ok_marks_the_job_failed_and_system_jobs_have_no_actor(world):
    job = run(enqueue(refuse, kind="test", title="x", actor=None).pk)
    assert job.status == JobStatus.FAILED and job.message == "文件有错误" and job.created_by is None


def test_only_marked_functions_are_queued_or_run(world):
    with pytest.raises(TypeError):
        enqueue(not_a_job, kind="test", title="x", actor=None)
    job = enqueue(refuse, kind="test", title="x", actor=None)
    type(job).objects.filter(pk=job.pk).update(function="chrysalis.jobs.tests.test_runner.not_a_job")
    with pytest.raises(TypeError):
        run(job.pk)


def test_the_queue_is_django_tasks_and_its_worker_runs_the_job(world, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(count_to, kind="test", title="x", actor=world["district_admin"], n=2)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [str(job.pk)]
    queued.task.func(*queued.args_kwargs["args"])  # what db_worker does with the row
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
