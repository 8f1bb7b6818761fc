"""Report layouts get a validity and are chosen by a period's last day (issue #14, point 5).

The layouts chosen by date keep their flag (`is_default`); one per kind and start of validity instead of one per
kind. The seed's 2018 tables (loaded from fixtures/catalog/appendix2_layout.csv and award_summary_layout.csv under the
codes below) are those of the 2003 law's catalog: they end on 31/12/2023, the day before the 2022 law's kinds of
commendation apply; `load_catalog` adds the tables of today's catalog from 01/01/2024."""

import datetime
import django.db.models.functions.comparison
from django.db import migrations, models

SEED_LAYOUTS = ["appendix2-235-2018", "award-summary-235-2018"]
SEED_LAYOUTS_END = datetime.date(2023, 12, 31)


def seed_layout_ends(apps, schema_editor):
    layouts = apps.get_model("reports", "ReportLayout")
    layouts.objects.filter(code__in=SEED_LAYOUTS, valid_from__isnull=True, valid_to__isnull=True).update(
        valid_to=SEED_LAYOUTS_END
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_report_section_version"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reportlayout",
            options={
                "ordering": ["kind", "valid_from", "name"],
                "permissions": [("view_statistics", "Can view award statistics and export them")],
                "verbose_name": "report layout",
                "verbose_name_plural": "report layouts",
            },
        ),
        migrations.RemoveConstraint(
            model_name="reportlayout",
            name="layout_one_default_per_kind",
        ),
        migrations.AddField(
            model_name="reportlayout",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.AddField(
            model_name="reportlayout",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="valid to"),
        ),
        migrations.AlterField(
            model_name="reportlayout",
            name="is_default",
            field=models.BooleanField(
                default=False,
                help_text="Used for every period whose last day falls within its validity, unless a report names another.",
                verbose_name="chosen by the period's dates",
            ),
        ),
        migrations.RunPython(seed_layout_ends, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="reportlayout",
            constraint=models.UniqueConstraint(
                models.F("kind"),
                django.db.models.functions.comparison.Coalesce("valid_from", models.Value(datetime.date(1, 1, 1))),
                condition=models.Q(("is_default", True)),
                name="layout_one_default_per_kind_and_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportlayout",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_to__isnull", True),
                    ("valid_to__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="reportlayout_validity_ordered",
            ),
        ),
    ]
