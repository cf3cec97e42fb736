"""The list's "holds a valid title" count (models.counts.TitleHolderCount), kept by PostgreSQL triggers.

A firm holds a valid title of a kind on a day when one of its titles of that kind (not soft-deleted)
is valid until that day or later (or for ever). Per (enterprise, kind) the summary keeps the latest
validity, `until` (for ever as 9999-12-31), counted per (grid, kind, until); the holders on a day
are the sum over `until >= day`, so the count stays exact as days pass without any job.

Statement-level AFTER triggers with transition tables: on enterprises_title (INSERT, UPDATE, DELETE)
the (enterprise, kind) pairs the statement touched are recounted before (the table without the new
rows, with the old ones) and after; on enterprises_enterprise (INSERT, DELETE, and UPDATE moving
firms between grids) the firms' holdings are added, removed or moved. A pair counts while both its
firm and its titles exist, each trigger reading the other table as it is, so the order of the
statements (titles before their firm or after) does not matter. TRUNCATE of either table empties
the summary. The migration fills it from the rows present under a SHARE lock. On other databases the
table is created but left empty: the list counts live there.
"""

import django.db.models.deletion
from django.db import migrations, models

FOREVER = "DATE '9999-12-31'"
UPSERT = (
    "INSERT INTO enterprises_titleholdercount AS c (org_unit_id, kind, until, n) "
    "SELECT org_unit_id, kind, until, SUM(d) FROM ({rows}) x GROUP BY org_unit_id, kind, until "
    "HAVING SUM(d) <> 0 ON CONFLICT (org_unit_id, kind, until) DO UPDATE SET n = c.n + EXCLUDED.n"
)


def holdings(titles: str, pairs: str) -> str:
    """(enterprise_id, kind, until) of the pairs in `pairs` over the title rows `titles`."""
    return (
        f"SELECT t.enterprise_id, t.kind, MAX(COALESCE(t.valid_until, {FOREVER})) AS until "
        f"FROM ({titles}) t JOIN ({pairs}) p ON p.enterprise_id = t.enterprise_id AND p.kind = t.kind "
        "WHERE t.deleted_at IS NULL GROUP BY t.enterprise_id, t.kind"
    )


COLS = "id, enterprise_id, kind, valid_until, deleted_at"
CURRENT = f"SELECT {COLS} FROM enterprises_title"
WITHOUT_NEW = f"SELECT {COLS} FROM enterprises_title WHERE id NOT IN (SELECT id FROM new_rows)"


def title_delta(before: str, pairs: str) -> str:
    return UPSERT.format(
        rows=(
            f"SELECT e.org_unit_id, h.kind, h.until, -1 AS d FROM ({holdings(before, pairs)}) h "
            "JOIN enterprises_enterprise e ON e.id = h.enterprise_id "
            f"UNION ALL SELECT e.org_unit_id, h.kind, h.until, 1 FROM ({holdings(CURRENT, pairs)}) h "
            "JOIN enterprises_enterprise e ON e.id = h.enterprise_id"
        )
    )


def firm_delta(firms: str, sign: str) -> str:
    """Add (sign 1) or remove (-1) the current holdings of the firms `firms` (id, org_unit_id)."""
    all_pairs = "SELECT DISTINCT enterprise_id, kind FROM enterprises_title WHERE enterprise_id IN (SELECT id FROM f)"
    return UPSERT.format(
        rows=(
            f"WITH f AS ({firms}) SELECT f.org_unit_id, h.kind, h.until, {sign} AS d "
            f"FROM ({holdings(CURRENT, all_pairs)}) h JOIN f ON f.id = h.enterprise_id"
        )
    )


def function(name: str, body: str) -> str:
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    {body};\n    RETURN NULL;\nEND $$"


PAIRS_NEW = "SELECT DISTINCT enterprise_id, kind FROM new_rows"
PAIRS_OLD = "SELECT DISTINCT enterprise_id, kind FROM old_rows"
PAIRS_BOTH = f"{PAIRS_NEW} UNION SELECT DISTINCT enterprise_id, kind FROM old_rows"
MOVED = (
    "SELECT {side}.id, {side}.org_unit_id FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE n.org_unit_id IS DISTINCT FROM o.org_unit_id"
)
FORWARDS = [
    function("enterprises_holders_title_insert", title_delta(WITHOUT_NEW, PAIRS_NEW)),
    function(
        "enterprises_holders_title_update",
        title_delta(f"{WITHOUT_NEW} UNION ALL SELECT {COLS} FROM old_rows", PAIRS_BOTH),
    ),
    function(
        "enterprises_holders_title_delete",
        title_delta(f"{CURRENT} UNION ALL SELECT {COLS} FROM old_rows", PAIRS_OLD),
    ),
    function("enterprises_holders_truncate", "DELETE FROM enterprises_titleholdercount"),
    function("enterprises_holders_firm_insert", firm_delta("SELECT id, org_unit_id FROM new_rows", "1")),
    function("enterprises_holders_firm_delete", firm_delta("SELECT id, org_unit_id FROM old_rows", "-1")),
    function(
        "enterprises_holders_firm_update",
        firm_delta(MOVED.format(side="o"), "-1") + ";\n    " + firm_delta(MOVED.format(side="n"), "1"),
    ),
    "LOCK TABLE enterprises_enterprise, enterprises_title IN SHARE MODE",
    "CREATE TRIGGER enterprises_holders_title_insert AFTER INSERT ON enterprises_title "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_title_insert()",
    "CREATE TRIGGER enterprises_holders_title_update AFTER UPDATE ON enterprises_title "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_title_update()",
    "CREATE TRIGGER enterprises_holders_title_delete AFTER DELETE ON enterprises_title "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_title_delete()",
    "CREATE TRIGGER enterprises_holders_title_truncate AFTER TRUNCATE ON enterprises_title "
    "FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_truncate()",
    "CREATE TRIGGER enterprises_holders_firm_insert AFTER INSERT ON enterprises_enterprise "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_firm_insert()",
    "CREATE TRIGGER enterprises_holders_firm_update AFTER UPDATE ON enterprises_enterprise "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_firm_update()",
    "CREATE TRIGGER enterprises_holders_firm_delete AFTER DELETE ON enterprises_enterprise "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_firm_delete()",
    "CREATE TRIGGER enterprises_holders_firm_truncate AFTER TRUNCATE ON enterprises_enterprise "
    "FOR EACH STATEMENT EXECUTE FUNCTION enterprises_holders_truncate()",
    "DELETE FROM enterprises_titleholdercount",
    UPSERT.format(
        rows=(
            f"SELECT e.org_unit_id, t.kind, MAX(COALESCE(t.valid_until, {FOREVER})) AS until, 1 AS d "
            "FROM enterprises_title t JOIN enterprises_enterprise e ON e.id = t.enterprise_id "
            "WHERE t.deleted_at IS NULL GROUP BY t.enterprise_id, e.org_unit_id, t.kind"
        )
    ),
]
TRIGGERS = {
    "enterprises_title": ("title_insert", "title_update", "title_delete", "title_truncate"),
    "enterprises_enterprise": ("firm_insert", "firm_update", "firm_delete", "firm_truncate"),
}
BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS enterprises_holders_{name} ON {table}"
        for table, names in TRIGGERS.items()
        for name in names
    ),
    *(
        f"DROP FUNCTION IF EXISTS enterprises_holders_{name}()"
        for name in (
            "title_insert",
            "title_update",
            "title_delete",
            "truncate",
            "firm_insert",
            "firm_update",
            "firm_delete",
        )
    ),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_api_tokens"),
        ("enterprises", "0008_list_indexes_at_scale"),
    ]

    operations = [
        migrations.CreateModel(
            name="TitleHolderCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=30)),
                ("until", models.DateField()),
                ("n", models.BigIntegerField(default=0)),
                (
                    "org_unit",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.orgunit",
                    ),
                ),
            ],
            options={
                "default_permissions": (),
                "constraints": [
                    models.UniqueConstraint(fields=("org_unit", "kind", "until"), name="ent_holders_key")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
