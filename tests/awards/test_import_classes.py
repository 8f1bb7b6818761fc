"""The Excel template's statistics columns: optional, read by their Vietnamese labels whatever the case and
accents, a wrong or misplaced value a row error saying what is expected, and written with the rows."""

import io

import pytest
from django.utils.translation import override
from openpyxl import load_workbook

from awards import imports
from awards.models import AwardClassification
from tests.awards.import_helpers import BK_TINH, REGULAR, filled

pytestmark = pytest.mark.django_db

CLASS, ENTERPRISE, BODY = 10, 11, 12  # the template's columns J, K, L (1-based)


def _row(kind, name, individual_class="", enterprise="", body="", award=BK_TINH):
    return [award, REGULAR, kind, name, "", "Sở Nội vụ", "", "", "", individual_class, enterprise, body]


def _import(draft, rows):
    with override("vi"):
        return imports.decision_import(
            actor=None, decision=draft, upload=filled(imports.decision_template(draft), rows)
        )


def test_the_template_has_the_three_columns_with_their_lists(draft, template):
    sheet = load_workbook(io.BytesIO(template))[imports.DATA_SHEET]
    headers = [sheet.cell(1, column).value for column in (CLASS, ENTERPRISE, BODY)]
    assert headers == ["Thành phần cá nhân (thống kê)", "Là doanh nghiệp (thống kê)", "Cơ quan trình khen (thống kê)"]
    lists = load_workbook(io.BytesIO(template))[imports.LISTS_SHEET]
    values = {cell.value for row in lists.iter_rows() for cell in row}
    assert {"Doanh nhân", "Lãnh đạo cấp vụ, sở", "Bộ, ngành, đoàn thể trung ương", "Tỉnh"} <= values


def test_labels_are_read_whatever_the_case_and_accents(draft):
    result = _import(
        draft,
        [
            _row("Cá nhân", "Nông Thị Hoa", "  doanh NHAN "),
            _row("Cá nhân", "Lương Văn Toàn", "nguoi truc tiep cong tac, lao dong, hoc tap, chien dau"),
            _row("Tập thể", "Công ty TNHH Tân Thanh", enterprise="có"),
            _row("Tập thể", "Phòng Tổ chức cán bộ", enterprise="KHONG"),
            _row("Cá nhân", "Hà Văn Cường"),
        ],
    )
    assert (result.added, result.errors) == (5, [])
    stored = {
        c.award.recipient_name: (c.individual_class, c.is_enterprise)
        for c in AwardClassification.objects.select_related("award")
    }
    assert stored == {
        "Nông Thị Hoa": ("business_person", None),
        "Lương Văn Toàn": ("direct_worker", None),
        "Công ty TNHH Tân Thanh": ("", True),
        "Phòng Tổ chức cán bộ": ("", False),
    }


def test_unknown_or_misplaced_values_are_row_errors_and_nothing_is_written(draft):
    result = _import(
        draft,
        [
            _row("Cá nhân", "Nông Thị Hoa", "Bộ trưởng"),
            _row("Tập thể", "Phòng Tổ chức cán bộ", individual_class="Doanh nhân"),
            _row("Cá nhân", "Lương Văn Toàn", enterprise="Có"),
            _row("Cá nhân", "Hà Văn Cường", body="Tỉnh"),
            _row("Tập thể", "Công ty TNHH Tân Thanh", enterprise="Có lẽ"),
        ],
    )
    assert result.added == 0 and draft.awards.count() == 1
    problems = [(p.row, p.column, p.problem, p.expected) for p in result.errors]
    assert problems[0][:3] == (2, "J – Thành phần cá nhân (thống kê)", "“Bộ trưởng” không có trong danh sách.")
    assert "Doanh nhân" in problems[0][3] and "Lãnh đạo cấp vụ, sở" in problems[0][3]
    assert problems[1][:3] == (3, "J – Thành phần cá nhân (thống kê)", "Chỉ cá nhân mới có thành phần cá nhân.")
    assert problems[2][:3] == (
        4,
        "K – Là doanh nghiệp (thống kê)",
        "Chỉ tập thể mới được ghi là doanh nghiệp hay không.",
    )
    assert problems[3][:3] == (
        5,
        "L – Cơ quan trình khen (thống kê)",
        "Chỉ khen thưởng cấp Nhà nước mới có cơ quan trình.",
    )
    assert problems[4][:3] == (6, "K – Là doanh nghiệp (thống kê)", "“Có lẽ” không có trong danh sách.")


def test_a_file_from_the_previous_template_still_imports(draft):
    """A file made before the statistics columns existed: nine columns, read as unclassified."""

    def drop_class_columns(workbook):
        workbook[imports.DATA_SHEET].delete_cols(CLASS, 3)

    rows = [[BK_TINH, REGULAR, "Cá nhân", "Nông Thị Hoa", "", "", "", "", ""]]
    upload = filled(imports.decision_template(draft), rows, edit=drop_class_columns)
    result = imports.decision_import(actor=None, decision=draft, upload=upload)
    assert (result.added, result.errors) == (1, []) and not AwardClassification.objects.exists()
