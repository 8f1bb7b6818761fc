import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from audit.models import AuditLog
from campaigns.files import sniff_document_kind
from campaigns.models import Document
from campaigns.services import DocumentInvalid, document_update
from tests.campaigns.document_helpers import DOCX, ODT, OLE, PDF, PNG, XLSX, fields, make_document, upload, zip_bytes

pytestmark = pytest.mark.django_db

# Every number and symbol printed in the seed report, parsed as the register stores it:
# (number, symbol, symbol_year, type_code, issuer_code, drafting_unit).
SEED_SYMBOLS = {
    "05/BC-UBND": (5, "BC-UBND", None, "BC", "UBND", ""),
    "01/PĐ-UBND": (1, "PĐ-UBND", None, "PĐ", "UBND", ""),
    "60/UBND-KGVX": (60, "UBND-KGVX", None, "", "UBND", "KGVX"),
    "14/KH-UBND": (14, "KH-UBND", None, "KH", "UBND", ""),
    "48/TB-UBND": (48, "TB-UBND", None, "TB", "UBND", ""),
    "651/QĐ-UBND": (651, "QĐ-UBND", None, "QĐ", "UBND", ""),
    "59/KH-BBT": (59, "KH-BBT", None, "KH", "BBT", ""),
    "60/TB-BBT": (60, "TB-BBT", None, "TB", "BBT", ""),
    "61/TB-BTC": (61, "TB-BTC", None, "TB", "BTC", ""),
    "30/2014/QĐ-UBND": (30, "QĐ-UBND", 2014, "QĐ", "UBND", ""),
    "1275/BTĐKT-VụIII": (1275, "BTĐKT-VụIII", None, "", "BTĐKT", "VụIII"),
    "22-CT/TW": (22, "CT/TW", None, "CT", "TW", ""),
}


def _errors(excinfo) -> dict:
    return excinfo.value.fields


@pytest.mark.parametrize("text", SEED_SYMBOLS)
def test_the_service_stores_every_seed_symbol_parsed(text):
    document = make_document(text, date=datetime.date(2018, 4, 26))
    document.refresh_from_db()
    stored = (
        document.number,
        document.symbol,
        document.symbol_year,
        document.type_code,
        document.issuer_code,
        document.drafting_unit,
    )
    assert stored == SEED_SYMBOLS[text]
    assert document.number_symbol == text


def test_a_bad_symbol_is_refused_with_the_parsers_message():
    for text in ("235-BC-UBND", "0/BC-UBND"):
        with pytest.raises(DocumentInvalid) as excinfo:
            make_document(text)
        (message,) = _errors(excinfo)["number_and_symbol"]
        assert "ký hiệu" in message or "lớn hơn 0" in message
    assert not Document.objects.exists()


def test_all_problems_are_reported_at_once_and_nothing_is_saved():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with override("en"), pytest.raises(DocumentInvalid) as excinfo:
        make_document("abc", date=tomorrow, summary="   ", direction="sideways")
    errors = _errors(excinfo)
    assert set(errors) == {"number_and_symbol", "date", "summary", "direction"}
    assert errors["date"][0].startswith("The date cannot be later than today")
    assert errors["summary"] == ["Enter the summary (trích yếu) of the document."]
    assert not Document.objects.exists() and not AuditLog.objects.exists()


def test_dates_before_1945_are_refused():
    with override("en"), pytest.raises(DocumentInvalid) as excinfo:
        make_document(date=datetime.date(1944, 12, 31))
    assert _errors(excinfo)["date"] == ["The date cannot be before 1945."]
    assert make_document(date=datetime.date(1945, 9, 2)).pk


def test_a_duplicate_number_in_the_same_year_names_the_existing_document():
    make_document("05/BC-UBND", date=datetime.date(2018, 1, 6))
    with override("en"), pytest.raises(DocumentInvalid) as excinfo:
        make_document("5/BC-UBND", date=datetime.date(2018, 11, 30), summary="về việc khác")
    (message,) = _errors(excinfo)["number_and_symbol"]
    assert "05/BC-UBND of 2018 is already in the register" in message
    assert "Báo cáo 05/BC-UBND of 06/01/2018" in message and "Tổng kết phong trào" in message
    # The next year's register starts again at 1; a received document is another register.
    assert make_document("05/BC-UBND", date=datetime.date(2019, 1, 4)).pk
    assert make_document("05/BC-UBND", direction="received", issued_by="Bộ Nội vụ").pk


def test_the_database_refuses_a_duplicate_and_number_zero():
    document = make_document()
    values = {f: getattr(document, f) for f in ("direction", "symbol", "issuer_code", "type_code", "summary")}
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(number=5, date=datetime.date(2018, 12, 1), **values)
    with pytest.raises(IntegrityError, match="document_number_positive"), transaction.atomic():
        Document.objects.create(number=0, date=datetime.date(2018, 12, 1), **values)
    with pytest.raises(IntegrityError, match="document_summary_not_empty"), transaction.atomic():
        Document.objects.create(number=6, date=datetime.date(2018, 12, 1), **{**values, "summary": ""})


def test_create_and_update_are_audited_with_before_and_after(staff):
    document = make_document("14/KH-UBND", actor=staff, date=datetime.date(2018, 1, 25))
    document_update(
        actor=staff,
        document=document,
        fields=fields("14/KH-UBND", date=datetime.date(2018, 1, 26), summary="về việc tổ chức Hội nghị"),
        reason="Sửa ngày theo bản gốc",
    )
    create, update = AuditLog.objects.filter(object_id=str(document.pk), content_type__model="document").order_by("id")
    assert (create.action, update.action) == ("document.create", "document.update")
    assert create.actor == staff and create.before is None and create.after["symbol"] == "KH-UBND"
    assert update.before["date"] == "2018-01-25" and update.after["date"] == "2018-01-26"
    assert update.after["summary"] == "về việc tổ chức Hội nghị" and update.reason == "Sửa ngày theo bản gốc"
    assert str(update.action_label) != "document.update"  # the action has a human label


def test_an_update_needs_a_reason_and_keeps_the_row_when_refused(staff):
    document = make_document()
    with override("en"), pytest.raises(DocumentInvalid) as excinfo:
        document_update(actor=staff, document=document, fields=fields(summary="khác"), reason="  ")
    assert _errors(excinfo) == {"reason": ["Give the reason for changing this register entry."]}
    document.refresh_from_db()
    assert document.summary.startswith("về việc Tổng kết") and AuditLog.objects.count() == 1


def test_an_update_may_keep_its_own_number():
    document = make_document()
    updated = document_update(actor=None, document=document, fields=fields(issued_by="Chủ tịch UBND tỉnh"), reason="x")
    assert updated.issued_by == "Chủ tịch UBND tỉnh"


# Files: the kind comes from the content.


@pytest.mark.parametrize(
    "content, kind", [(PDF, "pdf"), (DOCX, "docx"), (XLSX, "xlsx"), (OLE, "doc"), (ODT, "odt"), (PNG, None)]
)
def test_file_kinds_are_read_from_the_content(content, kind):
    assert sniff_document_kind(upload(content, "anything.pdf")) == kind


def test_a_zip_that_is_no_office_document_is_not_accepted():
    assert sniff_document_kind(upload(zip_bytes({"notes.txt": b"hello"}), "x.docx")) is None
    assert sniff_document_kind(upload(b"PK\x03\x04 broken", "x.docx")) is None


def test_a_png_named_pdf_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override("en"), pytest.raises(DocumentInvalid) as excinfo:
        make_document(file=upload(PNG, "bao-cao.pdf"))
    assert "is not a PDF, Word (DOCX, DOC), Excel (XLSX) or OpenDocument" in _errors(excinfo)["file"][0]
    assert not Document.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_an_oversized_file_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENT_FILE_MAX_BYTES = 1024 * 1024
    with override("en"), pytest.raises(DocumentInvalid) as excinfo:
        make_document(file=upload(PDF + b"%" * 1024 * 1024))
    assert _errors(excinfo)["file"] == ["The file is larger than 1 MB."]
    assert not Document.objects.exists()
    assert make_document(file=upload(PDF + b"%" * 1000)).file  # under the limit


def test_a_good_file_is_stored_under_a_name_from_its_kind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = make_document(file=upload(DOCX, "bao cao.pdf"))
    assert (
        document.file.name.startswith("documents/")
        and "20180106-05-bc-ubnd" in document.file.name
        and document.file.name.endswith(".docx")
    )
    assert (tmp_path / document.file.name).read_bytes() == DOCX
