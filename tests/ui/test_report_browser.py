"""End to end in headless Chromium: staff edit a paragraph of a draft report, preview it, issue the report
and download the PDF, which holds the new paragraph and is the frozen copy."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from reports.services import SectionFields
from tests.factories import make_decision, make_report, recipient
from tests.ui.conftest import confirm_password

pytestmark = pytest.mark.django_db(transaction=True)


def test_edit_preview_issue_download(logged_in_page, live_server):
    page = logged_in_page
    make_decision(recipients=[recipient("CO_TD_TINH", recipient_kind="collective", name="Sở Nội vụ")])
    report = make_report(
        sections=[
            SectionFields("none", "", "Đoạn mở đầu cũ."),
            SectionFields("level2", "2. Khen thưởng cấp tỉnh", "[[cap-tinh]]"),
        ]
    )
    page.goto(f"{live_server.url}/bao-cao/so-bao-cao/{report.pk}/")
    page.get_by_role("link", name="Sửa", exact=True).first.click()
    page.fill("#id_body", "Trong 6 tháng đầu năm, **phong trào thi đua** được triển khai sâu rộng.")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_test_id("section-preview")
    assert preview.locator("strong").inner_text() == "phong trào thi đua"
    assert page.input_value("#id_body").startswith("Trong 6 tháng đầu năm")  # nothing typed is lost
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server.url}/bao-cao/so-bao-cao/{report.pk}/")

    page.get_by_label("Tôi đã kiểm tra bản xem trước").check()
    page.get_by_role("button", name="Ban hành báo cáo").click()
    confirm_password(page)
    sha256 = page.get_by_test_id("sha256").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về PDF").click()
    content = open(download_info.value.path(), "rb").read()
    assert hashlib.sha256(content).hexdigest() == sha256
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "Trong 6 tháng đầu năm, phong trào thi đua được triển khai sâu rộng." in text
    assert "UBND tỉnh Quyết định khen thưởng cho 01 trường hợp (01 tập thể), trong đó:" in text
    assert "Đoạn mở đầu cũ." not in text and "DỰ THẢO" not in text
