"""The Excel import and people: the optional date of birth and identity number columns checked row by row, a file
made from the previous template (without them) still imported, and each individual row linked to the person it
surely is (identity number, else name and date of birth, else name and unit), never to one of several namesakes,
never creating anyone, audited, once, in a number of queries that does not grow with the rows."""

import datetime
import io

import pytest
from django.contrib.messages import INFO
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from audit.models import AuditLog
from awards import imports
from awards.models import Award, Nomination, PersonAward
from awards.nominations.services import DossierFields, NomineeFields, dossier_create
from clusters.models import Person
from tests.awards.import_helpers import BK_TINH, REGULAR, filled, good_rows, nominee_rows
from tests.clusters.people import person
from tests.factories import UnitFactory, award_type, kind, make_decision, recipient

pytestmark = pytest.mark.django_db

HOA_BORN = datetime.date(1975, 1, 6)


def _import(draft, upload):
    with override("en"):
        return imports.decision_import(actor=None, decision=draft, upload=upload)


def _row(name="Nông Thị Hoa", *, born=None, id_number=None, workplace="Sở Nội vụ", kind_label="Cá nhân"):
    return [BK_TINH, REGULAR, kind_label, name, "Chuyên viên", workplace, "Không", born, id_number]


def _person_of(draft, name="Nông Thị Hoa") -> Person | None:
    link = PersonAward.objects.filter(award__decision=draft, award__recipient_name=name).first()
    return link.person if link else None


def _only_problem(result):
    assert result.added == 0 and len(result.errors) == 1, result.errors
    return result.errors[0]


# The template.


def test_the_template_ends_with_the_two_optional_columns_formatted_as_text(draft, template):
    workbook = load_workbook(io.BytesIO(template))
    data = workbook[imports.DATA_SHEET]
    assert (data["H1"].value, data["I1"].value) == ("Ngày sinh", "Số định danh cá nhân / CCCD")
    assert data.column_dimensions["H"].number_format == data.column_dimensions["I"].number_format == "@"
    assert data.column_dimensions["G"].number_format == "General"
    help_text = "\n".join(str(c.value) for (c,) in workbook[imports.HELP_SHEET].iter_rows(max_col=1) if c.value)
    assert "I – Số định danh cá nhân / CCCD" in help_text and "không tạo hồ sơ cá nhân mới" in help_text
    dossier_headers = [c.header for c in imports.DOSSIER_COLUMNS]
    assert dossier_headers[-2:] == ["Ngày sinh", "Số định danh cá nhân / CCCD"]


# Linking.


def test_an_identity_number_links_the_row_to_its_person_whatever_the_name_says(draft, template):
    hoa = person("Nông Thị Hoa", id_number="020075000123", current_unit=UnitFactory(name="Sở Tài chính"))
    rows = [_row("NÔNG THỊ HOA", id_number="020 075 000 123"), good_rows()[1]]
    result = _import(draft, filled(template, rows))
    assert (result.added, result.linked, result.unlinked, result.errors) == (2, 1, 0, [])
    assert _person_of(draft, "NÔNG THỊ HOA") == hoa
    entry = AuditLog.objects.get(action="award.person_link")
    assert entry.after["person"] == hoa.pk and entry.reason == "Found on import from Excel"
    assert entry.object_id == str(Award.objects.get(recipient_name="NÔNG THỊ HOA").pk)


def test_an_identity_number_typed_as_a_number_gets_its_leading_zero_back(draft, template):
    hoa = person("Nông Thị Hoa", id_number="020075000123")
    result = _import(draft, filled(template, [_row(id_number=20075000123)]))
    assert (result.linked, result.errors) == (1, []) and _person_of(draft) == hoa


@pytest.mark.parametrize("born", ["06/01/1975", " 6/1/1975 ", datetime.datetime(1975, 1, 6)], ids=str)
def test_the_name_and_date_of_birth_link_the_row(draft, template, born):
    hoa = person("Nông Thị Hoa", birth_date=HOA_BORN)
    person("Nông Thị Hoa", birth_date=datetime.date(1980, 5, 5))  # a namesake born another day
    result = _import(draft, filled(template, [_row("nong thi hoa", born=born)]))
    assert (result.linked, result.unlinked, result.errors) == (1, 0, [])
    assert _person_of(draft, "nong thi hoa") == hoa


def test_the_name_and_the_rows_registered_workplace_link_the_row(draft, template):
    home_affairs = UnitFactory(name="Sở Nội vụ")
    hoa = person("Nông Thị Hoa", current_unit=home_affairs)
    person("Nông Thị Hoa", current_unit=UnitFactory(name="Sở Tài chính"))
    result = _import(draft, filled(template, [_row(workplace="sở nội vụ")]))
    assert Award.objects.get(recipient_name="Nông Thị Hoa").unit == home_affairs
    assert (result.linked, result.unlinked) == (1, 0) and _person_of(draft) == hoa


def test_namesakes_born_the_same_day_leave_the_row_unlinked_and_nobody_is_created(draft, template):
    person("Nông Thị Hoa", birth_date=HOA_BORN)
    person("Nông Thị Hoa", birth_date=HOA_BORN)
    result = _import(draft, filled(template, [_row(born="06/01/1975"), _row("Lý Văn Mới", born="01/02/1990")]))
    assert (result.added, result.linked, result.unlinked, result.errors) == (2, 0, 2, [])
    assert not PersonAward.objects.exists() and Person.objects.count() == 2
    assert not AuditLog.objects.filter(action__in=["award.person_link", "person.create"]).exists()


def test_another_identity_number_is_another_person_whatever_the_name_and_date(draft, template):
    person("Nông Thị Hoa", birth_date=HOA_BORN, id_number="020075000999")
    result = _import(draft, filled(template, [_row(born="06/01/1975", id_number="020075000123")]))
    assert (result.linked, result.unlinked) == (0, 1) and _person_of(draft) is None


def test_importing_the_same_file_twice_links_once(draft, template):
    person("Nông Thị Hoa", id_number="020075000123")
    upload = filled(template, [_row(id_number="020075000123"), good_rows()[1]])
    _import(draft, upload)
    audits = AuditLog.objects.count()
    again = _import(draft, upload)
    assert (again.added, again.skipped, again.linked, again.unlinked) == (0, 2, 0, 0)
    assert PersonAward.objects.count() == 1 and AuditLog.objects.count() == audits


def test_a_second_file_keeps_the_links_the_first_one_made(draft, template):
    hoa = person("Nông Thị Hoa", id_number="020075000123")
    toan = person("Lương Văn Toàn", id_number="020080000456")
    _import(draft, filled(template, [_row(id_number="020075000123")]))
    result = _import(draft, filled(template, [_row("Lương Văn Toàn", id_number="020080000456")]))
    assert (result.added, result.linked) == (1, 1)
    assert _person_of(draft) == hoa and _person_of(draft, "Lương Văn Toàn") == toan
    # The second import rewrote the draft's rows: Hoa's row got her person back, audited under its new id.
    hoa_row = PersonAward.objects.get(person=hoa).award_id
    kept = AuditLog.objects.filter(action="award.person_link", object_id=str(hoa_row))
    assert [entry.after["person"] for entry in kept] == [hoa.pk]


def test_matching_takes_the_same_number_of_queries_for_3_or_30_rows(template):
    def queries(count: int) -> int:
        draft = make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])
        rows = []
        for i in range(count):
            person(f"Người Số {count}-{i}", id_number=f"0200{count:02d}{i:06d}")
            person(f"Người Khác {count}-{i}", birth_date=HOA_BORN)
            rows += [_row(f"Người Số {count}-{i}", id_number=f"0200{count:02d}{i:06d}")]
            rows += [_row(f"Người Khác {count}-{i}", born="06/01/1975"), _row(f"Không Ai {count}-{i}")]
        upload = filled(template, rows)
        with CaptureQueriesContext(connection) as captured:
            result = _import(draft, upload)
        assert (result.added, result.linked, result.unlinked) == (3 * count, 2 * count, count), result.errors
        return len(captured)

    assert queries(30) == queries(3)


# Bad cells: each named by its row and column; nothing written.


@pytest.mark.parametrize(
    ("cell", "value", "label", "problem", "expected"),
    [
        ("H2", "31/02/1975", "H – Ngày sinh", "“31/02/1975” is not a date.", "dd/mm/yyyy"),
        ("H2", "1975", "H – Ngày sinh", "is not a date", "dd/mm/yyyy"),
        ("H2", 27400, "H – Ngày sinh", "“27400” is not a date.", "dd/mm/yyyy"),
        ("H2", "06/01/2975", "H – Ngày sinh", "06/01/2975 is not a possible date of birth.", "dd/mm/yyyy"),
        ("H2", "=DATE(1975,1,6)", "H – Ngày sinh", "formula", "not a formula"),
        ("I2", "12345", "I – Số định danh cá nhân / CCCD", "“12345” has 5 digits.", "12 digits (CCCD)"),
        ("I2", "0200750001234", "I – Số định danh", "has 13 digits", "9 digits (former CMND)"),
        ("I2", "CCCD 020075000123", "I – Số định danh", "is not an identity card number", "12 digits"),
        ("I2", 20075000.5, "I – Số định danh", "is not an identity card number", "12 digits"),
        ("I2", datetime.date(2018, 1, 1), "I – Số định danh", "a date", "12 digits"),
        ("H3", "06/01/1975", "H – Ngày sinh", "Only an individual", "Tập thể"),
        ("I3", "020075000123", "I – Số định danh", "Only an individual", "Tập thể"),
    ],
)
def test_a_bad_date_of_birth_or_identity_number_is_reported(draft, template, cell, value, label, problem, expected):
    def edit(workbook):
        workbook[imports.DATA_SHEET][cell] = value

    error = _only_problem(_import(draft, filled(template, [_row(), good_rows()[1]], edit=edit)))
    assert (error.row, error.column[: len(label)]) == (int(cell[1:]), label)
    assert problem in error.problem and expected in error.expected
    assert draft.awards.count() == 1


# Files made from the previous template.


def _without_the_new_columns(workbook):
    """The template before the date of birth and identity number (H, I) and the statistics classes (J–L)."""
    workbook[imports.DATA_SHEET].delete_cols(8, 5)


def test_a_file_made_from_the_previous_template_still_imports(draft, template):
    person("Nông Thị Hoa", current_unit=UnitFactory(name="Sở Nội vụ"))
    result = _import(draft, filled(template, good_rows(), edit=_without_the_new_columns))
    assert (result.added, result.linked, result.unlinked, result.errors) == (2, 1, 0, [])
    assert _person_of(draft) is not None


def test_columns_are_found_by_their_header(draft, template):
    hoa = person("Nông Thị Hoa", id_number="020075000123")

    def swap(workbook):
        sheet = workbook[imports.DATA_SHEET]
        sheet["H1"], sheet["I1"] = "Số định danh cá nhân / CCCD", "ngày  SINH"

    rows = [[*_row()[:7], "020075000123", "01/01/1990"]]
    result = _import(draft, filled(template, rows, edit=swap))
    assert (result.added, result.linked, result.errors) == (1, 1, []) and _person_of(draft) == hoa


def test_data_under_a_wrong_optional_header_is_refused(draft, template):
    def misspell(workbook):
        workbook[imports.DATA_SHEET]["H1"] = "Ngay sinh"

    error = _only_problem(_import(draft, filled(template, [_row(born="06/01/1975")], edit=misspell)))
    assert (error.row, error.column) == (1, "H – Ngày sinh")
    assert "“Ngay sinh”" in error.problem and "Ngày sinh" in error.expected


def test_data_in_an_old_file_beyond_its_columns_is_still_refused(draft, template):
    def edit(workbook):
        _without_the_new_columns(workbook)
        workbook[imports.DATA_SHEET]["H3"] = "ghi chú"

    error = _only_problem(_import(draft, filled(template, good_rows(), edit=edit)))
    assert error.column == "H" and "Column H holds data" in error.problem


def test_a_missing_required_column_is_named(draft, template):
    def edit(workbook):
        workbook[imports.DATA_SHEET].delete_cols(5)  # Chức vụ: the headers after it move one column left

    result = _import(draft, filled(template, [], edit=edit))
    assert result.added == 0 and result.errors
    assert any(e.row == 1 and "Chức vụ" in e.expected for e in result.errors)


# Dossiers.


def _dossier(unit, actor):
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017")
    nominees = [NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc")]
    return dossier_create(actor=actor, fields=fields, nominees=nominees)


def _nominee(name, *, born=None, id_number=None):
    return [BK_TINH, "Cá nhân", name, "Chuyên viên", "Hoàn thành xuất sắc nhiệm vụ", born, id_number]


def test_a_dossiers_nominees_are_linked_by_identity_number_or_name_in_the_dossiers_unit(unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    toan = person("Lương Văn Toàn", current_unit=unit_a)
    person("Lương Văn Toàn", current_unit=UnitFactory(name="Sở Tài chính"))
    mai = person("Hà Thị Mai", id_number="020085000777", current_unit=UnitFactory(name="Sở Y tế"))
    person("Vi Văn Sáu", birth_date=HOA_BORN)
    person("Vi Văn Sáu", birth_date=HOA_BORN)
    rows = [
        nominee_rows()[0],
        _nominee("Hà Thị Mai", id_number="020085000777"),
        _nominee("Vi Văn Sáu", born="06/01/1975"),
        nominee_rows()[1],
    ]
    upload = filled(imports.dossier_template(dossier), rows)
    with override("en"):
        result = imports.dossier_import(actor=clerk_a, dossier=dossier, upload=upload)
        again = imports.dossier_import(actor=clerk_a, dossier=dossier, upload=upload)
    assert (result.added, result.linked, result.unlinked, result.errors) == (4, 2, 1, [])
    people = dict(dossier.nominations.values_list("recipient_name", "person"))
    assert people == {
        "Hoàng Văn Phong": None,
        "Lương Văn Toàn": toan.pk,
        "Hà Thị Mai": mai.pk,
        "Vi Văn Sáu": None,
        "Phòng Kế toán": None,
    }
    entries = AuditLog.objects.filter(action="dossier.person_link")
    assert sorted(e.after["person"] for e in entries) == ["Hà Thị Mai", "Lương Văn Toàn"]
    assert all(e.object_id == str(dossier.pk) and e.actor == clerk_a for e in entries)
    assert (again.added, again.linked) == (0, 0) and entries.count() == 2
    assert Person.objects.count() == 5


def test_a_nominees_bad_identity_number_is_reported(unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    upload = filled(imports.dossier_template(dossier), [_nominee("Hà Thị Mai", id_number="0200")])
    with override("en"):
        result = imports.dossier_import(actor=clerk_a, dossier=dossier, upload=upload)
    error = _only_problem(result)
    assert (error.row, error.column) == (2, "G – Số định danh cá nhân / CCCD") and "4 digits" in error.problem
    assert Nomination.objects.filter(dossier=dossier).count() == 1


# The page.


def test_the_result_message_counts_the_rows_linked_and_left(client, draft, template, staff):
    person("Nông Thị Hoa", id_number="020075000123")
    client.force_login(staff)
    rows = [_row(id_number="020075000123"), _row("Lý Văn Mới"), _row("Lò Thị Ba"), good_rows()[1]]
    response = client.post(
        reverse("awards:decision-import", args=[draft.pk]), {"file": filled(template, rows)}, follow=True
    )
    assert draft.awards.count() == 5
    info = [m.message for m in response.context["messages"] if m.level == INFO]
    assert len(info) == 1 and "1" in info[0] and "2" in info[0]
