"""Bulk writes of the import engine: PostgreSQL `COPY`, the ORM's bulk statements elsewhere.

On PostgreSQL, new rows go through `COPY … FROM STDIN` (psycopg adapts the Python values in C; no
per-field SQL compilation, no `RETURNING`), primary keys of new enterprises are taken from their
sequence in one query, and changed rows are updated with one `UPDATE … FROM` a temporary table
filled by `COPY`. Other databases (SQLite in development and tests) use `bulk_create` /
`bulk_update`. Both paths run inside the caller's transaction, so all-or-nothing holds.
"""

from __future__ import annotations

import datetime as dt
import operator
import zlib
from collections.abc import Iterable, Sequence

from django.db import connection, models

COPY_MIN = 50  # below this, plain bulk statements are as fast


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _columns(model, fields: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(f) for f in fields]


def _adapter(field: models.Field):
    if isinstance(field, models.JSONField):
        from psycopg.types.json import Jsonb

        return lambda v: None if v is None else Jsonb(v)
    return None


def allocate_ids(model, count: int) -> list[int]:
    """Take `count` primary keys from the table's sequence (PostgreSQL) in one query."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
        )  # noqa: S608
        return [r[0] for r in cur.fetchall()]


def copy_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """`COPY` plain tuples (values in the order of `fields`, Python types) into the model's table."""
    cols = _columns(model, fields)
    adapters = [(i, a) for i, f in enumerate(cols) if (a := _adapter(f))]
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c.column) for c in cols)}) FROM STDIN"
    n = 0
    with connection.cursor() as cur:
        with cur.cursor.copy(sql) as copy:
            for row in rows:
                if adapters:
                    row = list(row)
                    for i, a in adapters:
                        row[i] = a(row[i])
                copy.write_row(row)
                n += 1
    return n


def insert_objects(
    model, objs: list, fields: Sequence[str], *, now: dt.datetime, batch_size: int = 1000
) -> None:
    """Insert model instances: `COPY` on PostgreSQL (pks must be set for rows others refer to), else
    bulk_create.

    `fields` are attnames (`enterprise_id`, not `enterprise`). auto_now/auto_now_add fields get `now`.
    """
    if not objs:
        return
    if not is_postgres() or len(objs) < COPY_MIN:
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    auto = {
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    names = list(fields)
    for a in auto:
        if a not in names:
            names.append(a)
    # Columns the caller did not name still get the instance's value (its Python default): COPY
    # would otherwise leave them to the database, which knows no Django defaults (a NOT NULL column
    # added later, such as the soft-delete reason, would refuse the row).
    for f in model._meta.concrete_fields:
        if f.attname not in names and not f.primary_key and not f.null:
            names.append(f.attname)
    read = [n for n in names if n not in auto]  # one C-level attrgetter call per object
    get = operator.attrgetter(*read)
    stamps = (now,) * (len(names) - len(read))
    if len(read) == 1:
        rows = ((get(o), *stamps) for o in objs)
    else:
        rows = ((*get(o), *stamps) for o in objs)
    copy_rows(model, [*read, *(n for n in names if n in auto)], rows)


def update_objects(model, objs: list, fields: Sequence[str], *, batch_size: int = 500) -> None:
    """Write `fields` of many instances: one `UPDATE … FROM` a COPY-filled temp table on PostgreSQL,
    else bulk_update."""
    if not objs:
        return
    if not is_postgres() or len(objs) < COPY_MIN:
        model.objects.bulk_update(objs, list(fields), batch_size=batch_size)
        return
    cols = _columns(model, fields)
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    pk = qn(model._meta.pk.column)
    tmp = qn(f"_imp_{model._meta.db_table}_{zlib.crc32(','.join(fields).encode()):08x}")  # one per column set
    col_list = ", ".join(qn(c.column) for c in cols)
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {tmp} ON COMMIT DROP"
            f" AS SELECT {pk}, {col_list} FROM {table} WITH NO DATA"
        )  # noqa: S608
        cur.execute(f"TRUNCATE {tmp}")
    adapters = [a or (lambda v: v) for a in (_adapter(c) for c in cols)]
    attnames = [c.attname for c in cols]
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY {tmp} ({pk}, {col_list}) FROM STDIN") as copy:
            for o in objs:
                copy.write_row([o.pk, *(a(getattr(o, n)) for a, n in zip(adapters, attnames, strict=True))])
        sets = ", ".join(f"{qn(c.column)} = u.{qn(c.column)}" for c in cols)
        cur.execute(f"UPDATE {table} AS t SET {sets} FROM {tmp} AS u WHERE t.{pk} = u.{pk}")  # noqa: S608
        cur.execute(f"TRUNCATE {tmp}")
