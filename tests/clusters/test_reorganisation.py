"""The 2025 reorganisation: Thông tư 15/2025/TT-BNV as data (EndedUnitRule) refusing a draft decision's rows, a
dossier and its nominees and the Excel imports naming a unit dissolved in it, with the successor named; cluster
places only in a unit's years; a unit's history on its page."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards import imports
from awards.decisions.services import (
    DecisionInvalid,
    TransitionNotAllowed,
    decision_create,
    decision_issue,
    decision_update,
)
from awards.models import Award, Decision
from awards.nominations.nominees import NomineeFields
from awards.nominations.services import DossierFields, DossierInvalid, dossier_create
from clusters.forms import MembershipForm, UnitAdminForm
from clusters.models import ClusterMembership, EndedUnitRule, Unit
from clusters.reorganisation import ended_units
from clusters.selectors import organisation_for_year
from tests.awards.import_helpers import BK_TINH, filled
from tests.factories import ClusterFactory, UnitFactory, award_type, decision_fields, kind, membership
from tests.factories import recipient as recipient_of
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

MERIT = "Khen công trạng"
AFTER_RULE = datetime.date(2025, 9, 1)  # Thông tư 15/2025/TT-BNV is dated 04/08/2025
BEFORE_RULE = datetime.date(2025, 7, 15)  # the district had ended, the circular was not yet signed


@pytest.fixture
def commune():
    return UnitFactory(name="Xã Đình Lập (tên minh họa)", kind=Unit.Kind.COMMUNE, active_from=datetime.date(2025, 7, 1))


@pytest.fixture
def district(commune):
    return UnitFactory(
        name="Huyện Đình Lập",
        kind=Unit.Kind.DISTRICT,
        active_to=datetime.date(2025, 6, 30),
        end_reason=Unit.EndReason.REORGANISATION,
        successor=commune,
    )


def recipient(**fields):
    """A row of a decision under the 2022 law (Khen công trạng); `kind_code="regular"` for one of 2018."""
    return recipient_of(**{"kind_code": "merit", **fields})


# The rule as data.


def test_the_catalog_holds_the_circular_as_a_verified_enabled_rule_from_its_date():
    rule = EndedUnitRule.objects.get(code="tt15-2025-khong-khen-don-vi-giai-the")
    assert rule.enabled and rule.verification == "verified" and rule.valid_from == datetime.date(2025, 8, 4)
    assert rule.end_reason == Unit.EndReason.REORGANISATION and "15/2025/TT-BNV" in rule.article


# Draft decisions: every path goes through decision_create / decision_update.


def test_a_row_linked_to_a_dissolved_district_is_refused_naming_its_successor(district):
    with pytest.raises(DecisionInvalid) as refused:
        decision_create(actor=None, fields=decision_fields(date=AFTER_RULE), recipients=[recipient(unit=district)])
    assert refused.value.rows[0]["workplace"] == [
        "“Huyện Đình Lập” đã giải thể từ 01/7/2025, đơn vị kế thừa: Xã Đình Lập (tên minh họa). Không khen thưởng cơ "
        "quan, tổ chức, đơn vị đã giải thể sau sắp xếp tổ chức bộ máy (Thông tư 15/2025/TT-BNV ngày 04/08/2025 của "
        "Bộ Nội vụ)."
    ]
    assert not Decision.objects.exists()


def test_a_collective_named_as_the_district_or_typed_as_workplace_is_refused_but_a_longer_name_is_not(district):
    rows = [
        recipient(recipient_kind="collective", name="huyện  đình lập", code="BK_TINH"),
        recipient(name="Nông Thu Hà", unit_name="Huyen Dinh Lap"),
        recipient(name="Vi Văn Tùng", unit_name="Phòng Tư pháp huyện Đình Lập"),
    ]
    with pytest.raises(DecisionInvalid) as refused:
        decision_create(actor=None, fields=decision_fields(date=AFTER_RULE), recipients=rows)
    assert set(refused.value.rows) == {0, 1}
    assert "Xã Đình Lập (tên minh họa)" in refused.value.rows[0]["recipient_name"][0]
    assert "Xã Đình Lập (tên minh họa)" in refused.value.rows[1]["workplace"][0]


def test_the_day_compared_is_the_decisions_date(district):
    # On its last day the district still exists; after it, before the circular, nothing forbade it yet.
    for date, kind_code in ((datetime.date(2018, 3, 1), "regular"), (datetime.date(2025, 6, 30), "merit")):
        rows = [recipient(unit=district, kind_code=kind_code)]
        decision_create(actor=None, fields=decision_fields(date=date), recipients=rows)
    decision_create(actor=None, fields=decision_fields(date=BEFORE_RULE), recipients=[recipient(unit=district)])
    assert Award.objects.filter(unit=district).count() == 3


def test_a_unit_ended_for_another_reason_or_under_a_disabled_rule_is_not_refused(district):
    closed = UnitFactory(name="Công ty TNHH Kho vận", active_to=datetime.date(2024, 1, 1), end_reason="other")
    decision_create(actor=None, fields=decision_fields(date=AFTER_RULE), recipients=[recipient(unit=closed)])
    EndedUnitRule.objects.update(enabled=False)
    decision_create(actor=None, fields=decision_fields(date=AFTER_RULE), recipients=[recipient(unit=district)])
    assert Decision.objects.count() == 2


def test_a_name_another_existing_unit_bears_is_not_refused_by_name(district):
    UnitFactory(name="Huyện Đình Lập")  # e.g. recorded twice: the name alone does not say which
    assert ended_units(on=AFTER_RULE).refusal_for_name("Huyện Đình Lập") is None
    assert ended_units(on=AFTER_RULE).refusal_for_unit(district.pk)


def test_moving_a_drafts_date_past_the_end_is_refused_and_an_issued_decision_is_untouched(district):
    draft = decision_create(actor=None, fields=decision_fields(date=BEFORE_RULE), recipients=[recipient(unit=district)])
    with pytest.raises(DecisionInvalid) as refused:
        decision_update(
            actor=None, decision=draft, fields=decision_fields(date=AFTER_RULE), recipients=[recipient(unit=district)]
        )
    assert "đã giải thể từ 01/7/2025" in refused.value.rows[0]["workplace"][0]
    draft.refresh_from_db()
    assert draft.date == BEFORE_RULE and draft.awards.get().unit == district


def test_a_draft_saved_before_the_units_end_was_recorded_is_not_issued(commune):
    district = UnitFactory(name="Huyện Đình Lập", kind=Unit.Kind.DISTRICT)
    rows = [recipient(name="Lý Thị Mai"), recipient(unit=district, name="Lăng Văn Tú")]
    draft = decision_create(actor=None, fields=decision_fields(date=AFTER_RULE), recipients=rows)
    Unit.objects.filter(pk=district.pk).update(
        active_to=datetime.date(2025, 6, 30), end_reason="reorganisation", successor=commune
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        decision_issue(actor=None, decision=draft)
    assert refused.value.messages[0].startswith("Dòng 2: “Huyện Đình Lập” đã giải thể từ 01/7/2025, đơn vị kế thừa")
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT


def test_a_page_of_a_long_draft_is_refused_for_a_row_on_another_page(district):
    rows = [recipient(name=f"Người số {n}") for n in range(3)] + [recipient(unit=district, name="Lý Thị Mai")]
    draft = decision_create(actor=None, fields=decision_fields(date=BEFORE_RULE), recipients=rows)
    with pytest.raises(DecisionInvalid) as refused:
        decision_update(
            actor=None,
            decision=draft,
            fields=decision_fields(date=AFTER_RULE),
            recipients=[recipient(name="Người số 0")],
            lines=(1, 1),
        )
    assert [m[:30] for m in refused.value.general] == ["Dòng 4 (ở trang khác): “Huyện "], refused.value.general


# Dossiers: on the day the list is written.


def _dossier_fields(unit):
    return DossierFields(unit=unit, commendation_kind=kind("regular"), year=2025, title="Đề nghị khen thưởng năm 2025")


def _nominee(name, recipient_kind="collective"):
    return NomineeFields(
        recipient_kind=recipient_kind, recipient_name=name, award_type=award_type("BK_TINH"), achievements="Tiêu biểu"
    )


def test_a_dissolved_unit_proposes_nothing_and_is_not_proposed(district, commune):
    with pytest.raises(DossierInvalid) as refused:
        dossier_create(actor=None, fields=_dossier_fields(district), nominees=[_nominee("Trạm Y tế xã Bắc Xa")])
    assert "đơn vị kế thừa: Xã Đình Lập (tên minh họa)" in refused.value.fields["unit"][0]
    with pytest.raises(DossierInvalid) as refused:
        dossier_create(
            actor=None,
            fields=_dossier_fields(commune),
            nominees=[_nominee("Hoàng Văn Phong", "individual"), _nominee("Huyện Đình Lập")],
        )
    assert set(refused.value.rows) == {1} and "đã giải thể từ 01/7/2025" in refused.value.rows[1]["recipient_name"][0]
    dossier_create(actor=None, fields=_dossier_fields(commune), nominees=[_nominee("Ủy ban nhân dân xã Bắc Xa")])


# Excel imports: the row's error listing.


def test_an_imported_row_naming_the_district_is_listed_with_its_row_and_column(district):
    draft = decision_create(actor=None, fields=decision_fields(date=AFTER_RULE), recipients=[recipient()])
    rows = [
        [BK_TINH, MERIT, "Cá nhân", "Nông Thị Hoa", "Chuyên viên", "Xã Bắc Xa", "Không"],
        [BK_TINH, MERIT, "Tập thể", "Huyện Đình Lập", "", "", "Không"],
        [BK_TINH, MERIT, "Cá nhân", "Lăng Văn Tú", "Chuyên viên", "Huyện Đình Lập", "Không"],
    ]
    result = imports.decision_import(actor=None, decision=draft, upload=filled(imports.decision_template(draft), rows))
    assert result.added == 0 and draft.awards.count() == 1
    listed = {(p.row, p.column[:1]) for p in result.errors}
    assert listed == {(3, "D"), (4, "F")}, result.errors
    assert all("đơn vị kế thừa: Xã Đình Lập (tên minh họa)" in p.problem for p in result.errors)


# Clusters follow the units of their year.


def test_a_unit_is_placed_only_in_the_years_it_existed(district, commune):
    form = MembershipForm(data={"cluster": ClusterFactory(year=2026).pk, "unit": district.pk, "role": "member"})
    assert not form.is_valid()
    assert "Huyện Đình Lập đã kết thúc hoạt động ngày 30/6/2025: không xếp vào cụm thi đua năm 2026" in str(form.errors)
    assert not MembershipForm(data={"cluster": ClusterFactory(year=2024).pk, "unit": commune.pk}).is_valid()
    membership(cluster=ClusterFactory(year=2025), unit=district)  # it existed until 30/6/2025
    with transaction.atomic(), pytest.raises(IntegrityError, match="membership_unit_inactive"):
        membership(cluster=ClusterFactory(year=2026), unit=district)


def test_a_units_period_cannot_leave_out_a_year_it_has_a_place_in(district):
    membership(cluster=ClusterFactory(year=2018), unit=district)
    data = {"name": district.name, "kind": district.kind, "active_to": "2017-12-31", "end_reason": "reorganisation"}
    form = UnitAdminForm(instance=district, data=data)
    assert not form.is_valid() and "2018" in str(form.errors)
    with transaction.atomic(), pytest.raises(IntegrityError, match="unit_period_excludes_membership"):
        Unit.objects.filter(pk=district.pk).update(active_to=datetime.date(2017, 12, 31))
    assert not UnitAdminForm(instance=district, data={**data, "active_to": "", "end_reason": "other"}).is_valid()


def test_the_organisation_of_a_year_lists_only_its_units(district, commune):
    cluster = ClusterFactory(year=2025, name="Cụm các huyện")
    membership(cluster=cluster, unit=district)  # until 30/6/2025
    membership(cluster=cluster, unit=commune)  # from 01/7/2025
    listed = [m.unit for b in organisation_for_year(year=2025) for c in b.clusters for m in c.members]
    assert set(listed) == {district, commune}
    membership(cluster=ClusterFactory(year=2026), unit=commune)
    assert [m.unit for b in organisation_for_year(year=2026) for c in b.clusters for m in c.members] == [commune]


# A unit's page shows its history.


def test_permissions_of_the_unit_page_with_its_history(client, staff, clerk_a, clerk_b, council_member, district):
    url = reverse("people:unit-detail", args=[district.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member], wrong_method="post")
    client.force_login(clerk_b)  # another unit's clerk
    assert client.get(url).status_code == 404


def test_the_unit_page_links_predecessors_and_successor_with_their_dates(client, staff, district, commune):
    other = UnitFactory(
        name="Xã Bắc Xa", active_to=datetime.date(2025, 6, 30), end_reason="reorganisation", successor=commune
    )
    client.force_login(staff)
    page = client.get(reverse("people:unit-detail", args=[commune.pk])).content.decode()
    history = page[page.index('id="unit-history"') :]
    assert history.index("Huyện Đình Lập") < history.index("Xã Bắc Xa")  # in the order they ended, then by name
    for unit in (district, other):
        assert f'href="{reverse("people:unit-detail", args=[unit.pk])}">{unit.name}</a>' in history
    assert "đến 30/6/2025" in history and "sáp nhập hoặc giải thể khi sắp xếp tổ chức bộ máy" in history
    Unit.objects.filter(pk=district.pk).update(end_source="NQ 1672/NQ-UBTVQH15 (PARTIAL)")
    page = client.get(reverse("people:unit-detail", args=[district.pk])).content.decode()
    assert "Đơn vị kế thừa" in page and reverse("people:unit-detail", args=[commune.pk]) in page
    assert "từ khi đơn vị này kết thúc ngày 30/6/2025" in page and "NQ 1672/NQ-UBTVQH15 (PARTIAL)" in page


def test_a_clerk_reads_their_units_history_without_links_to_units_they_may_not_open(client, commune, district):
    from tests.conftest import _unit_clerk

    clerk = _unit_clerk("vanthu.xa", "Xã khác")
    clerk.unit_account.unit = commune
    clerk.unit_account.save()
    client.force_login(clerk)
    page = client.get(reverse("people:unit-detail", args=[commune.pk])).content.decode()
    assert "Huyện Đình Lập" in page and reverse("people:unit-detail", args=[district.pk]) not in page


def test_the_organisation_page_links_the_unit_pages_the_user_may_open(client, staff, clerk_a, unit_a, unit_b):
    cluster = ClusterFactory(year=2025)
    for unit in (unit_a, unit_b):
        membership(cluster=cluster, unit=unit)
    url = reverse("clusters:organisation", args=[2025])
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert all(reverse("people:unit-detail", args=[u.pk]) in page for u in (unit_a, unit_b))
    client.force_login(clerk_a)
    page = client.get(url).content.decode()
    assert reverse("people:unit-detail", args=[unit_a.pk]) in page
    assert reverse("people:unit-detail", args=[unit_b.pk]) not in page and "Đơn vị B" in page


# The demo's 2025.


def test_the_demo_ends_the_districts_and_merged_departments_and_regroups_2025(demo):
    districts = Unit.objects.filter(kind=Unit.Kind.DISTRICT)
    assert districts.count() == 11
    assert set(districts.values_list("active_to", "end_reason")) == {(datetime.date(2025, 6, 30), "reorganisation")}
    assert all(d.successor.is_illustrative and d.successor.active_from == datetime.date(2025, 7, 1) for d in districts)
    assert Unit.objects.get(name="Thành phố Lạng Sơn").successor.name == "Phường Lương Văn Tri"
    assert all("PARTIAL" in d.end_source and "minh họa" in d.end_source for d in districts)  # labelled unverified
    assert Unit.objects.get(name="Sở Kế hoạch và Đầu tư").successor.name == "Sở Tài chính"
    merged = Unit.objects.filter(active_to=datetime.date(2025, 2, 28), end_reason="reorganisation")
    assert merged.count() == 7 and all("04/NQ-HĐND" in m.end_source and "PARTIAL" in m.end_source for m in merged)
    assert set(Unit.objects.get(name="Sở Nông nghiệp và Môi trường").predecessors.values_list("name", flat=True)) == {
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Tài nguyên và Môi trường",
    }
    placed_2025 = Unit.objects.filter(memberships__year=2025)
    assert not placed_2025.filter(active_to__year__lt=2026).exists()
    assert placed_2025.filter(name__startswith="Phường").count() == 4
    assert ClusterMembership.objects.filter(year=2018).count() == 130  # 2018 as it was
    assert ClusterMembership.objects.filter(year=2018, unit__in=districts).count() == 11
