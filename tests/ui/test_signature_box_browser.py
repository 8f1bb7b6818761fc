"""The "Chữ ký số" box of a signed decision on a phone and a desktop: the state, both signatures in Vietnam time,
trusted, the download; the page never scrolls sideways."""

import datetime
import hashlib
import os

import pytest
from django.urls import reverse

from reports.models import RevisionSignature, SignedDocument, SignedRevision
from tests.factories import make_decision, secretariat_user
from tests.reports.signing_helpers import pdf_blank
from tests.ui.conftest import PASSWORD, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SCREENSHOTS = os.environ.get("TDKT_SCREENSHOTS")


def _signed_decision():
    decision = make_decision()
    pdf = pdf_blank("QĐ")
    document = SignedDocument.objects.create(
        kind="decision", decision=decision, title="QĐ", pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest()
    )
    # Rows as signed_upload_accept leaves them (the database checks only that each file extends the one before).
    when = datetime.datetime(2026, 12, 7, 2, 5, 9, tzinfo=datetime.UTC)
    signers = [("Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn"), ("UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn")]
    content = pdf
    for count, step in enumerate(["leader", "seal"], start=1):
        content += b"\n% signature " + step.encode()
        revision = SignedRevision.objects.create(document=document, step=step, pdf=content, pdf_sha256=step)
        for position, (name, organisation) in enumerate(signers[:count], start=1):
            RevisionSignature.objects.create(
                revision=revision,
                position=position,
                field_name=f"f{position}",
                signer_name=name,
                organisation=organisation,
                signing_time=when,
                subject="CN",
                issuer="CA",
                serial="1",
                fingerprint_sha256="0" * 64,
                trusted=True,
            )
        SignedDocument.objects.filter(pk=document.pk).update(state="awaiting_seal" if step == "leader" else "complete")
    return decision


@pytest.mark.parametrize("width", [390, 1366])
def test_the_signature_box_reads_on_phones_and_desktops(browser, live_server, catalog, width):
    decision = _signed_decision()
    secretariat_user(username="canbo.kyso")
    page = log_in(browser, live_server, "canbo.kyso", PASSWORD, viewport={"width": width, "height": 900})
    page.goto(live_server.url + reverse("awards:decision-detail", args=[decision.pk]))
    box = page.locator("#chu-ky-so")
    assert box.locator("[data-testid=signing-state]").inner_text().lower() == "đã ký số đủ (lãnh đạo và cơ quan)"
    assert box.get_by_text("09:05:09").count() == 2  # 02:05:09 UTC shown in Vietnam time
    assert box.get_by_text("Nguyễn Văn Lãnh").is_visible()
    assert box.get_by_role("link", name="Tải bản đã ký").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if SCREENSHOTS:
        box.scroll_into_view_if_needed()
        page.screenshot(path=f"{SCREENSHOTS}/signature-box-{width}.png", full_page=True)
