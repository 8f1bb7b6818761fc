"""The council's rules as dated data (issue #15): the attendance a meeting on awards needs, absent members'
written opinions, thresholds over those taking part, the standing body's path, the rules chosen by the meeting's
date, the admin's edits audited, and the reward coefficients of NĐ 152/2025 Điều 50."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from audit.models import AuditLog
from awards.council.meetings import MeetingRefused, ballot_record, meeting_attendance_set, meeting_close, meeting_create
from awards.council.opinions import standing_appraisal_record, written_opinion_record
from awards.council.rules import meeting_quorum
from awards.council.voting import ballot_outcome
from awards.models import CouncilRuleSet, Dossier, Nomination, RewardCoefficient, VotingRule, WrittenOpinion
from tests.awards.council_helpers import compose, council, members
from tests.awards.test_meetings import _dossier_at_meeting
from tests.factories import UnitFactory, UserFactory, award_type

pytestmark = pytest.mark.django_db
LANG_SON, BAC_NINH = "ls-qd-1338-2018", "bn-qd-86-2025"
DAY_2026 = datetime.date(2026, 1, 15)
MIGRATION = importlib.import_module("awards.migrations.0025_council_rules")


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


def _bac_ninh_in_force():
    """Bắc Ninh's example entered as this province's rules from 15/12/2025 (Lạng Sơn's 2018 rules end the day
    before): what staff do once the province's current rules are known."""
    CouncilRuleSet.objects.filter(code=LANG_SON).update(valid_to=datetime.date(2025, 12, 14))
    CouncilRuleSet.objects.filter(code=BAC_NINH).update(scope=CouncilRuleSet.Scope.IN_FORCE)


def _meeting(*nominees, day=DAY_2026):
    """A council of 10 (the chair and the standing vice-chair form its standing body) meeting on `day`."""
    compose(on=day - datetime.timedelta(days=20), member_list=members(10))
    dossier = _dossier_at_meeting(UnitFactory(), *nominees)
    meeting = meeting_create(
        actor=None, council=council(), date=day, place="UBND tỉnh", title="Phiên họp", dossiers=[dossier]
    )
    ids = list(meeting.composition.members.order_by("position").values_list("pk", flat=True))
    return meeting, dossier, ids


def _refused(service, **kwargs):
    with pytest.raises(MeetingRefused) as refused:
        service(**kwargs)
    return " ".join(refused.value.messages)


def test_a_meeting_under_80_percent_attendance_may_not_vote_on_awards_where_the_rules_require_it(staff):
    _bac_ninh_in_force()
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "CSTD_TINH"))
    nominee = dossier.nominations.get()
    quorum = meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids[:7]))
    assert (quorum.required, quorum.award_required, quorum.reached, quorum.may_vote) == (7, 8, True, False)
    votes = dict.fromkeys(ids[:7], True)
    message = _refused(ballot_record, actor=staff, meeting=meeting, nomination=nominee, named_votes=votes)
    assert "80%" in message and "8 of 10" in message and "7 are present" in message and "86/2025/QĐ-UBND" in message
    assert "No vote" not in message and not meeting.ballots.exists()
    assert "86/2025" in _refused(meeting_close, actor=staff, meeting=meeting)
    meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids[:8]))
    ballot = ballot_record(actor=staff, meeting=meeting, nomination=nominee, named_votes=dict.fromkeys(ids[:8], True))
    assert ballot.passed


def test_an_absent_members_written_opinion_is_counted_where_the_rules_say_so(staff):
    _bac_ninh_in_force()  # 51% of all 10 members: 6 must agree
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "CSTD_TINH"), ("Nông Thị Hà", "CSTD_TINH"))
    first, second = dossier.nominations.order_by("line_no")
    meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids[:8]))
    absent = meeting.composition.members.get(pk=ids[8])
    message = _refused(
        written_opinion_record,
        actor=staff,
        meeting=meeting,
        member=meeting.composition.members.get(pk=ids[0]),
        document_date=datetime.date(2026, 1, 10),
        opinions={first.pk: True},
    )
    assert "recorded absent" in message
    written_opinion_record(
        actor=staff,
        meeting=meeting,
        member=absent,
        document_date=datetime.date(2026, 1, 10),
        opinions={first.pk: True, second.pk: None},
    )
    [entry] = AuditLog.objects.filter(action="meeting.written_opinion")
    assert entry.after["opinions"] == {str(first.pk): True} and entry.actor == staff
    five_of_eight = {member: index < 5 for index, member in enumerate(ids[:8])}
    counted = ballot_record(actor=staff, meeting=meeting, nomination=first, named_votes=five_of_eight)
    assert counted.passed and (counted.votes_for, counted.written_for, counted.written_against) == (5, 1, 0)
    assert "6 of 10 members agreed" in counted.explanation and "1 of them by written opinion" in counted.explanation
    written_opinion_record(  # the second nominee's opinion, where the rules only record it in the minutes
        actor=staff,
        meeting=meeting,
        member=absent,
        document_date=datetime.date(2026, 1, 11),
        opinions={second.pk: True},
    )
    CouncilRuleSet.objects.filter(code=BAC_NINH).update(written_opinions=CouncilRuleSet.WrittenOpinions.RECORDED)
    recorded = ballot_record(actor=staff, meeting=meeting, nomination=second, named_votes=five_of_eight)
    assert not recorded.passed and recorded.written_for == 1  # kept for the minutes, not counted
    assert "5 of 10 members agreed" in recorded.explanation and "recorded, not counted" in recorded.explanation
    with pytest.raises(IntegrityError), transaction.atomic():  # the database: only an absent member's opinion
        WrittenOpinion.objects.create(
            meeting=meeting, nomination=second, member_id=ids[0], agrees=True, document_date=DAY_2026
        )


def test_the_standing_body_appraises_with_no_council_vote_and_the_dossier_moves_on(staff):
    _bac_ninh_in_force()
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "BK_TINH"))
    nominee = dossier.nominations.get()
    message = _refused(ballot_record, actor=staff, meeting=meeting, nomination=nominee, votes_for=1, votes_against=0)
    assert "standing body only" in message and "86/2025" in message
    assert "Say why" in _refused(
        standing_appraisal_record, actor=staff, meeting=meeting, nomination=nominee, agrees=False
    )
    assert "Hoàng Văn Phong" in _refused(meeting_close, actor=staff, meeting=meeting)  # not appraised yet
    appraisal = standing_appraisal_record(actor=staff, meeting=meeting, nomination=nominee, agrees=True)
    assert "Nông Văn Thành, Hoàng Văn Thành viên 1" in appraisal.explanation  # the chair, the standing vice-chair
    assert "no council vote is needed" in appraisal.explanation and "86/2025" in appraisal.explanation
    [entry] = AuditLog.objects.filter(action="meeting.standing_appraisal")
    assert entry.before is None and entry.after["agrees"] is True and entry.actor == staff
    meeting_close(actor=staff, meeting=meeting)  # no attendance recorded: the council did not vote
    nominee.refresh_from_db()
    dossier.refresh_from_db()
    assert nominee.result == Nomination.Result.PASSED and dossier.status == Dossier.Status.REVIEWED


def test_a_threshold_over_the_members_taking_part(staff):
    _bac_ninh_in_force()
    rule = VotingRule.objects.create(
        code="thu-nghiem-co-mat",
        name="Bỏ phiếu kín, 70% số thành viên tham gia",
        rule_set=CouncilRuleSet.objects.get(code=BAC_NINH),
        ballot=VotingRule.Ballot.SECRET,
        threshold_percent=70,
        denominator=VotingRule.Denominator.PRESENT,
        source="Quy chế thử nghiệm",
    )
    rule.award_types.set([award_type("CSTD_TINH")])
    # Of 10 members, 8 present: 6 agreeing are 75% of those present, though only 60% of all members.
    assert ballot_outcome(rule=rule, members=10, present=8, votes_for=6).passed
    assert not ballot_outcome(rule=rule, members=10, present=8, votes_for=5).passed
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "CSTD_TINH"))
    meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids[:8]))
    ballot = ballot_record(
        actor=staff, meeting=meeting, nomination=dossier.nominations.get(), votes_for=6, votes_against=2
    )
    assert ballot.passed and ballot.rule == rule and "of the members taking part" in ballot.explanation


def test_the_rules_in_force_on_the_meetings_date_decide_it(staff):
    _bac_ninh_in_force()
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "BK_TINH"), day=datetime.date(2018, 5, 15))
    quorum = meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids[:7]))
    assert quorum.rules.rule_set.code == LANG_SON and quorum.award_required is None and quorum.may_vote
    votes = dict.fromkeys(ids[:7], True)
    ballot = ballot_record(actor=staff, meeting=meeting, nomination=dossier.nominations.get(), named_votes=votes)
    assert ballot.passed and ballot.rule.code == "ls-2018-bieu-quyet-70" and "1338/QĐ-UBND" in ballot.explanation
    assert "Council rules" not in ballot.explanation  # the voting rule's source already names them
    CouncilRuleSet.objects.filter(code=BAC_NINH).update(scope=CouncilRuleSet.Scope.EXAMPLE)
    assert meeting_quorum(meeting=meeting).rules.rule_set.code == LANG_SON  # an example never applies


def test_the_database_keeps_one_rule_set_in_force_a_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilRuleSet.objects.filter(code=BAC_NINH).update(scope=CouncilRuleSet.Scope.IN_FORCE)


def test_the_admins_edit_of_a_rule_set_is_audited_and_an_overlap_refused(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    bac_ninh = CouncilRuleSet.objects.get(code=BAC_NINH)
    url = reverse("admin:awards_councilruleset_change", args=[bac_ninh.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(url, {**data, "scope": "in_force"})
    errors = response.context["adminform"].form.non_field_errors()
    assert response.status_code == 200 and "(2018)" in errors[0]  # names Lạng Sơn's rules in force
    assert CouncilRuleSet.objects.get(code=BAC_NINH).scope == CouncilRuleSet.Scope.EXAMPLE
    assert client.post(url, {**data, "award_meeting_min_percent": "75"}).status_code == 302
    [entry] = AuditLog.objects.filter(action="awards.councilruleset.admin_change")
    assert (entry.before["award_meeting_min_percent"], entry.after["award_meeting_min_percent"]) == (80, 75)


ARTICLE_50 = {
    ("CSTD_TQ", "individual"): "4.50",
    ("CSTD_TINH", "individual"): "3.00",
    ("CSTD_CS", "individual"): "1.00",
    ("LDTT", "individual"): "0.30",
    ("TTLDXS", "collective"): "1.50",
    ("TTLDTT", "collective"): "0.80",
    ("XA_TIEU_BIEU", "collective"): "2.00",
    ("THON_VH", "collective"): "1.50",
    ("CO_TD_CP", "collective"): "12.00",
    ("CO_TD_TINH", "collective"): "8.00",
}


def test_the_reward_coefficients_of_decree_152_article_50_and_their_correction_in_existing_databases():
    rows = RewardCoefficient.objects.filter(valid_from=MIGRATION.FROM_2025).select_related("award_type")
    loaded = {(r.award_type.code, r.recipient_kind): r for r in rows}
    for key, value in ARTICLE_50.items():
        row = loaded[key]
        assert (row.coefficient, row.verification) == (Decimal(value), "partial")
        assert row.source.startswith("Nghị định 152/2025/NĐ-CP Điều 50"), key
    # A database loaded before: the catalog's first wording is corrected, an administrator's own is kept.
    RewardCoefficient.objects.filter(pk=loaded["CO_TD_TINH", "collective"].pk).update(
        source=MIGRATION.FIRST_WORDING, verification="from_memory", coefficient=Decimal("7.00")
    )
    RewardCoefficient.objects.filter(pk=loaded["LDTT", "individual"].pk).update(
        source="Sửa tay", verification="verified"
    )
    MIGRATION.coefficients_correct(django_apps)
    flag, advanced = (
        RewardCoefficient.objects.get(pk=loaded[key].pk)
        for key in [("CO_TD_TINH", "collective"), ("LDTT", "individual")]
    )
    assert (flag.coefficient, flag.verification, flag.source) == (
        Decimal("8.00"),
        "partial",
        "Nghị định 152/2025/NĐ-CP Điều 50 khoản 2 điểm e",
    )
    assert (advanced.source, advanced.verification) == ("Sửa tay", "verified")


def test_members_are_asked_to_vote_only_on_nominees_the_standing_body_does_not_appraise(staff):
    from kernel.models import Notice, NoticeKind

    _bac_ninh_in_force()
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "BK_TINH"), ("Lò Thị Mai", "CSTD_TINH"))
    voter = UserFactory()
    meeting.composition.members.filter(pk=ids[0]).update(user=voter)
    meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids))
    [notice] = Notice.objects.filter(kind=NoticeKind.VOTE_WAITING, recipient=voter)
    assert "Lò Thị Mai" in notice.body and "Hoàng Văn Phong" not in notice.body
