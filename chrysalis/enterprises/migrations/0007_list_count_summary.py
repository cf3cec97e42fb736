"""The list's count summary (models.counts.EnterpriseCount), kept by PostgreSQL triggers.

Statement-level AFTER triggers with transition tables on enterprises_enterprise add each statement's
net difference per (grid, industry class, size category, size class, four flags) — one grouped
upsert per statement, so a 100,000-row COPY or bulk UPDATE costs one aggregate over its rows, and a
statement that changes none of these columns writes nothing. TRUNCATE empties the summary. The
migration fills it from the rows present, under a SHARE lock (writers wait; readers do not). On other
databases the table is created but left empty: the list counts live there.
"""

import django.db.models.deletion
from django.db import migrations, models


DIMS = (
    "org_unit_id, industry_code, size_category, size_class, above_scale, high_growth, key_firm, key_project"
)
# the enterprise's columns as the summary stores them (a NULL size category is kept as -1)
ROW = (
    "org_unit_id, industry_code, COALESCE(size_category, -1) AS size_category, size_class, above_scale, "
    "high_growth, key_firm, key_project"
)
UPSERT = (
    f"INSERT INTO enterprises_enterprisecount AS c ({DIMS}, n) SELECT {DIMS}, SUM(d) FROM ({{rows}}) x "
    f"GROUP BY {DIMS} HAVING SUM(d) <> 0 "
    f"ON CONFLICT ({DIMS}) DO UPDATE SET n = c.n + EXCLUDED.n"
)
FORWARDS = [
    f"""
CREATE FUNCTION enterprises_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {UPSERT.format(rows=f"SELECT {ROW}, 1 AS d FROM new_rows")};
    RETURN NULL;
END $$""",
    f"""
CREATE FUNCTION enterprises_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {UPSERT.format(rows=f"SELECT {ROW}, -1 AS d FROM old_rows UNION ALL SELECT {ROW}, 1 FROM new_rows")};
    RETURN NULL;
END $$""",
    f"""
CREATE FUNCTION enterprises_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {UPSERT.format(rows=f"SELECT {ROW}, -1 AS d FROM old_rows")};
    RETURN NULL;
END $$""",
    """
CREATE FUNCTION enterprises_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM enterprises_enterprisecount;
    RETURN NULL;
END $$""",
    "LOCK TABLE enterprises_enterprise IN SHARE MODE",
    "CREATE TRIGGER enterprises_count_insert AFTER INSERT ON enterprises_enterprise "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_insert()",
    "CREATE TRIGGER enterprises_count_update AFTER UPDATE ON enterprises_enterprise "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_update()",
    "CREATE TRIGGER enterprises_count_delete AFTER DELETE ON enterprises_enterprise "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_delete()",
    "CREATE TRIGGER enterprises_count_truncate AFTER TRUNCATE ON enterprises_enterprise "
    "FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_truncate()",
    "DELETE FROM enterprises_enterprisecount",
    UPSERT.format(rows=f"SELECT {ROW}, 1 AS d FROM enterprises_enterprise"),
]
BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS enterprises_count_{op} ON enterprises_enterprise"
        for op in ("insert", "update", "delete", "truncate")
    ),
    *(
        f"DROP FUNCTION IF EXISTS enterprises_count_{op}()"
        for op in ("insert", "update", "delete", "truncate")
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
        ("enterprises", "0006_soft_delete_and_origin"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnterpriseCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("industry_code", models.CharField(max_length=5)),
                ("size_category", models.SmallIntegerField()),
                ("size_class", models.CharField(max_length=10)),
                ("above_scale", models.BooleanField()),
                ("high_growth", models.BooleanField()),
                ("key_firm", models.BooleanField()),
                ("key_project", models.BooleanField()),
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
                    models.UniqueConstraint(
                        fields=(
                            "org_unit",
                            "industry_code",
                            "size_category",
                            "size_class",
                            "above_scale",
                            "high_growth",
                            "key_firm",
                            "key_project",
                        ),
                        name="ent_count_key",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
