"""An issued report never changes, enforced by the database: a report is created as a draft, may become
issued once, and from then on neither it (its figures snapshot, its PDF bytes and their SHA-256) nor its
sections can be changed or deleted. Corrections are new reports. PostgreSQL and SQLite get the same rules."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION reports_report_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.status <> 'draft' THEN
                RAISE EXCEPTION 'report_starts_as_draft: a new report cannot be %', NEW.status;
            END IF;
            RETURN NEW;
        END IF;
        IF OLD.status = 'issued' THEN
            RAISE EXCEPTION 'report_frozen: issued report % cannot be %', OLD.id, lower(TG_OP) || 'd';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER reports_report_guard BEFORE INSERT OR UPDATE OR DELETE ON reports_report
    FOR EACH ROW EXECUTE FUNCTION reports_report_guard()
    """,
    """
    CREATE FUNCTION reports_section_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        report_status text;
    BEGIN
        -- Locking the report row makes a section edit wait for a concurrent issue, then fail.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            SELECT status INTO report_status FROM reports_report WHERE id = OLD.report_id FOR SHARE;
            IF report_status = 'issued' THEN
                RAISE EXCEPTION 'report_frozen: sections of issued report % cannot change', OLD.report_id;
            END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT status INTO report_status FROM reports_report WHERE id = NEW.report_id FOR SHARE;
            IF report_status = 'issued' THEN
                RAISE EXCEPTION 'report_frozen: sections of issued report % cannot change', NEW.report_id;
            END IF;
            RETURN NEW;
        END IF;
        RETURN OLD;
    END
    $$
    """,
    """
    CREATE TRIGGER reports_section_guard BEFORE INSERT OR UPDATE OR DELETE ON reports_reportsection
    FOR EACH ROW EXECUTE FUNCTION reports_section_guard()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_section_guard ON reports_reportsection",
    "DROP FUNCTION IF EXISTS reports_section_guard()",
    "DROP TRIGGER IF EXISTS reports_report_guard ON reports_report",
    "DROP FUNCTION IF EXISTS reports_report_guard()",
]

SQLITE = [
    """
    CREATE TRIGGER reports_report_guard_insert BEFORE INSERT ON reports_report
    WHEN NEW.status <> 'draft' BEGIN
        SELECT RAISE(ABORT, 'report_starts_as_draft');
    END
    """,
    """
    CREATE TRIGGER reports_report_guard_update BEFORE UPDATE ON reports_report
    WHEN OLD.status = 'issued' BEGIN
        SELECT RAISE(ABORT, 'report_frozen');
    END
    """,
    """
    CREATE TRIGGER reports_report_guard_delete BEFORE DELETE ON reports_report
    WHEN OLD.status = 'issued' BEGIN
        SELECT RAISE(ABORT, 'report_frozen');
    END
    """,
    """
    CREATE TRIGGER reports_section_guard_insert BEFORE INSERT ON reports_reportsection BEGIN
        SELECT RAISE(ABORT, 'report_frozen')
            WHERE (SELECT status FROM reports_report WHERE id = NEW.report_id) = 'issued';
    END
    """,
    """
    CREATE TRIGGER reports_section_guard_update BEFORE UPDATE ON reports_reportsection BEGIN
        SELECT RAISE(ABORT, 'report_frozen')
            WHERE (SELECT status FROM reports_report WHERE id = OLD.report_id) = 'issued'
               OR (SELECT status FROM reports_report WHERE id = NEW.report_id) = 'issued';
    END
    """,
    """
    CREATE TRIGGER reports_section_guard_delete BEFORE DELETE ON reports_reportsection BEGIN
        SELECT RAISE(ABORT, 'report_frozen')
            WHERE (SELECT status FROM reports_report WHERE id = OLD.report_id) = 'issued';
    END
    """,
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "reports_report_guard_insert",
        "reports_report_guard_update",
        "reports_report_guard_delete",
        "reports_section_guard_insert",
        "reports_section_guard_update",
        "reports_section_guard_delete",
    )
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(f"no trigger SQL for {schema_editor.connection.vendor}")
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_document_profiles")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
