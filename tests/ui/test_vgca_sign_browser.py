"""End to end in headless Chromium: a leader opens an issued report waiting for the leader's signature. With no
signing service on the computer the box says so and keeps the upload form; with the stand-in VGCA service running
(tests/ui/vgca_standin.py: ws:// on 127.0.0.1, the throwaway CA's signer) "Ký số" sends it the ticket's request,
the stand-in downloads the PDF, signs it and posts it back without any cookie, and the box shows the signature; a
file signed by an untrusted certificate is refused first, its reason shown on the page."""

import copy
import socket

import pytest

from reports.models import SignedDocument, TrustRoot
from reports.signature_services import signed_document_prepare
from tests.factories import make_report
from tests.reports.signing_helpers import identity, pdf_sign
from tests.ui.conftest import PASSWORD, axe_violations, log_in
from tests.ui.vgca_standin import StandInService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _point_at(settings, url: str) -> None:
    """The portal's service address, and the Content Security Policy that lets the page reach it."""
    settings.VGCA_SERVICE_URL = url
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["connect-src"] = ["'self'", url]
    settings.CONTENT_SECURITY_POLICY = policy


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_leader_signs_through_the_vgca_service(browser, live_server, settings, catalog, staff, leader):
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    signer = identity("Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn", issuer=ca).signer(ca)
    rogue = identity("Kẻ Giả Mạo", "Không rõ", ca=True).signer()
    signers = [rogue, signer]  # the first click signs with a certificate the portal does not trust
    TrustRoot.objects.create(
        name="CA thử nghiệm",
        certificate=ca.der,
        subject="CA thử nghiệm",
        fingerprint_sha256="ef" * 32,
        not_after=ca.cert.not_valid_after_utc,
    )
    report = make_report(issued=True, sections=[], actor=staff)
    document = signed_document_prepare(actor=staff, obj=report)
    url = f"{live_server.url}/bao-cao/so-bao-cao/{report.pk}/"

    # No service on this computer: the box says so; the upload form stays.
    _point_at(settings, f"ws://127.0.0.1:{_closed_port()}")
    page = log_in(browser, live_server, leader.username, PASSWORD, viewport={"width": 390, "height": 844})
    page.goto(url)
    status = page.locator("[data-vgca-status]")
    status.filter(has_text="Không tìm thấy dịch vụ ký số VGCA").wait_for()
    assert page.locator("form[data-vgca-form]").is_hidden()
    assert page.locator("#chu-ky-so input[type=file]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with StandInService(lambda pdf: pdf_sign(pdf, signers.pop(0), field="ChuKy_LanhDao")) as service:
        _point_at(settings, service.url)
        page.goto(url)
        button = page.get_by_role("button", name="Ký số")
        button.wait_for()
        assert axe_violations(page) == []
        button.click()
        # Refused by the portal: the reason reaches the page through the service, and "Ký số" can be pressed again.
        page.locator("[data-vgca-alert]", has_text="Kẻ Giả Mạo").wait_for()
        assert button.is_enabled() and document.revisions.count() == 0
        button.click()
        page.locator("#chu-ky-so td", has_text="Nguyễn Văn Lãnh").wait_for(timeout=15000)
        page.locator("#chu-ky-so [role=status]", has_text="Đã ký").wait_for()  # announced to screen readers

    [(method, request), _] = service.requests
    assert method == "SignApproved" and request["SessionId"] == "" and "/ky-so/phieu/" in request["FileName"]
    document.refresh_from_db()
    assert document.state == SignedDocument.State.AWAITING_SEAL
    assert document.revisions.get().uploaded_by == leader
    page.context.close()
