"""The hash chain over the audit rows: nobody can rewrite, remove or insert a row unnoticed.

Each table (`audit_changerecord`, `audit_domainevent`) is one chain. A row carries its position
(`chain_seq`, 1, 2, 3 … without gaps), the hash of the row before it (`prev_hash`) and its own hash
(`row_hash`) = sha256 over the canonical serialisation of its audited columns plus `prev_hash`.

Rows are **sealed right after their transaction commits** (`transaction.on_commit`): a short
transaction locks the chain head (`ChainHead`, `SELECT … FOR UPDATE`), gives every unsealed row its
position in id order and moves the head. Concurrent sealers queue on that one row; no business
transaction ever holds the chain lock, so it cannot deadlock with their row locks. On PostgreSQL
the append-only trigger lets only these three columns be filled, once; every other change,
DELETE and TRUNCATE are refused. Rows whose process died between commit and sealing are sealed by
the next write or by `audit_verify` / `audit_chain_head`.

The canonical form (`CANONICAL`) is versioned: the columns are listed explicitly, so adding a column
to an audit model later does not change the hash of old rows. Never change a list in place; add a
new version instead.

`verify()` walks a chain and returns the first broken link; `manage.py audit_verify` reports it and
`manage.py audit_chain_head` prints the head for off-site keeping (docs/operators/security.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

GENESIS = "0" * 64
CHAIN_VERSION = 1
# model label -> the audited columns, in the order they are serialised (attnames: "actor_id").
CANONICAL: dict[str, tuple[str, ...]] = {
    "audit.changerecord": (
        "time",
        "actor_id",
        "actor_repr",
        "action",
        "content_type_id",
        "object_id",
        "object_repr",
        "before",
        "after",
        "reason",
        "source",
        "request_id",
        "job_id",
        "ip",
    ),
    "audit.domainevent": (
        "time",
        "name",
        "actor_id",
        "actor_repr",
        "content_type_id",
        "object_id",
        "payload",
        "source",
        "request_id",
        "job_id",
    ),
}


def chain_name(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _json(value: Any) -> Any:
    """JSON as any database gives it back: numbers as normalised decimal text (PostgreSQL's jsonb
    reads 1e16 back as an integer, SQLite keeps the float)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(Decimal(repr(value)).normalize())
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return str(value)


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, (dict, list)):
        return {"json": _json(value)}
    return value


def canonical(row: models.Model, seq: int, prev_hash: str) -> bytes:
    """The bytes that are hashed: version, position, previous hash and the audited columns."""
    columns = CANONICAL[chain_name(type(row))]
    body = {name: _value(getattr(row, name)) for name in columns}
    doc = {"v": CHAIN_VERSION, "seq": seq, "prev": prev_hash, "row": body}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(row: models.Model, seq: int, prev_hash: str) -> str:
    return hashlib.sha256(canonical(row, seq, prev_hash)).hexdigest()


def _head_model(model: type[models.Model]):
    return model._meta.apps.get_model("audit", "ChainHead")


def lock_head(model: type[models.Model]):
    """The chain head of `model`, locked until the surrounding transaction ends (created when
    missing, e.g. after a test flush, without racing: INSERT … ON CONFLICT DO NOTHING)."""
    ChainHead = _head_model(model)
    name = chain_name(model)
    ChainHead.objects.bulk_create([ChainHead(chain=name, seq=0, hash=GENESIS)], ignore_conflicts=True)
    return ChainHead.objects.select_for_update().get(chain=name)


def prepare(row: models.Model) -> None:
    """Fix what is hashed before the row is inserted (time; the IP as the database keeps it)."""
    if getattr(row, "time", None) is None:
        row.time = timezone.now()
    if getattr(row, "ip", None):
        row.ip = type(row)._meta.get_field("ip").get_prep_value(row.ip)


def seal_pending(model: type[models.Model]) -> int:
    """Give every committed row not yet in the chain its place, in id order. Returns how many.

    Runs in its own short transaction holding nothing but the chain head's lock, so sealing never
    waits on, or deadlocks with, the business transaction that wrote the rows (which has committed).
    The database lets only these three columns be filled, once (the append-only trigger)."""
    sealed = 0
    with transaction.atomic():
        head = lock_head(model)
        seq, prev = head.seq, head.hash
        pending = model._base_manager.filter(chain_seq=None).order_by("pk")
        columns = CANONICAL[chain_name(model)]
        for row in pending.only(*columns).iterator(chunk_size=1000):
            seq += 1
            digest = row_hash(row, seq, prev)
            model._base_manager.filter(pk=row.pk, chain_seq=None).update(
                chain_seq=seq, prev_hash=prev, row_hash=digest
            )
            prev, sealed = digest, sealed + 1
        if sealed:
            type(head).objects.filter(pk=head.pk).update(seq=seq, hash=prev)
    return sealed


def seal_after_commit(model: type[models.Model]) -> None:
    """Seal the new row once its transaction has committed (once per transaction and model)."""
    connection = transaction.get_connection()
    key = f"chrysalis-audit-seal:{chain_name(model)}"
    if connection.in_atomic_block:
        # Where this chain's callback sits in the connection's on-commit list: checked in O(1)
        # (a long transaction, such as the demo inside a test, writes tens of thousands of rows).
        # A rolled-back savepoint may shift the list; then one more callback is scheduled, which is
        # harmless (sealing is idempotent).
        marks = connection.__dict__.setdefault("_chrysalis_seal_marks", {})
        scheduled = marks.get(key)
        pending = connection.run_on_commit
        if scheduled is not None:
            callback_, index = scheduled
            if index < len(pending) and pending[index][1] is callback_:
                return  # this transaction already seals this chain when it commits

        def callback() -> None:
            seal_pending(model)

        marks[key] = (callback, len(pending))
        transaction.on_commit(callback, robust=True)
    else:
        seal_pending(model)


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain."""

    chain: str
    seq: int | None
    pk: int | None
    problem: str

    def __str__(self) -> str:
        where = f"row id {self.pk} (position {self.seq})" if self.pk is not None else f"position {self.seq}"
        return f"{self.chain}: {where}: {self.problem}"


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    only = ("chain_seq", "prev_hash", "row_hash", *CANONICAL[chain_name(model)])
    rows = model._base_manager.only(*only).order_by(models.F("chain_seq").asc(nulls_last=True), "pk")
    yield from rows.iterator(chunk_size=2000)


def verify(
    model: type[models.Model], expected_head: tuple[int, str] | None = None
) -> tuple[int, Break | None]:
    """Walk the chain of `model`. Returns (rows checked, first break or None).

    `expected_head` (position, hash), e.g. from an off-site copy of `audit_chain_head`, must still be
    in the chain: rows removed from the end are found that way."""
    name = chain_name(model)
    prev, expected_seq, count = GENESIS, 1, 0
    seen_expected = expected_head is None or expected_head[0] == 0
    for row in _rows(model):
        seq = row.chain_seq
        if seq is None:  # written, not yet sealed (sorted last): the tail still to be chained
            continue
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            problem = (
                f"rows missing before it (position {missing})" if seq > expected_seq else "position repeated"
            )
            return count, Break(name, seq, row.pk, problem)
        if row.prev_hash != prev:
            return count, Break(
                name, seq, row.pk, "link to the previous row broken (rows removed or reordered)"
            )
        if row_hash(row, seq, prev) != row.row_hash:
            return count, Break(name, seq, row.pk, "content changed after it was written")
        if expected_head is not None and seq == expected_head[0]:
            if row.row_hash != expected_head[1]:
                return count, Break(name, seq, row.pk, "differs from the chain head kept off-site")
            seen_expected = True
        prev, expected_seq, count = row.row_hash, seq + 1, count + 1
    if not seen_expected:
        assert expected_head is not None
        return count, Break(
            name,
            expected_head[0],
            None,
            f"rows removed from the end: only {count} rows, the kept head is later",
        )
    head = _head_model(model).objects.filter(chain=name).first()
    if head is not None and (head.seq, head.hash) != (count, prev):
        return count, Break(name, head.seq, None, f"chain head says position {head.seq}, last row is {count}")
    return count, None


def heads(models_: list[type[models.Model]]) -> list[dict[str, Any]]:
    """The current head of each chain, as the rows say (position and hash of the last row)."""
    out = []
    for model in models_:
        last = (
            model._base_manager.exclude(chain_seq=None)
            .order_by("-chain_seq")
            .values("chain_seq", "row_hash", "time")
            .first()
        )
        out.append(
            {
                "chain": chain_name(model),
                "seq": last["chain_seq"] if last else 0,
                "hash": last["row_hash"] if last else GENESIS,
                "time": _value(last["time"]) if last else None,
            }
        )
    return out
