"""`manage.py run_worker`: the task worker (django-tasks' `db_worker`) plus a heartbeat.

The heartbeat thread touches a `WorkerHeartbeat` row every few seconds so that job pages can tell
"queued behind other work" from "no worker is running". All `db_worker` options are accepted.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from chrysalis.jobs.models import WorkerHeartbeat


def beat_forever(worker_id: str, stop: threading.Event) -> None:
    """Touch this worker's row until `stop` is set (runs in a daemon thread with its own connection)."""
    try:
        while True:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id,
                defaults={
                    "last_seen": timezone.now(),
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                },
            )
            if stop.wait(WorkerHeartbeat.HEARTBEAT_SECONDS):
                break
    finally:
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        connection.close()


class Command(DbWorkerCommand):
    help = "Run the background task worker (imports, screening runs) with a heartbeat for the job pages."

    def handle(self, *args, **options):
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        stop = threading.Event()
        beat = threading.Thread(target=beat_forever, args=(worker_id, stop), daemon=True, name="heartbeat")
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            beat.join(timeout=5)
