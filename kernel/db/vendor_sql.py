"""Statements a migration runs as written for each database (triggers, functions), PostgreSQL and the quick
start's SQLite each having their own dialect."""

from collections.abc import Callable

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

Statements = dict[str, list[str]]  # by connection vendor ("postgresql", "sqlite")


def sql_by_vendor(forward: Statements, backward: Statements) -> migrations.RunPython:
    """A migration operation running the statements of the connection's vendor, and `backward`'s when reversed."""

    def run(statements: Statements) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
        def apply(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
            for statement in statements[schema_editor.connection.vendor]:
                schema_editor.execute(statement, params=None)

        return apply

    return migrations.RunPython(run(forward), run(backward))
