"""The dossier form's row editor of nominees: a unit clerk creates and edits a dossier row by row; an award the unit
may not propose, a recipient kind the award does not allow and a person the clerk may not see are refused next to
their row, every row comes back as typed and nothing is written; forged, NUL-laden and oversized input is refused
cleanly; the page's queries do not grow with its rows."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards import imports
from awards.models import Dossier, Nomination
from awards.nominations.nominees import MAX_NOMINEES, NomineeFields, nominee_errors
from awards.nominations.services import DossierFields, DossierInvalid, dossier_create, dossier_snapshot
from clusters.models import Person
from tests.awards.import_helpers import filled
from tests.awards.nominee_helpers import ACHIEVEMENTS, dossier_form, row, two_nominees
from tests.factories import award_type, kind
from tests.helpers import edit_version

pytestmark = pytest.mark.django_db
NOT_PROPOSED = "Đơn vị không đề nghị"


def _create_url():
    return reverse("awards:dossier-create")


def _edit_url(dossier):
    return reverse("awards:dossier-edit", args=[dossier.pk])


def _dossier(unit, *, people=(), count=2, actor=None) -> Dossier:
    """A draft of `count` nominees through the service: individuals (linked to `people` in turn) and a collective."""
    nominees = [
        NomineeFields(
            "individual",
            f"Hoàng Văn Phong {index}" if count > 2 else "Hoàng Văn Phong",
            award_type("BK_TINH"),
            ACHIEVEMENTS,
            person_id=people[index % len(people)].pk if people else None,
            person_chosen=bool(people),
        )
        for index in range(count - 1)
    ]
    nominees.append(NomineeFields("collective", "Phòng Tổ chức", award_type("BK_TINH"), "Tập thể tiêu biểu"))
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017")
    return dossier_create(actor=actor, fields=fields, nominees=nominees)


def _row_html(response, index: int) -> str:
    """The fieldset of row `index` in the page."""
    text = response.content.decode()
    start = text.index(f'id="nominee-n-{index}"')
    return text[start : text.index("</fieldset>", start)]


def _nothing_written():
    assert not Dossier.objects.exists() and not Nomination.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="dossier.").exists()


# Creating and editing.


def test_the_clerk_creates_a_dossier_with_two_nominees_row_by_row(client, clerk_a, unit_a):
    binh = Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_a)
    client.force_login(clerk_a)
    page = client.get(_create_url())
    assert page.status_code == 200 and 'id="nominee-n-0"' in page.text  # a new dossier opens with one empty row
    assert 'name="nominees"' not in page.text  # the old text box is gone
    rows = two_nominees()
    rows[0] = row("Triệu Văn Bình", position="Giáo viên", person=binh.pk)

    response = client.post(_create_url(), dossier_form(rows))

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:dossier-detail", args=[dossier.pk])
    assert dossier.unit == unit_a
    assert list(
        dossier.nominations.values_list("line_no", "recipient_kind", "recipient_name", "position", "award_type__code")
    ) == [
        (1, "individual", "Triệu Văn Bình", "Giáo viên", "BK_TINH"),
        (2, "collective", "Phòng Tổ chức - Hành chính", "", "BK_TINH"),
    ]
    assert [n.person for n in dossier.nominations.all()] == [binh, None]
    entry = AuditLog.objects.get(action="dossier.create")
    assert entry.actor == clerk_a and entry.after["nominations"][0]["person"] == binh.pk


def test_the_clerk_edits_the_rows_removes_one_adds_one_and_an_untouched_new_row_is_left_out(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    client.force_login(clerk_a)
    page = client.get(_edit_url(dossier))
    assert [f["recipient_name"].value() for f in page.context["formset"]] == ["Hoàng Văn Phong", "Phòng Tổ chức"]
    assert 'value="Hoàng Văn Phong"' in _row_html(page, 0)
    rows = [
        row("Hoàng Văn Phong", DELETE=True),
        row("Phòng Tổ chức", recipient_kind="collective", achievements="Dẫn đầu khối thi đua"),
        row("Nông Thị Hoa", award="CSTD_TINH"),
        row("", achievements=""),  # added in the browser (award and kind copied from above), nothing typed
    ]

    response = client.post(
        _edit_url(dossier), dossier_form(rows, initial=2, version=edit_version(client, _edit_url(dossier)))
    )

    assert response.status_code == 302
    assert list(dossier.nominations.values_list("line_no", "recipient_name", "award_type__code", "achievements")) == [
        (1, "Phòng Tổ chức", "BK_TINH", "Dẫn đầu khối thi đua"),
        (2, "Nông Thị Hoa", "CSTD_TINH", ACHIEVEMENTS),
    ]
    assert AuditLog.objects.filter(action="dossier.update", object_id=str(dossier.pk)).count() == 1


def test_a_person_staff_linked_outside_the_clerks_unit_stays_through_the_clerks_edit(client, clerk_a, unit_a, unit_b):
    dossier = _dossier(unit_a)
    elsewhere = Person.objects.create(full_name="Hoàng Văn Phong", current_unit=unit_b)
    Nomination.objects.filter(dossier=dossier, line_no=1).update(person=elsewhere)
    client.force_login(clerk_a)
    page = client.get(_edit_url(dossier))
    assert 'value="Hoàng Văn Phong"' in _row_html(page, 0).split('id="n-0-person-search"')[1]
    rows = [row("Hoàng Văn Phong", person=elsewhere.pk), two_nominees()[1]]

    assert (
        client.post(
            _edit_url(dossier), dossier_form(rows, initial=2, version=edit_version(client, _edit_url(dossier)))
        ).status_code
        == 302
    )

    assert dossier.nominations.get(line_no=1).person == elsewhere


def test_the_birth_date_of_a_person_outside_the_clerks_unit_is_not_shown(client, clerk_a, unit_a, unit_b):
    dossier = _dossier(unit_a, count=3)
    own = Person.objects.create(
        full_name="Hoàng Văn Phong 0", current_unit=unit_a, birth_date=datetime.date(1980, 3, 12)
    )
    elsewhere = Person.objects.create(
        full_name="Hoàng Văn Phong 1", current_unit=unit_b, birth_date=datetime.date(1975, 7, 9)
    )
    Nomination.objects.filter(dossier=dossier, line_no=1).update(person=own)
    Nomination.objects.filter(dossier=dossier, line_no=2).update(person=elsewhere)  # linked by staff
    client.force_login(clerk_a)

    page = client.get(_edit_url(dossier))

    assert [f.person_label for f in page.context["formset"].forms[:2]] == [
        "Hoàng Văn Phong 0 (12/3/1980)",
        "Hoàng Văn Phong 1",
    ]
    assert "7/1975" not in page.text and "1975" not in _row_html(page, 1)


# Refused rows: a message next to the row, every row back as typed, nothing written.


@pytest.mark.parametrize(
    ("code", "recipient_kind"),
    [("GK_XA", "individual"), ("LDTT", "individual"), ("CO_TD_QK", "collective"), ("GK_HUYEN", "family")],
)
def test_an_award_the_unit_may_not_propose_is_refused_next_to_its_row(client, clerk_a, code, recipient_kind):
    # A commune's, a unit head's, a ministry's, a district's: not proposed to the province.
    client.force_login(clerk_a)
    rows = [two_nominees()[0], row("Nông Văn Tú", award=code, recipient_kind=recipient_kind)]

    response = client.post(_create_url(), dossier_form(rows))

    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors
    assert list(errors) == ["award_type"] and errors["award_type"][0].startswith(NOT_PROPOSED)
    refused, kept = _row_html(response, 1), _row_html(response, 0)
    assert NOT_PROPOSED in refused and NOT_PROPOSED not in kept
    assert 'value="Nông Văn Tú"' in refused and 'value="Hoàng Văn Phong"' in kept
    assert f'<option value="{award_type(code).pk}" selected>' in refused  # the refused choice is still shown
    assert 'id="form-errors"' in response.text and 'href="#nominee-n-1"' in response.text
    _nothing_written()


@pytest.mark.parametrize(("code", "recipient_kind"), [("CSTD_TINH", "family"), ("CO_TD_TINH", "individual")])
def test_a_recipient_kind_the_award_does_not_allow_is_refused_next_to_its_row(client, clerk_a, code, recipient_kind):
    client.force_login(clerk_a)
    rows = [row("Gia đình ông Hoàng Văn Phong", award=code, recipient_kind=recipient_kind), two_nominees()[1]]

    response = client.post(_create_url(), dossier_form(rows))

    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert list(errors) == ["recipient_kind"] and "không tặng cho" in errors["recipient_kind"][0]
    assert "không tặng cho" in _row_html(response, 0) and "không tặng cho" not in _row_html(response, 1)
    _nothing_written()


def test_an_edit_refused_leaves_the_dossier_as_it_was(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    before = dossier_snapshot(dossier)
    client.force_login(clerk_a)
    rows = [row("Hoàng Văn Phong", award="LDTT"), row("Phòng Tổ chức", recipient_kind="collective", DELETE=True)]

    response = client.post(
        _edit_url(dossier),
        dossier_form(rows, initial=2, title="Tên mới", version=edit_version(client, _edit_url(dossier))),
    )

    assert response.status_code == 200 and response.context["formset"].forms[0].errors["award_type"]
    assert 'class="nominee-row border rounded px-3 pb-3 mb-3 d-none" id="nominee-n-1"' in response.text  # kept, hidden
    dossier.refresh_from_db()
    assert dossier_snapshot(dossier) == before
    assert not AuditLog.objects.filter(action="dossier.update").exists()


def test_the_service_refuses_an_award_not_valid_on_the_day(unit_a):
    # Xã, phường, thị trấn tiêu biểu exists from 2024: a list written in 2020 could not propose it.
    nominee = NomineeFields("collective", "Xã Mai Pha", award_type("XA_TIEU_BIEU"), ACHIEVEMENTS)
    general, rows = nominee_errors([nominee], actor=None, dossier=None, on=datetime.date(2020, 1, 1))
    assert not general and "không áp dụng vào ngày 01/01/2020" in rows[0]["award_type"][0]
    assert nominee_errors([nominee], actor=None, dossier=None, on=datetime.date(2024, 1, 1)) == ([], {})


def test_the_excel_import_is_held_to_the_same_rule(clerk_a, unit_a):
    dossier = _dossier(unit_a)
    commune = "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã"
    upload = filled(imports.dossier_template(dossier), [[commune, "Cá nhân", "Lương Văn Toàn", "", "Thành tích"]])

    result = imports.dossier_import(actor=clerk_a, dossier=dossier, upload=upload)

    assert result.errors and result.errors[0].problem.startswith(NOT_PROPOSED)
    assert dossier.nominations.count() == 2


# People: the pick stores the person's id; only people the clerk may choose.


def test_a_person_the_clerk_may_not_see_is_refused_and_not_named(client, clerk_a, unit_a, unit_b):
    other = Person.objects.create(full_name="Lục Thị Mến", birth_date=datetime.date(1979, 5, 2), current_unit=unit_b)
    mine = Person.objects.create(full_name="Lục Thị Mến", current_unit=unit_a)
    merged = Person.objects.create(full_name="Lục Văn Hải", current_unit=unit_a, merged_into=mine)
    client.force_login(clerk_a)
    rows = [
        row("Lục Thị Mến", person=other.pk),
        row("Lục Văn Hải", person=merged.pk),
        row("Phòng Tổ chức", recipient_kind="collective", person=mine.pk),
        row("Người không có", person=99_999_999_999),
    ]

    response = client.post(_create_url(), dossier_form(rows))

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert [list(f.errors) for f in forms] == [["person"], ["person"], [], ["person"]]
    assert forms[0].errors["person"][0].startswith("Không chọn được hồ sơ cá nhân này")
    assert "1979" not in response.text  # the other unit's person is not named back
    _nothing_written()
    # The service itself: a collective is never linked to a person, and another unit's person is refused.
    fields = DossierFields(unit=unit_a, commendation_kind=kind("regular"), year=2017, title="Đề nghị")
    nominees = [
        NomineeFields("collective", "Phòng Tổ chức", award_type("BK_TINH"), "x", person_id=mine.pk, person_chosen=True),
        NomineeFields("individual", "Lục Thị Mến", award_type("BK_TINH"), "x", person_id=other.pk, person_chosen=True),
    ]
    with pytest.raises(DossierInvalid) as caught:
        dossier_create(actor=clerk_a, fields=fields, nominees=nominees)
    assert list(caught.value.rows) == [0, 1] and all(list(r) == ["person"] for r in caught.value.rows.values())


def test_the_person_search_ignores_accents_and_keeps_to_the_clerks_people(client, clerk_a, unit_a, unit_b):
    born = datetime.date(1980, 3, 12)
    binh = Person.objects.create(full_name="Triệu Văn Bình", birth_date=born, current_unit=unit_a, position="Hiệu phó")
    Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_b)  # another unit's
    Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_a, merged_into=binh)  # merged into him
    url = reverse("people:person-suggestions")
    client.force_login(clerk_a)

    response = client.get(url, {"q": "trieu van binh"})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    [found] = response.json()["results"]
    assert response.json()["total"] == 1
    assert found["id"] == binh.pk and found["name"] == "Triệu Văn Bình" and found["position"] == "Hiệu phó"
    assert found["label"].startswith("Triệu Văn Bình (") and "1980" in found["label"]
    assert found["detail"].startswith("sinh ngày") and found["detail"].endswith("Hiệu phó · Đơn vị A")
    assert client.get(url, {"q": "TRIỆU   bình"}).json()["total"] == 1
    assert client.get(url, {"q": "b"}).json() == {"results": [], "total": 0, "more": False}  # one letter: nothing yet
    refused = client.get(url, {"q": "trieu\x00"})
    assert refused.status_code == 400 and "NUL" in refused.json()["errors"][0]
    assert client.get(url, {"q": "x" * 101}).status_code == 400


# Who may use the pages, and how.


def test_another_units_clerk_gets_404_and_changes_nothing(client, clerk_a, clerk_b, unit_a):
    dossier = _dossier(unit_a)
    before = dossier_snapshot(dossier)
    client.force_login(clerk_b)
    assert client.get(_edit_url(dossier)).status_code == 404
    assert client.post(_edit_url(dossier), dossier_form(two_nominees(), initial=2)).status_code == 404
    dossier.refresh_from_db()
    assert dossier_snapshot(dossier) == before


def test_anonymous_users_are_sent_to_the_login_page(client, unit_a):
    dossier = _dossier(unit_a)
    for url in (_create_url(), _edit_url(dossier), reverse("people:person-suggestions") + "?q=trieu"):
        for response in (client.get(url), client.post(url, dossier_form(two_nominees()))):
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert Dossier.objects.count() == 1 and dossier.nominations.count() == 2


def test_a_wrong_method_is_refused(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    client.force_login(clerk_a)
    for url in (_create_url(), _edit_url(dossier)):
        assert client.put(url).status_code == 405 and client.delete(url).status_code == 405
    assert client.post(reverse("people:person-suggestions"), {"q": "trieu"}).status_code == 405


def test_staff_and_council_members_do_not_use_the_editor_or_the_search(client, staff, council_member):
    client.force_login(staff)
    assert client.get(_create_url()).status_code == 403
    client.force_login(council_member)
    assert client.get(reverse("people:person-suggestions"), {"q": "trieu"}).status_code == 403


# Forged and oversized input.


@pytest.mark.parametrize("field", ["recipient_name", "position", "achievements"])
def test_nul_characters_in_a_row_are_refused_with_a_vietnamese_message(client, clerk_a, field):
    client.force_login(clerk_a)
    rows = two_nominees()
    rows[0][field] = "Hoàng\x00Văn Phong"

    response = client.post(_create_url(), dossier_form(rows))

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors[field] == [
        "Nội dung có ký tự điều khiển ẩn (NUL): hãy nhập lại, không có ký tự đó."
    ]
    _nothing_written()


def test_forged_values_are_refused_with_messages_not_errors(client, clerk_a):
    client.force_login(clerk_a)
    rows = [
        row("A", award=None, award_type="999999"),
        row("B", award=None, award_type="7\x00"),
        row("C", award=None, award_type="1" * 40),
        row("D", recipient_kind="household"),
        row("E", person="1\x00"),
        row("F", person="-3"),
    ]

    response = client.post(_create_url(), dossier_form(rows, title="Hồ sơ\x00", year="2017\x00"))

    assert response.status_code == 200
    assert [list(f.errors) for f in response.context["formset"].forms] == [
        ["award_type"],
        ["award_type"],
        ["award_type"],
        ["recipient_kind"],
        ["person"],
        ["person"],
    ]
    assert response.context["formset"].forms[0].errors["award_type"] == [
        "Danh hiệu, hình thức khen thưởng này không có trong danh mục. Vui lòng chọn trong danh sách."
    ]
    assert set(response.context["form"].errors) == {"title", "year"}
    _nothing_written()


def test_five_thousand_rows_are_refused_cleanly(client, clerk_a):
    client.force_login(clerk_a)
    rows = [row(f"Người số {index}") for index in range(5000)]
    body = urlencode(dossier_form(rows))  # as a browser sends the form

    response = client.post(_create_url(), body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        f"Mỗi hồ sơ đề nghị tối đa {MAX_NOMINEES} trường hợp: hãy chia danh sách thành nhiều hồ sơ."
    ]
    # No more rows are read than a dossier may hold, with as many removed.
    assert len(response.context["formset"].forms) == 2 * MAX_NOMINEES
    _nothing_written()


def test_a_full_dossier_with_a_row_removed_and_one_added_is_saved(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, count=MAX_NOMINEES)
    client.force_login(clerk_a)
    kept = [row(name) for name in dossier.nominations.order_by("line_no").values_list("recipient_name", flat=True)]
    kept[-1] = {**kept[-1], "DELETE": True}
    rows = [*kept, row("Nông Thị Hoa")]  # 501 sent, 500 to save

    response = client.post(
        _edit_url(dossier), dossier_form(rows, initial=MAX_NOMINEES, version=edit_version(client, _edit_url(dossier)))
    )

    assert response.status_code == 302, response.context["formset"].non_form_errors()
    names = list(dossier.nominations.order_by("line_no").values_list("recipient_name", flat=True))
    assert len(names) == MAX_NOMINEES and names[-1] == "Nông Thị Hoa"


@pytest.mark.parametrize("total", ["1000000000", "abc", None])
def test_a_forged_or_missing_row_count_is_refused_cleanly(client, clerk_a, total):
    client.force_login(clerk_a)
    data = dossier_form(two_nominees(), total=total)
    if total is None:
        del data["n-TOTAL_FORMS"]

    response = client.post(_create_url(), data)

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert "ManagementForm" not in response.text and "Please submit" not in response.text
    _nothing_written()


# Queries: the form page and its saving do not grow with the rows.


def _people(unit, count):
    return [Person.objects.create(full_name=f"Hoàng Văn Phong {index}", current_unit=unit) for index in range(count)]


def _form_queries(client, clerk, unit, count) -> tuple[int, int, int]:
    """(edit page, refused save, save) queries for a dossier of `count` nominees, each individual with a person."""
    people = _people(unit, count)
    dossier = _dossier(unit, people=people, count=count)
    client.force_login(clerk)
    version = edit_version(client, _edit_url(dossier))  # what the page's hidden field holds
    with CaptureQueriesContext(connection) as page:
        response = client.get(_edit_url(dossier))
    assert response.status_code == 200 and len(response.context["formset"].forms) == count
    assert response.text.count('value="Hoàng Văn Phong 0"') == 2  # the name, and the person picked
    rows = [row(f"Hoàng Văn Phong {i}", person=people[i].pk) for i in range(count - 1)]
    rows.append(row("Phòng Tổ chức", recipient_kind="collective"))
    refused = [*rows[:-1], row("Phòng Tổ chức", recipient_kind="collective", award="LDTT")]
    with CaptureQueriesContext(connection) as refusing:
        response = client.post(_edit_url(dossier), dossier_form(refused, initial=count, version=version))
    assert response.status_code == 200 and response.context["formset"].forms[-1].errors
    with CaptureQueriesContext(connection) as saving:
        response = client.post(_edit_url(dossier), dossier_form(rows, initial=count, version=version))
    assert response.status_code == 302
    assert list(dossier.nominations.values_list("person", flat=True)) == [p.pk for p in people[: count - 1]] + [None]
    return len(page), len(refusing), len(saving)


def test_the_form_page_and_its_saving_read_a_constant_number_of_queries(client, clerk_a, unit_a):
    few = _form_queries(client, clerk_a, unit_a, 3)
    Dossier.objects.all().delete()
    Person.objects.all().delete()
    many = _form_queries(client, clerk_a, unit_a, 30)
    assert many == few, f"3 nominees: {few} queries (page, refused, saved); 30 nominees: {many}"


def test_a_returned_dossier_is_edited_with_its_rows(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.RETURNED, submitted_at=timezone.now())
    client.force_login(clerk_a)
    rows = two_nominees()
    rows[0]["achievements"] = "Bổ sung số liệu năm 2017"
    assert (
        client.post(
            _edit_url(dossier), dossier_form(rows, initial=2, version=edit_version(client, _edit_url(dossier)))
        ).status_code
        == 302
    )
    assert dossier.nominations.get(line_no=1).achievements == "Bổ sung số liệu năm 2017"
