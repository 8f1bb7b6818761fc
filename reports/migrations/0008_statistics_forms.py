"""The annual statistical forms as stored layouts (regimes, forms, columns, rows) and the issued forms, which the
database freezes: inserted whole, never updated or deleted, on PostgreSQL and SQLite alike."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from kernel.db.vendor_sql import sql_by_vendor

FROZEN = "issuedstatistics_frozen: an issued statistical form cannot change"
POSTGRESQL = [
    f"""
    CREATE FUNCTION reports_issuedstatistics_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{FROZEN}';
    END
    $$
    """,
    """
    CREATE TRIGGER reports_issuedstatistics_guard BEFORE UPDATE OR DELETE ON reports_issuedstatistics
    FOR EACH ROW EXECUTE FUNCTION reports_issuedstatistics_guard()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_issuedstatistics_guard ON reports_issuedstatistics",
    "DROP FUNCTION IF EXISTS reports_issuedstatistics_guard()",
]
SQLITE = [
    f"""
    CREATE TRIGGER reports_issuedstatistics_guard_{op.lower()} BEFORE {op} ON reports_issuedstatistics BEGIN
        SELECT RAISE(ABORT, '{FROZEN}');
    END
    """
    for op in ("UPDATE", "DELETE")
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS reports_issuedstatistics_guard_{op}" for op in ("update", "delete")]



class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_layout_validity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsRegime",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="code")),
                (
                    "circular",
                    models.CharField(
                        help_text="E.g. “Thông tư số 02/2023/TT-BNV”.", max_length=255, verbose_name="circular"
                    ),
                ),
                ("signed_on", models.DateField(verbose_name="signed on")),
                ("effective_on", models.DateField(blank=True, null=True, verbose_name="effective on")),
                (
                    "first_year",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="first statistical year"),
                ),
                ("last_year", models.PositiveIntegerField(blank=True, null=True, verbose_name="last statistical year")),
                (
                    "period_start_month",
                    models.PositiveSmallIntegerField(default=12, verbose_name="statistical year starts in month"),
                ),
                (
                    "period_start_day",
                    models.PositiveSmallIntegerField(default=1, verbose_name="statistical year starts on day"),
                ),
                (
                    "verification",
                    models.CharField(
                        choices=[
                            ("verified", "verified"),
                            ("partial", "partly verified"),
                            ("from_memory", "from memory, unverified"),
                            ("lead", "lead, unverified"),
                        ],
                        default="verified",
                        max_length=16,
                        verbose_name="verification",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "statistical reporting regime",
                "verbose_name_plural": "statistical reporting regimes",
                "ordering": ["signed_on"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("first_year__isnull", True),
                            ("last_year__isnull", True),
                            ("last_year__gte", models.F("first_year")),
                            _connector="OR",
                        ),
                        name="statisticsregime_years_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("period_start_day__range", (1, 28)), ("period_start_month__range", (1, 12))
                        ),
                        name="statisticsregime_period_start_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="StatisticsForm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(help_text="E.g. “0602”.", max_length=8, verbose_name="code")),
                (
                    "number",
                    models.CharField(
                        help_text="E.g. “0602.N/BNV-TĐKT”.", max_length=64, verbose_name="form number as printed"
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("awards", "awards of issued decisions"),
                            ("campaigns", "emulation campaigns launched"),
                            ("bodies", "emulation and commendation bodies"),
                            ("officers", "emulation and commendation officers"),
                        ],
                        max_length=16,
                        verbose_name="counts",
                    ),
                ),
                (
                    "scope",
                    models.CharField(
                        blank=True,
                        help_text="Criteria, e.g. “level=state”.",
                        max_length=255,
                        verbose_name="which items it counts",
                    ),
                ),
                ("issued_by_line", models.CharField(max_length=255, verbose_name="“issued by” line")),
                ("deadline_line", models.CharField(blank=True, max_length=255, verbose_name="deadline line")),
                ("reporting_unit", models.CharField(blank=True, max_length=255, verbose_name="reporting unit")),
                ("receiving_unit", models.CharField(blank=True, max_length=255, verbose_name="receiving unit")),
                ("preparer_title", models.CharField(default="Người lập biểu", max_length=64, verbose_name="preparer")),
                (
                    "head_title",
                    models.CharField(default="THỦ TRƯỞNG ĐƠN VỊ", max_length=128, verbose_name="head's title"),
                ),
                ("place", models.CharField(default="Lạng Sơn", max_length=64, verbose_name="place")),
                (
                    "orientation",
                    models.CharField(
                        choices=[("portrait", "portrait"), ("landscape", "landscape")],
                        default="portrait",
                        max_length=16,
                        verbose_name="orientation",
                    ),
                ),
                (
                    "verification",
                    models.CharField(
                        choices=[
                            ("verified", "verified"),
                            ("partial", "partly verified"),
                            ("from_memory", "from memory, unverified"),
                            ("lead", "lead, unverified"),
                        ],
                        default="verified",
                        max_length=16,
                        verbose_name="verification",
                    ),
                ),
                ("source_note", models.TextField(blank=True, verbose_name="source")),
                (
                    "regime",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="forms",
                        to="reports.statisticsregime",
                        verbose_name="regime",
                    ),
                ),
            ],
            options={
                "verbose_name": "statistical form",
                "verbose_name_plural": "statistical forms",
                "ordering": ["regime", "code"],
            },
        ),
        migrations.CreateModel(
            name="StatisticsRow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                (
                    "key",
                    models.SlugField(help_text="Names the row for its children.", max_length=32, verbose_name="key"),
                ),
                ("parent_key", models.SlugField(blank=True, max_length=32, verbose_name="parent's key")),
                ("code", models.CharField(blank=True, max_length=8, verbose_name="code printed")),
                ("label", models.CharField(max_length=255, verbose_name="label")),
                ("indent", models.PositiveSmallIntegerField(default=0, verbose_name="indentation")),
                ("unit", models.CharField(blank=True, max_length=32, verbose_name="unit")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("total", "total"),
                            ("section", "section"),
                            ("part", "part"),
                            ("rest", "the rest (not classified)"),
                            ("of_which", "of which"),
                        ],
                        max_length=8,
                        verbose_name="role",
                    ),
                ),
                ("criteria", models.CharField(blank=True, max_length=255, verbose_name="criteria")),
                (
                    "form",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="reports.statisticsform",
                        verbose_name="form",
                    ),
                ),
            ],
            options={
                "verbose_name": "statistical form row",
                "verbose_name_plural": "statistical form rows",
                "ordering": ["form", "position"],
            },
        ),
        migrations.CreateModel(
            name="IssuedStatistics",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("form_number", models.CharField(max_length=64, verbose_name="form")),
                ("form_code", models.CharField(max_length=8, verbose_name="form code")),
                ("year", models.PositiveIntegerField(verbose_name="statistical year")),
                ("period_start", models.DateField(verbose_name="figures from")),
                ("period_end", models.DateField(verbose_name="figures to")),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("issued_at", models.DateTimeField(verbose_name="issued at")),
                ("snapshot", models.JSONField(verbose_name="figures as issued")),
                ("pdf", models.BinaryField(verbose_name="PDF as issued")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the PDF")),
                (
                    "issued_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="issued by",
                    ),
                ),
            ],
            options={
                "verbose_name": "issued statistical form",
                "verbose_name_plural": "issued statistical forms",
                "ordering": ["-year", "form_code"],
                "constraints": [
                    models.UniqueConstraint(fields=("form_code", "year"), name="issuedstatistics_once_per_form_year"),
                    models.CheckConstraint(
                        condition=models.Q(("pdf_sha256", ""), _negated=True), name="issuedstatistics_has_sha256"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gte", models.F("period_start"))),
                        name="issuedstatistics_period",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="StatisticsColumn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("number", models.CharField(max_length=8, verbose_name="number printed")),
                ("heading", models.CharField(max_length=500, verbose_name="heading")),
                ("label", models.CharField(max_length=255, verbose_name="label")),
                (
                    "role",
                    models.CharField(
                        choices=[("total", "total"), ("part", "part"), ("rest", "the rest (not classified)"), ("of_which", "of which")],
                        max_length=8,
                        verbose_name="role",
                    ),
                ),
                ("criteria", models.CharField(blank=True, max_length=255, verbose_name="criteria")),
                (
                    "form",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="columns",
                        to="reports.statisticsform",
                        verbose_name="form",
                    ),
                ),
            ],
            options={
                "verbose_name": "statistical form column",
                "verbose_name_plural": "statistical form columns",
                "ordering": ["form", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("form", "position"), name="statisticscolumn_position_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("role__in", ["total", "part", "rest", "of_which"])), name="statisticscolumn_role"
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="statisticsform",
            constraint=models.UniqueConstraint(fields=("regime", "code"), name="statisticsform_code_unique"),
        ),
        migrations.AddConstraint(
            model_name="statisticsrow",
            constraint=models.UniqueConstraint(fields=("form", "position"), name="statisticsrow_position_unique"),
        ),
        migrations.AddConstraint(
            model_name="statisticsrow",
            constraint=models.UniqueConstraint(fields=("form", "key"), name="statisticsrow_key_unique"),
        ),
        migrations.AddConstraint(
            model_name="statisticsrow",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["total", "section", "part", "rest", "of_which"])),
                name="statisticsrow_role",
            ),
        ),
        sql_by_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
