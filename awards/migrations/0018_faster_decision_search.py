"""Faster decision search, measured at 27,385 decisions and 1,000,000 awards (scripts/bench_scale.py):

- Recipients' names are searched by word beginnings (thiduakhenthuong/lib/search.py, BeginsWords): a GIN full-text
  index on the folded name replaces the trigram one of 0014_decision_search, which had to recheck every candidate
  row (9,063 rows read for the 171 awards of a three-word name).
- The symbol and the summary are searched as one text, `symbol || ' ' || summary`, so that one trigram index
  serves both: a word could be in either, and the OR over two folded columns read every decision.

PostgreSQL only, through CREATE/DROP INDEX: no table is altered, so SQLite keeps the tables' triggers.
"""

from django.db import migrations

CREATE = {
    "awards_award_recipient_words": (
        "ON awards_award USING gin (to_tsvector('simple'::regconfig, tdkt_fold(recipient_name)))"
    ),
    "awards_decision_text_fold_trgm": (
        "ON awards_decision USING gin (tdkt_fold(symbol || ' ' || summary) gin_trgm_ops)"
    ),
}
REPLACED = {
    "awards_award_recipient_fold_trgm": "ON awards_award USING gin (tdkt_fold(recipient_name) gin_trgm_ops)",
    "awards_decision_summary_fold_trgm": "ON awards_decision USING gin (tdkt_fold(summary) gin_trgm_ops)",
}


def _swap(schema_editor, *, create: dict, drop: dict) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in create.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")
    for name in drop:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def forwards(apps, schema_editor):
    _swap(schema_editor, create=CREATE, drop=REPLACED)


def backwards(apps, schema_editor):
    _swap(schema_editor, create=REPLACED, drop=CREATE)


class Migration(migrations.Migration):
    dependencies = [("awards", "0017_eligibility_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
