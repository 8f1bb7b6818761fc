"""Bounded imports: a file is measured from its zip directory and a streaming read before openpyxl loads it, and
refused with the limit named (rows, columns, cells, unpacked size, compression ratio, password, DOCTYPE), through
the import page, writing nothing. A file exactly at the limits imports. Time and memory: scripts/bench_import.py."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditLog
from awards import imports
from awards.imports import workbook as workbook_module
from awards.imports.measure import MAX_RATIO, measure_xlsx
from awards.models import Dossier
from awards.nominations.services import DossierFields, NomineeFields, dossier_create
from tests.awards.import_helpers import BK_TINH, REGULAR, filled, nominee_rows
from tests.factories import award_type, kind

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def _full_rows(count):
    """Rows with every column of the decision template an individual's award takes filled."""
    return [
        [
            BK_TINH,
            REGULAR,
            "Cá nhân",
            f"Nông Thị Hoa {i}",
            "Trưởng phòng",
            "Sở Nội vụ",
            "Không",
            "06/01/1975",
            "",
            "Lãnh đạo khác (từ phó phòng trở lên)",
        ]
        for i in range(count)
    ]


def _post(client, draft, staff, content: bytes):
    client.force_login(staff)
    logs = AuditLog.objects.count()
    upload = io.BytesIO(content)
    upload.name = "danh-sach.xlsx"
    response = client.post(reverse("awards:decision-import", args=[draft.pk]), {"file": upload})
    assert draft.awards.count() == 1 and AuditLog.objects.count() == logs  # nothing written
    return response


def _refusal(response) -> str:
    """The error table's only row, as the user reads it."""
    assert response.status_code == 400
    table = response.content.decode().split('id="import-errors"')[1].split("</table>")[0]
    assert table.count("<tr>") == 2, table  # the header and one refusal
    return table


def _rezip(content: bytes, *, replace=None, add=None) -> bytes:
    """The workbook with parts replaced (name: bytes) or added (name: (bytes, compression))."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, (replace or {}).get(entry.filename, source.read(entry.filename)))
        for name, (data, compression) in (add or {}).items():
            target.writestr(name, data, compress_type=compression)
    return out.getvalue()


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(SHEET).decode()


def _no_openpyxl(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("openpyxl was asked to load a file the measure should have refused")

    monkeypatch.setattr(workbook_module, "load_workbook", refuse)


def _measured(content: bytes):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return measure_xlsx(archive)


def test_a_file_exactly_at_every_limit_imports(client, draft, staff, template, settings):
    content = filled(template, _full_rows(3)).read()
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS = 3, len(imports.DECISION_COLUMNS)
    measured = _measured(content)
    assert (measured.rows, measured.columns, measured.data_part) == (3, 12, SHEET)
    settings.IMPORT_MAX_CELLS, settings.IMPORT_MAX_UNPACKED_BYTES = measured.cells, measured.unpacked
    client.force_login(staff)
    upload = io.BytesIO(content)
    upload.name = "danh-sach.xlsx"
    response = client.post(reverse("awards:decision-import", args=[draft.pk]), {"file": upload})
    assert response.status_code == 302 and draft.awards.count() == 4


def test_one_row_over_the_limit_is_refused_naming_the_limit(client, draft, staff, template, settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 3
    _no_openpyxl(monkeypatch)
    table = _refusal(_post(client, draft, staff, filled(template, _full_rows(4)).read()))
    assert "Trang có hơn 3 dòng dưới dòng tiêu đề." in table and "Không quá 3 dòng dưới dòng tiêu đề." in table


def test_the_row_limit_is_written_with_a_thousands_separator(draft, template, settings):
    settings.IMPORT_MAX_ROWS = 1000
    rows = [[BK_TINH, REGULAR, "Cá nhân", f"Người {i}"] for i in range(1001)]
    with pytest.raises(imports.workbook.Refused) as refused:
        _measured(filled(template, rows).read())
    assert "1.000" in refused.value.problem.problem


def test_the_dossier_page_refuses_one_row_too_many(client, unit_a, clerk_a, settings):
    fields = DossierFields(unit=unit_a, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017")
    nominees = [NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc")]
    dossier = dossier_create(actor=clerk_a, fields=fields, nominees=nominees)
    settings.IMPORT_MAX_ROWS = 1
    client.force_login(clerk_a)
    upload = filled(imports.dossier_template(dossier), nominee_rows())
    response = client.post(reverse("awards:dossier-import", args=[dossier.pk]), {"file": upload})
    assert "Trang có hơn 1 dòng dưới dòng tiêu đề." in _refusal(response)
    assert Dossier.objects.get(pk=dossier.pk).nominations.count() == 1


def test_a_cell_beyond_the_column_limit_is_refused(client, draft, staff, template, settings):
    settings.IMPORT_MAX_COLUMNS = 9

    def edit(workbook):
        workbook[imports.DATA_SHEET]["J2"] = "ghi chú"

    table = _refusal(_post(client, draft, staff, filled(template, _full_rows(2), edit=edit).read()))
    assert "Trang có ô ở cột J, vượt quá 9 cột đầu tiên." in table


def test_formatting_far_down_the_sheet_is_refused_as_too_many_cells(
    client, draft, staff, template, settings, monkeypatch
):
    # openpyxl would create every cell of the used range (9 columns × 200,000 rows) before reading a row.
    def edit(workbook):
        workbook[imports.DATA_SHEET].cell(row=200_000, column=1).number_format = "@"

    settings.IMPORT_MAX_CELLS = 150_030
    content = filled(template, _full_rows(2), edit=edit).read()
    _no_openpyxl(monkeypatch)
    table = _refusal(_post(client, draft, staff, content))
    assert "Tệp có hơn 150.030 ô (có giá trị hoặc chỉ được định dạng)." in table


def test_one_merged_range_over_the_whole_sheet_is_refused_before_loading(
    client, draft, staff, template, settings, monkeypatch
):
    # A single element: openpyxl fills a merged range cell by cell (17 billion here).
    settings.IMPORT_MAX_CELLS = 150_030
    content = filled(template, _full_rows(2)).read()
    merge = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    sheet = _sheet_xml(content).replace("</sheetData>", "</sheetData>" + merge)
    _no_openpyxl(monkeypatch)
    assert "150.030 ô" in _refusal(_post(client, draft, staff, _rezip(content, replace={SHEET: sheet.encode()})))


def test_a_file_unpacking_beyond_the_limit_is_refused(client, draft, staff, template, settings, monkeypatch):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    noise = bytes(range(256)) * 5000  # 1.2 MiB, stored as it is
    content = _rezip(filled(template, _full_rows(2)).read(), add={"xl/media/image1.bin": (noise, zipfile.ZIP_STORED)})
    _no_openpyxl(monkeypatch)
    table = _refusal(_post(client, draft, staff, content))
    assert "Tệp khi giải nén lớn hơn 1,0 MB." in table and "Không quá 1,0 MB sau khi giải nén" in table


def test_a_zip_bomb_sheet_is_refused_without_openpyxl(client, draft, staff, template, monkeypatch):
    """The kind of file of issue #12: a small file whose sheet unpacks to thousands of identical rows."""
    content = filled(template, _full_rows(2)).read()
    row = '<row><c t="inlineStr"><is><t>Nông Thị Hoa</t></is></c></row>'
    sheet = _sheet_xml(content).replace("</sheetData>", row * 200_000 + "</sheetData>")
    bomb = _rezip(content, replace={SHEET: sheet.encode()})
    assert len(bomb) * MAX_RATIO < len(sheet)
    _no_openpyxl(monkeypatch)
    table = _refusal(_post(client, draft, staff, bomb))
    assert "khi giải nén lớn gấp" in table and "zip bomb" in table and SHEET in table


@pytest.mark.parametrize("where", ["zip", "ole"])
def test_a_password_protected_file_is_refused(client, draft, staff, template, where, monkeypatch):
    if where == "zip":  # a part encrypted by a zip tool: the flag in the central directory
        content = bytearray(filled(template, _full_rows(2)).read())
        start = content.find(b"PK\x01\x02")
        content[start + 8] |= 0x1
        content = bytes(content)
    else:  # what Excel writes with a password: an OLE container with an encrypted package
        content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    _no_openpyxl(monkeypatch)
    table = _refusal(_post(client, draft, staff, content))
    assert "Tệp được bảo vệ bằng mật khẩu." in table


def test_a_doctype_is_refused_before_any_entity_is_expanded(client, draft, staff, template, monkeypatch):
    content = filled(template, _full_rows(2)).read()
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i else "&lol;") * 10}">' for i in range(9)
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        strings = archive.read("xl/workbook.xml").decode()
    prolog, _sep, rest = strings.partition("?>") if strings.startswith("<?xml") else ("", "", strings)
    spoiled = (prolog + _sep + laughs + "]>" + rest).encode()
    _no_openpyxl(monkeypatch)
    table = _refusal(_post(client, draft, staff, _rezip(content, replace={"xl/workbook.xml": spoiled})))
    assert "Tệp chứa khai báo kiểu tài liệu (DOCTYPE)" in table


def test_a_damaged_part_is_refused(client, draft, staff, template, monkeypatch):
    content = filled(template, _full_rows(2)).read()
    _no_openpyxl(monkeypatch)
    damaged = _rezip(content, replace={SHEET: _sheet_xml(content).encode()[:-40]})
    assert "Tệp bị hỏng" in _refusal(_post(client, draft, staff, damaged))


def test_the_data_sheet_is_found_through_the_workbooks_relationships(draft, template):
    """Not assumed to be sheet1.xml: the template's sheets in another order still measure the data sheet."""

    def edit(workbook):
        workbook.move_sheet(imports.DATA_SHEET, offset=2)

    content = filled(template, _full_rows(2), edit=edit).read()
    measured = _measured(content)
    assert measured.rows == 2 and measured.data_part != SHEET
    assert load_workbook(io.BytesIO(content)).worksheets[2].title == imports.DATA_SHEET


def test_the_templates_instructions_name_the_limits(template):
    help_sheet = load_workbook(io.BytesIO(template))[imports.HELP_SHEET]
    instructions = "\n".join(str(c.value) for (c,) in help_sheet.iter_rows(max_col=1) if c.value)
    assert "không quá 5 MB (20 MB sau khi giải nén), không quá 10.000 dòng dưới dòng tiêu đề và 30 cột" in instructions


def test_rows_without_cells_count_as_cells(draft, template, settings):
    """Each row element costs openpyxl a row dimension: 2,000 rows given a height, with no cell, are too many."""
    settings.IMPORT_MAX_CELLS = 1000
    content = filled(template, _full_rows(2)).read()
    heights = "".join(f'<row r="{n}" ht="20" customHeight="1"/>' for n in range(10, 2010))
    sheet = _sheet_xml(content).replace("</sheetData>", heights + "</sheetData>")
    with pytest.raises(imports.workbook.Refused) as refused:
        _measured(_rezip(content, replace={SHEET: sheet.encode()}))
    assert "1.000 ô" in refused.value.problem.problem


def test_text_formatted_run_by_run_beyond_the_element_budget_is_named(draft, template, settings):
    settings.IMPORT_MAX_CELLS = 100  # 50,400 elements: the template's own and a few thousand runs
    content = filled(template, _full_rows(2)).read()
    runs = "".join(f"<r><rPr><b/></rPr><t>{n}</t></r>" for n in range(15_000))
    cell = f'<c r="D3" t="inlineStr"><is>{runs}</is></c>'
    sheet = re.sub(r'<c r="D3"[^>]*>.*?</c>', cell, _sheet_xml(content), count=1)
    with pytest.raises(imports.workbook.Refused) as refused:
        _measured(_rezip(content, replace={SHEET: sheet.encode()}))
    assert "50.400" in refused.value.problem.problem and "Dán đặc biệt" in refused.value.problem.expected


@pytest.mark.parametrize("limit", ["IMPORT_MAX_CELLS", "IMPORT_MAX_UNPACKED_BYTES"])
def test_one_below_what_the_file_measures_is_refused(template, settings, limit):
    content = filled(template, _full_rows(3)).read()
    measured = _measured(content)
    setattr(
        settings, limit, {"IMPORT_MAX_CELLS": measured.cells, "IMPORT_MAX_UNPACKED_BYTES": measured.unpacked}[limit] - 1
    )
    with pytest.raises(imports.workbook.Refused):
        _measured(content)


@pytest.mark.parametrize("suffix", [".xml", ".bin"])
def test_a_second_sheet_is_measured_whatever_its_part_is_called(suffix):
    """openpyxl opens every sheet the workbook names, "sheet2.bin" as well as "sheet2.xml": a merged range over
    600,000 rows there cost it 120 s and 2.2 GB before the measure read sheets by their relationships."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = imports.DATA_SHEET
    book.active["A1"] = "x"
    book.create_sheet("Khác")["A1"] = "y"
    raw = io.BytesIO()
    book.save(raw)
    with zipfile.ZipFile(raw) as source:
        parts = {entry.filename: source.read(entry.filename) for entry in source.infolist()}
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A1:L600000"/></mergeCells>'
    parts[f"xl/worksheets/sheet2{suffix}"] = parts.pop("xl/worksheets/sheet2.xml").replace(b"</sheetData>", merge)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(b"worksheets/sheet2.xml", f"worksheets/sheet2{suffix}".encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)

    with pytest.raises(workbook_module.Refused) as refusal:
        _measured(out.getvalue())
    assert "ô" in refusal.value.problem.problem  # too many cells, named
