"""Two projects land under the same new USCC at the same moment: the registry gets the enterprise
exactly once and both projects link it (PostgreSQL: unique index + savepoint)."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.uscc import make_uscc
from chrysalis.investment.models import Project
from chrysalis.investment.services import projects as svc

CODE = make_uscc("330102", "MA2C0009")


def _signed(world, project, member):
    for stage, day in (("contact", 8), ("negotiating", 9)):
        project = svc.project_move(actor=member, project=project, to=stage, on=dt.date(2026, 7, day))
    return svc.project_move(
        actor=member,
        project=project,
        to="signed",
        on=dt.date(2026, 7, 10),
        agreement_document=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_landings_create_the_enterprise_once(inv):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL; the sequential link is tested on every database")
    a = _signed(inv, inv.extra["proj_a"], inv["tf_a_member"])
    b = _signed(inv, inv.extra["proj_b"], inv["tf_b_member"])
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def land(project, user):
        try:
            barrier.wait(timeout=5)
            svc.project_move(
                actor=user, project=project, to="landed", on=dt.date(2026, 7, 20), uscc=CODE, grid=inv.grid_a1
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=land, args=(a, inv["tf_a_member"])),
        threading.Thread(target=land, args=(b, inv["tf_b_member"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Enterprise.objects.filter(uscc=CODE).count() == 1
    ent = Enterprise.objects.get(uscc=CODE)
    assert set(Project.objects.filter(stage="landed").values_list("enterprise_id", flat=True)) == {ent.pk}
