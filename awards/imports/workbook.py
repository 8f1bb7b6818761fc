"""Opening an uploaded file and refusing it as a whole: its type sniffed from the content (never its name), its
size and unpacked size, an old .xls, a damaged archive, a missing or hidden data sheet, data on other hidden sheets."""

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from awards.imports.columns import DATA_SHEET, LISTS_SHEET, max_bytes, max_rows
from awards.imports.results import ImportProblem
from campaigns.files import OLE_MAGIC, ZIP_MAGIC

# What the archive may hold once unpacked: a 5 MB file of compressed XML can otherwise expand a thousandfold.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class Refused(Exception):
    """The file as a whole cannot be imported; `problem` says why."""

    def __init__(self, problem: ImportProblem):
        self.problem = problem


def _file_problem(problem: str, expected: str = "") -> Refused:
    return Refused(ImportProblem(None, "", problem, expected))


def open_workbook(upload):
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


def has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def data_sheet(workbook):
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
        if any(has_value(c) for row in other.iter_rows(values_only=True) for c in row):
            raise _file_problem(
                _("The hidden sheet “%(name)s” holds data the import would not read.") % {"name": other.title},
                _("Put every row on the sheet “%(data)s” and delete or unhide the sheet “%(name)s”.")
                % {"data": DATA_SHEET, "name": other.title},
            )
    return sheet


def is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
