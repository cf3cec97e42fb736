"""Shared set-up of the registry benchmarks: Django against the database of DATABASE_URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def setup(migrate: bool = True):
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from chrysalis.accounts.demo import build_organisation
        from chrysalis.core.actor import actor_context

        with actor_context(source="command", label="benchmark"):
            build_organisation()


def peak_rss_mb() -> float:
    """Peak resident memory of this process. Linux: VmHWM (reset by exec, unlike ru_maxrss, which a child
    started with subprocess inherits from its parent at fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def replicate(target: int, *, source_prefix: str = "MA5", prefix: str = "MB") -> int:
    """PostgreSQL only: grow the registry to `target` firms by copying the synthetic generator's firms
    (code body starting with `source_prefix`) and the copies made so far, with INSERT … SELECT,
    children included (yearly figures, titles, IP rights, contacts), each copy under its own valid code
    (body `prefix` + a base-31 counter). The copies keep the generator's distributions exactly
    (industry, grid, revenue, titles …); as in any bulk load the tables' secondary indexes are dropped
    first and rebuilt at the end, all in one transaction. Filling 1,000,000 firms with the generator
    alone takes the better part of an hour (longer under load); this takes minutes. Returns the number
    of firms added."""
    import io

    from django.db import connection, transaction
    from django.db.models import Q

    from chrysalis.enterprises.models import Contact, Enterprise, IPRight, Title, YearFigures
    from chrysalis.enterprises.synthetic import _body
    from chrysalis.enterprises.uscc import make_uscc

    assert connection.vendor == "postgresql", "replicate() copies rows with PostgreSQL statements"
    have = Enterprise.objects.count()
    if have >= target:
        return 0
    start = Enterprise.objects.filter(uscc__startswith=f"91330110{prefix}").count()  # copies made earlier
    children = (YearFigures, Title, IPRight, Contact)
    tables = [m._meta.db_table for m in (Enterprise, *children)]

    def columns(model, *skip):
        return [f.column for f in model._meta.concrete_fields if f.column not in {"id", *skip}]

    added = 0
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks at CREATE INDEX
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        while added < target - have:  # each round copies every generated firm and every copy so far
            sources = list(
                Enterprise.objects.filter(
                    Q(uscc__startswith=f"91330110{source_prefix}") | Q(uscc__startswith=f"91330110{prefix}")
                )
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            assert sources, f"no generated firms ({source_prefix}) to copy"
            n = min(len(sources), target - have - added)
            buf = io.StringIO()
            for k in range(n):
                body = _body(prefix, start + added + k, 8 - len(prefix))
                buf.write(f"{sources[k]}\t{make_uscc('330110', body)}\n")
            cur.execute("DROP TABLE IF EXISTS rep_map, rep_ids")
            cur.execute("CREATE TEMP TABLE rep_map (src_id bigint, uscc varchar(18))")
            with cur.cursor.copy("COPY rep_map (src_id, uscc) FROM STDIN") as copy:
                copy.write(buf.getvalue())
            ent_cols = columns(Enterprise, "uscc")
            cur.execute(
                f"INSERT INTO enterprises_enterprise (uscc, {', '.join(ent_cols)}) "
                f"SELECT m.uscc, {', '.join(f'e.{c}' for c in ent_cols)} "
                "FROM rep_map m JOIN enterprises_enterprise e ON e.id = m.src_id"
            )
            cur.execute(
                "CREATE TEMP TABLE rep_ids AS SELECT m.src_id, n.id AS new_id "
                "FROM rep_map m JOIN enterprises_enterprise n ON n.uscc = m.uscc"
            )
            cur.execute("ANALYZE rep_ids")
            for model in children:
                cols = columns(model, "enterprise_id")
                cur.execute(
                    f"INSERT INTO {model._meta.db_table} (enterprise_id, {', '.join(cols)}) "
                    f"SELECT r.new_id, {', '.join(f'c.{c}' for c in cols)} "
                    f"FROM {model._meta.db_table} c JOIN rep_ids r ON r.src_id = c.enterprise_id"
                )
            added += n
            print(f"  copied {added} / {target - have} firms", flush=True)
        cur.execute("DROP TABLE IF EXISTS rep_map, rep_ids")
        for _, definition in indexes:
            cur.execute(definition)
    return added
