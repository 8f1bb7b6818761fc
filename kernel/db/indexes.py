"""Indexes Django's model Meta cannot express (expression indexes over the tdkt_fold function, GIN full-text), made
by migrations on PostgreSQL only: the quick start's SQLite has neither the function nor the index types."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def postgresql_index(name: str, definition: str) -> migrations.RunPython:
    """A migration operation creating the index `name` (`definition`: "ON table USING …") on PostgreSQL, and
    dropping it when the migration is reversed; nothing on another database."""

    def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")

    def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
