"""The illustrative statistical year 2024 (load_demo adds it beside the 2018 demo): every class the forms count
has figures, all of it marked illustrative, and loading again adds nothing."""

import datetime

import pytest
from django.core.management import call_command

from audit.models import AuditLog
from awards.models import (
    Award,
    AwardClassification,
    CommendationBody,
    CommendationOfficer,
    Decision,
    IndividualClass,
    ProposingBody,
    StatisticsMethod,
)
from awards.statistics.selectors import UnclassifiedCounts, unclassified_award_counts
from campaigns.models import Campaign
from campaigns.statistics import campaign_duration_class
from kernel.lib.statistical_years import statistical_year
from thiduakhenthuong.demo_statistics_2024 import statistics_2024_load

pytestmark = pytest.mark.django_db

YEAR_2024 = statistical_year(2024)


def test_the_year_2024_covers_every_class_and_loads_once(demo):
    decisions_2018 = Decision.objects.filter(date__year=2018).count()
    awards_2018 = Award.objects.filter(decision__date__year=2018).count()
    counts_2018 = unclassified_award_counts(start=datetime.date(2017, 12, 1), end=datetime.date(2018, 11, 30))
    first = statistics_2024_load()
    assert first == {"campaigns": 6, "decisions": 7, "apparatus": 8}

    decisions = Decision.objects.filter(date__range=YEAR_2024)
    assert decisions.count() == 7
    assert all(d.is_illustrative and d.summary.endswith("(minh họa)") for d in decisions)
    assert set(decisions.values_list("status", flat=True)) == {Decision.Status.ISSUED}
    awards = Award.objects.filter(decision__in=decisions)
    # Every award is classified where a class applies: the 2024 forms have no "not classified" line.
    assert unclassified_award_counts(start=YEAR_2024[0], end=YEAR_2024[1]) == UnclassifiedCounts(0, 0, 0, 0)
    classes = AwardClassification.objects.filter(award__in=awards)
    assert set(classes.exclude(individual_class="").values_list("individual_class", flat=True)) == set(
        IndividualClass.values
    )
    assert set(classes.filter(award__recipient_kind="collective").values_list("is_enterprise", flat=True)) == {
        True,
        False,
    }
    assert set(classes.exclude(proposing_body="").values_list("proposing_body", flat=True)) == set(ProposingBody.values)
    assert awards.filter(recipient_kind="family").count() == 3
    methods = set(awards.values_list("commendation_kind__statistics_method", flat=True))
    assert methods == set(StatisticsMethod.values)

    campaigns = Campaign.objects.filter(name__endswith="(minh họa)")
    assert campaigns.count() == 6
    assert {c.scope for c in campaigns} == set(Campaign.Scope.values)
    assert {c.method for c in campaigns} == set(Campaign.Method.values)
    assert {campaign_duration_class(campaign=c) for c in campaigns} == set(Campaign.DurationClass.values)

    officers = CommendationOfficer.objects.filter(is_illustrative=True)
    assert CommendationBody.objects.filter(is_illustrative=True).count() == 2 and officers.count() == 6
    assert {o.sex for o in officers} == {"female", "male"} and len({o.training for o in officers}) >= 4
    assert officers.filter(left_on__isnull=False).count() == 1

    # The 2018 demo is untouched.
    assert Decision.objects.filter(date__year=2018).count() == decisions_2018
    assert Award.objects.filter(decision__date__year=2018).count() == awards_2018
    assert unclassified_award_counts(start=datetime.date(2017, 12, 1), end=datetime.date(2018, 11, 30)) == counts_2018
    assert counts_2018.individual_class > 600  # the 2018 awards carry no class: counted as not classified

    entries = AuditLog.objects.count()
    assert statistics_2024_load() == {"campaigns": 0, "decisions": 0, "apparatus": 0}
    assert AuditLog.objects.count() == entries


def test_load_demo_adds_the_year_2024(demo, capsys):
    call_command("load_demo")
    assert "Illustrative statistical year 2024: 7 new decisions" in capsys.readouterr().out
    assert Decision.objects.filter(date__range=YEAR_2024, is_illustrative=True).count() == 7
