"""`tdkt_fold` folds as Python's kernel.lib.search.fold does: it now also strips combining marks typed as separate
characters and makes every run of white space one space, trimmed at the ends (before, "Nguyễn  Văn  A" kept its
double spaces in SQL and never matched its person exactly). An IMMUTABLE function's indexes are not rebuilt when
it is replaced, so every index built on it is reindexed here."""

from django.db import migrations

# kernel.lib.search.WHITESPACE_CLASS when this was written (a migration keeps its own copy).
WHITESPACE_CLASS = r"[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _fold_function_sql(cursor, *, collapse_spaces: bool) -> str:
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = %s",
        ["unaccent"],
    )
    schema = '"' + cursor.fetchone()[0].replace('"', '""') + '"'
    unaccented = f"lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1))"
    if collapse_spaces:
        # NFC first so that unaccent sees precomposed letters; then any combining mark it left; then spaces.
        unaccented = (
            f"lower({schema}.unaccent('{schema}.unaccent'::regdictionary, normalize($1, NFC)))"
        )
        unaccented = f"regexp_replace({unaccented}, '[\\u0300-\\u036f]', '', 'g')"
        unaccented = f"btrim(regexp_replace({unaccented}, '{WHITESPACE_CLASS}+', ' ', 'g'), ' ')"
    return (
        "CREATE OR REPLACE FUNCTION tdkt_fold(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {unaccented} $$"
    )


def _redefine(schema_editor, *, collapse_spaces: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite calls kernel.lib.search.fold itself
    with schema_editor.connection.cursor() as cursor:
        schema_editor.execute(_fold_function_sql(cursor, collapse_spaces=collapse_spaces))
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(indexname) FROM pg_indexes "
            "WHERE indexdef LIKE '%%tdkt_fold(%%'"
        )
        for (index,) in cursor.fetchall():
            schema_editor.execute(f"REINDEX INDEX {index}")


def forwards(apps, schema_editor):
    _redefine(schema_editor, collapse_spaces=True)


def backwards(apps, schema_editor):
    _redefine(schema_editor, collapse_spaces=False)


class Migration(migrations.Migration):
    dependencies = [("clusters", "0008_person_list_order")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
