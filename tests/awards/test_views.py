import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.models import Authority, AwardType, CommendationKind, Decision
from kernel.lib.formatting import vn_date
from tests.factories import award_type, make_decision, recipient
from tests.helpers import edit_version, password_confirmed, vietnamese
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


def _management(total, initial=0):
    return {
        "r-TOTAL_FORMS": str(total),
        "r-INITIAL_FORMS": str(initial),
        "r-MIN_NUM_FORMS": "0",
        "r-MAX_NUM_FORMS": "1000",
    }


def _row(
    index,
    *,
    code="BK_TINH",
    kind_code="regular",
    recipient_kind="individual",
    name="Hoàng Văn Phong",
    position="",
    workplace="",
    grassroots=False,
):
    row = {
        f"r-{index}-award_type": str(AwardType.objects.get(code=code).pk) if not code.isdigit() else code,
        f"r-{index}-commendation_kind": str(CommendationKind.objects.get(code=kind_code).pk),
        f"r-{index}-recipient_kind": recipient_kind,
        f"r-{index}-recipient_name": name,
        f"r-{index}-position": position,
        f"r-{index}-workplace": workplace,
    }
    if grassroots:
        row[f"r-{index}-is_grassroots"] = "on"
    return row


def _post_data(rows, **decision):
    data = {
        "number_and_symbol": "86/QĐ-UBND",
        "date": "2018-03-15",
        "authority": str(Authority.objects.get(code="provincial_chair").pk),
        "summary": "Về việc tặng Bằng khen",
        "signer_name": "Hồ Tiến Thiệu",
        "signer_title": "Phó Chủ tịch",
    }
    data.update(decision)
    data.update(_management(len(rows)))
    for index, row in enumerate(rows):
        data.update(_row(index, **row))
    return data


# Permissions: every view, every persona.


def test_permissions_of_the_decision_list(client, staff, clerk_a, clerk_b, council_member, viewer):
    # Unit clerks read the list too, narrowed to their unit (test_scope.py).
    url = reverse("awards:decision-list")
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member])
    for reader in (viewer, clerk_a, clerk_b):  # reading is all a viewer may do
        client.force_login(reader)
        assert client.get(url).status_code == 200


def test_permissions_of_the_new_decision_page(client, staff, clerk_a, council_member, viewer):
    assert_permissions(
        client,
        url=reverse("awards:decision-create"),
        method="get",
        allowed=staff,
        others=[clerk_a, council_member, viewer],
    )


def test_permissions_of_a_decision_page(client, staff, clerk_a, council_member):
    decision = make_decision()
    url = reverse("awards:decision-detail", args=[decision.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member], wrong_method="post")
    client.force_login(clerk_a)  # may read decisions, but this one does not award their unit
    assert client.get(url).status_code == 404


def test_permissions_of_editing_a_draft(client, staff, clerk_b, council_member, viewer):
    draft = make_decision(issued=False)
    assert_permissions(
        client,
        url=reverse("awards:decision-edit", args=[draft.pk]),
        method="get",
        allowed=staff,
        others=[clerk_b, council_member, viewer],
    )


def test_permissions_of_issuing(client, staff, clerk_a, council_member, viewer):
    draft = make_decision(issued=False)
    assert_permissions(
        client,
        url=reverse("awards:decision-issue", args=[draft.pk]),
        method="post",
        allowed=staff,
        others=[clerk_a, council_member, viewer],
        wrong_method="get",
    )
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT  # the allowed persona was asked for their password first
    password_confirmed(client)
    client.post(reverse("awards:decision-issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Decision.Status.ISSUED


def test_permissions_of_annulling(client, staff, clerk_a, council_member, viewer):
    decision = make_decision()
    assert_permissions(
        client,
        url=reverse("awards:decision-annul", args=[decision.pk]),
        method="get",
        allowed=staff,
        others=[clerk_a, council_member, viewer],
    )


def test_an_unknown_decision_is_not_found(staff_client):
    assert staff_client.get(reverse("awards:decision-detail", args=[999999])).status_code == 404


# Entering a decision with its recipients.


def test_staff_enter_a_decision_with_three_recipients(staff_client, staff):
    rows = [
        dict(
            name="Hoàng Văn Phong", kind_code="ad_hoc", recipient_kind="family", workplace="Thôn Kéo Khuế, xã Đình Lập"
        ),
        dict(name="UBND xã Đình Lập", recipient_kind="collective", grassroots=True),
        dict(name="Lý Văn En", position="Nông dân", workplace="Sở Tư pháp"),
    ]
    from tests.factories import UnitFactory

    UnitFactory(name="Sở Tư pháp")
    response = staff_client.post(reverse("awards:decision-create"), _post_data(rows))
    decision = Decision.objects.get(number=86, symbol="QĐ-UBND")
    assert response.status_code == 302 and response["Location"] == reverse("awards:decision-detail", args=[decision.pk])
    assert decision.status == Decision.Status.DRAFT and decision.created_by == staff
    awards = list(decision.awards.order_by("line_no"))
    assert [a.recipient_name for a in awards] == ["Hoàng Văn Phong", "UBND xã Đình Lập", "Lý Văn En"]
    assert awards[0].is_grassroots and awards[0].unit is None and awards[0].unit_name == "Thôn Kéo Khuế, xã Đình Lập"
    assert awards[2].unit.name == "Sở Tư pháp" and awards[2].unit_name == ""
    assert AuditLog.objects.filter(action="decision.create", object_id=str(decision.pk), actor=staff).exists()


def test_a_decision_with_six_hundred_recipients_is_saved_in_one_post(staff_client):
    rows = [dict(name=f"Cá nhân số {n}") for n in range(600)]
    response = staff_client.post(reverse("awards:decision-create"), _post_data(rows))
    assert response.status_code == 302
    assert Decision.objects.get(number=86).awards.count() == 600


def test_removed_and_untouched_new_rows_are_not_saved(staff_client):
    data = _post_data([dict(name="Giữ lại"), dict(name="Đã bỏ")])
    data["r-1-DELETE"] = "on"
    data.update(_management(3))
    # A row added in the browser arrives with the award, kind and recipient kind of the row above.
    blank = _row(2, name="")
    data.update(blank)
    assert staff_client.post(reverse("awards:decision-create"), data).status_code == 302
    assert list(Decision.objects.get(number=86).awards.values_list("recipient_name", flat=True)) == ["Giữ lại"]


def _refused(staff_client, data, *messages):
    before = Decision.objects.count()
    response = staff_client.post(reverse("awards:decision-create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    for message in messages:
        assert message in content, message
    assert Decision.objects.count() == before
    return content


def test_a_symbol_already_used_by_the_same_issuer_is_refused_and_nothing_is_lost(staff_client):
    make_decision(number=86, date=datetime.date(2018, 1, 10))
    content = _refused(
        staff_client,
        _post_data([dict(name="Người đã nhập")]),
        vietnamese(
            "Number %(number)s of %(year)s is already used by decision %(existing)s of %(date)s (%(issuer)s).",
            number="86",
            year=2018,
            existing="86/QĐ-UBND",
            date="10/01/2018",
            issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
        ),
    )
    assert 'value="Người đã nhập"' in content and 'value="86/QĐ-UBND"' in content


def test_the_number_already_used_is_outlined_and_its_message_tied_to_it(staff_client):
    make_decision(number=86, date=datetime.date(2018, 1, 10))
    content = _refused(staff_client, _post_data([dict()]))
    [field] = re.findall(r'<input [^>]*name="number_and_symbol"[^>]*>', content)
    assert re.search(r'class="[^"]*\bis-invalid\b', field) and 'aria-invalid="true"' in field
    described_by = re.search(r'aria-describedby="([^"]*)"', field)[1].split()
    assert described_by == ["id_number_and_symbol_helptext", "id_number_and_symbol_error"]
    for element_id in described_by:  # each names an element of the page
        assert f'id="{element_id}"' in content
    message = re.search(r'<ul class="errorlist" id="id_number_and_symbol_error"><li>(.*?)</li>', content)[1]
    assert message == vietnamese(
        "Number %(number)s of %(year)s is already used by decision %(existing)s of %(date)s (%(issuer)s).",
        number="86",
        year=2018,
        existing="86/QĐ-UBND",
        date="10/01/2018",
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
    )
    # The fields without an error are not marked.
    [date_field] = re.findall(r'<input [^>]*name="date"[^>]*>', content)
    assert "is-invalid" not in date_field and "aria-invalid" not in date_field


def test_a_flag_to_an_individual_and_a_family_as_emulation_fighter_are_refused_on_their_rows(staff_client):
    content = _refused(
        staff_client,
        _post_data(
            [
                dict(name="Bình thường"),
                dict(code="CO_TD_TINH", name="Cá nhân nhận cờ"),
                dict(code="CSTD_TINH", recipient_kind="family", name="Gia đình CSTĐ"),
            ]
        ),
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Chiến sĩ thi đua cấp tỉnh",
    )
    assert content.count('class="errorlist"') == 2
    assert 'value="Cá nhân nhận cờ"' in content and 'value="Gia đình CSTĐ"' in content


def test_a_date_in_the_future_is_refused(staff_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _refused(
        staff_client,
        _post_data([dict()], date=tomorrow.isoformat()),
        vietnamese("The decision date cannot be later than today (%(today)s).", today=vn_date(timezone.localdate())),
    )


def test_a_future_date_is_the_only_error_not_one_on_every_row(staff_client):
    # "Khen thường xuyên" ended in 2023: checked against a date that is itself refused, every row said so.
    later = timezone.localdate() + datetime.timedelta(days=40)
    content = _refused(
        staff_client,
        _post_data([dict(name="Người thứ nhất"), dict(name="Người thứ hai")], date=later.isoformat()),
        vietnamese("The decision date cannot be later than today (%(today)s).", today=vn_date(timezone.localdate())),
    )
    assert content.count('class="errorlist"') == 1
    assert 'id="id_date_error"' in content
    row_error = vietnamese(
        "“%(kind)s” was not a kind of commendation on %(date)s.", kind="Khen thường xuyên", date=vn_date(later)
    )
    assert row_error not in content
    assert 'value="Người thứ nhất"' in content and 'value="Người thứ hai"' in content


def test_a_decision_without_recipients_is_refused(staff_client):
    _refused(
        staff_client, _post_data([]), vietnamese("A decision must list at least one collective, individual or family.")
    )


def test_an_unknown_award_type_is_refused(staff_client):
    _refused(staff_client, _post_data([dict(code="999999")]), vietnamese("This award type is not in the catalog."))


def test_a_malformed_symbol_is_refused_with_an_example(staff_client):
    _refused(staff_client, _post_data([dict()], number_and_symbol="QĐ 86"), "651/QĐ-UBND")


def test_editing_a_draft_keeps_its_rows_and_an_issued_one_cannot_be_edited(staff_client):
    draft = make_decision(issued=False, number=90, recipients=[recipient(name="Dòng một"), recipient(name="Dòng hai")])
    page = staff_client.get(reverse("awards:decision-edit", args=[draft.pk])).content.decode()
    assert 'value="Dòng một"' in page and 'value="Dòng hai"' in page and 'value="90/QĐ-UBND"' in page
    data = _post_data(
        [dict(name="Dòng một"), dict(name="Dòng hai"), dict(name="Dòng ba")],
        number_and_symbol="90/QĐ-UBND",
        date="2018-03-01",
    )
    data.update(
        _management(3, initial=2), version=edit_version(staff_client, reverse("awards:decision-edit", args=[draft.pk]))
    )
    assert staff_client.post(reverse("awards:decision-edit", args=[draft.pk]), data).status_code == 302
    assert draft.awards.count() == 3
    issued = make_decision()
    response = staff_client.post(reverse("awards:decision-edit", args=[issued.pk]), data)
    assert response.status_code == 302 and issued.awards.count() == 1


def test_issuing_and_annulling_from_the_decision_page(staff_client, staff):
    draft = make_decision(issued=False)
    password_confirmed(staff_client)
    staff_client.post(reverse("awards:decision-issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Decision.Status.ISSUED and draft.issued_by == staff
    page = staff_client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert reverse("awards:decision-annul", args=[draft.pk]) in page
    assert reverse("awards:decision-edit", args=[draft.pk]) not in page
    response = staff_client.post(reverse("awards:decision-annul", args=[draft.pk]), {"reason": ""})
    assert (
        response.status_code == 200
        and vietnamese("Give the reason for annulling this decision.") in response.content.decode()
    )
    staff_client.post(reverse("awards:decision-annul", args=[draft.pk]), {"reason": "Nhập trùng"})
    draft.refresh_from_db()
    assert draft.status == Decision.Status.ANNULLED and draft.annulment_reason == "Nhập trùng"


# The list: filters, search, constant queries.


def test_the_list_filters_by_period_status_authority_award_and_searches(staff_client):
    a = make_decision(number=35, date=datetime.date(2018, 1, 8), recipients=[recipient(name="Hoàng Văn Phong")])
    b = make_decision(
        number=36,
        date=datetime.date(2018, 5, 8),
        recipients=[recipient("CO_TD_TINH", recipient_kind="collective", name="Sở Y tế")],
    )
    c = make_decision(number=37, date=datetime.date(2018, 5, 9), issued=False)
    d = make_decision(number=12, symbol="QĐ-TTg", authority="prime_minister", recipients=[recipient("BK_TTCP")])

    def listed(**params):
        response = staff_client.get(reverse("awards:decision-list"), params)
        return {x.pk for x in response.context["page"]}

    assert listed() == {a.pk, b.pk, c.pk, d.pk}
    assert listed(date_from="2018-05-01", date_to="2018-05-08") == {b.pk}
    assert listed(status="draft") == {c.pk}
    assert listed(award_type=award_type("CO_TD_TINH").pk) == {b.pk}
    assert listed(authority=d.authority_id) == {d.pk}
    assert listed(q="35/QĐ-UBND") == {a.pk}
    assert listed(q="Sở Y tế") == {b.pk}
    assert listed(q="12") == {d.pk}


def test_the_list_runs_the_same_number_of_queries_for_3_and_30_decisions(staff_client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("awards:decision-list")).status_code == 200
        return len(captured)

    for _ in range(3):
        make_decision(recipients=[recipient(), recipient(name="Người thứ hai")])
    few = count()
    for _ in range(27):
        make_decision(recipients=[recipient(), recipient(name="Người thứ hai")])
    assert count() == few


def test_a_decision_page_names_the_legal_regime_of_its_date(staff_client):
    in_2018 = make_decision(date=datetime.date(2018, 3, 1))
    page = staff_client.get(reverse("awards:decision-detail", args=[in_2018.pk])).content.decode()
    assert "Nghị định 91/2017/NĐ-CP" in page and "Hoàng Văn Phong" in page


def test_a_number_with_a_year_or_an_overlong_symbol_is_refused(staff_client):
    _refused(
        staff_client,
        _post_data([dict()], number_and_symbol="30/2018/QĐ-UBND"),
        vietnamese("An award decision's number carries no year: write it as 651/QĐ-UBND."),
    )
    _refused(
        staff_client,
        _post_data([dict()], number_and_symbol="31/QĐ-UBND-" + "X" * 60),
        vietnamese("This symbol is too long."),
    )


def test_a_suffix_does_not_reuse_a_number_of_the_same_year(staff_client):
    make_decision(number=86, date=datetime.date(2018, 1, 10))
    _refused(staff_client, _post_data([dict()], number_and_symbol="86/QĐ-UBND-VP"), "86/QĐ-UBND")


def test_an_invalid_filter_shows_its_error_and_no_decisions(staff_client):
    make_decision()
    response = staff_client.get(reverse("awards:decision-list"), {"date_from": "2018-06-20", "date_to": "2018-01-01"})
    assert response.status_code == 200 and list(response.context["page"]) == []
    assert vietnamese("The end of the period is before its start.") in response.content.decode()


def test_searching_odd_digits_is_not_an_error(staff_client):
    make_decision()
    for q in ["²", "٣", "99999999999999999999"]:
        assert staff_client.get(reverse("awards:decision-list"), {"q": q}).status_code == 200


def test_a_draft_issued_by_someone_else_meanwhile_is_not_overwritten(staff_client, monkeypatch):
    draft = make_decision(issued=False, number=95)
    page_opened = _post_data([dict(name="Sửa muộn")], number_and_symbol="95/QĐ-UBND", date="2018-03-01")
    page_opened.update(_management(1, initial=1))
    page_opened["version"] = edit_version(staff_client, reverse("awards:decision-edit", args=[draft.pk]))
    from awards.decisions import services
    from awards.decisions.services import decision_issue

    real_update = services.decision_update

    def issue_first(**kwargs):  # another member of staff issues it between the page load and the save
        decision_issue(actor=None, decision=kwargs["decision"])
        return real_update(**kwargs)

    monkeypatch.setattr("awards.decisions.services.decision_update", issue_first)
    response = staff_client.post(reverse("awards:decision-edit", args=[draft.pk]), page_opened)
    assert response.status_code == 302
    assert draft.awards.get().recipient_name == "Hoàng Văn Phong"


def test_the_list_counts_the_recipients_of_the_decisions_it_shows(staff_client):
    """Counted for the page's decisions only, one query, whatever the page (an OFFSET no longer counts the rows it
    skips): the second page of 51 decisions shows the oldest one with its 3 recipients."""
    oldest = make_decision(date=datetime.date(2017, 1, 2), recipients=[recipient(name=f"Người {i}") for i in range(3)])
    for day in range(1, 51):
        make_decision(date=datetime.date(2018, 1, 1) + datetime.timedelta(days=day))
    first = staff_client.get(reverse("awards:decision-list")).context["page"].rows
    second = staff_client.get(reverse("awards:decision-list"), {"page": 2}).context["page"].rows
    assert [d.award_count for d in first] == [1] * 50
    assert [(d.pk, d.award_count) for d in second] == [(oldest.pk, 3)]
