"""The demo's eligibility overrides: a nominee vetted once staff overrode, with a reason, the rule it fails, and a
draft decision whose row shows its overridden rule; both made through the audited service, once."""

import pytest
from django.urls import reverse

from audit.models import AuditLog
from awards.models import Decision, Dossier, EligibilityOverride
from thiduakhenthuong.demo import STAFF_LOGIN, draft_overrides_load

pytestmark = pytest.mark.django_db


def _staff(django_user_model):
    return django_user_model.objects.get(username=STAFF_LOGIN.username)


def test_a_nominee_was_vetted_after_staff_overrode_the_rule_it_fails(demo, staff_client, django_user_model):
    dossier = Dossier.objects.get(unit__name="Sở Y tế", status=Dossier.Status.FORWARDED)
    nominee = dossier.nominations.get(recipient_name="Triệu Văn Bình")
    [override] = EligibilityOverride.objects.filter(nomination=nominee).select_related("rule")
    # Bằng khen of the Prime Minister (Luật 2022 Đ73): 3 × Chiến sĩ thi đua cơ sở within 5 years; the portal has his
    # Bằng khen of the province (603/QĐ-UBND) but none of the unit-level titles.
    assert override.rule.code == "bkttcp-3-cstdcs-5-nam-2022" and override.created_by == _staff(django_user_model)
    assert override.reason.startswith("Hồ sơ kèm bản sao 03 quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở")
    assert nominee.vetting_ok is True
    entry = AuditLog.objects.get(action="eligibility.override", object_id=str(dossier.pk))
    assert entry.reason == override.reason and entry.after["rule"] == override.rule.code
    page = staff_client.get(reverse("awards:dossier-detail", args=[dossier.pk])).content.decode()
    assert override.reason in page and override.rule.name in page


def test_the_draft_decision_page_shows_an_overridden_row(demo, staff_client):
    draft = Decision.objects.get(number=1145, symbol="QĐ-UBND", date__year=2018, status=Decision.Status.DRAFT)
    row = draft.awards.get(recipient_name="Lương Thị Hồng Nhung")
    [override] = EligibilityOverride.objects.filter(award__decision=draft).select_related("rule")
    assert override.award == row and override.rule.code == "cstd-tinh-3-cstdcs-nd91"
    response = staff_client.get(reverse("awards:decision-detail", args=[draft.pk]))
    rows = {award.recipient_name: award.failed_rules for award in response.context["awards"]}
    [result] = rows["Lương Thị Hồng Nhung"]
    assert result.override == override and not result.blocking
    assert [failed for name, failed in rows.items() if name != "Lương Thị Hồng Nhung"] == [[]]
    page = response.content.decode()
    assert 'badge text-bg-warning">' in page and override.reason in page and "Nghị định 91/2017/NĐ-CP, Điều 9" in page


def test_loading_the_overrides_again_adds_none(demo, django_user_model):
    overrides, entries = EligibilityOverride.objects.count(), AuditLog.objects.count()
    assert overrides == 2 and demo["draft_overrides"] == 1
    assert draft_overrides_load(staff=_staff(django_user_model)) == 0
    assert (EligibilityOverride.objects.count(), AuditLog.objects.count()) == (overrides, entries)
