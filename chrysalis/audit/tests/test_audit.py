"""The audit trail is append-only, carries the path it came from, and only auditors read it."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from chrysalis.accounts.services import org as org_services
from chrysalis.audit.models import AppendOnlyError, ChangeRecord
from chrysalis.audit.services import record_change
from chrysalis.support import demo as support_demo

pytestmark = pytest.mark.django_db


def test_rows_cannot_be_changed_or_deleted_through_the_orm(world):
    record = ChangeRecord.objects.first()
    record.reason = "tampered"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        ChangeRecord.objects.filter(pk=record.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        ChangeRecord.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
def test_database_rejects_update_and_delete_on_postgresql(world):
    from django.db import DatabaseError

    pk = ChangeRecord.objects.values_list("pk", flat=True).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_changerecord SET reason = 'x' WHERE id = %s", [pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_changerecord WHERE id = %s", [pk])


def test_request_path_records_actor_ip_and_request_id(client, world):
    admin = world["district_admin"]
    client.force_login(admin)
    response = client.post(
        reverse("accounts:orgunit_edit", args=[world.grid_a1.pk]),
        {"name": "改名", "code": "T-A1", "is_active": "on", "version": 1},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.filter(action="update", object_id=str(world.grid_a1.pk)).latest("id")
    assert record.actor == admin and record.source == "request" and record.ip == "10.1.2.3"
    assert record.request_id == response["X-Request-ID"]
    assert record.time.tzinfo is not None


def test_populate_demo_is_audited_idempotent_and_leaves_no_task_queued(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    """One demo build (the slowest thing the suite does) serves three checks: the command path
    records the system actor, nothing is left queued, and a second run adds nothing. The service
    demo's volume (1,200 requests, 500 visits: three quarters of the build) is cut for this test;
    the same code paths run."""
    monkeypatch.setattr(support_demo, "REQUESTS", 120)
    monkeypatch.setattr(support_demo, "VISITS", 50)
    from django_tasks_db.models import DBTaskResult

    from chrysalis.jobs.models import Job, JobStatus

    with django_capture_on_commit_callbacks(execute=True):
        call_command("populate_demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    record = ChangeRecord.objects.filter(action="create").earliest("id")
    assert record.actor is None and record.actor_repr == "system:populate_demo" and record.source == "command"
    assert record.request_id  # a run id groups everything the command did
    # The demo runs its screening job itself: nothing is left for a worker to pick up later.
    assert DBTaskResult.objects.count() == 0
    assert (
        Job.objects.exists()
        and not Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists()
    )
    assert all("screening" not in job.title for job in Job.objects.all())
    count = ChangeRecord.objects.count()
    call_command("populate_demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    assert ChangeRecord.objects.count() == count


def test_sensitive_fields_are_masked_in_snapshots(world):
    record = record_change(
        actor=None,
        action="update",
        obj=world["zone_a_officer"],
        before={"phone": "***"},
        after={"phone": "***"},
    )
    assert record.after == {"phone": "***"}
    from chrysalis.audit.services import snapshot

    snap = snapshot(world["zone_a_officer"])
    assert snap["password"] == "***"


def test_only_auditors_read_the_log(client, world):
    org_services.org_unit_update(
        actor=world["district_admin"], unit=world.grid_a1, expected_version=1, name="x"
    )
    for persona in ("district_admin", "zone_a_officer", "system_admin", "security_admin"):
        client.force_login(world[persona])
        assert client.get(reverse("audit:record_list")).status_code == 404
    client.force_login(world["auditor"])
    response = client.get(reverse("audit:record_list") + "?action=update")
    assert response.status_code == 200
    assert all(row.record.action == "update" for row in response.context["table"].rows)
    assert len(response.context["table"].rows) >= 1
