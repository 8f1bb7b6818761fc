"""The council's rules as dated data (issue #15): CouncilRuleSet (quorum, the attendance a meeting that considers
awards needs, absent members' written opinions, the standing body's path per award type), the voting rules'
denominator and rule set, absent members' written opinions, the standing body's appraisals, and which members form
the standing body.

Existing databases: the voting rules already loaded (Lạng Sơn, QĐ 1338/2018) are attached to that rule set, created
here with the quorum the council had (`Council.quorum_percent`, moved into the rule set and removed: 67, its
default, meant two thirds); members other than ordinary ones form the standing body; and the reward coefficients
of NĐ 152/2025 Điều 50 still holding the catalog's first wording get its citation and verification (PARTIAL, as the
notes say). `load_catalog` adds the rest (the Bắc Ninh example) and never rewrites rows (fixtures/catalog).

The database keeps at most one rule set of this province in force on any day (PostgreSQL: an exclusion constraint
over the validity ranges; SQLite: triggers) and a written opinion to a member recorded absent (triggers). SQLite
drops a table's triggers when Django rebuilds it: a later AddField on these tables must create them again.
"""

import datetime
from decimal import Decimal

import django.db.models.deletion
import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models

from kernel.db.vendor_sql import sql_by_vendor

LANG_SON_2018 = {
    "code": "ls-qd-1338-2018",
    "name": "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (2018)",
    "province": "Lạng Sơn",
    "scope": "in_force",
    "source": (
        "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn (Quyết định số 1338/QĐ-UBND ngày 17/7/2018)"
    ),
    "verification": "verified",
    "quorum_verification": "from_memory",
    "written_opinions": "counted",
}

# NĐ 152/2025 Điều 50 (mức tiền thưởng danh hiệu thi đua), quoted by a TVPL Q&A (PARTIAL in the notes).
ARTICLE_50 = "Nghị định 152/2025/NĐ-CP Điều 50"
COEFFICIENTS_152 = [
    ("CSTD_TQ", "individual", "4.50", "khoản 1 điểm a"),
    ("CSTD_TINH", "individual", "3.00", "khoản 1 điểm b"),
    ("CSTD_CS", "individual", "1.00", "khoản 1 điểm c"),
    ("LDTT", "individual", "0.30", "khoản 1 điểm d"),
    ("CSTT", "individual", "0.30", "khoản 1 điểm d"),
    ("TTLDXS", "collective", "1.50", "khoản 2 điểm a"),
    ("DVQT", "collective", "1.50", "khoản 2 điểm a"),
    ("TTLDTT", "collective", "0.80", "khoản 2 điểm b"),
    ("DVTT", "collective", "0.80", "khoản 2 điểm b"),
    ("XA_TIEU_BIEU", "collective", "2.00", "khoản 2 điểm c"),
    ("THON_VH", "collective", "1.50", "khoản 2 điểm d"),
    ("CO_TD_CP", "collective", "12.00", "khoản 2 điểm đ"),
    ("CO_TD_TINH", "collective", "8.00", "khoản 2 điểm e"),
]
FIRST_WORDING = "Nghị định 152/2025/NĐ-CP (danh hiệu thi đua)"
FROM_2025 = datetime.date(2025, 7, 1)


def coefficients_correct(apps, schema_editor=None):
    """The rows as the catalog first loaded them get Điều 50's citation, value and verification; a row an
    administrator corrected since (another wording) is left as it is."""
    RewardCoefficient = apps.get_model("awards", "RewardCoefficient")
    for code, kind, value, clause in COEFFICIENTS_152:
        RewardCoefficient.objects.filter(
            award_type__code=code, recipient_kind=kind, valid_from=FROM_2025, source=FIRST_WORDING
        ).update(coefficient=Decimal(value), source=f"{ARTICLE_50} {clause}", verification="partial")


def rules_move_in(apps, schema_editor):
    RuleSet = apps.get_model("awards", "CouncilRuleSet")
    VotingRule = apps.get_model("awards", "VotingRule")
    Council = apps.get_model("awards", "Council")
    CouncilMember = apps.get_model("awards", "CouncilMember")
    CouncilMember.objects.exclude(role="member").update(standing_body=True)
    if VotingRule.objects.exists():
        council = Council.objects.order_by("pk").first()
        percent = council.quorum_percent if council is not None else 67
        numerator, denominator = (2, 3) if percent == 67 else (percent, 100)
        rule_set, _created = RuleSet.objects.get_or_create(
            code=LANG_SON_2018["code"],
            defaults={**LANG_SON_2018, "quorum_numerator": numerator, "quorum_denominator": denominator},
        )
        VotingRule.objects.filter(rule_set__isnull=True).update(rule_set=rule_set)
    coefficients_correct(apps)


def rules_move_out(apps, schema_editor):
    Council = apps.get_model("awards", "Council")
    rule_set = apps.get_model("awards", "CouncilRuleSet").objects.filter(code=LANG_SON_2018["code"]).first()
    if rule_set is not None:
        percent = -(-100 * rule_set.quorum_numerator // rule_set.quorum_denominator)
        Council.objects.update(quorum_percent=percent)


_OVERLAP = """
    o.scope = 'in_force' AND o.id IS NOT NEW.id
    AND (o.valid_from IS NULL OR NEW.valid_to IS NULL OR o.valid_from <= NEW.valid_to)
    AND (o.valid_to IS NULL OR NEW.valid_from IS NULL OR NEW.valid_from <= o.valid_to)
"""
_SQLITE_ABSENT = """
    SELECT RAISE(ABORT, 'writtenopinion_of_an_absent_member') WHERE NOT EXISTS (
        SELECT 1 FROM awards_attendance a
         WHERE a.meeting_id = NEW.meeting_id AND a.member_id = NEW.member_id AND a.present = 0);
"""
POSTGRESQL = [
    """
    ALTER TABLE awards_councilruleset ADD CONSTRAINT councilruleset_in_force_not_overlapping
        EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&) WHERE (scope = 'in_force')
    """,
    """
    CREATE FUNCTION awards_writtenopinion_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM awards_attendance a WHERE a.meeting_id = NEW.meeting_id
                          AND a.member_id = NEW.member_id AND NOT a.present) THEN
            RAISE EXCEPTION 'writtenopinion_of_an_absent_member: member %', NEW.member_id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    """
    CREATE TRIGGER awards_writtenopinion_guard BEFORE INSERT OR UPDATE ON awards_writtenopinion
        FOR EACH ROW EXECUTE FUNCTION awards_writtenopinion_guard();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_writtenopinion_guard ON awards_writtenopinion",
    "DROP FUNCTION IF EXISTS awards_writtenopinion_guard()",
    "ALTER TABLE awards_councilruleset DROP CONSTRAINT IF EXISTS councilruleset_in_force_not_overlapping",
]
SQLITE = [
    f"""CREATE TRIGGER awards_councilruleset_in_force_insert BEFORE INSERT ON awards_councilruleset
        WHEN NEW.scope = 'in_force' BEGIN
        SELECT RAISE(ABORT, 'councilruleset_in_force_not_overlapping')
         WHERE EXISTS (SELECT 1 FROM awards_councilruleset o WHERE {_OVERLAP});
    END""",
    f"""CREATE TRIGGER awards_councilruleset_in_force_update BEFORE UPDATE ON awards_councilruleset
        WHEN NEW.scope = 'in_force' BEGIN
        SELECT RAISE(ABORT, 'councilruleset_in_force_not_overlapping')
         WHERE EXISTS (SELECT 1 FROM awards_councilruleset o WHERE {_OVERLAP});
    END""",
    f"CREATE TRIGGER awards_writtenopinion_guard_insert BEFORE INSERT ON awards_writtenopinion BEGIN{_SQLITE_ABSENT}END",
    f"CREATE TRIGGER awards_writtenopinion_guard_update BEFORE UPDATE ON awards_writtenopinion BEGIN{_SQLITE_ABSENT}END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS awards_councilruleset_in_force_insert",
    "DROP TRIGGER IF EXISTS awards_councilruleset_in_force_update",
    "DROP TRIGGER IF EXISTS awards_writtenopinion_guard_insert",
    "DROP TRIGGER IF EXISTS awards_writtenopinion_guard_update",
]


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0024_register_numbers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CouncilRuleSet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=64, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                (
                    "province",
                    models.CharField(help_text="Whose rules these are.", max_length=64, verbose_name="province"),
                ),
                (
                    "scope",
                    models.CharField(
                        choices=[
                            ("in_force", "this province's rules"),
                            ("example", "another province's rules (an example, never applied)"),
                        ],
                        default="example",
                        max_length=16,
                        verbose_name="scope",
                    ),
                ),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="valid from")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid to")),
                ("source", models.CharField(max_length=500, verbose_name="legal source")),
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
                ("quorum_numerator", models.PositiveSmallIntegerField(default=2, verbose_name="quorum: numerator")),
                (
                    "quorum_denominator",
                    models.PositiveSmallIntegerField(
                        default=3,
                        help_text="A meeting may vote when at least this fraction of all members attends, e.g. 2/3.",
                        verbose_name="quorum: denominator",
                    ),
                ),
                (
                    "quorum_verification",
                    models.CharField(
                        choices=[
                            ("verified", "verified"),
                            ("partial", "partly verified"),
                            ("from_memory", "from memory, unverified"),
                            ("lead", "lead, unverified"),
                        ],
                        default="verified",
                        max_length=16,
                        verbose_name="verification of the quorum",
                    ),
                ),
                (
                    "award_meeting_min_percent",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty when the rules set none. Below it the council may not vote on awards.",
                        null=True,
                        verbose_name="minimum attendance of a meeting that considers awards (percent of all members)",
                    ),
                ),
                (
                    "written_opinions",
                    models.CharField(
                        choices=[
                            ("not_taken", "not taken"),
                            ("recorded", "recorded in the minutes, not counted"),
                            ("counted", "counted in the tally"),
                        ],
                        default="not_taken",
                        max_length=16,
                        verbose_name="written opinions of absent members",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "council rule set",
                "verbose_name_plural": "council rule sets",
                "ordering": ["scope", "-valid_from", "code"],
            },
        ),
        migrations.CreateModel(
            name="StandingAppraisal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("agrees", models.BooleanField(verbose_name="approved")),
                ("remark", models.TextField(blank=True, verbose_name="remark")),
                ("explanation", models.TextField(verbose_name="result and rule")),
                ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded at")),
            ],
            options={
                "verbose_name": "standing body's appraisal",
                "verbose_name_plural": "standing body's appraisals",
                "ordering": ["meeting", "nomination__dossier", "nomination__line_no"],
            },
        ),
        migrations.CreateModel(
            name="WrittenOpinion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("agrees", models.BooleanField(verbose_name="agrees")),
                ("document_date", models.DateField(verbose_name="date of the written opinion")),
                ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded at")),
            ],
            options={
                "verbose_name": "written opinion",
                "verbose_name_plural": "written opinions",
                "ordering": ["meeting", "member__position", "nomination"],
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="written_against",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="written opinions against"),
        ),
        migrations.AddField(
            model_name="ballot",
            name="written_for",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="written opinions for"),
        ),
        migrations.AddField(
            model_name="councilmember",
            name="standing_body",
            field=models.BooleanField(
                default=False,
                help_text="Thường trực Hội đồng: appraises on its own the awards the council's rules leave to it. By default the chair, the vice-chairs and the standing member.",
                verbose_name="member of the standing body",
            ),
        ),
        migrations.AddField(
            model_name="votingrule",
            name="denominator",
            field=models.CharField(
                choices=[
                    ("all", "all members of the council"),
                    ("present", "members taking part (present, or by a counted written opinion)"),
                ],
                default="all",
                max_length=16,
                verbose_name="share of",
            ),
        ),
        migrations.AlterField(
            model_name="votingrule",
            name="threshold_percent",
            field=models.PositiveSmallIntegerField(verbose_name="share needed (%)"),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "written_for__lte",
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                models.F("members_total"), "-", models.F("present")
                            ),
                            "-",
                            models.F("written_against"),
                        ),
                    )
                ),
                name="ballot_written_opinions_of_absent_members",
            ),
        ),
        migrations.AddField(
            model_name="councilruleset",
            name="party_opinion_award_types",
            field=models.ManyToManyField(
                blank=True,
                help_text="Recorded as a requirement before the proposal (tờ trình) is sent.",
                related_name="+",
                to="awards.awardtype",
                verbose_name="need the written opinion of the provincial Party standing committee",
            ),
        ),
        migrations.AddField(
            model_name="councilruleset",
            name="standing_body_award_types",
            field=models.ManyToManyField(
                blank=True,
                help_text="Nominees for these awards are appraised by the council's standing body, with no council vote.",
                related_name="+",
                to="awards.awardtype",
                verbose_name="appraised by the standing body only",
            ),
        ),
        migrations.AddField(
            model_name="votingrule",
            name="rule_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="voting_rules",
                to="awards.councilruleset",
                verbose_name="council rule set",
            ),
        ),
        migrations.AddConstraint(
            model_name="votingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("denominator__in", ["all", "present"])), name="votingrule_denominator_valid"
            ),
        ),
        migrations.AddField(
            model_name="standingappraisal",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="standing_appraisals",
                to="awards.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AddField(
            model_name="standingappraisal",
            name="nomination",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="standing_appraisals",
                to="awards.nomination",
                verbose_name="nomination",
            ),
        ),
        migrations.AddField(
            model_name="standingappraisal",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="standingappraisal",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="awards.councilruleset",
                verbose_name="council rules applied",
            ),
        ),
        migrations.AddField(
            model_name="writtenopinion",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="written_opinions",
                to="awards.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AddField(
            model_name="writtenopinion",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, to="awards.councilmember", verbose_name="member"
            ),
        ),
        migrations.AddField(
            model_name="writtenopinion",
            name="nomination",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="written_opinions",
                to="awards.nomination",
                verbose_name="nomination",
            ),
        ),
        migrations.AddField(
            model_name="writtenopinion",
            name="recorded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_to__isnull", True),
                    ("valid_to__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="councilruleset_validity_ordered",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(("scope__in", ["in_force", "example"])), name="councilruleset_scope_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="councilruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(("written_opinions__in", ["not_taken", "recorded", "counted"])),
                name="councilruleset_written_opinions_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("quorum_numerator__gte", 1),
                    ("quorum_denominator__gte", 1),
                    ("quorum_numerator__lte", models.F("quorum_denominator")),
                ),
                name="councilruleset_quorum_fraction",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("award_meeting_min_percent__isnull", True),
                    models.Q(("award_meeting_min_percent__gte", 1), ("award_meeting_min_percent__lte", 100)),
                    _connector="OR",
                ),
                name="councilruleset_award_minimum_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilruleset",
            constraint=models.CheckConstraint(
                condition=models.Q(("source", ""), _negated=True), name="councilruleset_has_source"
            ),
        ),
        migrations.AddConstraint(
            model_name="standingappraisal",
            constraint=models.UniqueConstraint(
                fields=("meeting", "nomination"), name="standingappraisal_once_per_nomination"
            ),
        ),
        migrations.AddConstraint(
            model_name="standingappraisal",
            constraint=models.CheckConstraint(
                condition=models.Q(("agrees", True), models.Q(("remark", ""), _negated=True), _connector="OR"),
                name="standingappraisal_refusal_says_why",
            ),
        ),
        migrations.AddConstraint(
            model_name="writtenopinion",
            constraint=models.UniqueConstraint(
                fields=("meeting", "nomination", "member"), name="writtenopinion_once_per_member_and_nominee"
            ),
        ),
        migrations.RunPython(rules_move_in, rules_move_out),
        # PostgreSQL refuses to alter a table with deferred foreign-key checks still pending from the rows above.
        sql_by_vendor(
            {"postgresql": ["SET CONSTRAINTS ALL IMMEDIATE"], "sqlite": []}, {"postgresql": [], "sqlite": []}
        ),
        migrations.AlterField(
            model_name="votingrule",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="voting_rules",
                to="awards.councilruleset",
                verbose_name="council rule set",
            ),
        ),
        migrations.RemoveField(
            model_name="council",
            name="quorum_percent",
        ),
        sql_by_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
