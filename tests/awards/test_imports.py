"""The Excel import: the template read back, a good file appended once, and each bad file refused with its row,
column, problem and expected value, writing nothing."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from audit.models import AuditLog
from awards import imports
from awards.decisions import services
from awards.models import Award, Decision, Dossier, Nomination
from awards.nominations.services import DossierFields, DossierTransitionRefused, NomineeFields, dossier_create
from tests.awards.import_helpers import BK_TINH, REGULAR, filled, good_rows, nominee_rows
from tests.factories import award_type, kind, make_decision

pytestmark = pytest.mark.django_db


def _import(draft, upload):
    with override("en"):
        return imports.decision_import(actor=None, decision=draft, upload=upload)


def _only_problem(result):
    assert result.added == 0 and len(result.errors) == 1, result.errors
    return result.errors[0]


# The template.


def test_the_template_has_drop_down_lists_a_frozen_header_and_instructions(draft, template):
    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames == [imports.DATA_SHEET, imports.LISTS_SHEET, imports.HELP_SHEET]
    data, lists, help_sheet = (workbook[name] for name in workbook.sheetnames)
    assert [c.value for c in data[1]] == [c.header for c in imports.DECISION_COLUMNS]
    assert data.freeze_panes == "A2"
    assert lists.sheet_state == "hidden" and lists.protection.sheet
    assert workbook.security.lockStructure
    listed = {
        lists.cell(row=1, column=c).value: [
            v for (v,) in lists.iter_rows(min_row=2, min_col=c, max_col=c, values_only=True) if v
        ]
        for c in range(1, lists.max_column + 1)
    }
    assert BK_TINH in listed["Hình thức khen thưởng"]
    assert "Huân chương Lao động hạng Ba" not in listed["Hình thức khen thưởng"]  # granted by the President
    assert REGULAR in listed["Loại khen thưởng"]
    assert listed["Đối tượng"] == ["Tập thể", "Cá nhân", "Hộ gia đình"]
    validations = {str(v.sqref): v for v in data.data_validations.dataValidation}
    assert set(validations) == {
        "A2:A10001",
        "B2:B10001",
        "C2:C10001",
        "G2:G10001",
        "J2:J10001",
        "K2:K10001",
        "L2:L10001",
    }
    assert all(v.type == "list" and v.showErrorMessage for v in validations.values())
    count = len(listed["Hình thức khen thưởng"])
    assert validations["A2:A10001"].formula1 == f"'Danh mục'!$A$2:$A${count + 1}"
    assert validations["C2:C10001"].formula1 == "'Danh mục'!$C$2:$C$4"
    instructions = "\n".join(str(c.value) for (c,) in help_sheet.iter_rows(max_col=1) if c.value)
    assert "HƯỚNG DẪN" in instructions and draft.number_and_symbol in instructions and "công thức" in instructions


def test_the_dossier_template_asks_for_achievements_not_the_kind(unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    workbook = load_workbook(io.BytesIO(imports.dossier_template(dossier)))
    assert [c.value for c in workbook[imports.DATA_SHEET][1]] == [c.header for c in imports.DOSSIER_COLUMNS]
    assert "Tóm tắt thành tích" in [c.header for c in imports.DOSSIER_COLUMNS]


# A good file.


def test_a_good_file_is_appended_and_audited(draft, template):
    result = _import(draft, filled(template, good_rows()))
    assert (result.added, result.skipped, result.errors) == (2, 0, [])
    names = list(draft.awards.order_by("line_no").values_list("recipient_name", "recipient_kind", "is_grassroots"))
    assert names == [
        ("Hoàng Văn Phong", "individual", False),
        ("Nông Thị Hoa", "individual", False),
        ("Phòng Tổ chức cán bộ", "collective", True),
    ]
    assert Award.objects.get(recipient_name="Nông Thị Hoa").unit_name == "Sở Nội vụ"
    entry = AuditLog.objects.filter(action="decision.update").latest("pk")
    assert [a["name"] for a in entry.after["awards"]] == ["Hoàng Văn Phong", "Nông Thị Hoa", "Phòng Tổ chức cán bộ"]


def test_importing_the_same_file_twice_adds_nothing(draft, template):
    upload = filled(template, good_rows())
    _import(draft, upload)
    audits = AuditLog.objects.count()
    again = _import(draft, upload)
    assert (again.added, again.skipped, again.errors) == (0, 2, [])
    assert draft.awards.count() == 3 and AuditLog.objects.count() == audits


def test_a_row_already_on_the_decision_is_skipped(draft, template):
    rows = [[BK_TINH, REGULAR, "Cá nhân", "  hoàng văn  PHONG ", "", "", ""], *good_rows()]
    result = _import(draft, filled(template, rows))
    assert (result.added, result.skipped) == (2, 1)


def test_a_registered_unit_is_linked(draft, template, unit_a):
    result = _import(draft, filled(template, [[BK_TINH, REGULAR, "Tập thể", "Đơn vị A", "", "đơn vị a", ""]]))
    assert result.added == 1
    assert Award.objects.get(recipient_name="Đơn vị A").unit == unit_a


def test_an_issued_decision_takes_no_import(template):
    issued = make_decision()
    with pytest.raises(services.TransitionNotAllowed):
        _import(issued, filled(template, good_rows()))
    assert issued.awards.count() == 1


# Bad rows: each names its row and column; nothing is written.


def _spoil(column, value):
    def edit(workbook):
        workbook[imports.DATA_SHEET][f"{column}3"] = value

    return edit


@pytest.mark.parametrize(
    ("column", "value", "label", "problem", "expected"),
    [
        ("A", "Bằng khen của Bộ trưởng Bộ Nội vụ XYZ", "A – Hình thức", "is not in the list", BK_TINH),
        ("B", "Khen bất kỳ", "B – Loại khen thưởng", "is not in the list", REGULAR),
        ("C", "Người nước ngoài", "C – Đối tượng", "is not in the list", "Tập thể; Cá nhân; Hộ gia đình"),
        ("D", None, "D – Tên tập thể", "The cell is empty.", "required"),
        ("D", "X" * 256, "D – Tên tập thể", "256 characters", "At most 255"),
        ("E", "=A3&B3", "E – Chức vụ", "formula", "not a formula"),
        ("G", "Có lẽ", "G – Cơ sở", "is not in the list", "“Có”, “Không”"),
        ("D", datetime.date(2018, 1, 1), "D – Tên tập thể", "date", "Text"),
    ],
)
def test_a_bad_cell_is_reported_with_its_row_and_column(draft, template, column, value, label, problem, expected):
    before = list(Award.objects.values_list("pk", flat=True))
    result = _import(draft, filled(template, good_rows(), edit=_spoil(column, value)))
    error = _only_problem(result)
    assert error.row == 3 and error.column.startswith(label)
    assert problem in error.problem and expected in error.expected
    assert list(Award.objects.values_list("pk", flat=True)) == before


def test_a_recipient_kind_the_award_does_not_allow(draft, template):
    rows = [["Huân chương Lao động hạng Ba", REGULAR, "Hộ gia đình", "Hộ ông Lý", "", "", ""]]
    error = _only_problem(_import(draft, filled(template, rows)))
    assert (error.row, error.column) == (2, "C – Đối tượng")
    assert "is not given to a Hộ gia đình" in error.problem and error.expected == "One of: Tập thể, Cá nhân."


def test_the_services_own_rules_name_the_excel_row(draft, template):
    """An award the decision's authority does not grant: refused by decision_update, reported on row 3."""
    rows = [good_rows()[0], ["Huân chương Lao động hạng Ba", REGULAR, "Cá nhân", "Lý Văn Hùng", "", "", ""]]
    error = _only_problem(_import(draft, filled(template, rows)))
    assert (error.row, error.column) == (3, "A – Hình thức khen thưởng / danh hiệu")
    assert "is not granted by" in error.problem
    assert draft.awards.count() == 1


def test_every_bad_row_is_listed(draft, template):
    rows = [[BK_TINH, REGULAR, "Cá nhân", None, "", "", ""]] * 3 + [["?", "?", "?", "", "", "", ""]]
    result = _import(draft, filled(template, rows))
    assert [(e.row, e.column[0]) for e in result.errors] == [
        (2, "D"),
        (3, "D"),
        (4, "D"),
        (5, "A"),
        (5, "B"),
        (5, "C"),
        (5, "D"),
    ]


def test_empty_rows_are_ignored_but_an_empty_sheet_is_refused(draft, template):
    result = _import(draft, filled(template, [[None] * 7, good_rows()[0], [""] * 7]))
    assert result.added == 1 and Award.objects.filter(decision=draft).count() == 2
    error = _only_problem(_import(draft, filled(template, [])))
    assert error.row is None and "lists nobody" in error.problem


def test_a_wrong_header_is_refused(draft, template):
    def edit(workbook):
        workbook[imports.DATA_SHEET]["B1"] = "Loại"

    error = _only_problem(_import(draft, filled(template, good_rows(), edit=edit)))
    assert (error.row, error.column) == (1, "B – Loại khen thưởng")
    assert "“Loại”" in error.problem and "Loại khen thưởng" in error.expected


def test_data_beyond_the_templates_columns_is_refused(draft, template):
    error = _only_problem(_import(draft, filled(template, good_rows(), edit=_spoil("M", "ghi chú"))))
    assert error.column == "M" and "Column M holds data" in error.problem


def test_a_hidden_row_with_data_is_refused(draft, template):
    def edit(workbook):
        workbook[imports.DATA_SHEET].row_dimensions[3].hidden = True

    error = _only_problem(_import(draft, filled(template, good_rows(), edit=edit)))
    assert error.row == 3 and "hidden" in error.problem and draft.awards.count() == 1


def test_a_hidden_column_with_data_is_refused(draft, template):
    def edit(workbook):
        workbook[imports.DATA_SHEET].column_dimensions["E"].hidden = True
        workbook[imports.DATA_SHEET]["E2"] = "Phó Giám đốc"

    error = _only_problem(_import(draft, filled(template, good_rows(), edit=edit)))
    assert error.column == "E" and "Column E is hidden" in error.problem


def test_a_hidden_data_sheet_is_refused(draft, template):
    def edit(workbook):
        workbook.security.lockStructure = False
        workbook[imports.HELP_SHEET].sheet_state = "visible"
        workbook.active = 2
        workbook[imports.DATA_SHEET].sheet_state = "hidden"

    error = _only_problem(_import(draft, filled(template, good_rows(), edit=edit)))
    assert error.row is None and "is hidden" in error.problem


def test_another_hidden_sheet_with_data_is_refused(draft, template):
    def edit(workbook):
        extra = workbook.create_sheet("Thêm")
        extra["A1"] = "Nguyễn Văn Ẩn"
        extra.sheet_state = "hidden"

    error = _only_problem(_import(draft, filled(template, good_rows(), edit=edit)))
    assert "hidden sheet “Thêm”" in error.problem


# Bad files.


def _upload(content: bytes, name="danh-sach.xlsx"):
    return SimpleUploadedFile(name, content, content_type=imports.XLSX_CONTENT_TYPE)


def _zip(entries: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "not an Excel workbook"),
        ("Họ tên,Chức vụ\nNông Thị Hoa,Trưởng phòng\n".encode(), "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "97-2003"),
        (b"PK\x03\x04" + b"\x13\x37" * 200, "damaged"),
        (_zip({"word/document.xml": "<w/>", "[Content_Types].xml": "<x/>"}), "not an Excel workbook"),
        (_zip({"xl/workbook.xml": "<not xml", "[Content_Types].xml": "<x/>"}), "damaged"),
        (b"", "not an Excel workbook"),
    ],
    ids=["pdf-renamed", "csv-renamed", "xls", "corrupt-zip", "docx", "broken-xlsx", "empty"],
)
def test_a_file_that_is_not_a_sound_xlsx_is_refused(draft, content, problem):
    error = _only_problem(_import(draft, _upload(content)))
    assert error.row is None and problem in error.problem and ".xlsx" in error.expected
    assert draft.awards.count() == 1


def test_a_truncated_template_is_refused(draft, template):
    error = _only_problem(_import(draft, _upload(filled(template, good_rows()).read()[:3000])))
    assert "damaged" in error.problem


def test_an_oversized_file_is_refused(draft, template, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    error = _only_problem(_import(draft, _upload(b"PK\x03\x04" + b"\x00" * (1024 * 1024))))
    assert "too large" in error.problem and "at most 1 MB" in error.expected


def test_too_many_rows_are_refused(draft, template, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [[BK_TINH, REGULAR, "Cá nhân", f"Người {i}", "", "", ""] for i in range(4)]
    error = _only_problem(_import(draft, filled(template, rows)))
    assert "more than 3 rows" in error.problem and "At most 3 rows" in error.expected
    assert draft.awards.count() == 1


def test_formatted_but_empty_rows_do_not_count(draft, template, settings):
    settings.IMPORT_MAX_ROWS = 3

    def edit(workbook):
        for row in range(2, 40):
            workbook[imports.DATA_SHEET].cell(row=row, column=4).number_format = "@"

    assert _import(draft, filled(template, good_rows(), edit=edit)).added == 2


# Dossiers.


def _dossier(unit, actor):
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017")
    nominees = [NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc")]
    return dossier_create(actor=actor, fields=fields, nominees=nominees)


def test_a_dossiers_nominees_are_appended_once(unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    upload = filled(imports.dossier_template(dossier), nominee_rows())
    with override("en"):
        first = imports.dossier_import(actor=clerk_a, dossier=dossier, upload=upload)
        second = imports.dossier_import(actor=clerk_a, dossier=dossier, upload=upload)
    assert (first.added, first.skipped, second.added, second.skipped) == (2, 0, 0, 2)
    assert list(dossier.nominations.order_by("line_no").values_list("recipient_name", flat=True)) == [
        "Hoàng Văn Phong",
        "Lương Văn Toàn",
        "Phòng Kế toán",
    ]
    assert AuditLog.objects.filter(action="dossier.update").count() == 1


def test_a_nominee_without_achievements_is_refused(unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    rows = [nominee_rows()[0], [BK_TINH, "Cá nhân", "Vi Văn Sáu", "", "  "]]
    with override("en"):
        result = imports.dossier_import(
            actor=clerk_a, dossier=dossier, upload=filled(imports.dossier_template(dossier), rows)
        )
    error = _only_problem(result)
    assert (error.row, error.column) == (3, "E – Tóm tắt thành tích")
    assert Nomination.objects.filter(dossier=dossier).count() == 1


def test_a_submitted_dossier_takes_no_import(unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.SUBMITTED, submitted_at=timezone.now())
    with pytest.raises(DossierTransitionRefused):
        imports.dossier_import(
            actor=clerk_a, dossier=dossier, upload=filled(imports.dossier_template(dossier), nominee_rows())
        )
    assert Decision.objects.count() == 0 and dossier.nominations.count() == 1
