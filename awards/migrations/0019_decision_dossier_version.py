from django.db import migrations

from kernel.concurrency import version_column_added


class Migration(migrations.Migration):
    dependencies = [("awards", "0018_faster_decision_search")]

    operations = [
        version_column_added(model_name="decision", table="awards_decision"),
        version_column_added(model_name="dossier", table="awards_dossier"),
    ]
