from django.db import migrations


def load(apps, schema_editor):
    from chrysalis.villages.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("villages", "Metric"))


class Migration(migrations.Migration):
    dependencies = [("villages", "0003_projects_honours_routes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
