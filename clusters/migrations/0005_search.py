"""Search that ignores diacritics and case, on PostgreSQL (thiduakhenthuong/lib/search.py).

Creates the extensions `unaccent` and `pg_trgm`, the IMMUTABLE wrapper `tdkt_fold(text)` (unaccent itself is only
STABLE, so it cannot appear in an index), and a GIN trigram index on `tdkt_fold(clusters_unit.name)` that serves
`tdkt_fold(name) LIKE '%word%'`.

Creating an extension needs a role allowed to: a superuser, or (PostgreSQL 13 and later, both extensions being
"trusted") the owner of the database or a role with CREATE on it. If the role the portal migrates with may not,
ask a superuser to run, in the portal's database:
    CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;
then migrate again: extensions that already exist are not created again. `manage.py check` warns (tdkt.W010) when
they are missing.

SQLite (the quick start) needs none of this: the portal registers `tdkt_fold` in Python on each connection.
No table is altered, so the SQLite triggers of 0002 are untouched.
"""

from django.db import migrations, transaction

EXTENSIONS = ("unaccent", "pg_trgm")


def _extension_schema(cursor, name):
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = %s",
        [name],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def fold_function_sql(schema: str) -> str:
    """lower(unaccent(x)) with the dictionary named by schema, so the function does not depend on search_path
    (which is what allows declaring it IMMUTABLE). unaccent's rules map Đ/đ to D/d."""
    quoted = '"' + schema.replace('"', '""') + '"'
    return (
        "CREATE OR REPLACE FUNCTION tdkt_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({quoted}.unaccent('{quoted}.unaccent'::regdictionary, $1)) $$"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in EXTENSIONS:
            if _extension_schema(cursor, name) is None:
                try:
                    with transaction.atomic(using=schema_editor.connection.alias):
                        schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
                except Exception as error:
                    raise RuntimeError(
                        f"The PostgreSQL extension {name} is missing and this role may not create it ({error}). "
                        f"Ask a superuser to run “CREATE EXTENSION IF NOT EXISTS {name};” in this database, "
                        "then migrate again."
                    ) from error
        schema_editor.execute(fold_function_sql(_extension_schema(cursor, "unaccent")))
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS clusters_unit_name_fold_trgm "
        "ON clusters_unit USING gin (tdkt_fold(name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    # The extensions stay: other objects of the database may use them.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS clusters_unit_name_fold_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS tdkt_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0004_people"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
