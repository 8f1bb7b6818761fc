"""The package for the central level of a forwarded dossier, read back as the receiving office would: the ZIP,
its manifest matching its files, the tờ trình and the minutes as PDFs, the nominee list and the ballots as Excel,
the consultation's record without the citizens' details; the export command, the download and who may take it."""

import datetime
import hashlib
import io
import json
import zipfile

import openpyxl
import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.models import Consultation, ConsultationEntry, ConsultationFeedback, Dossier, DossierFile, Nomination
from kernel.models import Job
from reports.package import dossier_package_write
from reports.package_check import package_check
from reports.package_services import PACKAGE_ACTION
from reports.signature_models import TrustRoot
from reports.signature_services import signed_document_prepare, signed_upload_accept
from tests.awards.forwarding_helpers import registered_letter
from tests.awards.meeting_helpers import full_setting
from tests.factories import award_type
from tests.reports.signing_helpers import identity, pdf_sign
from tests.reports.test_minutes_pdf import _voted_and_closed
from tests.views_matrix import assert_permissions

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]
CITIZEN = {"sender_name": "Trần Văn Góp Ý", "phone": "0912345678", "email": "gopy@example.vn", "address": "Số 9 phố Z"}


def _forwarded(council_member):
    """The meeting's dossier (3 files "tep.pdf"), voted and closed, then forwarded with letter 12/TTr-UBND; a file
    recorded with a hostile name; a closed consultation with one citizen's feedback."""
    meeting, dossier, _other = full_setting(user=council_member)
    _voted_and_closed(meeting, dossier)
    letter_date = datetime.date(2018, 5, 20)
    Dossier.objects.filter(pk=dossier.pk).update(
        status=Dossier.Status.FORWARDED,
        forwarding_number=12,
        forwarding_symbol="TTr-UBND",
        forwarding_date=letter_date,
        forwarding_signer_name="Hồ Tiến Thiệu",
        forwarding_signer_title="Phó Chủ tịch",
        forwarding_document=registered_letter(12, letter_date),
    )
    # Names as an older import or a restore may hold them: the package must never write outside its folder.
    DossierFile.objects.create(
        dossier=dossier,
        kind=DossierFile.Kind.OTHER,
        file=ContentFile(b"root:x:0:0", name="passwd.txt"),
        original_name="../../etc/passwd",
        content_type="text/plain",
        size=10,
    )
    nominee = dossier.nominations.order_by("line_no").first()
    consultation = Consultation.objects.create(
        dossier=dossier,
        title="Lấy ý kiến Nhân dân đối với cá nhân đề nghị khen thưởng",
        legal_basis="Luật Thi đua, khen thưởng 2022, Điều 84 khoản 5",
        start_date=datetime.date(2018, 4, 2),
        end_date=datetime.date(2018, 4, 13),
        working_days=10,
        published_where="Cổng thông tin điện tử tỉnh",
        contact="Ban Thi đua - Khen thưởng tỉnh",
        no_feedback_rule="Quá thời hạn trên, xem như không có ý kiến phản hồi.",
        status=Consultation.Status.CLOSED,
        outcome=Consultation.Outcome.CONSIDERED,
        outcome_text="Một ý kiến về thời gian công tác, đã xác minh và trả lời.",
        closed_at=timezone.now(),
    )
    entry = ConsultationEntry.objects.create(
        consultation=consultation,
        nomination=nominee,
        line_no=1,
        name=nominee.recipient_name,
        position_and_unit="Sở Tư pháp",
        award_name=nominee.award_type.name,
    )
    ConsultationFeedback.objects.create(
        consultation=consultation, entry=entry, content="Nội dung thư riêng của người dân", **CITIZEN
    )
    return Dossier.objects.select_related("unit").get(pk=dossier.pk)


@pytest.fixture
def forwarded(council_member):
    return _forwarded(council_member)


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def _rows(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_exported_package_holds_every_part_and_its_manifest_matches_its_files(forwarded, tmp_path, capsys):
    path = tmp_path / "goi.zip"
    call_command("export_package", "--dossier", str(forwarded.pk), "-o", str(path))
    printed = capsys.readouterr().out
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() in printed

    archive = zipfile.ZipFile(path)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["dossier"]["id"] == forwarded.pk
    assert manifest["forwarding_letter"]["number_symbol"] == "12/TTr-UBND"
    assert manifest["forwarding_letter"]["date"] == "2018-05-20"
    assert datetime.datetime.fromisoformat(manifest["generated_at"]).year >= 2025
    files = {f["name"]: f for f in manifest["files"]}
    # The manifest lists exactly the ZIP's files (besides itself and DANH_MUC.txt, named by hash) with their bytes.
    assert set(archive.namelist()) == set(files) | {"manifest.json", "DANH_MUC.txt"}
    for name, f in files.items():
        content = archive.read(name)
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (f["sha256"], f["size"]), name
        assert f["kind"] and f["source"]
    assert manifest["listing"]["sha256"] == hashlib.sha256(archive.read("DANH_MUC.txt")).hexdigest()
    kinds = sorted(f["kind"] for f in manifest["files"])
    assert kinds == sorted(
        ["forwarding_letter", "nominee_list", "unit_submission", "achievement_report", "unit_minutes"]
        + ["other_file", "council_minutes", "ballot_results", "consultation_record"]
    )

    # The tờ trình, said to be the portal's print while no signed copy exists.
    letter = archive.read("01_To_trinh/to-trinh-12-TTr-UBND.pdf")
    assert "TỜ TRÌNH" in _pdf_text(letter) and "12/TTr-UBND" in _pdf_text(letter)
    assert "bản in của Cổng, chưa phát hành để ký số" in files["01_To_trinh/to-trinh-12-TTr-UBND.pdf"]["title"]
    # The nominee list: each nominee with position and unit, award, achievements, vetting and the council's result.
    header, *rows = _rows(archive.read("02_Danh_sach/danh-sach-de-nghi.xlsx"))
    assert header[:2] == ("TT", "Tên tập thể, họ và tên") and "Kết quả Hội đồng" in header
    by_name = {row[1]: row for row in rows}
    assert set(by_name) == {"Hoàng Văn Phong", "Nông Thị Hà"}
    assert by_name["Nông Thị Hà"][3] == "Sở Tư pháp" and by_name["Nông Thị Hà"][5] == "Thành tích xuất sắc"
    assert by_name["Nông Thị Hà"][6] == "Đủ tiêu chuẩn"
    assert (by_name["Nông Thị Hà"][8], by_name["Hoàng Văn Phong"][8]) == ("Đạt", "Không đạt")
    # The dossier's three files of the same name are all kept; the hostile name stays inside its folder.
    assert {"03_Ho_so_don_vi/tep.pdf", "03_Ho_so_don_vi/tep-2.pdf", "03_Ho_so_don_vi/tep-3.pdf"} <= set(files)
    assert archive.read("03_Ho_so_don_vi/passwd") == b"root:x:0:0"
    assert all(".." not in n.split("/") and not n.startswith("/") for n in archive.namelist())
    # The minutes as printed, and the ballots as a table.
    [minutes] = [n for n in files if n.startswith("04_Hoi_dong/bien-ban-hop-2018-05-15-")]
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in _pdf_text(archive.read(minutes))
    _, *ballots = _rows(archive.read("04_Hoi_dong/ket-qua-bieu-quyet.xlsx"))
    tallies = {row[2]: (row[5], row[6], row[7], row[8], row[11]) for row in ballots}
    assert tallies == {"Nông Thị Hà": (10, 9, 9, 0, "Đạt"), "Hoàng Văn Phong": (10, 9, 6, 3, "Không đạt")}
    # The consultation: the notice, the nominees, the feedback counted; the citizen's details left out, as said.
    [record] = [n for n in files if n.startswith("05_Lay_y_kien/")]
    text = archive.read(record).decode("utf-8")
    assert "Từ ngày 02/4/2018 đến ngày 13/4/2018 (10 ngày làm việc)" in text
    assert "Tổng số ý kiến nhận được: 1" in text and "đã trả lời: 0" in text and "đã xác minh" in text
    for private in [*CITIZEN.values(), "Nội dung thư riêng"]:
        assert private not in text and private not in json.dumps(manifest, ensure_ascii=False)
    assert manifest["consultations"][0]["feedback_count"] == 1
    # The readable list names every file with its hash.
    listing = archive.read("DANH_MUC.txt").decode("utf-8")
    assert all(name in listing and f["sha256"] in listing for name, f in files.items())

    assert package_check(str(path)).ok
    call_command("check_package", str(path))
    assert f"Gói khớp bản kê: {len(files) + 1} tệp" in capsys.readouterr().out
    entry = AuditLog.objects.get(action=PACKAGE_ACTION)
    assert entry.actor is None and entry.after["channel"] == "command"
    assert entry.after["sha256"] == hashlib.sha256(data).hexdigest() and entry.after["size"] == len(data)


def test_export_refuses_a_dossier_not_forwarded_and_an_unknown_one(tmp_path, council_member):
    _meeting, dossier, _other = full_setting(user=council_member)
    with pytest.raises(CommandError, match="đã chuyển Trung ương"):
        call_command("export_package", "--dossier", str(dossier.pk), "-o", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="Không có hồ sơ số 999999"):
        call_command("export_package", "--dossier", "999999", "-o", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists() and not AuditLog.objects.filter(action=PACKAGE_ACTION).exists()


def test_staff_download_the_package_from_the_dossier_page_audited_with_its_hash(
    client, staff, clerk_a, clerk_b, leader, council_member, forwarded
):
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-detail", args=[forwarded.pk])).content.decode()
    url = reverse("reports:dossier-package", args=[forwarded.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "goi-ho-so-TW-12-TTr-UBND" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    entry = AuditLog.objects.get(action=PACKAGE_ACTION)
    assert entry.actor == staff and entry.after["channel"] == "download"
    assert entry.after["sha256"] == hashlib.sha256(data).hexdigest()
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    # A unit's clerk (another unit's or its own), a leader and a council member may not; nor anonymous, nor POST.
    assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, clerk_b, leader, council_member])
    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-detail", args=[forwarded.pk]))
    assert url not in page.content.decode()


def test_a_dossier_not_forwarded_has_no_package_and_a_missing_file_is_said(client, staff, forwarded):
    client.force_login(staff)
    Dossier.objects.filter(pk=forwarded.pk).update(status=Dossier.Status.REVIEWED)
    assert client.get(reverse("reports:dossier-package", args=[forwarded.pk])).status_code == 404
    Dossier.objects.filter(pk=forwarded.pk).update(status=Dossier.Status.FORWARDED)
    lost = forwarded.files.get(original_name="../../etc/passwd")
    lost.file.storage.delete(lost.file.name)
    response = client.get(reverse("reports:dossier-package", args=[forwarded.pk]))
    assert response.status_code == 404
    assert "không còn trên máy chủ" in response.content.decode() and "passwd" in response.content.decode()
    assert not AuditLog.objects.filter(action=PACKAGE_ACTION).exists()


def _packaged_letter(dossier) -> tuple[bytes, dict]:
    out = io.BytesIO()
    manifest = dossier_package_write(dossier=dossier, out=out)
    [entry] = [f for f in manifest["files"] if f["kind"] == "forwarding_letter"]
    return zipfile.ZipFile(out).read(entry["name"]), entry


def test_the_letter_is_the_issued_pdf_then_the_signed_copy_once_there_is_one(forwarded, staff, leader):
    """Once frozen for signing, the package holds the issued bytes; once the leader's signed copy is accepted
    (throwaway CA made here), that copy, and the manifest says which."""
    Nomination.objects.filter(dossier=forwarded, recipient_name="Nông Thị Hà").update(award_type=award_type("BK_TTCP"))
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    signer = identity("Hồ Tiến Thiệu", "UBND tỉnh Lạng Sơn", issuer=ca)
    TrustRoot.objects.create(
        name="CA thử nghiệm",
        certificate=ca.der,
        subject="CA thử nghiệm",
        fingerprint_sha256="ab" * 32,
        not_after=ca.cert.not_valid_after_utc,
    )
    document = signed_document_prepare(actor=staff, obj=forwarded)
    content, entry = _packaged_letter(forwarded)
    assert content == bytes(document.pdf) and "bản phát hành, chưa ký số" in entry["title"]
    signed = pdf_sign(bytes(document.pdf), signer.signer(ca), field="ChuKy_lanh_dao")
    signed_upload_accept(actor=leader, document=document, pdf=signed)
    content, entry = _packaged_letter(forwarded)
    assert content == signed and hashlib.sha256(signed).hexdigest() == entry["sha256"]
    assert "bản ký số của người có thẩm quyền, chưa có chữ ký số của cơ quan" in entry["title"]


def test_heavy_files_make_the_package_in_a_job_whose_page_offers_it(client, staff, forwarded, settings):
    settings.DOSSIER_PACKAGE_BACKGROUND_BYTES = 10  # the fixture's files weigh more
    client.force_login(staff)
    response = client.get(reverse("reports:dossier-package", args=[forwarded.pk]))
    job = Job.objects.get(kind="dossier.package", object_id=forwarded.pk)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == "done" and job.requested_by == staff
    file_url = reverse("jobs:file", args=[job.pk])
    assert file_url in client.get(response["Location"]).content.decode()
    download = client.get(file_url)
    assert download["Content-Type"] == "application/zip"
    assert "goi-ho-so-TW-12-TTr-UBND" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    entry = AuditLog.objects.get(action=PACKAGE_ACTION)
    assert entry.actor == staff and entry.after["channel"] == "job"
    assert entry.after["sha256"] == hashlib.sha256(data).hexdigest() == job.result["sha256"]
    assert {i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} >= {"manifest.json", "DANH_MUC.txt"}
