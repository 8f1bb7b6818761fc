"""The database cache's table (settings.CACHES, login-throttling counts): `migrate` creates it, as
`manage.py createcachetable` would. Nothing happens when CACHE_URL names another kind of cache."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
