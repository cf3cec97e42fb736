"""Seal the existing audit rows into their hash chains, and on PostgreSQL refuse TRUNCATE too.

Runs as the table owner (migrations do; the application's role owns nothing, see
docs/operators/deployment.md). The append-only trigger now lets exactly one UPDATE through: filling
the three chain columns of a row not yet sealed, with every other column unchanged.

TRUNCATE is refused unless the session says `SET chrysalis.audit_truncate = 'allow'` AND the
current role is (a member of) the table owner — who could drop the trigger anyway. Only the test
suite says so (conftest.py), because Django's test flush empties every table with TRUNCATE.
"""

from django.db import migrations

from chrysalis.audit import chain

TABLES = {"ChangeRecord": "audit_changerecord", "DomainEvent": "audit_domainevent"}

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION chrysalis_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
     AND (to_jsonb(NEW) - 'chain_seq' - 'prev_hash' - 'row_hash')
       = (to_jsonb(OLD) - 'chain_seq' - 'prev_hash' - 'row_hash') THEN
    RETURN NEW;  -- sealing: the row gets its place in the hash chain, once
  END IF;
  RAISE EXCEPTION 'audit rows are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

OLD_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION chrysalis_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION chrysalis_audit_no_truncate() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('chrysalis.audit_truncate', true), '') = 'allow'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit rows are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def sealing_allowed(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_FUNCTION, params=None)


def sealing_refused(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_APPEND_ONLY_FUNCTION, params=None)


def backfill(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    for model_name in TABLES:
        model = apps.get_model("audit", model_name)
        prev, seq, batch = chain.GENESIS, 0, []
        for row in model.objects.order_by("pk").iterator(chunk_size=2000):
            seq += 1
            row.chain_seq, row.prev_hash = seq, prev
            row.row_hash = prev = chain.row_hash(row, seq, prev)
            batch.append(row)
            if len(batch) >= 1000:
                model.objects.bulk_update(batch, ["chain_seq", "prev_hash", "row_hash"])
                batch = []
        model.objects.bulk_update(batch, ["chain_seq", "prev_hash", "row_hash"])
        ChainHead.objects.update_or_create(chain=chain.chain_name(model), defaults={"seq": seq, "hash": prev})


def truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRUNCATE_FUNCTION, params=None)  # the body contains % placeholders of plpgsql
    for table in TABLES.values():
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION chrysalis_audit_no_truncate();"
        )


def drop_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES.values():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS chrysalis_audit_no_truncate();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_chain")]
    operations = [
        migrations.RunPython(sealing_allowed, sealing_refused),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(truncate_trigger, drop_truncate_trigger),
    ]
