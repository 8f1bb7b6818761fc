"""A GIN trigram index on the folded full name of people (tdkt_fold, created by 0005_search), for the site
search over 200,000 people. PostgreSQL only: CREATE INDEX alters no table, so SQLite needs nothing."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS clusters_person_name_fold_trgm "
        "ON clusters_person USING gin (tdkt_fold(full_name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS clusters_person_name_fold_trgm")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0005_search")]

    operations = [migrations.RunPython(forwards, backwards)]
