"""Pages of the report register: who may do what, and what staff see and get."""

import datetime
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditLog
from reports.models import Report
from reports.services import SectionFields
from tests.factories import make_decision, make_report, recipient
from tests.helpers import edit_version, password_confirmed
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

READ_VIEWS = [
    "reports:report-detail",
    "reports:report-preview",
    pytest.param("reports:report-pdf", marks=pytest.mark.pdf),
    pytest.param("reports:report-docx", marks=pytest.mark.pdf),
]
WRITE_GET_VIEWS = ["reports:report-edit", "reports:section-create"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("name", READ_VIEWS + WRITE_GET_VIEWS)
def test_permissions_of_report_pages(client, staff, clerk_a, clerk_b, council_member, viewer, name):
    report = make_report(sections=[SectionFields("none", "", "Một đoạn.")])
    assert_permissions(
        client,
        url=reverse(name, args=[report.pk]),
        method="get",
        allowed=staff,
        others=[clerk_a, clerk_b, council_member, viewer],
        wrong_method="put",
    )


def test_permissions_of_list_create_and_section_edit(client, staff, clerk_a, clerk_b, council_member, viewer):
    report = make_report(sections=[SectionFields("none", "", "Một đoạn.")])
    others = [clerk_a, clerk_b, council_member, viewer]
    for url in (
        reverse("reports:report-list"),
        reverse("reports:report-create"),
        reverse("reports:section-edit", args=[report.pk, report.sections.get().pk]),
    ):
        assert_permissions(client, url=url, method="get", allowed=staff, others=others, wrong_method="put")


@pytest.mark.parametrize("name", ["reports:report-issue", "reports:report-correction", "reports:section-delete"])
def test_permissions_of_post_actions(client, staff, clerk_a, clerk_b, council_member, viewer, name):
    report = make_report(sections=[SectionFields("none", "", "Một đoạn.")])
    args = [report.pk, report.sections.get().pk] if name == "reports:section-delete" else [report.pk]
    assert_permissions(
        client,
        url=reverse(name, args=args),
        method="post",
        allowed=staff,
        others=[clerk_a, clerk_b, council_member, viewer],
        wrong_method="get",
    )


def test_staff_create_a_report_and_a_bad_number_keeps_what_they_typed(staff_client):
    data = {
        "kind": "half_year",
        "number_symbol": "235-BC-UBND",
        "date": "10/07/2018",
        "place": "Lạng Sơn",
        "period_start": "20/12/2017",
        "period_end": "20/06/2018",
        "issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN",
        "issuing_body_name": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "title": "BÁO CÁO",
        "summary": "Sơ kết phong trào thi đua 6 tháng đầu năm 2018",
        "signature_lines": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Hồ Tiến Thiệu",
        "recipients": "- Như trên;\n- Lưu: VT.",
    }
    refused = staff_client.post(reverse("reports:report-create"), data)
    assert refused.status_code == 400 and not Report.objects.exists()
    assert refused.context["form"].errors["number_symbol"]
    assert "Sơ kết phong trào thi đua 6 tháng đầu năm 2018" in refused.content.decode()
    created = staff_client.post(reverse("reports:report-create"), {**data, "number_symbol": "235/BC-UBND"})
    report = Report.objects.get()
    assert created["Location"] == reverse("reports:report-detail", args=[report.pk])
    assert (report.number, report.symbol, report.date) == (235, "BC-UBND", datetime.date(2018, 7, 10))


def test_preview_shows_computed_figures_without_saving_then_save_is_audited(staff_client, staff):
    make_decision(recipients=[recipient("CO_TD_TINH", recipient_kind="collective", name="Sở Nội vụ")])
    report = make_report(sections=[SectionFields("level2", "2. Khen thưởng cấp tỉnh", "Cũ.")])
    section = report.sections.get()
    url = reverse("reports:section-edit", args=[report.pk, section.pk])
    body = "Trong kỳ, **UBND tỉnh** đã khen thưởng:\n\n[[cap-tinh]]\n\nChú thích[^Theo số liệu Ban TĐKT.]"
    form = {"style": "level2", "heading": "2. Khen thưởng cấp tỉnh", "body": body}
    form["version"] = edit_version(staff_client, url)

    preview = staff_client.post(url, {**form, "preview": "1"})
    shown = preview.content.decode()
    assert preview.status_code == 200
    assert "UBND tỉnh Quyết định khen thưởng cho 01 trường hợp (01 tập thể), trong đó:" in shown
    assert "- Cờ thi đua của UBND tỉnh: 01 tập thể." in shown and "<strong>UBND tỉnh</strong>" in shown
    section.refresh_from_db()
    assert section.body == "Cũ."

    saved = staff_client.post(url, {**form, "save": "1"})
    assert saved.status_code == 302
    section.refresh_from_db()
    assert section.body == body
    entry = AuditLog.objects.filter(action="report.section").latest("id")
    assert entry.actor == staff and entry.before["body"] == "Cũ." and entry.after["body"] == body


def test_an_unknown_figure_code_is_pointed_out_in_the_preview(staff_client):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    url = reverse("reports:section-edit", args=[report.pk, report.sections.get().pk])
    data = {"style": "none", "heading": "", "body": "[[cap-huyen]]", "preview": "1"}
    response = staff_client.post(url, {**data, "version": edit_version(staff_client, url)})
    assert response.context["preview"]["unknown"] == ["cap-huyen"]


@pytest.mark.pdf
def test_issue_needs_the_confirmation_then_freezes_the_report(staff_client):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    url = reverse("reports:report-issue", args=[report.pk])
    password_confirmed(staff_client)
    staff_client.post(url, {})
    assert Report.objects.get(pk=report.pk).status == "draft"
    staff_client.post(url, {"confirm": "on", "reason": "Đã ký"})
    report.refresh_from_db()
    assert report.status == "issued"
    page = staff_client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert report.pdf_sha256 in page
    edit = staff_client.post(
        reverse("reports:section-edit", args=[report.pk, report.sections.get().pk]),
        {"style": "none", "heading": "", "body": "Sửa sau khi ban hành", "save": "1"},
    )
    assert edit.status_code == 302 and report.sections.get().body == "Một."  # back to the report, unchanged


@pytest.mark.pdf
def test_a_draft_pdf_is_marked_as_a_draft_and_the_issued_one_is_not(staff_client):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    draft = staff_client.get(reverse("reports:report-pdf", args=[report.pk]))
    assert draft["Content-Disposition"] == 'attachment; filename="235-BC-UBND.pdf"'
    assert "DỰ THẢO" in _text(draft.content)
    password_confirmed(staff_client)
    staff_client.post(reverse("reports:report-issue", args=[report.pk]), {"confirm": "on"})
    issued = staff_client.get(reverse("reports:report-pdf", args=[report.pk]))
    assert "DỰ THẢO" not in _text(issued.content) and "Số: 235/BC-UBND" in _text(issued.content)


@pytest.mark.pdf
def test_a_correction_starts_from_an_issued_report(staff_client):
    report = make_report(sections=[SectionFields("none", "", "Một.")], issued=True)
    response = staff_client.post(
        reverse("reports:report-correction", args=[report.pk]),
        {"number_symbol": "236/BC-UBND", "date": "12/07/2018", "reason": "Sửa Phụ lục 2"},
    )
    correction = Report.objects.get(corrects=report)
    assert response["Location"] == reverse("reports:report-detail", args=[correction.pk])


@pytest.mark.pdf
def test_the_word_export_keeps_headings_tables_and_signature(staff_client):
    make_decision(recipients=[recipient("BK_TINH", name="Hoàng Văn Phong")])
    report = make_report(issued=True)
    response = staff_client.get(reverse("reports:report-docx", args=[report.pk]))
    document = docx.Document(io.BytesIO(response.content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "III. CÔNG TÁC KHEN THƯỞNG"), ("Heading 2", "1. Kết quả")]
    header, closing, appendix2 = document.tables
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "Số: 235/BC-UBND" in header.cell(0, 0).text
    assert closing.cell(0, 0).text.startswith("Nơi nhận:")
    assert closing.cell(0, 1).text.split("\n")[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert closing.cell(0, 1).text.rstrip().endswith("Hồ Tiến Thiệu")
    total = next(row for row in appendix2.rows if row.cells[1].text == "TỔNG CỘNG")
    assert [c.text for c in total.cells[2:5]] == ["", "1", ""]
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210


def test_the_list_needs_a_constant_number_of_queries(staff_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("reports:report-list")).status_code == 200
        return len(queries)

    for i in range(3):
        make_report(sections=[], number_symbol=f"{i + 1}/BC-UBND")
    few = count()
    for i in range(3, 30):
        make_report(sections=[], number_symbol=f"{i + 1}/BC-UBND")
    assert count() == few


def _user_with(*codenames):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="_".join(codenames))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="reports", codename__in=codenames))
    return user


@pytest.mark.pdf
def test_each_action_needs_its_own_permission(client):
    """A reader may read and download; an editor may also write but not issue: no view checks a weaker right."""
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    section = report.sections.get()
    reader, editor = _user_with("view_report"), _user_with("view_report", "change_report")
    client.force_login(reader)
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:report-pdf", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:section-edit", args=[report.pk, section.pk])).status_code == 403
    assert client.post(reverse("reports:section-delete", args=[report.pk, section.pk])).status_code == 403
    assert client.get(reverse("reports:report-create")).status_code == 403
    client.force_login(editor)
    assert client.get(reverse("reports:section-edit", args=[report.pk, section.pk])).status_code == 200
    assert client.post(reverse("reports:report-issue", args=[report.pk]), {"confirm": "on"}).status_code == 403
    assert client.post(reverse("reports:report-correction", args=[report.pk])).status_code == 403
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_a_broken_layout_shows_why_instead_of_failing(staff_client):
    from reports.models import LayoutRow

    report = make_report(sections=[SectionFields("none", "", "[[cap-tinh]]")])
    first, second = LayoutRow.objects.filter(layout=report.summary_layout).order_by("position")[:2]
    LayoutRow.objects.filter(pk=first.pk).update(parent=second)  # a loop, as the admin's inline could save
    LayoutRow.objects.filter(pk=second.pk).update(parent=first)
    for name in ("reports:report-detail", "reports:report-preview", "reports:report-pdf", "reports:report-docx"):
        assert staff_client.get(reverse(name, args=[report.pk])).status_code == 409
    password_confirmed(staff_client)
    staff_client.post(reverse("reports:report-issue", args=[report.pk]), {"confirm": "on"})
    assert Report.objects.get(pk=report.pk).status == "draft"
