"""A unit is placed in a cluster only for a year it existed in (clusters of each year follow the units that exist
that year), and a unit's active dates cannot be moved so that one of its places falls outside them. "Existed in a
year": on at least one day of it (Unit.active_in), so a department merged on 01/3 keeps that year's place."""

from django.db import migrations

from kernel.db.vendor_sql import sql_by_vendor

# The unit's period, as years, covers `year`: NULL ends are open.
_COVERS_PG = """(u.active_from IS NULL OR EXTRACT(YEAR FROM u.active_from) <= {year})
    AND (u.active_to IS NULL OR EXTRACT(YEAR FROM u.active_to) >= {year})"""

POSTGRESQL = [
    f"""
    CREATE FUNCTION clusters_membership_unit_active() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM clusters_unit u WHERE u.id = NEW.unit_id AND {_COVERS_PG.format(year="NEW.year")})
        THEN
            RAISE EXCEPTION 'membership_unit_inactive: unit % did not exist in %', NEW.unit_id, NEW.year
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER clusters_membership_unit_active BEFORE INSERT OR UPDATE ON clusters_clustermembership
        FOR EACH ROW EXECUTE FUNCTION clusters_membership_unit_active();
    """,
    f"""
    CREATE FUNCTION clusters_unit_period_keeps_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM clusters_clustermembership m, (SELECT NEW.active_from AS active_from, NEW.active_to AS active_to) AS u
            WHERE m.unit_id = NEW.id AND NOT ({_COVERS_PG.format(year="m.year")})
        ) THEN
            RAISE EXCEPTION 'unit_period_excludes_membership: unit % has a cluster outside its period', NEW.id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER clusters_unit_period_keeps_memberships BEFORE UPDATE OF active_from, active_to ON clusters_unit
        FOR EACH ROW EXECUTE FUNCTION clusters_unit_period_keeps_memberships();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS clusters_unit_period_keeps_memberships ON clusters_unit",
    "DROP FUNCTION IF EXISTS clusters_unit_period_keeps_memberships()",
    "DROP TRIGGER IF EXISTS clusters_membership_unit_active ON clusters_clustermembership",
    "DROP FUNCTION IF EXISTS clusters_membership_unit_active()",
]

_COVERS_SQLITE = """(u.active_from IS NULL OR CAST(strftime('%Y', u.active_from) AS INTEGER) <= {year})
    AND (u.active_to IS NULL OR CAST(strftime('%Y', u.active_to) AS INTEGER) >= {year})"""
_SQLITE_MEMBERSHIP = f"""
    SELECT RAISE(ABORT, 'membership_unit_inactive') WHERE NOT EXISTS (
        SELECT 1 FROM clusters_unit u WHERE u.id = NEW.unit_id AND {_COVERS_SQLITE.format(year="NEW.year")});
"""
SQLITE = [
    f"CREATE TRIGGER clusters_membership_unit_active_insert BEFORE INSERT ON clusters_clustermembership "
    f"BEGIN {_SQLITE_MEMBERSHIP} END",
    f"CREATE TRIGGER clusters_membership_unit_active_update BEFORE UPDATE ON clusters_clustermembership "
    f"BEGIN {_SQLITE_MEMBERSHIP} END",
    f"""
    CREATE TRIGGER clusters_unit_period_keeps_memberships BEFORE UPDATE OF active_from, active_to ON clusters_unit
    BEGIN
        SELECT RAISE(ABORT, 'unit_period_excludes_membership') WHERE EXISTS (
            SELECT 1 FROM clusters_clustermembership m, (SELECT NEW.active_from AS active_from,
                NEW.active_to AS active_to) AS u
            WHERE m.unit_id = NEW.id AND NOT ({_COVERS_SQLITE.format(year="m.year")}));
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS clusters_unit_period_keeps_memberships",
    "DROP TRIGGER IF EXISTS clusters_membership_unit_active_update",
    "DROP TRIGGER IF EXISTS clusters_membership_unit_active_insert",
]


class Migration(migrations.Migration):
    dependencies = [("clusters", "0012_reorganisation")]

    operations = [
        sql_by_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE}, {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}
        )
    ]
