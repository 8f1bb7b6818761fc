"""An award's statistics classes only where they apply, enforced by the database as by the services
(awards.decisions.row_classes, awards.statistics.services): a class of individual only on an individual's award,
the enterprise flag only on a collective's, a proposing body only on an award of a State-level type. Checked when
a classification row is written; an award's kind and type change only while its decision is a draft, by
rewriting its rows, which drops their classification first (migration 0002)."""

from django.db import migrations

from kernel.db.vendor_sql import sql_by_vendor

# One check per statement over the rows it wrote (a transition table), not one query per row: the Excel import
# writes up to 10,000 classifications in one COPY.
_POSTGRESQL_CHECK = """
    CREATE FUNCTION awards_awardclassification_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        wrong record;
    BEGIN
        SELECT n.award_id,
               CASE WHEN n.individual_class <> '' AND a.recipient_kind <> 'individual'
                        THEN 'awardclassification_class_of_individual_only'
                    WHEN n.is_enterprise IS NOT NULL AND a.recipient_kind <> 'collective'
                        THEN 'awardclassification_enterprise_of_collective_only'
                    ELSE 'awardclassification_proposing_body_of_state_award_only' END AS rule
          INTO wrong
          FROM written n JOIN awards_award a ON a.id = n.award_id JOIN awards_awardtype t ON t.id = a.award_type_id
         WHERE (n.individual_class <> '' AND a.recipient_kind <> 'individual')
            OR (n.is_enterprise IS NOT NULL AND a.recipient_kind <> 'collective')
            OR (n.proposing_body <> '' AND t.level <> 'state')
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '%: award %', wrong.rule, wrong.award_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$;
"""
POSTGRESQL = [
    _POSTGRESQL_CHECK,
    """
    CREATE TRIGGER awards_awardclassification_guard_insert AFTER INSERT ON awards_awardclassification
        REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION awards_awardclassification_guard();
    """,
    """
    CREATE TRIGGER awards_awardclassification_guard_update AFTER UPDATE ON awards_awardclassification
        REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION awards_awardclassification_guard();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_awardclassification_guard_insert ON awards_awardclassification",
    "DROP TRIGGER IF EXISTS awards_awardclassification_guard_update ON awards_awardclassification",
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



class Migration(migrations.Migration):
    dependencies = [("awards", "0021_statistics_classes")]

    operations = [
        sql_by_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        )
    ]
