"""Load CPV 2008, the sector taxonomy and the technology tags into every database (test ones too)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from startups.reference_data import load_cpv, seed_taxonomy

    load_cpv(apps.get_model("startups", "CpvCode"))
    seed_taxonomy(apps.get_model("startups", "Sector"), apps.get_model("startups", "Technology"))


class Migration(migrations.Migration):
    dependencies = [("startups", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
