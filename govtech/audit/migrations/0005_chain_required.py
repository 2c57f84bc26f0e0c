from django.db import migrations, models


class Migration(migrations.Migration):
    """Every row is chained from now on (a separate migration: PostgreSQL alters a table only once the
    data migration's transaction is over)."""

    dependencies = [("audit", "0004_chain_existing_rows")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True),
        ),
    ]
