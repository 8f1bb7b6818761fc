"""Trigram indexes for searching decisions ignoring diacritics and case (thiduakhenthuong/lib/search.py): on the
folded summary of awards_decision and the folded recipient name of awards_award, built on `tdkt_fold` (clusters
0005_search, which also says what role creating its extensions needs).

PostgreSQL only, through CREATE INDEX: no table is altered, so SQLite does not rebuild awards_decision or
awards_award and keeps their triggers (0002_triggers).
"""

from django.db import migrations

INDEXES = {
    "awards_decision_summary_fold_trgm": ("awards_decision", "summary"),
    "awards_award_recipient_fold_trgm": ("awards_award", "recipient_name"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (tdkt_fold({column}) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0013_decision_list_index"),
        ("clusters", "0005_search"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
