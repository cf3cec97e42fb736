"""The audit hash chain: tampering with a row (behind the application's back) is found, the first
broken link is named, the chain head can be kept off-site, and TRUNCATE is refused on PostgreSQL."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from chrysalis.audit import chain
from chrysalis.audit.models import ChangeRecord, DomainEvent
from chrysalis.audit.services import record_change, record_event

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def _raw(sql: str, params=(), table: str = "audit_changerecord") -> None:
    """Change audit rows as someone with database access would (on PostgreSQL the table owner
    disables the append-only trigger; the test transaction rolls that back)."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE needs no pending FK checks
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        cursor.execute(sql, params)
        if POSTGRES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def _verify(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("audit_verify", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue() + str(exc), exc.returncode
    return out.getvalue(), 0


@pytest.fixture
def rows(world):
    made = [
        record_change(
            actor=None,
            action="update",
            obj=world.grid_a1,
            before={"name": "旧", "n": 1.0, "big": 1e16},
            after={"name": "新", "n": 2},
            reason=f"第{i}次",
        )
        for i in range(3)
    ]
    record_event(actor=None, name=next(iter(chain_event_names())), payload={"k": [1, 2.5]})
    # the test transaction never commits: seal as the commit would
    assert made[0].chain_seq is None
    chain.seal_pending(ChangeRecord)
    chain.seal_pending(DomainEvent)
    for row in made:
        row.refresh_from_db()
    return made


def chain_event_names():
    from chrysalis.audit.choices import DomainEventName

    return DomainEventName.values


def test_rows_are_chained_and_verify_passes(rows):
    a, b, c = rows
    assert b.prev_hash == a.row_hash and c.prev_hash == b.row_hash
    assert (b.chain_seq, c.chain_seq) == (a.chain_seq + 1, a.chain_seq + 2)
    for model in (ChangeRecord, DomainEvent):  # the database's copy hashes the same
        count, brk = chain.verify(model)
        assert brk is None and count == model.objects.count()
    text, code = _verify()
    assert code == 0 and "chain intact" in text


def test_changed_row_is_reported(rows):
    target = rows[1]
    _raw("UPDATE audit_changerecord SET reason = %s WHERE id = %s", ["无事发生", target.pk])
    text, code = _verify()
    assert code == 1
    assert f"row id {target.pk} (position {target.chain_seq})" in text and "content changed" in text


def test_changed_json_is_reported(rows):
    target = rows[0]
    _raw("UPDATE audit_changerecord SET after = %s WHERE id = %s", ['{"name": "伪造", "n": 2}', target.pk])
    count, brk = chain.verify(ChangeRecord)
    assert brk is not None and brk.pk == target.pk and count == target.chain_seq - 1


def test_removed_row_is_reported(rows):
    _raw("DELETE FROM audit_changerecord WHERE id = %s", [rows[1].pk])
    count, brk = chain.verify(ChangeRecord)
    assert brk is not None and brk.pk == rows[2].pk and "missing" in brk.problem


def test_forged_row_with_recomputed_hash_breaks_the_next_link(rows):
    """Recomputing the hash of a forged row is not enough: the next row links to the old hash."""
    target = rows[0]
    forged = ChangeRecord.objects.get(pk=target.pk)
    forged.reason = "伪造"
    new_hash = chain.row_hash(forged, forged.chain_seq, forged.prev_hash)
    _raw(
        "UPDATE audit_changerecord SET reason = %s, row_hash = %s WHERE id = %s",
        ["伪造", new_hash, target.pk],
    )
    count, brk = chain.verify(ChangeRecord)
    assert brk is not None and brk.pk == rows[1].pk and "link" in brk.problem


def test_rows_removed_from_the_end_are_found_with_the_kept_head(rows, tmp_path):
    kept = tmp_path / "head.json"
    call_command("audit_chain_head", output=str(kept), stdout=io.StringIO())
    heads = {h["chain"]: h for h in json.loads(kept.read_text())["heads"]}
    assert heads["audit.changerecord"]["seq"] == rows[2].chain_seq
    assert heads["audit.changerecord"]["hash"] == rows[2].row_hash
    assert _verify("--head", str(kept))[1] == 0
    # someone removes the last row and rewinds the database's own head too
    _raw("DELETE FROM audit_changerecord WHERE id = %s", [rows[2].pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE chain = 'audit.changerecord'",
            [rows[1].chain_seq, rows[1].row_hash],
        )
    assert _verify()[1] == 0  # undetectable from inside the database alone …
    text, code = _verify("--head", str(kept))
    assert code == 1 and "removed from the end" in text  # … but not against the kept head


def test_head_prints_json(rows):
    out = io.StringIO()
    call_command("audit_chain_head", stdout=out)
    doc = json.loads(out.getvalue())
    assert {h["chain"] for h in doc["heads"]} == {"audit.changerecord", "audit.domainevent"}


@pytest.mark.skipif(not POSTGRES, reason="the TRUNCATE trigger exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(rows):
    """Even the table owner cannot TRUNCATE unless the session explicitly allows it (only the test
    suite's flush does, conftest.py); the application's role has no TRUNCATE privilege at all."""
    for table in ("audit_changerecord", "audit_domainevent"):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE needs no pending FK checks
            cursor.execute("SET chrysalis.audit_truncate = ''")
            try:
                with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                    cursor.execute(f"TRUNCATE {table} CASCADE")
            finally:
                cursor.execute("SET chrysalis.audit_truncate = 'allow'")
    assert ChangeRecord.objects.filter(pk=rows[0].pk).exists()


@pytest.mark.skipif(not POSTGRES, reason="the append-only trigger exists on PostgreSQL only")
def test_trigger_lets_only_the_sealing_through(world):
    """Filling the chain columns of an unsealed row is the one UPDATE allowed; changing its content
    at the same time, or re-sealing a sealed row, is refused."""
    row = record_change(actor=None, action="update", obj=world.grid_a1, after={"name": "新"})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_changerecord SET chain_seq = 999999, row_hash = 'x', reason = 'x' WHERE id = %s",
            [row.pk],
        )
    chain.seal_pending(ChangeRecord)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_changerecord SET row_hash = 'x' WHERE id = %s", [row.pk])
    assert chain.verify(ChangeRecord)[1] is None


def test_rows_are_sealed_when_their_transaction_commits(world):
    """One sealing callback per chain however many rows the transaction writes (the test
    transaction never commits, so the callbacks are run here as the commit would)."""
    with transaction.atomic():
        a = record_change(actor=None, action="update", obj=world.grid_a1, after={"n": 1})
        b = record_change(actor=None, action="update", obj=world.grid_a1, after={"n": 2})
    sealers = [f for _ids, f, _robust in connection.run_on_commit if "seal_after_commit" in f.__qualname__]
    assert len(sealers) <= 2  # change records and domain events
    for f in sealers:
        f()
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.chain_seq == a.chain_seq + 1 and b.prev_hash == a.row_hash
