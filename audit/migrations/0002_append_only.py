"""The audit log is evidence: the database refuses to update or delete its rows."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION audit_auditlog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log_append_only' USING ERRCODE = 'check_violation';
    END $$;
    """,
    """
    CREATE TRIGGER audit_auditlog_append_only BEFORE UPDATE OR DELETE ON audit_auditlog
        FOR EACH ROW EXECUTE FUNCTION audit_auditlog_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditlog_append_only ON audit_auditlog",
    "DROP FUNCTION IF EXISTS audit_auditlog_append_only()",
]
SQLITE = [
    "CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog "
    "BEGIN SELECT RAISE(ABORT, 'audit_log_append_only'); END",
    "CREATE TRIGGER audit_auditlog_no_delete BEFORE DELETE ON audit_auditlog "
    "BEGIN SELECT RAISE(ABORT, 'audit_log_append_only'); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditlog_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditlog_no_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
