"""Eligibility rules: loaded from the catalog (unverified ones switched off), each rule at its boundary, which
rules apply on a date, the audited override, and the vetting refused while a rule fails."""

import csv
import datetime
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from audit.models import AuditLog
from awards.decisions.catalog import CATALOG_DIR, catalog_load
from awards.models import Authority, Award, Dossier, EligibilityOverride, EligibilityRule, Nomination, PersonAward
from awards.nominations import eligibility
from awards.nominations.eligibility import (
    eligibility_check,
    eligibility_override,
    nomination_eligibility,
    recipient_history,
)
from awards.nominations.services import DossierInvalid, VettingFields, dossier_vet
from tests.awards.eligibility_helpers import NAME, earlier_awards, received_dossier
from tests.clusters.people import person
from tests.factories import UnitFactory, award_type, make_decision, recipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="Sở Tài chính")


def check(unit, *, code="CSTD_TINH", on, kind="individual", authority=None, name=NAME, person=None):
    results = eligibility_check(
        person=person,
        award_type=award_type(code),
        recipient_kind=kind,
        recipient_name=name,
        unit=unit,
        authority=Authority.objects.get(code=authority) if authority else None,
        date=on,
    )
    return {r.rule.code: r for r in results}


# Loading


def test_verified_rules_load_enabled_and_unverified_ones_disabled():
    rules = {r.code: r for r in EligibilityRule.objects.all()}
    assert rules["cstd-tinh-3-cstdcs-2022"].enabled and rules["cstd-tinh-3-cstdcs-nd91"].enabled
    assert rules["bkttcp-3-cstdcs-5-nam-2022"].enabled  # partly verified: runs, and can be overridden
    assert rules["danh-hieu-mot-lan-moi-nam"].verification == "from_memory"
    assert not rules["danh-hieu-mot-lan-moi-nam"].enabled and not rules["tham-quyen-nd91"].enabled
    consecutive = rules["cstd-tinh-3-cstdcs-2022"]
    assert consecutive.required_award_type.code == "CSTD_CS" and consecutive.required_count == 3
    assert [t.code for t in consecutive.award_types.all()] == ["CSTD_TINH"]
    assert "Điều 22" in consecutive.citation and "domain-facts.md" in consecutive.source


def test_a_row_turned_into_a_lead_is_loaded_disabled(tmp_path):
    directory = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, directory)
    path = directory / "eligibility_rules.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["code"] == "cstd-tinh-3-cstdcs-2022":
            row["verification"] = "lead"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    catalog_load(directory=directory, update=True)
    rule = EligibilityRule.objects.get(code="cstd-tinh-3-cstdcs-2022")
    assert rule.verification == "lead" and not rule.enabled


def test_the_database_refuses_a_prerequisite_without_its_parameters():
    with pytest.raises(IntegrityError):
        EligibilityRule.objects.create(code="x", name="x", kind="prerequisite_consecutive", required_count=3)


# Consecutive years (CSTĐ cấp tỉnh: 03 lần liên tục CSTĐ cơ sở)


def test_three_consecutive_years_pass(unit):
    earlier_awards(unit, "CSTD_CS", [2022, 2023, 2024])
    result = check(unit, on=datetime.date(2025, 3, 1))["cstd-tinh-3-cstdcs-2022"]
    assert result.passed is True and "Điều 22" in result.citation


def test_the_run_may_end_in_the_year_of_the_decision(unit):
    earlier_awards(unit, "CSTD_CS", [2023, 2024, 2025])
    assert check(unit, on=datetime.date(2025, 12, 20))["cstd-tinh-3-cstdcs-2022"].passed is True


def test_a_gap_fails_and_names_the_years_found(unit):
    earlier_awards(unit, "CSTD_CS", [2021, 2022, 2024])
    result = check(unit, on=datetime.date(2025, 3, 1))["cstd-tinh-3-cstdcs-2022"]
    assert result.passed is False and "2021, 2022, 2024" in result.reason and "3" in result.reason


def test_two_years_are_not_enough(unit):
    earlier_awards(unit, "CSTD_CS", [2023, 2024])
    assert check(unit, on=datetime.date(2025, 3, 1))["cstd-tinh-3-cstdcs-2022"].passed is False


def test_awards_of_a_namesake_in_another_unit_do_not_count(unit):
    earlier_awards(UnitFactory(name="Sở Y tế"), "CSTD_CS", [2022, 2023, 2024])
    earlier_awards(unit, "CSTD_CS", [2024])
    assert check(unit, on=datetime.date(2025, 3, 1))["cstd-tinh-3-cstdcs-2022"].passed is False


def test_without_any_earlier_award_the_portal_cannot_tell(unit):
    result = check(unit, on=datetime.date(2025, 3, 1))["cstd-tinh-3-cstdcs-2022"]
    assert result.passed is None and not result.blocking


def test_annulled_and_draft_decisions_are_not_history(unit):
    make_decision(
        recipients=[recipient("CSTD_CS", "merit", name=NAME, unit=unit)],
        authority="unit_head",
        date=datetime.date(2024, 3, 1),
        issued=False,
    )
    assert not recipient_history(recipient_name=NAME, unit=unit, recipient_kind="individual").exists()
    earlier_awards(unit, "CSTD_CS", [2023])
    assert recipient_history(recipient_name=f"  {NAME.upper()} ", unit=unit, recipient_kind="individual").count() == 1


# Counts within years (Bằng khen của Thủ tướng: 03 lần CSTĐ cơ sở trong 05 năm, đã có Bằng khen tỉnh)


def test_three_within_five_years_pass_and_an_older_one_does_not_count(unit):
    earlier_awards(unit, "BK_TINH", [2019])
    earlier_awards(unit, "CSTD_CS", [2020, 2022, 2024])
    results = check(unit, code="BK_TTCP", on=datetime.date(2025, 3, 1))
    assert results["bkttcp-bk-tinh-2022"].passed is True
    assert results["bkttcp-3-cstdcs-5-nam-2022"].passed is True
    results = check(unit, code="BK_TTCP", on=datetime.date(2026, 3, 1))  # 2020 is now more than 5 years back
    assert results["bkttcp-3-cstdcs-5-nam-2022"].passed is False
    assert "2021" in results["bkttcp-3-cstdcs-5-nam-2022"].reason


def test_a_prerequisite_for_individuals_does_not_apply_to_a_collective(unit):
    results = check(unit, code="BK_TTCP", kind="collective", on=datetime.date(2025, 3, 1))
    assert "bkttcp-3-cstdcs-5-nam-2022" not in results and "bkttcp-bk-tinh-2022" in results


def test_the_third_class_labour_order_needs_the_prime_ministers_certificate(unit):
    earlier_awards(unit, "CSTD_CS", [2021, 2022, 2023])
    results = check(unit, code="HC_LAO_DONG_3", on=datetime.date(2025, 3, 1))
    assert results["hcld3-3-cstdcs-2022"].passed is True
    assert results["hcld3-bkttcp-2022"].passed is False
    earlier_awards(unit, "BK_TTCP", [2024])
    assert check(unit, code="HC_LAO_DONG_3", on=datetime.date(2025, 3, 1))["hcld3-bkttcp-2022"].passed is True


# Once a year (loaded disabled: from memory)


def test_the_same_title_twice_in_a_year_fails_once_the_rule_is_enabled(unit):
    earlier_awards(unit, "CSTD_CS", [2024])
    assert "danh-hieu-mot-lan-moi-nam" not in check(unit, code="CSTD_CS", on=datetime.date(2024, 12, 1))
    EligibilityRule.objects.filter(code="danh-hieu-mot-lan-moi-nam").update(enabled=True)
    same_year = check(unit, code="CSTD_CS", on=datetime.date(2024, 12, 1))["danh-hieu-mot-lan-moi-nam"]
    assert same_year.passed is False and "2024" in same_year.reason
    next_year = check(unit, code="CSTD_CS", on=datetime.date(2025, 1, 15))["danh-hieu-mot-lan-moi-nam"]
    assert next_year.passed is True


# Grantor and recipient kind


def test_the_provincial_chair_grants_the_provincial_title_a_district_chair_does_not(unit):
    on = datetime.date(2025, 3, 1)
    assert check(unit, on=on, authority="provincial_chair")["tham-quyen-2022"].passed is True
    refused = check(unit, on=on, authority="district_chair")["tham-quyen-2022"]
    assert refused.passed is False and "Chủ tịch Ủy ban nhân dân tỉnh" in refused.reason


def test_a_nominee_without_a_deciding_authority_skips_the_grantor_rule(unit):
    assert "tham-quyen-2022" not in check(unit, on=datetime.date(2025, 3, 1))


def test_the_recipient_kind_must_be_allowed(unit):
    on = datetime.date(2025, 3, 1)
    assert check(unit, on=on)["doi-tuong-duoc-tang"].passed is True
    assert check(unit, on=on, kind="collective")["doi-tuong-duoc-tang"].passed is False


# Which rules apply on a date


def test_each_regime_has_its_rules(unit):
    before_decree_91 = check(unit, on=datetime.date(2017, 6, 1))
    assert "cstd-tinh-3-cstdcs-nd91" not in before_decree_91 and "cstd-tinh-3-cstdcs-2022" not in before_decree_91
    under_91 = check(unit, on=datetime.date(2019, 3, 1))
    assert "cstd-tinh-3-cstdcs-nd91" in under_91 and "cstd-tinh-3-cstdcs-2022" not in under_91
    last_day = check(unit, on=datetime.date(2023, 12, 31))
    assert "cstd-tinh-3-cstdcs-nd91" in last_day
    under_2022_law = check(unit, on=datetime.date(2024, 1, 1))
    assert "cstd-tinh-3-cstdcs-2022" in under_2022_law and "cstd-tinh-3-cstdcs-nd91" not in under_2022_law


def test_a_disabled_rule_does_not_run(unit):
    EligibilityRule.objects.filter(code="cstd-tinh-3-cstdcs-2022").update(enabled=False)
    assert "cstd-tinh-3-cstdcs-2022" not in check(unit, on=datetime.date(2025, 3, 1))


# Overrides and the vetting refusal


@pytest.fixture
def on_2025(monkeypatch):
    monkeypatch.setattr(eligibility, "vetting_date", lambda: datetime.date(2025, 3, 1))


@pytest.fixture
def gap_dossier(unit, on_2025):
    earlier_awards(unit, "CSTD_CS", [2022, 2024])
    return received_dossier(unit)


def _vet(dossier, *, actor, ok=True, remark=""):
    nomination = dossier.nominations.get()
    return dossier_vet(actor=actor, dossier=dossier, verdicts=[VettingFields(nomination.pk, ok, remark)])


def test_vetting_as_meeting_the_criteria_is_refused_while_a_rule_fails(gap_dossier, staff):
    with pytest.raises(DossierInvalid) as error:
        _vet(gap_dossier, actor=staff)
    assert "Chiến sĩ thi đua cấp tỉnh: 03 lần liên tục" in error.value.rows[0]["meets_criteria"][0]
    assert Dossier.objects.get(pk=gap_dossier.pk).status == Dossier.Status.RECEIVED
    _vet(gap_dossier, actor=staff, ok=False, remark="Chưa đủ 03 năm liên tục")
    assert Dossier.objects.get(pk=gap_dossier.pk).status == Dossier.Status.VETTED


def test_an_override_with_a_reason_lets_the_vetting_through_and_is_audited(gap_dossier, staff):
    nomination = gap_dossier.nominations.get()
    rule = EligibilityRule.objects.get(code="cstd-tinh-3-cstdcs-2022")
    override = eligibility_override(actor=staff, rule=rule, nomination=nomination, reason="Năm 2023 đi học dài hạn")
    entry = AuditLog.objects.get(action="eligibility.override")
    assert entry.reason == "Năm 2023 đi học dài hạn" and entry.actor == staff
    assert entry.object_id == str(gap_dossier.pk) and entry.after["rule"] == rule.code
    result = {r.rule.code: r for r in nomination_eligibility(nomination)}[rule.code]
    assert result.passed is False and result.override == override and not result.blocking
    _vet(gap_dossier, actor=staff)
    assert Dossier.objects.get(pk=gap_dossier.pk).status == Dossier.Status.VETTED


def test_an_override_needs_a_reason_and_one_target(gap_dossier, staff):
    nomination = gap_dossier.nominations.get()
    rule = EligibilityRule.objects.get(code="cstd-tinh-3-cstdcs-2022")
    with pytest.raises(ValidationError):
        eligibility_override(actor=staff, rule=rule, nomination=nomination, reason="  ")
    with pytest.raises(ValidationError):
        eligibility_override(actor=staff, rule=rule, reason="Lý do")
    assert not EligibilityOverride.objects.exists() and not AuditLog.objects.filter(action="eligibility.override")
    eligibility_override(actor=staff, rule=rule, nomination=nomination, reason="Lý do")
    with pytest.raises(ValidationError):
        eligibility_override(actor=staff, rule=rule, nomination=nomination, reason="Lần hai")
    assert EligibilityOverride.objects.count() == 1


def test_the_database_refuses_an_override_without_reason_or_target(gap_dossier, staff):
    nomination = gap_dossier.nominations.get()
    rule = EligibilityRule.objects.get(code="cstd-tinh-3-cstdcs-2022")
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityOverride.objects.create(rule=rule, nomination=nomination, reason="", created_by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityOverride.objects.create(rule=rule, reason="Lý do", created_by=staff)


def test_an_issued_decisions_row_cannot_be_overridden(unit, staff):
    decision = make_decision(
        recipients=[recipient("CSTD_TINH", "merit", name=NAME, unit=unit)], date=datetime.date(2025, 3, 1)
    )
    rule = EligibilityRule.objects.get(code="cstd-tinh-3-cstdcs-2022")
    with pytest.raises(ValidationError):
        eligibility_override(actor=staff, rule=rule, award=decision.awards.get(), reason="Lý do")


def test_one_query_for_many_recipients_finds_what_one_by_one_finds(unit, django_assert_num_queries):
    earlier_awards(unit, "CSTD_CS", [2023, 2024])
    make_decision(
        recipients=[recipient("CSTD_CS", "merit", name="Lý Văn Sáu", unit_name="Trường THCS Hữu Lũng")],
        authority="unit_head",
        date=datetime.date(2024, 3, 1),
    )
    asked = [
        eligibility.Recipient(NAME, unit, "individual"),
        eligibility.Recipient("lý văn  sáu", "Trường THCS Hữu Lũng", "individual"),
        eligibility.Recipient("Lý Văn Sáu", unit, "individual"),  # printed workplace ≠ this unit
        eligibility.Recipient(NAME, unit, "collective"),
    ]
    with django_assert_num_queries(1):
        histories = eligibility.recipient_histories(asked)
    one_by_one = [
        list(
            recipient_history(recipient_name=r.name, unit=r.unit, recipient_kind=r.kind).values_list(
                "award_type_id", "decision__date"
            )
        )
        for r in asked
    ]
    assert [sorted(h) for h in histories] == [sorted(h) for h in one_by_one]
    assert [len(h) for h in histories] == [2, 1, 0, 0]


def test_the_names_of_many_recipients_are_read_through_their_index():
    """At a million awards an OR of one comparison per recipient read the table once per recipient (300: 31 s);
    one IN over UPPER(recipient_name) is read through awards 0020's expression index (300: 0.45 s)."""
    asked = [eligibility.Recipient(f"Người thứ {i}", None, "individual") for i in range(300)]
    sql, params = eligibility._bearing_names(asked).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # As on a large table, where reading the awards by their name beats any other way in; a small test table
        # is otherwise read whole or through the decisions.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_nestloop"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "awards_award_recipient_upper" in plan, plan


# By person: a recipient with a person record is read by their awards wherever they worked.


@pytest.fixture
def moved(unit):
    """Hoàng Thị Mai: Chiến sĩ thi đua cơ sở at the Sở Y tế in 2022 and 2023, then at the Sở Tài chính in 2024."""
    mai = person(NAME, current_unit=unit)
    earlier_awards(UnitFactory(name="Sở Y tế"), "CSTD_CS", [2022, 2023])
    earlier_awards(unit, "CSTD_CS", [2024])
    for award in Award.objects.filter(recipient_name=NAME):
        PersonAward.objects.create(award=award, person=mai)
    return mai


def test_a_person_who_moved_unit_keeps_their_consecutive_years(unit, moved):
    on = datetime.date(2025, 3, 1)
    assert check(unit, on=on)["cstd-tinh-3-cstdcs-2022"].passed is False  # by name and unit: 2024 only
    assert check(unit, on=on, person=moved)["cstd-tinh-3-cstdcs-2022"].passed is True
    dossier = received_dossier(unit)
    nomination = dossier.nominations.get()
    Nomination.objects.filter(pk=nomination.pk).update(person=moved)
    nomination = Nomination.objects.select_related("dossier__unit", "award_type").get(pk=nomination.pk)
    results = {r.rule.code: r for r in nomination_eligibility(nomination, date=on)}
    assert results["cstd-tinh-3-cstdcs-2022"].passed is True


def test_a_namesake_in_the_same_unit_with_another_person_record_does_not_count(unit):
    mai = person(NAME, current_unit=unit)
    namesake = person(NAME, current_unit=unit, birth_date=datetime.date(1990, 1, 1))
    earlier_awards(unit, "CSTD_CS", [2022, 2023])
    earlier_awards(unit, "CSTD_CS", [2024])
    for award in Award.objects.filter(recipient_name=NAME):
        PersonAward.objects.create(award=award, person=namesake if award.decision.date.year < 2024 else mai)
    on = datetime.date(2025, 3, 1)
    assert check(unit, on=on)["cstd-tinh-3-cstdcs-2022"].passed is True  # by name and unit: both women's years
    result = check(unit, on=on, person=mai)["cstd-tinh-3-cstdcs-2022"]
    assert result.passed is False and "2024" in result.reason and "2023" not in result.reason
    assert check(unit, on=on, person=namesake.pk)["cstd-tinh-3-cstdcs-2022"].passed is False


def test_a_person_counts_awards_of_records_merged_into_them_and_awards_linked_to_nobody(unit):
    mai = person(NAME, current_unit=unit)
    merged = person("Hoàng T. Mai", merged_into=mai)
    earlier_awards(UnitFactory(name="Sở Y tế"), "CSTD_CS", [2022], name="Hoàng T. Mai")
    PersonAward.objects.create(award=Award.objects.get(recipient_name="Hoàng T. Mai"), person=merged)
    earlier_awards(unit, "CSTD_CS", [2023, 2024])  # not linked yet: her name in her unit
    history = recipient_history(recipient_name=NAME, unit=unit, recipient_kind="individual", person=mai)
    assert sorted(history.values_list("decision__date__year", flat=True)) == [2022, 2023, 2024]
    assert check(unit, on=datetime.date(2025, 3, 1), person=mai)["cstd-tinh-3-cstdcs-2022"].passed is True


def test_one_query_for_many_recipients_with_and_without_people(unit, moved, django_assert_num_queries):
    other = person("Lý Văn Sáu", current_unit=unit)
    earlier_awards(unit, "CSTD_CS", [2023], name="Lý Văn Sáu")
    asked = [
        eligibility.Recipient(NAME, unit, "individual", moved.pk),
        eligibility.Recipient(NAME, unit, "individual"),
        eligibility.Recipient("Lý Văn Sáu", unit, "individual", other.pk),  # linked to nobody: by name and unit
        eligibility.Recipient(NAME, unit, "individual", other.pk),  # her name, his record: her awards are hers
    ] * 5
    with django_assert_num_queries(1):
        histories = eligibility.recipient_histories(asked)
    one_by_one = [
        sorted(
            recipient_history(
                recipient_name=r.name, unit=r.unit, recipient_kind=r.kind, person=r.person_id
            ).values_list("award_type_id", "decision__date")
        )
        for r in asked
    ]
    assert [sorted(h) for h in histories] == one_by_one
    assert [len(h) for h in histories[:4]] == [3, 1, 1, 0]
