"""Excel import of a draft decision's recipients and of a dossier's nominees.

A template (`decision_template`, `dossier_template`) carries a data sheet "Danh sách" whose columns have drop-down
lists read from a hidden, protected sheet "Danh mục", and an instructions sheet "Hướng dẫn". The readers
(`recipients_from_xlsx`, `nominees_from_xlsx`) check EVERYTHING first and return (rows, errors); each error names
the row as Excel shows it, the column (letter and header), what is wrong and what is expected. The importers
(`decision_import`, `dossier_import`) write only when there is no error, in one transaction, through the existing
services (decision_update, dossier_update), which audit the change as they always do.

Importing appends: a row already on the decision or dossier (same award, kind, recipient kind, name, position and
unit) is skipped, so importing the same file twice adds nothing.

The sheet's headers and lists are literal Vietnamese (the file's format, the same whatever the UI language)."""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from awards import dossiers, services
from awards.models import Award, AwardType, CommendationKind, Decision, Dossier, RecipientKind
from campaigns.files import OLE_MAGIC, ZIP_MAGIC
from clusters.models import Unit

DATA_SHEET = "Danh sách"
LISTS_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

RECIPIENT_KIND_LABELS = {
    RecipientKind.COLLECTIVE: "Tập thể",
    RecipientKind.INDIVIDUAL: "Cá nhân",
    RecipientKind.FAMILY: "Hộ gia đình",
}
YES, NO = "Có", "Không"
YES_WORDS = {"có", "co", "x", "1", "yes", "true"}
NO_WORDS = {"không", "khong", "0", "no", "false"}

MAX_TEXT = 255  # the model's name, position and workplace fields
MAX_ACHIEVEMENTS = 4000
MAX_ERRORS = 200  # a hopeless file should not produce a page of ten thousand lines
# What the archive may hold once unpacked: a 5 MB file of compressed XML can otherwise expand a thousandfold.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    max_length: int = MAX_TEXT
    hint: str = ""  # the instructions sheet's line for it
    width: int = 30


AWARD = Column("award_type", "Hình thức khen thưởng / danh hiệu", True, hint="Chọn trong danh sách thả xuống.")
KIND = Column("commendation_kind", "Loại khen thưởng", True, hint="Chọn trong danh sách thả xuống.", width=22)
RECIPIENT_KIND = Column(
    "recipient_kind", "Đối tượng", True, hint="Tập thể, Cá nhân hoặc Hộ gia đình (danh sách thả xuống).", width=14
)
NAME = Column("recipient_name", "Tên tập thể / Họ và tên", True, hint="Bắt buộc; tối đa 255 ký tự.")
POSITION = Column("position", "Chức vụ", hint="Không bắt buộc; tối đa 255 ký tự.", width=24)
WORKPLACE = Column(
    "workplace", "Đơn vị / Nơi công tác, địa chỉ", hint="Tên đơn vị đã đăng ký được liên kết với đơn vị đó."
)
GRASSROOTS = Column(
    "is_grassroots", "Cơ sở / Trực tiếp", hint="“Có” với tập thể cấp cơ sở hoặc người lao động trực tiếp.", width=14
)
ACHIEVEMENTS = Column(
    "achievements", "Tóm tắt thành tích", True, MAX_ACHIEVEMENTS, hint="Bắt buộc; tối đa 4.000 ký tự.", width=50
)
DECISION_COLUMNS = (AWARD, KIND, RECIPIENT_KIND, NAME, POSITION, WORKPLACE, GRASSROOTS)
DOSSIER_COLUMNS = (AWARD, RECIPIENT_KIND, NAME, POSITION, ACHIEVEMENTS)


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: `row` as Excel numbers it (None: the file as a whole)."""

    row: int | None
    column: str  # "C – Đối tượng", or "" for the file or the row as a whole
    problem: str
    expected: str = ""


@dataclass
class ImportRow:
    row: int  # as Excel numbers it
    values: object  # services.RecipientFields or dossiers.NomineeFields


@dataclass
class ImportResult:
    added: int = 0
    skipped: int = 0
    errors: list[ImportProblem] = field(default_factory=list)


def _normalise(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _column_label(index: int, column: Column) -> str:
    return f"{get_column_letter(index + 1)} – {column.header}"


# The template.


def _write_template(columns, award_names, kind_names, instructions: list[str]) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = data.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        data.column_dimensions[get_column_letter(index)].width = column.width
    data.freeze_panes = "A2"

    catalogs = {
        AWARD.key: ("Hình thức khen thưởng", award_names),
        KIND.key: ("Loại khen thưởng", kind_names),
        RECIPIENT_KIND.key: ("Đối tượng", list(RECIPIENT_KIND_LABELS.values())),
        GRASSROOTS.key: ("Cơ sở", [YES, NO]),
    }
    last_row = max_rows() + 1
    lists_column = 0
    for index, column in enumerate(columns, start=1):
        if column.key not in catalogs:
            continue
        title, values = catalogs[column.key]
        lists_column += 1
        letter = get_column_letter(lists_column)
        lists.cell(row=1, column=lists_column, value=title).font = bold
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=lists_column, value=value)
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
    help_sheet.cell(row=1, column=1, value="HƯỚNG DẪN NHẬP DANH SÁCH").font = Font(bold=True, size=13)
    lines = [
        *instructions,
        "",
        f"1. Nhập mỗi đối tượng trên một dòng của trang “{DATA_SHEET}”, từ dòng 2; không sửa, không xóa dòng tiêu đề.",
        "2. Chỉ nhập giá trị, không dùng công thức; không ẩn trang, dòng hoặc cột có dữ liệu.",
        f"3. Tệp phải là Excel .xlsx, không quá {max_bytes() // (1024 * 1024)} MB và {max_rows()} dòng.",
        "4. Cổng kiểm tra toàn bộ tệp trước khi ghi: nếu có lỗi, không dòng nào được ghi và cổng liệt kê từng lỗi "
        "(dòng, cột, lỗi, giá trị cần nhập).",
        "5. Dòng đã có trong danh sách (cùng hình thức, loại, đối tượng, tên, chức vụ, đơn vị) được bỏ qua: nhập lại "
        "cùng một tệp không tạo bản trùng.",
        "",
        "CÁC CỘT",
    ]
    lines += [f"{get_column_letter(i)} – {c.header}: {c.hint}" for i, c in enumerate(columns, start=1)]
    for row, line in enumerate(lines, start=3):
        help_sheet.cell(row=row, column=1, value=line).alignment = Alignment(wrap_text=True)
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
    awards = AwardType.objects.valid_on(timezone.localdate())
    return _write_template(
        DOSSIER_COLUMNS,
        list(awards.values_list("name", flat=True)),
        [],
        [f"Danh sách đề nghị khen thưởng của hồ sơ “{dossier.title}” ({dossier.commendation_kind})."],
    )


# Reading a file.


class _Refused(Exception):
    def __init__(self, problem: ImportProblem):
        self.problem = problem


def _file_problem(problem: str, expected: str = "") -> _Refused:
    return _Refused(ImportProblem(None, "", problem, expected))


def _open_workbook(upload):
    size = getattr(upload, "size", None)
    upload.seek(0)
    content = upload.read(max_bytes() + 1)
    if size is None:
        size = len(content)
    if size > max_bytes() or len(content) > max_bytes():
        raise _file_problem(
            _("The file is too large (%(size)s MB).") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
            _("An Excel file of at most %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)},
        )
    expected = _("An Excel workbook (.xlsx) made from the downloaded template.")
    if content.startswith(OLE_MAGIC):
        raise _file_problem(_("The file is in the old Excel 97-2003 format (.xls)."), expected)
    if not content.startswith(ZIP_MAGIC):
        raise _file_problem(_("The file is not an Excel workbook, whatever its name."), expected)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        raise _file_problem(_("The file is damaged: it cannot be opened."), expected) from None
    if "xl/workbook.xml" not in names:
        raise _file_problem(_("The file is not an Excel workbook, whatever its name."), expected)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _file_problem(
            _("The file holds too much data once unpacked."),
            _("At most %(rows)s rows.") % {"rows": max_rows()},
        )
    try:
        return load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises anything (KeyError, XML, TypeError…) on a damaged file
        raise _file_problem(_("The file is damaged: it cannot be opened."), expected) from None


def _has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _data_sheet(workbook):
    sheets = workbook.worksheets
    if DATA_SHEET in workbook.sheetnames:
        sheet = workbook[DATA_SHEET]
    elif len(sheets) == 1:
        sheet = sheets[0]
    else:
        raise _file_problem(
            _("The workbook has no sheet named “%(name)s” (its sheets: %(sheets)s).")
            % {"name": DATA_SHEET, "sheets": ", ".join(workbook.sheetnames)},
            _("The sheet “%(name)s” of the downloaded template.") % {"name": DATA_SHEET},
        )
    if sheet.sheet_state != "visible":
        raise _file_problem(
            _("The sheet “%(name)s” holding the list is hidden.") % {"name": sheet.title},
            _("Unhide the sheet and check its rows before importing."),
        )
    for other in workbook.worksheets:
        if other is sheet or other.title == LISTS_SHEET or other.sheet_state == "visible":
            continue
        if any(_has_value(c) for row in other.iter_rows(values_only=True) for c in row):
            raise _file_problem(
                _("The hidden sheet “%(name)s” holds data the import would not read.") % {"name": other.title},
                _("Put every row on the sheet “%(data)s” and delete or unhide the sheet “%(name)s”.")
                % {"data": DATA_SHEET, "name": other.title},
            )
    return sheet


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


class _Reader:
    """Reads the data sheet against a list of columns; collects problems instead of raising."""

    def __init__(self, columns, *, date: datetime.date | None = None, authority=None):
        self.columns = columns
        self.problems: list[ImportProblem] = []
        types = list(AwardType.objects.all())
        kinds = list(CommendationKind.objects.all())
        self.award_types = {_normalise(t.name): t for t in types} | {_normalise(t.code): t for t in types}
        self.kinds = {_normalise(k.name): k for k in kinds} | {_normalise(k.code): k for k in kinds}
        on = date or timezone.localdate()
        granted = set(authority.award_types.values_list("pk", flat=True)) if authority is not None else None
        self.award_names = [t.name for t in types if self._valid(t, on) and (granted is None or t.pk in granted)]
        self.kind_names = [k.name for k in kinds if self._valid(k, on)]
        self.recipient_kinds = {_normalise(label): value for value, label in RECIPIENT_KIND_LABELS.items()}
        self.recipient_kinds |= {_normalise(value): value for value in RECIPIENT_KIND_LABELS}

    @staticmethod
    def _valid(obj, on) -> bool:
        return (obj.valid_from is None or obj.valid_from <= on) and (obj.valid_to is None or obj.valid_to >= on)

    def add(self, row, index, problem, expected=""):
        column = _column_label(index, self.columns[index]) if index is not None else ""
        self.problems.append(ImportProblem(row, column, problem, expected))

    def full(self) -> bool:
        return len(self.problems) >= MAX_ERRORS

    def check_layout(self, sheet) -> bool:
        # Formatting alone (a whole column coloured) can stretch max_row: count the rows that hold something.
        if sheet.max_row > max_rows() + 1 and (filled := sum(1 for _row in self.rows(sheet))) > max_rows():
            self.problems.append(
                ImportProblem(
                    None,
                    "",
                    _("The sheet has %(count)s rows.") % {"count": filled + 1},
                    _("At most %(rows)s rows below the header.") % {"rows": max_rows()},
                )
            )
            return False
        if sheet.max_column > 200:
            self.problems.append(
                ImportProblem(
                    None,
                    "",
                    _("The sheet has %(count)s columns.") % {"count": sheet.max_column},
                    _("The %(count)s columns of the template.") % {"count": len(self.columns)},
                )
            )
            return False
        ok = True
        for index, column in enumerate(self.columns):
            cell = sheet.cell(row=1, column=index + 1)
            found = cell.value
            if _is_formula(cell) or not isinstance(found, str) or _normalise(found) != _normalise(column.header):
                self.add(
                    1,
                    index,
                    _("The header reads “%(found)s”.") % {"found": "" if found is None else str(found)[:80]},
                    _("The header “%(header)s” of the template.") % {"header": column.header},
                )
                ok = False
        for column in range(len(self.columns) + 1, sheet.max_column + 1):
            letter = get_column_letter(column)
            for (value,) in sheet.iter_rows(min_col=column, max_col=column, values_only=True):
                if _has_value(value):
                    self.problems.append(
                        ImportProblem(
                            None,
                            letter,
                            _("Column %(letter)s holds data the import does not read.") % {"letter": letter},
                            _("Only the %(count)s columns of the template.") % {"count": len(self.columns)},
                        )
                    )
                    ok = False
                    break
        for dimension in list(sheet.column_dimensions.values()):
            if not dimension.hidden:
                continue
            first, last = dimension.min or 1, min(dimension.max or 1, sheet.max_column)
            for column in range(first, last + 1):
                for (value,) in sheet.iter_rows(min_col=column, max_col=column, values_only=True):
                    if _has_value(value):
                        letter = get_column_letter(column)
                        self.problems.append(
                            ImportProblem(
                                None,
                                letter,
                                _("Column %(letter)s is hidden and holds data.") % {"letter": letter},
                                _("Unhide every column and check it before importing."),
                            )
                        )
                        ok = False
                        break
        for number, dimension in list(sheet.row_dimensions.items()):
            if dimension.hidden and 1 <= number <= sheet.max_row:
                values = next(sheet.iter_rows(min_row=number, max_row=number, values_only=True), ())
                if any(_has_value(v) for v in values):
                    self.problems.append(
                        ImportProblem(
                            number,
                            "",
                            _("Row %(row)s is hidden and holds data.") % {"row": number},
                            _("Unhide every row and check it before importing."),
                        )
                    )
                    ok = False
        return ok

    def text(self, row, index, cell) -> str:
        column = self.columns[index]
        value = cell.value
        if _is_formula(cell):
            self.add(row, index, _("The cell holds a formula."), _("A value typed in, not a formula."))
            return ""
        if value is None:
            text = ""
        elif isinstance(value, bool) or isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            self.add(row, index, _("The cell holds a date or a true/false value."), _("Text."))
            return ""
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, str | int | float):
            text = str(value)
        else:
            self.add(row, index, _("The cell's value cannot be read."), _("Text."))
            return ""
        text = " ".join(text.split()) if column.key != ACHIEVEMENTS.key else text.strip()
        if not text and column.required:
            self.add(row, index, _("The cell is empty."), _("A value: this column is required."))
        elif len(text) > column.max_length:
            self.add(
                row,
                index,
                _("The text is %(length)s characters long.") % {"length": len(text)},
                _("At most %(max)s characters.") % {"max": column.max_length},
            )
            return ""
        return text

    def choice(self, row, index, text, lookup, allowed):
        if not text:
            return None
        found = lookup.get(_normalise(text))
        if found is None:
            shown = "; ".join(allowed)
            if len(shown) > 600:
                shown = shown[:600] + "…"
            self.add(
                row,
                index,
                _("“%(value)s” is not in the list.") % {"value": text[:80]},
                _("One of: %(allowed)s.") % {"allowed": shown},
            )
        return found

    def rows(self, sheet):
        """(Excel row number, {column key: cell}) for each row holding anything."""
        width = len(self.columns)
        for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=width), start=2):
            cells = list(cells) + [None] * (width - len(cells))
            if not any(c is not None and (_has_value(c.value) or c.data_type == "f") for c in cells):
                continue
            yield number, cells

    def read(self, upload, build):
        try:
            workbook = _open_workbook(upload)
            sheet = _data_sheet(workbook)
        except _Refused as refused:
            return [], [refused.problem]
        if not self.check_layout(sheet):
            return [], self.problems[:MAX_ERRORS]
        result = []
        for number, cells in self.rows(sheet):
            values = build(number, cells)
            if values is not None:
                result.append(ImportRow(number, values))
            if self.full():
                break
        if not result and not self.problems:
            self.problems.append(
                ImportProblem(None, "", _("The sheet lists nobody."), _("One row per recipient, from row 2."))
            )
        if self.full():
            self.problems.append(
                ImportProblem(
                    None, "", _("Too many errors: only the first %(count)s are listed.") % {"count": MAX_ERRORS}
                )
            )
        return result, self.problems

    def recipient_kind(self, number, index, cells, award_type):
        labels = list(RECIPIENT_KIND_LABELS.values())
        kind = self.choice(number, index, self.text(number, index, cells[index]), self.recipient_kinds, labels)
        if kind and award_type and not award_type.allows(kind):
            allowed = ", ".join(RECIPIENT_KIND_LABELS[k] for k in award_type.allowed_recipient_kinds)
            self.add(
                number,
                index,
                _("“%(award)s” is not given to a %(kind)s.")
                % {"award": award_type, "kind": RECIPIENT_KIND_LABELS[kind]},
                _("One of: %(allowed)s.") % {"allowed": allowed},
            )
            return None
        return kind


def recipients_from_xlsx(upload, *, date: datetime.date | None = None, authority=None):
    """(rows, problems): the recipients of a decision's template, all checked; rows are usable only without problems.
    `date` and `authority` (the decision's) narrow the award types an error message offers."""
    reader = _Reader(DECISION_COLUMNS, date=date, authority=authority)

    def build(number, cells):
        before = len(reader.problems)
        award_type = reader.choice(number, 0, reader.text(number, 0, cells[0]), reader.award_types, reader.award_names)
        kind = reader.choice(number, 1, reader.text(number, 1, cells[1]), reader.kinds, reader.kind_names)
        recipient_kind = reader.recipient_kind(number, 2, cells, award_type)
        name = reader.text(number, 3, cells[3])
        position = reader.text(number, 4, cells[4])
        workplace = reader.text(number, 5, cells[5])
        grassroots_text = reader.text(number, 6, cells[6])
        grassroots = False
        if grassroots_text:
            if _normalise(grassroots_text) in YES_WORDS:
                grassroots = True
            elif _normalise(grassroots_text) not in NO_WORDS:
                reader.add(
                    number,
                    6,
                    _("“%(value)s” is not in the list.") % {"value": grassroots_text[:80]},
                    _("“%(yes)s”, “%(no)s” or empty.") % {"yes": YES, "no": NO},
                )
        if len(reader.problems) > before:
            return None
        return services.RecipientFields(
            award_type=award_type,
            commendation_kind=kind,
            recipient_kind=recipient_kind,
            recipient_name=name,
            position=position,
            unit_name=workplace,
            is_grassroots=grassroots,
        )

    return reader.read(upload, build)


def nominees_from_xlsx(upload):
    """(rows, problems): the nominees of a dossier's template, all checked."""
    reader = _Reader(DOSSIER_COLUMNS)

    def build(number, cells):
        before = len(reader.problems)
        award_type = reader.choice(number, 0, reader.text(number, 0, cells[0]), reader.award_types, reader.award_names)
        recipient_kind = reader.recipient_kind(number, 1, cells, award_type)
        name = reader.text(number, 2, cells[2])
        position = reader.text(number, 3, cells[3])
        achievements = reader.text(number, 4, cells[4])
        if len(reader.problems) > before:
            return None
        return dossiers.NomineeFields(
            recipient_kind=recipient_kind,
            recipient_name=name,
            award_type=award_type,
            achievements=achievements,
            position=position,
        )

    return reader.read(upload, build)


# Writing.


def _link_units(rows: list[ImportRow]) -> None:
    """A registered unit's name links the award to that unit (as the decision form does)."""
    units = {}
    for unit in Unit.objects.order_by(F("active_to").desc(nulls_first=True)):
        units.setdefault(unit.name.casefold(), unit)
    for row in rows:
        unit = units.get(row.values.unit_name.casefold()) if row.values.unit_name else None
        if unit is not None:
            row.values.unit, row.values.unit_name = unit, ""


def _recipient_key(r) -> tuple:
    workplace = r.unit.name if r.unit else r.unit_name
    return (
        r.award_type.pk,
        r.commendation_kind.pk,
        r.recipient_kind,
        _normalise(r.recipient_name),
        _normalise(r.position),
        _normalise(workplace or ""),
    )


def _row_problems(error, rows: list[ImportRow], offset: int, columns) -> list[ImportProblem]:
    """The service's errors by row index onto the Excel rows and columns they concern."""
    index_of = {c.key: i for i, c in enumerate(columns)}
    problems = []
    for index, row_errors in sorted(error.rows.items()):
        excel_row = rows[index - offset].row if index >= offset else None
        for field_name, messages in row_errors.items():
            position = index_of.get(field_name)
            column = _column_label(position, columns[position]) if position is not None else ""
            problems += [ImportProblem(excel_row, column, message) for message in messages]
    general = [m for ms in error.fields.values() for m in ms] + list(error.general)
    problems += [ImportProblem(None, "", message) for message in general]
    return problems


def _only_new(rows: list[ImportRow], existing: list, *, key) -> list[ImportRow]:
    """The file's rows not already present (nor repeated earlier in the file): importing twice adds nothing."""
    seen = {key(item) for item in existing}
    new = []
    for row in rows:
        if key(row.values) not in seen:
            seen.add(key(row.values))
            new.append(row)
    return new


def decision_import(*, actor, decision: Decision, upload) -> ImportResult:
    """Appends the file's recipients to a draft decision, skipping those already on it; all or nothing."""
    rows, problems = recipients_from_xlsx(upload, date=decision.date, authority=decision.authority)
    if problems:
        return ImportResult(errors=problems)
    _link_units(rows)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != Decision.Status.DRAFT:
            raise services.TransitionNotAllowed(_("An issued decision can no longer be edited; annul it instead."))
        existing = [
            services.RecipientFields(
                award_type=a.award_type,
                commendation_kind=a.commendation_kind,
                recipient_kind=a.recipient_kind,
                recipient_name=a.recipient_name,
                position=a.position,
                unit=a.unit,
                unit_name=a.unit_name,
                is_grassroots=a.is_grassroots,
            )
            for a in Award.objects.filter(decision=decision)
            .select_related("award_type", "commendation_kind", "unit")
            .order_by("line_no")
        ]
        new = _only_new(rows, existing, key=_recipient_key)
        result = ImportResult(added=len(new), skipped=len(rows) - len(new))
        if not new:
            return result
        fields = services.DecisionFields(
            issuer=decision.issuer,
            authority=decision.authority,
            number=decision.number,
            symbol=decision.symbol,
            date=decision.date,
            signer_name=decision.signer_name,
            signer_title=decision.signer_title,
            summary=decision.summary,
            is_illustrative=decision.is_illustrative,
            campaign=decision.campaign,
        )
        try:
            services.decision_update(
                actor=actor, decision=decision, fields=fields, recipients=existing + [r.values for r in new]
            )
        except services.DecisionInvalid as error:
            return ImportResult(errors=_row_problems(error, new, len(existing), DECISION_COLUMNS))
    return result


def _nominee_key(n) -> tuple:
    return (n.award_type.pk, n.recipient_kind, _normalise(n.recipient_name), _normalise(n.position))


def dossier_import(*, actor, dossier: Dossier, upload) -> ImportResult:
    """Appends the file's nominees to a dossier being prepared or returned, skipping those already on it."""
    rows, problems = nominees_from_xlsx(upload)
    if problems:
        return ImportResult(errors=problems)
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status not in dossiers.EDITABLE:
            raise dossiers.DossierTransitionRefused(_("Only a dossier being prepared or returned can be edited."))
        existing = [
            dossiers.NomineeFields(
                recipient_kind=n.recipient_kind,
                recipient_name=n.recipient_name,
                award_type=n.award_type,
                achievements=n.achievements,
                position=n.position,
            )
            for n in dossier.nominations.select_related("award_type").order_by("line_no")
        ]
        new = _only_new(rows, existing, key=_nominee_key)
        result = ImportResult(added=len(new), skipped=len(rows) - len(new))
        if not new:
            return result
        fields = dossiers.DossierFields(
            unit=dossier.unit,
            commendation_kind=dossier.commendation_kind,
            year=dossier.year,
            title=dossier.title,
            campaign=dossier.campaign,
        )
        try:
            dossiers.dossier_update(
                actor=actor, dossier=dossier, fields=fields, nominees=existing + [r.values for r in new]
            )
        except dossiers.DossierInvalid as error:
            return ImportResult(errors=_row_problems(error, new, len(existing), DOSSIER_COLUMNS))
    return result
