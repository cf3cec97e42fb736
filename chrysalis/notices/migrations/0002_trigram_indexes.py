"""PostgreSQL only: trigram indexes for the public search (Chinese substring search on the declarant /
company, the parties of a merger or split (searched together with it) and on the document number: `icontains` → UPPER(col) LIKE '%…%', which a gin_trgm index serves).

pg_trgm is a trusted extension (PostgreSQL ≥ 13); where it cannot be created the search stays
unindexed instead of failing (as in enterprises/0004).
"""

from django.db import migrations

INDEXES = {
    "notice_subject_trgm": "subject_name",
    "notice_parties_trgm": "parties",
    "notice_number_trgm": "document_number",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SAVEPOINT notice_trgm")
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no privilege: keep the unindexed search
            cur.execute("ROLLBACK TO SAVEPOINT notice_trgm")
            return
        for name, column in INDEXES.items():
            cur.execute(
                f'CREATE INDEX IF NOT EXISTS {name} ON notices_notice USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
