"""Business rules that span tables or rows, enforced by the database itself:

* an award's recipient kind must be one its award type allows (no flag for an individual), and an award
  type cannot stop allowing a recipient kind that existing awards use;
* awards may be added, changed or removed only while their decision is a draft (the decision's row is
  locked while checking, so an award cannot slip in while another transaction issues the decision);
* a decision is created as a draft, goes draft → issued → annulled and no other way; an issued decision is
  frozen except for its annulment (status, time, user, reason), an annulled one never changes, and neither
  can be deleted.

Both PostgreSQL (production, tests) and SQLite (quick start) get the same rules.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION awards_award_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        row_decision bigint;
        decision_status varchar;
        allowed boolean;
    BEGIN
        IF TG_OP = 'DELETE' THEN row_decision := OLD.decision_id; ELSE row_decision := NEW.decision_id; END IF;
        SELECT status INTO decision_status FROM awards_decision WHERE id = row_decision FOR SHARE;
        IF decision_status IS DISTINCT FROM 'draft' THEN
            RAISE EXCEPTION 'award_decision_not_draft: decision % is %', row_decision, decision_status
                USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.decision_id <> NEW.decision_id THEN
            SELECT status INTO decision_status FROM awards_decision WHERE id = OLD.decision_id FOR SHARE;
            IF decision_status IS DISTINCT FROM 'draft' THEN
                RAISE EXCEPTION 'award_decision_not_draft: decision % is %', OLD.decision_id, decision_status
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        SELECT CASE NEW.recipient_kind
                   WHEN 'collective' THEN t.for_collective
                   WHEN 'individual' THEN t.for_individual
                   WHEN 'family' THEN t.for_family
                   ELSE false END
          INTO allowed FROM awards_awardtype t WHERE t.id = NEW.award_type_id;
        IF NOT coalesce(allowed, false) THEN
            RAISE EXCEPTION 'award_recipient_kind_not_allowed: % for award type %', NEW.recipient_kind, NEW.award_type_id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER awards_award_guard BEFORE INSERT OR UPDATE OR DELETE ON awards_award
        FOR EACH ROW EXECUTE FUNCTION awards_award_guard();
    """,
    """
    CREATE FUNCTION awards_decision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.status <> 'draft' THEN
                RAISE EXCEPTION 'decision_starts_as_draft: a new decision cannot be %', NEW.status
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' THEN
            IF OLD.status <> 'draft' THEN
                RAISE EXCEPTION 'decision_frozen: % decision % cannot be deleted', OLD.status, OLD.id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF OLD.status = 'draft' THEN
            IF NEW.status NOT IN ('draft', 'issued') THEN
                RAISE EXCEPTION 'decision_transition_not_allowed: draft decision % cannot become %', OLD.id, NEW.status
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END IF;
        IF OLD.status = 'annulled'
           OR NEW.status NOT IN ('issued', 'annulled')
           OR (NEW.issuer_id, NEW.authority_id, NEW.number, NEW.symbol, NEW.date, NEW.summary, NEW.signer_name,
               NEW.signer_title, NEW.is_illustrative, NEW.created_by_id, NEW.issued_at, NEW.issued_by_id)
              IS DISTINCT FROM
              (OLD.issuer_id, OLD.authority_id, OLD.number, OLD.symbol, OLD.date, OLD.summary, OLD.signer_name,
               OLD.signer_title, OLD.is_illustrative, OLD.created_by_id, OLD.issued_at, OLD.issued_by_id)
        THEN
            RAISE EXCEPTION 'decision_frozen: % decision % cannot be changed', OLD.status, OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER awards_decision_guard BEFORE INSERT OR UPDATE OR DELETE ON awards_decision
        FOR EACH ROW EXECUTE FUNCTION awards_decision_guard();
    """,
    """
    CREATE FUNCTION awards_awardtype_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (OLD.for_collective AND NOT NEW.for_collective AND EXISTS (
                SELECT 1 FROM awards_award WHERE award_type_id = OLD.id AND recipient_kind = 'collective'))
           OR (OLD.for_individual AND NOT NEW.for_individual AND EXISTS (
                SELECT 1 FROM awards_award WHERE award_type_id = OLD.id AND recipient_kind = 'individual'))
           OR (OLD.for_family AND NOT NEW.for_family AND EXISTS (
                SELECT 1 FROM awards_award WHERE award_type_id = OLD.id AND recipient_kind = 'family'))
        THEN
            RAISE EXCEPTION 'awardtype_kind_in_use: award type % has awards of the recipient kind removed', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER awards_awardtype_guard BEFORE UPDATE ON awards_awardtype
        FOR EACH ROW EXECUTE FUNCTION awards_awardtype_guard();
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_awardtype_guard ON awards_awardtype",
    "DROP FUNCTION IF EXISTS awards_awardtype_guard()",
    "DROP TRIGGER IF EXISTS awards_decision_guard ON awards_decision",
    "DROP FUNCTION IF EXISTS awards_decision_guard()",
    "DROP TRIGGER IF EXISTS awards_award_guard ON awards_award",
    "DROP FUNCTION IF EXISTS awards_award_guard()",
]

_SQLITE_KIND_NOT_ALLOWED = """
    SELECT RAISE(ABORT, 'award_recipient_kind_not_allowed') WHERE NOT EXISTS (
        SELECT 1 FROM awards_awardtype t WHERE t.id = NEW.award_type_id AND (
            (NEW.recipient_kind = 'collective' AND t.for_collective)
            OR (NEW.recipient_kind = 'individual' AND t.for_individual)
            OR (NEW.recipient_kind = 'family' AND t.for_family)));
"""

SQLITE = [
    f"""
    CREATE TRIGGER awards_award_guard_insert BEFORE INSERT ON awards_award BEGIN
        SELECT RAISE(ABORT, 'award_decision_not_draft')
            WHERE (SELECT status FROM awards_decision WHERE id = NEW.decision_id) IS NOT 'draft';
        {_SQLITE_KIND_NOT_ALLOWED}
    END
    """,
    f"""
    CREATE TRIGGER awards_award_guard_update BEFORE UPDATE ON awards_award BEGIN
        SELECT RAISE(ABORT, 'award_decision_not_draft')
            WHERE (SELECT status FROM awards_decision WHERE id = NEW.decision_id) IS NOT 'draft'
               OR (SELECT status FROM awards_decision WHERE id = OLD.decision_id) IS NOT 'draft';
        {_SQLITE_KIND_NOT_ALLOWED}
    END
    """,
    """
    CREATE TRIGGER awards_award_guard_delete BEFORE DELETE ON awards_award BEGIN
        SELECT RAISE(ABORT, 'award_decision_not_draft')
            WHERE (SELECT status FROM awards_decision WHERE id = OLD.decision_id) IS NOT 'draft';
    END
    """,
    """
    CREATE TRIGGER awards_decision_guard_insert BEFORE INSERT ON awards_decision
    WHEN NEW.status <> 'draft' BEGIN
        SELECT RAISE(ABORT, 'decision_starts_as_draft');
    END
    """,
    """
    CREATE TRIGGER awards_decision_guard_draft BEFORE UPDATE ON awards_decision
    WHEN OLD.status = 'draft' AND NEW.status NOT IN ('draft', 'issued') BEGIN
        SELECT RAISE(ABORT, 'decision_transition_not_allowed');
    END
    """,
    """
    CREATE TRIGGER awards_decision_guard_update BEFORE UPDATE ON awards_decision
    WHEN OLD.status <> 'draft' BEGIN
        SELECT RAISE(ABORT, 'decision_frozen')
            WHERE OLD.status = 'annulled'
               OR NEW.status NOT IN ('issued', 'annulled')
               OR NEW.issuer_id IS NOT OLD.issuer_id OR NEW.authority_id IS NOT OLD.authority_id
               OR NEW.number IS NOT OLD.number OR NEW.symbol IS NOT OLD.symbol OR NEW.date IS NOT OLD.date
               OR NEW.summary IS NOT OLD.summary OR NEW.signer_name IS NOT OLD.signer_name
               OR NEW.signer_title IS NOT OLD.signer_title OR NEW.is_illustrative IS NOT OLD.is_illustrative
               OR NEW.created_by_id IS NOT OLD.created_by_id OR NEW.issued_at IS NOT OLD.issued_at
               OR NEW.issued_by_id IS NOT OLD.issued_by_id;
    END
    """,
    """
    CREATE TRIGGER awards_decision_guard_delete BEFORE DELETE ON awards_decision
    WHEN OLD.status <> 'draft' BEGIN
        SELECT RAISE(ABORT, 'decision_frozen');
    END
    """,
    """
    CREATE TRIGGER awards_awardtype_guard BEFORE UPDATE ON awards_awardtype BEGIN
        SELECT RAISE(ABORT, 'awardtype_kind_in_use') WHERE
            (OLD.for_collective AND NOT NEW.for_collective AND EXISTS (
                SELECT 1 FROM awards_award WHERE award_type_id = OLD.id AND recipient_kind = 'collective'))
            OR (OLD.for_individual AND NOT NEW.for_individual AND EXISTS (
                SELECT 1 FROM awards_award WHERE award_type_id = OLD.id AND recipient_kind = 'individual'))
            OR (OLD.for_family AND NOT NEW.for_family AND EXISTS (
                SELECT 1 FROM awards_award WHERE award_type_id = OLD.id AND recipient_kind = 'family'));
    END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_awardtype_guard",
    "DROP TRIGGER IF EXISTS awards_decision_guard_insert",
    "DROP TRIGGER IF EXISTS awards_decision_guard_draft",
    "DROP TRIGGER IF EXISTS awards_decision_guard_delete",
    "DROP TRIGGER IF EXISTS awards_decision_guard_update",
    "DROP TRIGGER IF EXISTS awards_award_guard_delete",
    "DROP TRIGGER IF EXISTS awards_award_guard_update",
    "DROP TRIGGER IF EXISTS awards_award_guard_insert",
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
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
