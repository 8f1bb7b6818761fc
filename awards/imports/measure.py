"""Measuring an upload before openpyxl loads it, so that a file beyond the limits is refused in a fraction of a
second and a few megabytes instead of holding a worker while it unpacks (a 0.27 MB file unpacking to 95 MB held
one for 51 s and 2.4 GB).

First the zip directory alone: the number of parts, each part's unpacked size and compression ratio, the total,
encryption and compression method. Python's zipfile never unpacks more than a part's declared size (it stops there
and fails its CRC), so the directory's sizes can be trusted. Then a streaming read of the XML (expat fed 64 KiB
at a time from the archive, which decompresses as it goes) that stops as soon as a limit is passed: the data sheet's
rows holding a value and its widest column, and for every part the cells openpyxl will create (a sheet's used range,
rows, merged and hyperlinked ranges, which openpyxl fills cell by cell) and the number of XML elements.
A document type declaration is refused: Excel never writes one, and it is how entity expansion attacks begin."""

import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from awards.imports.columns import DATA_SHEET, max_cells, max_columns, max_rows, max_unpacked_bytes
from awards.imports.results import Refused, file_problem
from kernel.lib.formatting import vn_int

MAX_PARTS = 1000  # Excel's own files hold a few dozen
# A part unpacking this many times its packed size is a zip bomb: Excel's XML compresses 5 to 30 times, a sheet of
# identical rows about 60 times; deflate cannot exceed about 1,030. Parts below RATIO_FLOOR are too small to matter.
MAX_RATIO = 150
RATIO_FLOOR = 1024 * 1024
# The XML elements a file may hold in all: per cell of IMPORT_MAX_CELLS (a cell is two or three: c, v or is, t),
# plus what every workbook holds besides its cells (theme, styles, lists, validations: about 1,000 in the template).
ELEMENTS_PER_CELL = 4
ELEMENTS_BESIDES_CELLS = 50_000
CHUNK = 64 * 1024
XML_SUFFIXES = (".xml", ".rels", ".vml")
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_TYPE = REL_NS + "/worksheet"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


@dataclass
class Measurement:
    """What the file holds, as far as it was read (all of it when nothing was refused)."""

    parts: int = 0
    unpacked: int = 0
    data_part: str = ""
    shared_strings: int = 0  # unpacked bytes
    rows: int = 0  # the data sheet's rows below the header holding a value
    columns: int = 0  # its widest column holding a value
    cells: int = 0  # the cells openpyxl would create, all sheets
    elements: int = 0  # XML elements read, all parts


class _Stop(Exception):
    """Enough of a part was read."""


def _parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_args: object) -> None:
        raise _file_refused(_("The file holds a document type declaration, which Excel never writes."))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    return parser


def _file_refused(problem: str, expected: str = "") -> Refused:
    return file_problem(problem, expected or _("An Excel workbook (.xlsx) made from the downloaded template."))


def _feed(archive: zipfile.ZipFile, name: str, parser: expat.XMLParserType) -> None:
    """Streams one part through the parser; a part that is not XML, or not sound, is a damaged file."""
    try:
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        return
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError):
        raise _file_refused(_("The file is damaged: it cannot be opened.")) from None


def _column_number(reference: str) -> tuple[int, int]:
    """("AB12") -> (12, 28); a malformed reference is a damaged file."""
    letters = reference.rstrip("0123456789$").lstrip("$").upper()
    digits = reference[len(reference.rstrip("0123456789")) :]
    if not letters.isalpha() or not letters.isascii() or len(letters) > 3 or not digits or len(digits) > 7:
        raise _file_refused(_("The file is damaged: it cannot be opened."))
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


def _area(reference: str) -> int:
    """The cells of a range such as "A1:C3" (9); a whole row or column counts as Excel's full size."""
    first, _sep, last = reference.strip().partition(":")
    if not last:
        return 1
    try:
        (row_1, column_1), (row_2, column_2) = _column_number(first), _column_number(last)
    except Refused:
        return 1_048_576 * 16_384  # "A:A" or "1:1": openpyxl would fill the whole column or row
    return (abs(row_2 - row_1) + 1) * (abs(column_2 - column_1) + 1)


class _Measurer:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.result = Measurement()
        self.max_rows, self.max_columns, self.max_cells = max_rows(), max_columns(), max_cells()
        self.max_elements = ELEMENTS_PER_CELL * self.max_cells + ELEMENTS_BESIDES_CELLS

    def directory(self) -> list[zipfile.ZipInfo]:
        entries = self.archive.infolist()
        self.result.parts = len(entries)
        if len(entries) > MAX_PARTS:
            raise _file_refused(
                _("The file holds more than %(limit)s parts, an Excel workbook a few dozen.") % {"limit": MAX_PARTS}
            )
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise _file_refused(
                    _("The file is protected by a password."), _("The workbook saved again without a password.")
                )
            if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _file_refused(_("The file is damaged: it cannot be opened."))
            self.result.unpacked += entry.file_size
            if self.result.unpacked > max_unpacked_bytes():
                raise _file_refused(
                    _("The file unpacks to more than %(limit)s MB.") % {"limit": _mb(max_unpacked_bytes())},
                    _("At most %(limit)s MB once unpacked, that is at most %(rows)s rows of the template.")
                    % {"limit": _mb(max_unpacked_bytes()), "rows": vn_int(max_rows())},
                )
            if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise _file_refused(
                    _("Part %(name)s unpacks to %(ratio)s times its packed size: it looks like a zip bomb.")
                    % {"name": entry.filename[:80], "ratio": vn_int(entry.file_size // max(entry.compress_size, 1))},
                    _("A workbook saved by Excel, each part unpacking to at most %(limit)s times its packed size.")
                    % {"limit": MAX_RATIO},
                )
        return entries

    def count(self) -> None:
        self.result.elements += 1
        if self.result.elements > self.max_elements:
            raise self._too_many_elements()

    def _too_many_cells(self) -> Refused:
        return _file_refused(
            _("The workbook holds more than %(limit)s cells, with values or only formatting.")
            % {"limit": vn_int(max_cells())},
            _("At most %(rows)s rows of the template's columns; clear the formatting of unused rows and columns.")
            % {"rows": vn_int(max_rows())},
        )

    def _too_many_elements(self) -> Refused:
        # Text formatted run by run (pasted from Word) is the likely cause in a genuine file.
        return _file_refused(
            _("The workbook holds more than %(limit)s XML elements: too much formatting inside its cells.")
            % {"limit": vn_int(self.max_elements)},
            _("Values without formatting (Paste Special → Values), then the file saved again."),
        )

    def prolog(self, name: str) -> None:
        """Reads a part up to its first element: enough to refuse a document type declaration."""

        def start(_name: str, _attributes: dict[str, str]) -> None:
            raise _Stop

        _feed(self.archive, name, _parser(start))

    def elements(self, name: str) -> list[tuple[str, dict[str, str]]]:
        """The elements of a small part (the workbook, its relationships), counted."""
        found: list[tuple[str, dict[str, str]]] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            self.count()
            found.append((tag.rpartition(" ")[2], attributes))

        _feed(self.archive, name, _parser(start))
        return found

    def sheet_parts(self) -> list[tuple[str, str, bool]]:
        """Every sheet of xl/workbook.xml: its name, the part its relationship names (whatever the part's name or
        the relationship's type: openpyxl opens it as a sheet all the same) and whether that is a worksheet."""
        names = {e.filename for e in self.archive.infolist()}
        rels: dict[str, tuple[str, bool]] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            for tag, attributes in self.elements("xl/_rels/workbook.xml.rels"):
                if tag == "Relationship":
                    target = attributes.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                    is_worksheet = attributes.get("Type") == WORKSHEET_TYPE
                    rels[attributes.get("Id", "")] = (posixpath.normpath(path), is_worksheet)
        sheets = []
        for tag, attributes in self.elements("xl/workbook.xml"):
            if tag == "sheet":
                part, is_worksheet = rels.get(attributes.get(REL_NS + " id", ""), ("", False))
                if part in names:
                    sheets.append((attributes.get("name", ""), part, is_worksheet))
        return sheets

    def data_sheet_part(self, sheets: list[tuple[str, str, bool]]) -> str:
        """The data sheet's part, found as openpyxl finds it: by name, else the only worksheet ("" when it cannot
        be told: the reader then names the problem)."""
        worksheets = [part for _name, part, is_worksheet in sheets if is_worksheet]
        data = [part for name, part, is_worksheet in sheets if name == DATA_SHEET and is_worksheet]
        if not data and len(worksheets) == 1:
            data = worksheets
        return data[0] if data else ""

    def worksheet(self, name: str, *, is_data: bool) -> None:
        """Streams a worksheet: the cells openpyxl would create (max row × max column, plus merged and linked
        ranges) against IMPORT_MAX_CELLS; on the data sheet, rows holding a value and the widest column too.
        Called for every element of the sheet, so kept to local variables (a third of the check's time)."""
        result, before = self.result, self.result.cells
        most_rows, most_columns, most_cells = self.max_rows, self.max_columns, self.max_cells - before
        most_elements = self.max_elements
        row = column = last_row = last_column = valued_row = ranges = 0

        def start(tag: str, attributes: dict[str, str]) -> None:
            nonlocal row, column, last_row, last_column, valued_row, ranges
            result.elements += 1
            if result.elements > most_elements:
                raise self._too_many_elements()
            tag = tag.rpartition(" ")[2]
            if tag == "c":
                reference = attributes.get("r")
                if reference:
                    row, column = _column_number(reference)
                else:
                    column += 1
                if column > last_column:
                    if column > most_columns and is_data:
                        raise _too_wide(column)
                    last_column = column
                if row > last_row:
                    last_row = row
                if last_row * last_column + ranges > most_cells:
                    raise self._too_many_cells()
            elif (tag == "v" or tag == "is" or tag == "f") and is_data:
                if row != valued_row and row > 1:  # the header is not counted
                    valued_row = row
                    result.rows += 1
                    if result.rows > most_rows:
                        raise _too_many_rows()
                if column > result.columns:
                    result.columns = column
            elif tag == "row":
                number = attributes.get("r")
                row = int(number) if number and number.isdigit() else row + 1
                column = 0
                if row > last_row:  # a row without cells still costs openpyxl its row dimension
                    last_row = row
                    if last_row * max(last_column, 1) + ranges > most_cells:
                        raise self._too_many_cells()
            elif tag == "mergeCell" or tag == "hyperlink":
                ranges += _area(attributes.get("ref", ""))
                if last_row * last_column + ranges > most_cells:
                    raise self._too_many_cells()

        _feed(self.archive, name, _parser(start))
        result.cells = before + last_row * max(last_column, 1 if last_row else 0) + ranges

    def measure(self) -> Measurement:
        entries = self.directory()
        for entry in entries:
            if entry.filename.lower().endswith(XML_SUFFIXES):
                self.prolog(entry.filename)
        sheets = self.sheet_parts()
        data = self.data_sheet_part(sheets)
        self.result.data_part = data
        if data:  # first: the row limit is the refusal a user most needs to read
            if not data.lower().endswith(XML_SUFFIXES):
                self.prolog(data)  # not read with the XML parts above
            self.worksheet(data, is_data=True)
        done = {data, "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
        # Every sheet the workbook names, whatever its part is called (a sheet stored as "sheet2.bin" is opened by
        # openpyxl as any other) …
        for _name, part, _is_worksheet in sheets:
            if part not in done:
                self.prolog(part)
                self.worksheet(part, is_data=False)
                done.add(part)
        # … and every other XML part, read as a sheet could be: openpyxl may reach a sheet by another path than the
        # ones read above (the package's own relationships), and no other part holds cells, rows or merged ranges.
        for entry in entries:
            if entry.filename == "xl/sharedStrings.xml":
                self.result.shared_strings = entry.file_size
            if entry.filename.lower().endswith(XML_SUFFIXES) and entry.filename not in done:
                self.worksheet(entry.filename, is_data=False)
        return self.result


def _too_many_rows() -> Refused:
    return _file_refused(
        _("The sheet has more than %(limit)s rows below the header.") % {"limit": vn_int(max_rows())},
        _("At most %(rows)s rows below the header.") % {"rows": vn_int(max_rows())},
    )


def _too_wide(column: int) -> Refused:
    return _file_refused(
        _("The sheet has cells in column %(letter)s, beyond its first %(limit)s columns.")
        % {"letter": get_column_letter(min(column, 16_384)), "limit": vn_int(max_columns())},
        _("Only the template's columns; delete the columns after them."),
    )


def measure_xlsx(archive: zipfile.ZipFile) -> Measurement:
    """Measures an opened archive against the limits, raising Refused at the first one passed."""
    return _Measurer(archive).measure()
