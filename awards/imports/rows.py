"""Reading the data sheet's rows: everything is checked first and collected as problems, each naming the row as
Excel shows it, the column (letter and header), what is wrong and what is expected."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from awards.decisions import services
from awards.imports.class_columns import ClassesReader
from awards.imports.columns import (
    ACHIEVEMENTS,
    BIRTH_DATE,
    DECISION_COLUMNS,
    DOSSIER_COLUMNS,
    ID_NUMBER,
    NO,
    NO_WORDS,
    RECIPIENT_KIND_LABELS,
    YES,
    YES_WORDS,
    column_label,
    normalise,
)
from awards.imports.results import ImportProblem, ImportRow
from awards.imports.workbook import EMPTY, Refused, SheetContent, data_sheet_read, has_value, is_formula
from awards.models import AwardType, CommendationKind, RecipientKind
from awards.nominations import services as dossiers
from kernel.lib.formatting import vn_date
from kernel.lib.names import id_number_key, id_number_valid

MAX_ERRORS = 200  # a hopeless file should not produce a page of ten thousand lines
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# The same formats as strptime reads them (its own patterns for %d, %m and %Y, tried in that order, the whole text
# matched), without strptime's cost: it took half the time of reading a 10,000-row file's cells.
_DAY, _MONTH, _YEAR = r"(?P<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])", r"(?P<m>1[0-2]|0[1-9]|[1-9])", r"(?P<Y>\d\d\d\d)"
DATE_PATTERNS = [
    re.compile(pattern.replace("%d", _DAY).replace("%m", _MONTH).replace("%Y", _YEAR).replace(".", r"\."), re.I)
    for pattern in DATE_FORMATS
]


def date_from_text(text: str) -> datetime.date | None:
    """The date `text` is in one of DATE_FORMATS, as datetime.strptime reads it; None when it is none."""
    for pattern in DATE_PATTERNS:
        found = pattern.match(text)
        if found is None or found.end() != len(text):  # strptime: "unconverted data remains"
            continue
        try:
            return datetime.date(int(found["Y"]), int(found["m"]), int(found["d"]))
        except ValueError:  # 31/02: strptime refuses it and tries the next format
            continue
    return None


# Each row's date of birth and identity number are read, but these are wanted only for a wrong one: gettext for
# each of 10,000 rows cost more than reading both cells.
def _birth_date_expected() -> str:
    return _("A date of birth as dd/mm/yyyy, e.g. 06/01/1975.")


def _id_number_expected() -> str:
    return _("An identity card number has 12 digits (CCCD) or 9 digits (former CMND).")


class _Reader:
    """Reads the data sheet against a list of columns; collects problems instead of raising."""

    def __init__(self, columns, *, date: datetime.date | None = None, authority=None):
        self.columns = columns
        self.problems: list[ImportProblem] = []
        types = list(AwardType.objects.all())
        kinds = list(CommendationKind.objects.all())
        self.award_types = {normalise(t.name): t for t in types} | {normalise(t.code): t for t in types}
        self.kinds = {normalise(k.name): k for k in kinds} | {normalise(k.code): k for k in kinds}
        self.today = timezone.localdate()  # a birth date's latest, read once for every row
        on = date or self.today
        granted = set(authority.award_types.values_list("pk", flat=True)) if authority is not None else None
        self.award_names = [t.name for t in types if self._valid(t, on) and (granted is None or t.pk in granted)]
        self.kind_names = [k.name for k in kinds if self._valid(k, on)]
        self.recipient_kinds = {normalise(label): value for value, label in RECIPIENT_KIND_LABELS.items()}
        self.recipient_kinds |= {normalise(value): value for value in RECIPIENT_KIND_LABELS}
        # The sheet column (0-based) holding each of `columns`, or None for one the file lacks: found from the
        # header row by check_layout (a file made from the previous template lacks the columns added since).
        self.positions: list[int | None] = list(range(len(columns)))
        self.index_of = {c.key: index for index, c in enumerate(columns)}

    @staticmethod
    def _valid(obj, on) -> bool:
        return (obj.valid_from is None or obj.valid_from <= on) and (obj.valid_to is None or obj.valid_to >= on)

    def add(self, row, index, problem, expected=""):
        column = ""
        if index is not None:
            position = self.positions[index]
            column = self.columns[index].header if position is None else column_label(position, self.columns[index])
        self.problems.append(ImportProblem(row, column, problem, expected))

    def full(self) -> bool:
        return len(self.problems) >= MAX_ERRORS

    def check_layout(self, sheet: SheetContent) -> bool:
        # The rows, columns and cells were measured before the file was loaded (awards.imports.measure).
        # One pass over the cells (each pass over 90,000 of them counted): the columns holding data below the
        # header, then with the header row's, every column holding data.
        below = sheet.columns_holding_data(from_row=2)
        ok = self._map_headers(sheet, below)
        holding = below | {column for column, cell in sheet.rows.get(1, {}).items() if has_value(cell.value)}
        for first, last in sheet.hidden_columns:
            for column in range(first, min(last, sheet.max_column) + 1):
                if column in holding:
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
        for number in sheet.hidden_rows:
            if number >= 1 and sheet.row_holds_data(number):
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

    def _map_headers(self, sheet: SheetContent, below: set[int]) -> bool:
        """Finds each column by its header. A wrong header where a column is expected, or a missing column, is a
        problem, except for a column that may be absent (it then reads empty) unless data stands under a wrong
        header in its place; a column with no header of the template must hold no data. `below`: the columns
        holding data below the header, by number."""
        known = {normalise(c.header): index for index, c in enumerate(self.columns)}
        width = max(sheet.max_column, len(self.columns))
        headers = [sheet.cell(1, position + 1) for position in range(width)]
        positions: list[int | None] = [None] * len(self.columns)
        taken = set()
        for position, cell in enumerate(headers):
            found = cell.value
            index = None if is_formula(cell) or not isinstance(found, str) else known.get(normalise(found))
            if index is not None and positions[index] is None:
                positions[index], taken = position, taken | {position}
        self.positions = positions
        ok, reported = True, set()
        for index, column in enumerate(self.columns):
            if positions[index] is not None:
                continue
            free = index < len(headers) and index not in taken
            found = headers[index].value if free else None
            if free and column.may_be_absent and not (has_value(found) and index + 1 in below):
                continue
            if free:
                self.problems.append(
                    ImportProblem(
                        1,
                        column_label(index, column),
                        _("The header reads “%(found)s”.") % {"found": "" if found is None else str(found)[:80]},
                        _("The header “%(header)s” of the template.") % {"header": column.header},
                    )
                )
                reported.add(index)
                ok = False
            elif not column.may_be_absent:
                self.problems.append(
                    ImportProblem(
                        1,
                        column.header,
                        _("The column “%(header)s” is missing.") % {"header": column.header},
                        _("The header “%(header)s” of the template.") % {"header": column.header},
                    )
                )
                ok = False
        for position in range(sheet.max_column):
            if position in taken or position in reported or position + 1 not in below:
                continue
            letter = get_column_letter(position + 1)
            self.problems.append(
                ImportProblem(
                    None,
                    letter,
                    _("Column %(letter)s holds data the import does not read.") % {"letter": letter},
                    _("Only the %(count)s columns of the template.") % {"count": len(self.columns)},
                )
            )
            ok = False
        return ok

    def text(self, row, index, cell) -> str:
        column = self.columns[index]
        value = cell.value
        if is_formula(cell):
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
        found = lookup.get(normalise(text))
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

    def person_cells(self, row, kind, cells) -> tuple[datetime.date | None, str]:
        """The date of birth and identity card number of an individual's row; on another row they must be empty."""
        birth_index, id_index = self.index_of[BIRTH_DATE.key], self.index_of[ID_NUMBER.key]
        if kind is not None and kind != RecipientKind.INDIVIDUAL:
            for index in (birth_index, id_index):
                if has_value(cells[index].value) or is_formula(cells[index]):
                    self.add(
                        row,
                        index,
                        _("Only an individual has a date of birth or an identity card number."),
                        _("An empty cell for a %(kind)s.") % {"kind": RECIPIENT_KIND_LABELS[kind]},
                    )
            return None, ""
        return self.birth_date(row, birth_index, cells[birth_index]), self.id_number(row, id_index, cells[id_index])

    def birth_date(self, row, index, cell) -> datetime.date | None:
        value = cell.value
        if is_formula(cell):
            self.add(row, index, _("The cell holds a formula."), _("A value typed in, not a formula."))
            return None
        if not has_value(value):
            return None
        date = None
        if isinstance(value, datetime.datetime):
            date = value.date()
        elif isinstance(value, datetime.date):
            date = value
        elif isinstance(value, str):
            date = date_from_text("".join(value.split()))
        if date is None:
            shown = value if isinstance(value, str) else str(value)
            self.add(row, index, _("“%(value)s” is not a date.") % {"value": shown[:80]}, _birth_date_expected())
        elif not EARLIEST_BIRTH_DATE <= date <= self.today:
            problem = _("%(date)s is not a possible date of birth.") % {"date": vn_date(date)}
            self.add(row, index, problem, _birth_date_expected())
            date = None
        return date

    def id_number(self, row, index, cell) -> str:
        """The digits of an identity card number (spaces, dots and dashes between them allowed). Typed as a number,
        Excel drops a leading zero: an 8 or 11 digit number gets it back."""
        value = cell.value
        if is_formula(cell):
            self.add(row, index, _("The cell holds a formula."), _("A value typed in, not a formula."))
            return ""
        if not has_value(value):
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(row, index, _("The cell holds a date or a true/false value."), _id_number_expected())
            return ""
        if isinstance(value, float):
            if not value.is_integer():
                problem = _("“%(value)s” is not an identity card number.") % {"value": value}
                self.add(row, index, problem, _id_number_expected())
                return ""
            value = int(value)
        text = str(value).strip()
        if isinstance(value, int) and value > 0 and len(text) in (8, 11):
            text = "0" + text
        if any(not (c.isdigit() or c in " .-") for c in text):
            problem = _("“%(value)s” is not an identity card number.") % {"value": text[:80]}
            self.add(row, index, problem, _id_number_expected())
            return ""
        if not id_number_valid(text):
            problem = _("“%(value)s” has %(count)s digits.") % {"value": text[:80], "count": len(id_number_key(text))}
            self.add(row, index, problem, _id_number_expected())
            return ""
        return id_number_key(text)

    def rows(self, sheet: SheetContent):
        """(Excel row number, [cell of each column]) for each row holding anything; a column the file lacks
        gives an empty cell."""
        columns = [None if p is None else p + 1 for p in self.positions]
        for number in sorted(n for n in sheet.rows if n >= 2):
            cells = sheet.rows[number]
            picked = [EMPTY if c is None else cells.get(c, EMPTY) for c in columns]
            if not any(has_value(c.value) or c.data_type == "f" for c in picked):
                continue
            yield number, picked

    def read(self, upload, build):
        try:
            sheet = data_sheet_read(upload)
        except Refused as refused:
            return [], [refused.problem]
        if not self.check_layout(sheet):
            return [], self.problems[:MAX_ERRORS]
        result = []
        for number, cells in self.rows(sheet):
            built = build(number, cells)
            if built is not None:
                birth_date, id_number, values = built
                result.append(ImportRow(number, values, birth_date=birth_date, id_number=id_number))
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
    classes = ClassesReader(reader)

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
            if normalise(grassroots_text) in YES_WORDS:
                grassroots = True
            elif normalise(grassroots_text) not in NO_WORDS:
                reader.add(
                    number,
                    6,
                    _("“%(value)s” is not in the list.") % {"value": grassroots_text[:80]},
                    _("“%(yes)s”, “%(no)s” or empty.") % {"yes": YES, "no": NO},
                )
        birth_date, id_number = reader.person_cells(number, recipient_kind, cells)
        individual_class, is_enterprise, proposing_body = classes.read(number, cells, recipient_kind, award_type)
        if len(reader.problems) > before:
            return None
        return (
            birth_date,
            id_number,
            services.RecipientFields(
                award_type=award_type,
                commendation_kind=kind,
                recipient_kind=recipient_kind,
                recipient_name=name,
                position=position,
                unit_name=workplace,
                is_grassroots=grassroots,
                individual_class=individual_class,
                is_enterprise=is_enterprise,
                proposing_body=proposing_body,
            ),
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
        birth_date, id_number = reader.person_cells(number, recipient_kind, cells)
        if len(reader.problems) > before:
            return None
        return (
            birth_date,
            id_number,
            dossiers.NomineeFields(
                recipient_kind=recipient_kind,
                recipient_name=name,
                award_type=award_type,
                achievements=achievements,
                position=position,
            ),
        )

    return reader.read(upload, build)
