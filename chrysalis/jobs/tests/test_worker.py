"""The task worker's heartbeat and what a job page says when no worker runs; the demo's queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chrysalis.jobs.models import Job, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def queued_job(user) -> Job:
    return Job.objects.create(kind="screening", title="2026 年度筛选（第 1 批）", created_by=user)


def test_queued_job_says_plainly_when_no_worker_was_ever_seen(client, world):
    job = queued_job(world["district_admin"])
    client.force_login(world["district_admin"])
    page = client.get(reverse("jobs:job_detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert page.status_code == 200
    assert "尚未检测到后台任务进程" in text and "run_worker" in text


def test_stale_heartbeat_is_reported_in_minutes_and_a_fresh_one_silences_the_notice(client, world):
    job = queued_job(world["district_admin"])
    client.force_login(world["district_admin"])
    beat = WorkerHeartbeat.objects.create(worker_id="w1", last_seen=timezone.now() - timedelta(minutes=7))
    text = client.get(reverse("jobs:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "已有 7 分钟未检测到后台任务进程" in text
    beat.last_seen = timezone.now()
    beat.save()
    text = client.get(reverse("jobs:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "data-worker-notice" not in text


def test_finished_job_shows_no_worker_notice(client, world):
    job = queued_job(world["district_admin"])
    job.finish(ok=True, message="完成")
    client.force_login(world["district_admin"])
    text = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "data-worker-notice" not in text


def test_heartbeat_seconds_since_last():
    assert WorkerHeartbeat.seconds_since_last() is None
    WorkerHeartbeat.objects.create(worker_id="w", last_seen=timezone.now() - timedelta(seconds=40))
    assert 39 <= WorkerHeartbeat.seconds_since_last() < 60
