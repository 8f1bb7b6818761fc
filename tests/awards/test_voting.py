"""The council's thresholds: shares of all members, rounded up, chosen by award type and category."""

import datetime

import pytest

from awards.council.voting import ballot_outcome, votes_required, voting_rule_for, voting_rules_on
from awards.models import VotingRule
from tests.factories import award_type

DATE = datetime.date(2018, 7, 20)


@pytest.mark.parametrize(
    ("members", "percent", "required"),
    [(19, 70, 14), (19, 90, 18), (10, 70, 7), (10, 90, 9), (20, 70, 14), (20, 90, 18), (17, 70, 12), (1, 70, 1)],
)
def test_votes_required_round_fractions_of_a_member_up(members, percent, required):
    assert votes_required(members=members, percent=percent) == required


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("BK_TINH", "ls-2018-bieu-quyet-70"),
        ("CO_TD_TINH", "ls-2018-bieu-quyet-70"),
        ("CSTD_TINH", "ls-2018-bo-phieu-kin-90"),
        ("CSTD_TQ", "ls-2018-bo-phieu-kin-90"),
        ("NGUT", "ls-2018-bo-phieu-kin-90"),  # a State honorary title, by its category
        ("AHLD", "ls-2018-bo-phieu-kin-90"),
    ],
)
def test_each_award_type_gets_the_lang_son_2018_rule(code, rule):
    assert voting_rule_for(award_type=award_type(code), rules=voting_rules_on(DATE)).code == rule


@pytest.mark.django_db
def test_exactly_at_the_threshold_passes_one_vote_below_fails():
    rules = voting_rules_on(DATE)
    general = voting_rule_for(award_type=award_type("BK_TINH"), rules=rules)
    secret = voting_rule_for(award_type=award_type("CSTD_TINH"), rules=rules)
    assert ballot_outcome(rule=general, members=10, votes_for=7).passed  # exactly 70%
    assert not ballot_outcome(rule=general, members=10, votes_for=6).passed
    assert ballot_outcome(rule=secret, members=10, votes_for=9).passed  # exactly 90%
    assert not ballot_outcome(rule=secret, members=10, votes_for=8).passed
    assert not ballot_outcome(rule=general, members=19, votes_for=13).passed  # 68,4%
    outcome = ballot_outcome(rule=secret, members=19, votes_for=18)
    assert outcome.passed and outcome.required == 18
    assert "1338/QĐ-UBND" in outcome.explanation and "18" in outcome.explanation
    with pytest.raises(ValueError):
        ballot_outcome(rule=general, members=19, votes_for=20)


@pytest.mark.django_db
def test_a_rule_outside_its_validity_is_not_applied():
    VotingRule.objects.filter(code="ls-2018-bo-phieu-kin-90").update(valid_to=datetime.date(2018, 1, 1))
    rule = voting_rule_for(award_type=award_type("CSTD_TINH"), rules=voting_rules_on(DATE))
    assert rule.code == "ls-2018-bieu-quyet-70"
