"""The downloadable templates: a data sheet whose columns have drop-down lists read from a hidden, protected sheet
"Danh mục", and an instructions sheet "Hướng dẫn"."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from awards.imports.columns import (
    AWARD,
    DATA_SHEET,
    DECISION_COLUMNS,
    DOSSIER_COLUMNS,
    ENTERPRISE,
    GRASSROOTS,
    HELP_SHEET,
    INDIVIDUAL_CLASS,
    INDIVIDUAL_CLASS_LABELS,
    KIND,
    LISTS_SHEET,
    NO,
    PROPOSING_BODY,
    PROPOSING_BODY_LABELS,
    RECIPIENT_KIND,
    RECIPIENT_KIND_LABELS,
    YES,
    max_bytes,
    max_columns,
    max_rows,
    max_unpacked_bytes,
)
from awards.models import AwardType, CommendationKind, Decision, Dossier
from awards.nominations.nominees import proposable_award_types
from kernel.lib.formatting import vn_int
from kernel.lib.xlsx import put


def _write_template(columns, award_names, kind_names, instructions: list[str]) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = put(data, 1, index, column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        data.column_dimensions[get_column_letter(index)].width = column.width
        if column.text_format:  # typed in as text: no leading zero lost, no day and month swapped by Excel
            data.column_dimensions[get_column_letter(index)].number_format = "@"
    data.freeze_panes = "A2"

    catalogs = {
        AWARD.key: ("Hình thức khen thưởng", award_names),
        KIND.key: ("Loại khen thưởng", kind_names),
        RECIPIENT_KIND.key: ("Đối tượng", list(RECIPIENT_KIND_LABELS.values())),
        GRASSROOTS.key: ("Cơ sở", [YES, NO]),
        INDIVIDUAL_CLASS.key: ("Thành phần cá nhân", list(INDIVIDUAL_CLASS_LABELS.values())),
        ENTERPRISE.key: ("Doanh nghiệp", [YES, NO]),
        PROPOSING_BODY.key: ("Cơ quan trình khen", list(PROPOSING_BODY_LABELS.values())),
    }
    last_row = max_rows() + 1
    lists_column = 0
    for index, column in enumerate(columns, start=1):
        if column.key not in catalogs:
            continue
        title, values = catalogs[column.key]
        lists_column += 1
        letter = get_column_letter(lists_column)
        put(lists, 1, lists_column, title).font = bold
        for row, value in enumerate(values, start=2):  # catalog names typed by administrators: text, never formulas
            put(lists, row, lists_column, value)
        lists.column_dimensions[letter].width = 50
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${max(len(values), 1) + 1}",
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="Giá trị không có trong danh sách",
            error=f"Chọn “{column.header}” trong danh sách thả xuống.",
            showInputMessage=True,
            promptTitle=column.header[:32],
            prompt=column.hint[:255],
        )
        data.add_data_validation(validation)
        column_letter = get_column_letter(index)
        validation.add(f"{column_letter}2:{column_letter}{last_row}")
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    # The structure is locked: the hidden list cannot be unhidden or renamed without unprotecting the workbook.
    workbook.security = WorkbookProtection(lockStructure=True)

    help_sheet.column_dimensions["A"].width = 110
    put(help_sheet, 1, 1, "HƯỚNG DẪN NHẬP DANH SÁCH").font = Font(bold=True, size=13)
    lines = [
        *instructions,
        "",
        f"1. Nhập mỗi đối tượng trên một dòng của trang “{DATA_SHEET}”, từ dòng 2; không sửa, không xóa dòng tiêu đề.",
        "2. Chỉ nhập giá trị, không dùng công thức; không ẩn trang, dòng hoặc cột có dữ liệu.",
        f"3. Tệp phải là Excel .xlsx, không quá {max_bytes() // (1024 * 1024)} MB "
        f"({max_unpacked_bytes() // (1024 * 1024)} MB sau khi giải nén), không quá {vn_int(max_rows())} dòng dưới "
        f"dòng tiêu đề và {vn_int(max_columns())} cột; không định dạng sẵn các dòng, cột không dùng: tệp vượt một "
        "giới hạn bị từ chối ngay, lỗi nêu rõ giới hạn đó.",
        "4. Cổng kiểm tra toàn bộ tệp trước khi ghi: nếu có lỗi, không dòng nào được ghi và cổng liệt kê từng lỗi "
        "(dòng, cột, lỗi, giá trị cần nhập).",
        "5. Dòng đã có trong danh sách (cùng hình thức, loại, đối tượng, tên, chức vụ, đơn vị) được bỏ qua: nhập lại "
        "cùng một tệp không tạo bản trùng.",
        "6. Ngày sinh và số định danh cá nhân / CCCD (không bắt buộc, chỉ với cá nhân) giúp cổng tìm hồ sơ cá nhân "
        "của người được khen: dòng khớp chắc chắn với một hồ sơ (cùng số định danh; hoặc cùng họ tên và ngày sinh; "
        "hoặc cùng họ tên và đơn vị công tác) được liên kết với hồ sơ đó; dòng không khớp hoặc khớp nhiều hồ sơ "
        "được để lại cho cán bộ kiểm tra và liên kết sau. Khi nhập, cổng không tạo hồ sơ cá nhân mới.",
        "7. Tệp lập từ mẫu trước đây (chưa có cột Ngày sinh, Số định danh cá nhân / CCCD hay các cột thống kê) "
        "vẫn nhập được.",
        "8. Ba cột thống kê (không bắt buộc) phân loại khen thưởng cho báo cáo thống kê hằng năm: thành phần của cá "
        "nhân, tập thể có là doanh nghiệp không, cơ quan trình khen cấp Nhà nước. Ô để trống được tính là “chưa "
        "phân loại” và cán bộ bổ sung sau.",
        "",
        "CÁC CỘT",
    ]
    lines += [f"{get_column_letter(i)} – {c.header}: {c.hint}" for i, c in enumerate(columns, start=1)]
    for row, line in enumerate(lines, start=3):
        put(help_sheet, row, 1, line).alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def decision_template(decision: Decision) -> bytes:
    """The award types the decision's authority grants that exist on its date, and the kinds valid then."""
    awards = AwardType.objects.valid_on(decision.date).filter(grantors=decision.authority_id)
    kinds = CommendationKind.objects.valid_on(decision.date)
    return _write_template(
        DECISION_COLUMNS,
        list(awards.values_list("name", flat=True)),
        list(kinds.values_list("name", flat=True)),
        [f"Danh sách khen thưởng kèm theo Quyết định {decision.number_and_symbol} ({decision.authority})."],
    )


def dossier_template(dossier: Dossier) -> bytes:
    """The award types a unit may propose today (awards.nominations.nominees)."""
    awards = proposable_award_types(on=timezone.localdate())
    return _write_template(
        DOSSIER_COLUMNS,
        list(awards.values_list("name", flat=True)),
        [],
        [f"Danh sách đề nghị khen thưởng của hồ sơ “{dossier.title}” ({dossier.commendation_kind})."],
    )
