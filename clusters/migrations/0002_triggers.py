"""A membership's year must be its cluster's year: that copy is what lets the database enforce
"one cluster per unit and year" with a plain unique constraint."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION clusters_membership_year_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.year IS DISTINCT FROM (SELECT year FROM clusters_cluster WHERE id = NEW.cluster_id) THEN
            RAISE EXCEPTION 'membership_year_mismatch: % is not the year of cluster %', NEW.year, NEW.cluster_id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER clusters_membership_year_guard BEFORE INSERT OR UPDATE ON clusters_clustermembership
        FOR EACH ROW EXECUTE FUNCTION clusters_membership_year_guard();
    """,
    """
    CREATE FUNCTION clusters_cluster_year_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.year <> OLD.year AND EXISTS (SELECT 1 FROM clusters_clustermembership WHERE cluster_id = OLD.id) THEN
            RAISE EXCEPTION 'cluster_year_locked: cluster % has members', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER clusters_cluster_year_guard BEFORE UPDATE ON clusters_cluster
        FOR EACH ROW EXECUTE FUNCTION clusters_cluster_year_guard();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS clusters_cluster_year_guard ON clusters_cluster",
    "DROP FUNCTION IF EXISTS clusters_cluster_year_guard()",
    "DROP TRIGGER IF EXISTS clusters_membership_year_guard ON clusters_clustermembership",
    "DROP FUNCTION IF EXISTS clusters_membership_year_guard()",
]

_SQLITE_CHECK = """
    SELECT RAISE(ABORT, 'membership_year_mismatch')
        WHERE NEW.year IS NOT (SELECT year FROM clusters_cluster WHERE id = NEW.cluster_id);
"""
SQLITE = [
    f"CREATE TRIGGER clusters_membership_year_insert BEFORE INSERT ON clusters_clustermembership BEGIN {_SQLITE_CHECK} END",
    f"CREATE TRIGGER clusters_membership_year_update BEFORE UPDATE ON clusters_clustermembership BEGIN {_SQLITE_CHECK} END",
    """
    CREATE TRIGGER clusters_cluster_year_guard BEFORE UPDATE ON clusters_cluster
    WHEN NEW.year <> OLD.year BEGIN
        SELECT RAISE(ABORT, 'cluster_year_locked')
            WHERE EXISTS (SELECT 1 FROM clusters_clustermembership WHERE cluster_id = OLD.id);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS clusters_cluster_year_guard",
    "DROP TRIGGER IF EXISTS clusters_membership_year_update",
    "DROP TRIGGER IF EXISTS clusters_membership_year_insert",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
