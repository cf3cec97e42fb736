"""PostgreSQL only: a trigram index for the list's name search (`name__icontains` → UPPER(name) LIKE '%…%').

pg_trgm is a trusted extension (PostgreSQL ≥ 13: the database owner may create it). Where it cannot be
created, the migration leaves the search unindexed (a sequential scan, as before) instead of failing.
"""

from django.db import migrations

INDEX = "ent_name_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SAVEPOINT ent_trgm")
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no privilege: keep the unindexed search
            cur.execute("ROLLBACK TO SAVEPOINT ent_trgm")
            return
        cur.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON enterprises_enterprise USING gin ((UPPER("name"::text)) gin_trgm_ops)')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
