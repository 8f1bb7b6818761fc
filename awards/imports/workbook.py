"""Opening an uploaded file and refusing it as a whole: its type sniffed from the content (never its name), its
size, an old .xls or a password-protected workbook, a damaged archive, then `measure` (unpacked size, parts, rows,
columns and cells, read from the zip directory and a streaming read before openpyxl loads anything), a missing or
hidden data sheet, data on other hidden sheets."""

import io
import zipfile
import zlib

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from awards.imports.columns import DATA_SHEET, LISTS_SHEET, max_bytes
from awards.imports.measure import measure_xlsx
from awards.imports.results import Refused, file_problem
from campaigns.files import OLE_MAGIC, ZIP_MAGIC

# A workbook saved with a password is an OLE container holding this stream (its name in UTF-16).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

__all__ = ["Refused", "data_sheet", "has_value", "is_formula", "open_workbook"]


def open_workbook(upload):
    size = getattr(upload, "size", None)
    upload.seek(0)
    content = upload.read(max_bytes() + 1)
    if size is None:
        size = len(content)
    if size > max_bytes() or len(content) > max_bytes():
        raise file_problem(
            _("The file is too large (%(size)s MB).") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
            _("An Excel file of at most %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)},
        )
    expected = _("An Excel workbook (.xlsx) made from the downloaded template.")
    if content.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in content:
        raise file_problem(_("The file is protected by a password."), _("The workbook saved again without a password."))
    if content.startswith(OLE_MAGIC):
        raise file_problem(_("The file is in the old Excel 97-2003 format (.xls)."), expected)
    if not content.startswith(ZIP_MAGIC):
        raise file_problem(_("The file is not an Excel workbook, whatever its name."), expected)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise file_problem(_("The file is not an Excel workbook, whatever its name."), expected)
            measure_xlsx(archive)  # raises Refused at the first limit passed, before openpyxl reads anything
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        raise file_problem(_("The file is damaged: it cannot be opened."), expected) from None
    try:
        return load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises anything (KeyError, XML, TypeError…) on a damaged file
        raise file_problem(_("The file is damaged: it cannot be opened."), expected) from None


def has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def data_sheet(workbook):
    sheets = workbook.worksheets
    if DATA_SHEET in workbook.sheetnames:
        sheet = workbook[DATA_SHEET]
    elif len(sheets) == 1:
        sheet = sheets[0]
    else:
        raise file_problem(
            _("The workbook has no sheet named “%(name)s” (its sheets: %(sheets)s).")
            % {"name": DATA_SHEET, "sheets": ", ".join(workbook.sheetnames)},
            _("The sheet “%(name)s” of the downloaded template.") % {"name": DATA_SHEET},
        )
    if sheet.sheet_state != "visible":
        raise file_problem(
            _("The sheet “%(name)s” holding the list is hidden.") % {"name": sheet.title},
            _("Unhide the sheet and check its rows before importing."),
        )
    for other in workbook.worksheets:
        if other is sheet or other.title == LISTS_SHEET or other.sheet_state == "visible":
            continue
        if any(has_value(c) for row in other.iter_rows(values_only=True) for c in row):
            raise file_problem(
                _("The hidden sheet “%(name)s” holds data the import would not read.") % {"name": other.title},
                _("Put every row on the sheet “%(data)s” and delete or unhide the sheet “%(name)s”.")
                % {"data": DATA_SHEET, "name": other.title},
            )
    return sheet


def is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
