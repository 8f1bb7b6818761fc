"""An award's statistics classes only where they apply, enforced by the database as by the services
(awards.decisions.row_classes, awards.statistics.services): a class of individual only on an individual's award,
the enterprise flag only on a collective's, a proposing body only on an award of a State-level type. Checked when
a classification row is written; an award's kind and type change only while its decision is a draft, by
rewriting its rows, which drops their classification first (migration 0002)."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION awards_awardclassification_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        kind varchar;
        type_level varchar;
    BEGIN
        SELECT a.recipient_kind, t.level INTO kind, type_level
          FROM awards_award a JOIN awards_awardtype t ON t.id = a.award_type_id WHERE a.id = NEW.award_id;
        IF NEW.individual_class <> '' AND kind IS DISTINCT FROM 'individual' THEN
            RAISE EXCEPTION 'awardclassification_class_of_individual_only: award % is %', NEW.award_id, kind
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.is_enterprise IS NOT NULL AND kind IS DISTINCT FROM 'collective' THEN
            RAISE EXCEPTION 'awardclassification_enterprise_of_collective_only: award % is %', NEW.award_id, kind
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.proposing_body <> '' AND type_level IS DISTINCT FROM 'state' THEN
            RAISE EXCEPTION 'awardclassification_proposing_body_of_state_award_only: award % is %', NEW.award_id,
                type_level USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER awards_awardclassification_guard BEFORE INSERT OR UPDATE ON awards_awardclassification
        FOR EACH ROW EXECUTE FUNCTION awards_awardclassification_guard();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_awardclassification_guard ON awards_awardclassification",
    "DROP FUNCTION IF EXISTS awards_awardclassification_guard()",
]

_SQLITE_CHECKS = """
        SELECT RAISE(ABORT, 'awardclassification_class_of_individual_only')
            WHERE NEW.individual_class <> ''
              AND (SELECT recipient_kind FROM awards_award WHERE id = NEW.award_id) IS NOT 'individual';
        SELECT RAISE(ABORT, 'awardclassification_enterprise_of_collective_only')
            WHERE NEW.is_enterprise IS NOT NULL
              AND (SELECT recipient_kind FROM awards_award WHERE id = NEW.award_id) IS NOT 'collective';
        SELECT RAISE(ABORT, 'awardclassification_proposing_body_of_state_award_only')
            WHERE NEW.proposing_body <> ''
              AND (SELECT t.level FROM awards_award a JOIN awards_awardtype t ON t.id = a.award_type_id
                   WHERE a.id = NEW.award_id) IS NOT 'state';
"""
SQLITE = [
    f"CREATE TRIGGER awards_awardclassification_guard_insert BEFORE INSERT ON awards_awardclassification BEGIN"
    f"{_SQLITE_CHECKS}END",
    f"CREATE TRIGGER awards_awardclassification_guard_update BEFORE UPDATE ON awards_awardclassification BEGIN"
    f"{_SQLITE_CHECKS}END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_awardclassification_guard_insert",
    "DROP TRIGGER IF EXISTS awards_awardclassification_guard_update",
]


def run_by_vendor(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("awards", "0021_statistics_classes")]

    operations = [
        migrations.RunPython(
            run_by_vendor({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run_by_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
